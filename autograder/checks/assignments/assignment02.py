"""Checks of assignment 02, "Step 2: how good is a function (loss)".

Tolerance: the reference computes in float64. Fed float32-rounded inputs, the same formulas moved
softmax and the logits cross-entropy by at most 1.4e-7 on the graded cases; every mutant in
tests/autograder/test_assignment02_checks.py (wrong axis, no max subtraction, sum for mean, a
missing minus sign, log of softmax) is off by more than 1e-2 or gives NaN/inf, which
compare_arrays refuses. ATOL = 1e-5, as in assignment 01.
"""

from autograder.checks.kinds import ArrayCheck, SourceCheck

CHECKS = [
    ArrayCheck(
        "02.softmax", "softmax(z)",
        "Normalise over the last axis (axis=-1, keepdims=True), and subtract each row's largest score "
        "before np.exp so that scores like 1000 do not overflow to inf (and the result to nan).",
    ),
    ArrayCheck(
        "02.cross_entropy", "cross_entropy(p, y)",
        "The loss of one example is minus the log of the probability given to its true class: "
        "-np.log(p[y]).",
    ),
    ArrayCheck(
        "02.total_loss", "total_loss(probs, labels)",
        "Pick each row's probability of its own label with probs[np.arange(len(labels)), labels], then "
        "add up the -log of those: a sum, not a mean.",
    ),
    ArrayCheck(
        "02.mse", "mse(y_true, y_pred)",
        "Square the differences and take the mean over every entry: np.mean((y_true - y_pred) ** 2).",
    ),
    ArrayCheck(
        "02.ce_from_logits", "cross_entropy_from_logits(logits, labels)",
        "Use -log softmax(z)_y = logsumexp(z) - z_y with logsumexp(z) = m + log(sum(exp(z - m))), m the "
        "row's largest score; never take the log of a probability that may round to 0. Return the mean.",
    ),
    ArrayCheck(
        "02.accuracy", "accuracy(probs, labels)",
        "Take np.argmax over axis=1 (one prediction per row), compare with the labels, and average.",
    ),
    SourceCheck(
        "02.numpy_only", "the function, written with NumPy only",
        "The point is to see the formula: write it with NumPy operations (np.exp, np.log, np.max, "
        "indexing) instead of calling a ready-made softmax, log-sum-exp or loss from Keras, SciPy or "
        "scikit-learn.",
        rule="numpy_only",
    ),
    SourceCheck(
        "02.total_loss_vectorized", "total_loss(probs, labels) without Python loops",
        "Fancy indexing picks every row's probability of its own label at once: probs[np.arange(n), "
        "labels] is an array of n numbers; no loop over the examples is needed.",
        rule="no_loops",
    ),
]
