"""Checks of assignment 04, "Deeper or fatter?".

The widths are whole numbers, compared exactly. ``04.deep_vs_fat`` is a training check: the judge
trains the student's deep and fat models on the grader's checkerboards with three seeds and the
rules in the hidden test (equal budgets within 5%; the deep model's median test accuracy ahead by a
margin and above a floor). Those thresholds come from the measured distributions in docs/validity.md.
"""

from autograder.checks.kinds import Check, TrainingCheck

CHECKS = [
    Check(
        "04.shallow_width", "shallow_width(budget, n_inputs, n_outputs)",
        "A network [n_in, h, n_out] has h * (n_in + 1) + n_out * (h + 1) parameters: weights and biases "
        "of both layers. Solve for the largest whole h that keeps this at or below the budget (floor "
        "division).",
    ),
    Check(
        "04.deep_width", "deep_width(budget, depth, n_inputs, n_outputs)",
        "Count with dense_params([n_inputs] + [width] * depth + [n_outputs]) and return the largest width "
        "that still fits the budget, not the first one that is over it.",
    ),
    TrainingCheck(
        "04.deep_vs_fat", "build_deep() and build_fat()",
        "Give both the same budget (about 900 parameters; use shallow_width and deep_width), one hidden "
        "layer for fat and several for deep, each hidden layer with activation='relu', and a Dense(2, "
        "activation='softmax') output. Without an activation, stacked layers stay one linear map.",
    ),
]
