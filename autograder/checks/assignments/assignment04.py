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
        "Count the parameters of one hidden layer of width h: the weights and biases of both layers, the "
        "output layer's biases included. Each extra unit adds the same number, so the largest h within "
        "the budget follows by whole-number division.",
    ),
    Check(
        "04.deep_width", "deep_width(budget, depth, n_inputs, n_outputs)",
        "Count the parameters of the whole stack for a given width, and find the largest width whose "
        "count is still within the budget (an exact fit counts), not the first one past it.",
    ),
    TrainingCheck(
        "04.deep_vs_fat", "build_deep() and build_fat()",
        "Both networks need about the same number of parameters (850 to 950; the widths from task 1 get "
        "there): fat has one hidden layer and deep several, all with ReLU, and both end in a 2-unit "
        "softmax. Without an activation, stacked layers are one linear map and fold nothing.",
    ),
]
