"""Assignment 04's test data (the format: tests/assignments/__init__.py)."""

from __future__ import annotations

from tests.mutation import Assignment

ASSIGNMENT = Assignment("04_deeper_or_fatter", "deeper_or_fatter.ipynb", demos=False)  # its demos train models

MUTANTS = {
    "shallow width without the biases": (
        "budget", "(budget - n_outputs) // (n_inputs + n_outputs + 1)", "budget // (n_inputs + n_outputs)",
        {"test_shallow_width"}),
    "shallow width rounded up": (
        "budget", "(budget - n_outputs) // (n_inputs + n_outputs + 1)", "-(-(budget - n_outputs) // (n_inputs + n_outputs + 1))",
        {"test_shallow_width"}),
    "deep width one past the budget": (
        "budget", "    return width\n", "    return width + 1\n", {"test_deep_width"}),
    "shallow width forgetting the output layer's biases": (
        "budget", "(budget - n_outputs) // (n_inputs + n_outputs + 1)", "budget // (n_inputs + n_outputs + 1)",
        {"test_shallow_width"}),
    "deep width one short of an exact fit": ("budget", "<= budget", "< budget", {"test_deep_width"}),
    # Task 3: counting pieces (a wrong count carries into the units derived from it).
    "pieces growing by 2 per layer, not doubling": ("pieces", "deep_pieces = 2 ** 7", "deep_pieces = 2 * 7",
                                                    {"test_deep_pieces", "test_shallow_units"}),
    "one doubling too many": ("pieces", "deep_pieces = 2 ** 7", "deep_pieces = 2 ** 8", {"test_deep_pieces", "test_shallow_units"}),
    "one unit per piece, not per bend": ("pieces", "shallow_units = deep_pieces - 1", "shallow_units = deep_pieces",
                                         {"test_shallow_units"}),
    "as many units as the deep stack": ("pieces", "shallow_units = deep_pieces - 1", "shallow_units = 14", {"test_shallow_units"}),
    "the counts written as floats": ("pieces", "deep_pieces = 2 ** 7", "deep_pieces = 128.0", set()),
}

TRAINING_MUTANTS = {
    "deep layers without an activation (a deep linear map)": (
        "deep_fat", 'keras.layers.Dense(16, activation="relu") for _ in range(4)', "keras.layers.Dense(16) for _ in range(4)",
        {"test_deep_vs_fat"}),
    "a 'deep' model with one hidden layer": (
        "deep_fat", 'keras.layers.Dense(16, activation="relu") for _ in range(4)',
        'keras.layers.Dense(178, activation="relu") for _ in range(1)', {"test_deep_vs_fat"}),
    "a fat model with twice the budget": (
        "deep_fat", "keras.layers.Dense(179,", "keras.layers.Dense(358,", {"test_deep_vs_fat"}),
    "a fat model without an activation (a handicapped rival)": (
        "deep_fat", 'keras.layers.Dense(179, activation="relu")', "keras.layers.Dense(179)", {"test_deep_vs_fat"}),
    "a fat model crippled by heavy dropout": (
        "deep_fat", 'keras.layers.Dense(179, activation="relu"),', 'keras.layers.Dense(179, activation="relu"), keras.layers.Dropout(0.9),',
        {"test_deep_vs_fat"}),
    "both models at twice the budget (1922 parameters each)": (
        "deep_fat", 'keras.layers.Dense(16, activation="relu") for _ in range(4)]', 'keras.layers.Dense(24, activation="relu") for _ in range(4)]',
        {"test_deep_vs_fat"}, ("keras.layers.Dense(179,", "keras.layers.Dense(384,")),
    # A right answer by another route: full marks.
    "ReLU layers after linear Dense layers, in the functional API": (
        "deep_fat", 'return keras.Sequential([keras.Input((2,))] + [keras.layers.Dense(16, activation="relu") for _ in range(4)]\n'
        '                            + [keras.layers.Dense(2, activation="softmax")])',
        'x = inputs = keras.Input((2,))\n    for _ in range(4):\n        x = keras.layers.ReLU()(keras.layers.Dense(16)(x))\n'
        '    return keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(x))', set()),
}

# Training mutants that break a rule the task states: refused before any training.
REFUSED_BEFORE_TRAINING = {
    "deep layers without an activation (a deep linear map)", "a 'deep' model with one hidden layer",
    "a fat model with twice the budget", "a fat model without an activation (a handicapped rival)",
    "a fat model crippled by heavy dropout", "both models at twice the budget (1922 parameters each)",
}

# Graded through the real grader as well (every mutant is checked in process; the trained
# training mutants always are).
THROUGH_THE_GRADER = {"one unit per piece, not per bend", "shallow width forgetting the output layer's biases", "a fat model with twice the budget"}
