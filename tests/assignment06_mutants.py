"""Mistakes students make in assignment 06, as edits of the reference answer cells.

Each mutant: (answer cell, text in the reference answer, its replacement, test cells it breaks).
"""

from __future__ import annotations

from tests.mutation import Assignment

ASSIGNMENT = Assignment("06_regularization", "regularization.ipynb")
SOURCE, RELEASE, REFERENCE, mutated = ASSIGNMENT.source, ASSIGNMENT.release, ASSIGNMENT.reference, ASSIGNMENT.mutated

MUTANTS = {
    "tuning on the test split": ("tuning", 'results[strength]["val_accuracy"]', 'results[strength]["test_accuracy"]',
                                 {"test_choose_strength"}),
}

TRAINING_MUTANTS = {
    "L2 so strong the model underfits": ("l2_model", "keras.regularizers.L2(1e-2)", "keras.regularizers.L2(1.0)", {"test_l2", "test_l1_sparser"}),
    "dropout after the softmax": (
        "dropout_model", 'keras.layers.Dropout(0.5),\n        keras.layers.Dense(256, activation="relu"),\n        keras.layers.Dropout(0.5),\n'
        '        keras.layers.Dense(10, activation="softmax"),',
        'keras.layers.Dense(256, activation="relu"),\n        keras.layers.Dense(10, activation="softmax"),\n        keras.layers.Dropout(0.5),',
        {"test_dropout"}),
    "early stopping without restoring the best weights": (
        "early_stopping", '"restore_best_weights": True', '"restore_best_weights": False', {"test_early_stopping"}),
    "L1 far too weak": ("l1_model", "keras.regularizers.L1(1e-3)", "keras.regularizers.L1(1e-6)", {"test_l1_sparser"}),
}
