"""Mistakes students make in assignment 05, as edits of the reference answer cells.

Each mutant: (answer cell, text in the reference answer, its replacement, test cells it breaks).
"""

from __future__ import annotations

from tests.mutation import Assignment

ASSIGNMENT = Assignment("05_overfitting", "overfitting.ipynb")
SOURCE, RELEASE, REFERENCE, mutated = ASSIGNMENT.source, ASSIGNMENT.release, ASSIGNMENT.reference, ASSIGNMENT.mutated

MUTANTS = {
    "best epoch counted from 0": ("history", "int(np.argmin(history[\"val_loss\"])) + 1", "int(np.argmin(history[\"val_loss\"]))",
                                  {"test_best_epoch"}),
    "best epoch by the training loss": ("history", 'np.argmin(history["val_loss"])', 'np.argmin(history["loss"])', {"test_best_epoch"}),
    "gap with the sign reversed": ("history", 'history["accuracy"][-1] - history["val_accuracy"][-1]',
                                   'history["val_accuracy"][-1] - history["accuracy"][-1]', {"test_final_gap"}),
    "k-fold that trains on the validation fold too": (
        "kfold", "np.concatenate(folds[:i] + folds[i + 1:])", "np.concatenate(folds)", {"test_kfold"}),
    "k-fold that drops the remainder": (
        "kfold", "np.array_split(np.random.default_rng(seed).permutation(n), k)",
        "np.split(np.random.default_rng(seed).permutation(n)[:n - n % k], k)", {"test_kfold"}),
}

TRAINING_MUTANTS = {
    "a tiny model (1 x 8)": (
        "overfit_model", 'keras.layers.Dense(256, activation="relu"),\n        keras.layers.Dense(256, activation="relu"),',
        'keras.layers.Dense(8, activation="relu"),', {"test_overfits"}),
    "too few epochs (5)": ("overfit_model", "'epochs': 40", "'epochs': 5", {"test_overfits"}),
}
