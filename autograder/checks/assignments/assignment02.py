"""Checks of assignment 02, "Step 2: how good is a function (loss)".

Tolerance: the reference computes in float64. Fed float32-rounded inputs, the same formulas moved
softmax and the logits cross-entropy by at most 1.4e-7 on the graded cases; every mutant in
tests/autograder/test_assignment02_checks.py (wrong axis, no max subtraction, sum for mean, a
missing minus sign, log of softmax) is off by more than 1e-2 or gives NaN/inf, which
compare_arrays refuses. ATOL = 1e-5, as in assignment 01.

The two slopes of task 6 are numbers the student works out, asked to 3 significant digits: -0.990
within 1e-3 and -0.0196 within 1e-4 pass; the usual mistakes (the slope with respect to p, not z:
-100 and -1.98; a reversed sign; the squared error's factor 2 dropped: -0.0098) miss by far more.
"""

from autograder.checks.kinds import ArrayCheck, SourceCheck

CHECKS = [
    ArrayCheck(
        "02.softmax", "softmax(z)",
        "Softmax works on each row's scores (the last axis) and gives rows that sum to 1. Huge scores "
        "overflow the exponential to inf: shifting every score of a row by the same amount leaves softmax "
        "unchanged, so shift by the row's largest.",
    ),
    ArrayCheck(
        "02.cross_entropy", "cross_entropy(p, y)",
        "The loss of one example depends only on the probability the model gave its true class: near 0 "
        "when that probability is near 1, large when it is small. Mind the sign.",
    ),
    ArrayCheck(
        "02.total_loss", "total_loss(probs, labels)",
        "Each example contributes the cross-entropy of its own label's probability, and the total is "
        "their sum, not their mean. NumPy's indexing can pick one entry per row without a loop.",
    ),
    ArrayCheck(
        "02.mse", "mse(y_true, y_pred)",
        "The mean squared error averages the squared differences over every entry of the arrays, whatever "
        "their shape, and takes no square root.",
    ),
    ArrayCheck(
        "02.ce_from_logits", "cross_entropy_from_logits(logits, labels)",
        "Work with the scores, not probabilities: minus the log of a softmax probability is the row's "
        "log-sum-exp minus the true class's score, and the log-sum-exp stays finite when the row's "
        "largest score is taken out first and added back. Return the mean over the batch.",
    ),
    ArrayCheck(
        "02.accuracy", "accuracy(probs, labels)",
        "Each row's prediction is its most probable class (one per row, so look along the classes); "
        "accuracy is the share of rows whose prediction equals the label.",
    ),
    ArrayCheck(
        "02.ce_slope", "ce_slope",
        "Gradient descent moves the logit z, so the slope wanted is with respect to z: the slope of -log p "
        "with respect to p, times how fast p moves with z (the sigmoid's slope p(1 - p)). The loss falls "
        "as p rises, so the slope is negative.",
        value=True, atol=1e-3,
    ),
    ArrayCheck(
        "02.mse_slope", "mse_slope",
        "The chain rule again: the squared error's slope with respect to p (its factor 2 included), times "
        "the sigmoid's slope p(1 - p). Near p = 0 that last factor is tiny, which is the point of the task.",
        value=True, atol=1e-4,
    ),
    SourceCheck(
        "02.numpy_only", "the function, written with NumPy only",
        "The point is to see the formula: write it with NumPy arithmetic, indexing and reductions instead "
        "of calling a ready-made softmax, log-sum-exp or loss from Keras, SciPy or scikit-learn.",
        rule="numpy_only",
    ),
    SourceCheck(
        "02.total_loss_vectorized", "total_loss(probs, labels) without Python loops",
        "NumPy's integer-array indexing picks one entry per row in one step, given a row index and a "
        "column index for each example; no loop over the examples is needed.",
        rule="no_loops",
    ),
]
