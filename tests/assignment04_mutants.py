"""Mistakes students make in assignment 04, as edits of the reference answer cells.

Each mutant: (answer cell, text in the reference answer, its replacement, test cells it breaks).
"""

from __future__ import annotations

from tests.mutation import Assignment

ASSIGNMENT = Assignment("04_deeper_or_fatter", "deeper_or_fatter.ipynb")
SOURCE, RELEASE, REFERENCE, mutated = ASSIGNMENT.source, ASSIGNMENT.release, ASSIGNMENT.reference, ASSIGNMENT.mutated

MUTANTS = {
    "shallow width without the biases": (
        "budget", "(budget - n_outputs) // (n_inputs + n_outputs + 1)", "budget // (n_inputs + n_outputs)",
        {"test_shallow_width"}),
    "shallow width rounded up": (
        "budget", "(budget - n_outputs) // (n_inputs + n_outputs + 1)", "-(-(budget - n_outputs) // (n_inputs + n_outputs + 1))",
        {"test_shallow_width"}),
    "deep width one past the budget": (
        "budget", "    return width\n", "    return width + 1\n", {"test_deep_width"}),
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
}
