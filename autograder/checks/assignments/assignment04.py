"""Checks of assignment 04, "Deeper or fatter?".

The widths are whole numbers, compared exactly. ``04.deep_vs_fat`` is a training check: the judge
trains the student's deep and fat models on the grader's checkerboards with three seeds and the
rules in the hidden test (equal budgets within 5%; the deep model's median test accuracy ahead by a
margin and above a floor). Those thresholds come from the measured distributions in docs/validity.md.
Task 3's counts are whole numbers too; a float with the same value (128.0) is as right as 128.
"""

from autograder.checks.kinds import ArrayCheck, Check, TrainingCheck

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
    ArrayCheck(
        "04.deep_pieces", "deep_pieces",
        "Each tent layer doubles the pieces of what comes before it, starting from the single piece of the "
        "interval itself: count the doublings, not the layers.",
        value=True, atol=1e-9,
    ),
    ArrayCheck(
        "04.shallow_units", "shallow_units",
        "One hidden layer's function bends only where one of its units switches on: neighbouring pieces "
        "meet at a bend, so count the bends between the pieces rather than the pieces.",
        value=True, atol=1e-9,
    ),
    TrainingCheck(
        "04.deep_vs_fat", "build_deep() and build_fat()",
        "Both networks need about the same number of parameters (850 to 950; the widths from task 1 get "
        "there): fat has one hidden layer and deep several, all with ReLU, and both end in a 2-unit "
        "softmax. Without an activation, stacked layers are one linear map and fold nothing.",
    ),
]
