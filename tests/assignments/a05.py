"""Assignment 05's test data (the format: tests/assignments/__init__.py)."""

from __future__ import annotations

from tests.mutation import Assignment

ASSIGNMENT = Assignment("05_overfitting", "overfitting.ipynb", demos=False)  # its demos train models

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
    "k-fold without shuffling": ("kfold", "np.random.default_rng(seed).permutation(n)", "np.arange(n)", {"test_kfold"}),
    "k-fold shuffled without the seed": (
        "kfold", "np.random.default_rng(seed).permutation(n)", "np.random.permutation(n)", {"test_kfold"}),
    "best epoch by the highest validation accuracy": (
        "history", 'int(np.argmin(history["val_loss"])) + 1', 'int(np.argmax(history["val_accuracy"])) + 1', {"test_best_epoch"}),
    "gap at the best epoch, not the last": (
        "history", 'history["accuracy"][-1] - history["val_accuracy"][-1]',
        'history["accuracy"][int(np.argmin(history["val_loss"]))] - history["val_accuracy"][int(np.argmin(history["val_loss"]))]',
        {"test_final_gap"}),
    "gap of the losses": ("history", 'history["accuracy"][-1] - history["val_accuracy"][-1]',
                          'history["loss"][-1] - history["val_loss"][-1]', {"test_final_gap"}),
    # A right answer by another route: breaks nothing.
    "k-fold shuffling an index array in place": (
        "kfold", "folds = np.array_split(np.random.default_rng(seed).permutation(n), k)",
        "order = np.arange(n)\n    np.random.default_rng(seed).shuffle(order)\n    folds = np.array_split(order, k)", set()),
}

TRAINING_MUTANTS = {
    "a tiny model (1 x 8)": (
        "overfit_model", 'keras.layers.Dense(256, activation="relu"),\n        keras.layers.Dense(256, activation="relu"),',
        'keras.layers.Dense(8, activation="relu"),', {"test_overfits"}),
    "too few epochs (5)": ("overfit_model", "'epochs': 40", "'epochs': 5", {"test_overfits"}),
    "sigmoid outputs (refused before training)": (
        "overfit_model", 'keras.layers.Dense(10, activation="softmax")', 'keras.layers.Dense(10, activation="sigmoid")',
        {"test_overfits"}),
    # A right answer by another route: full marks.
    "the functional API": (
        "overfit_model", 'return keras.Sequential([\n        keras.Input((64,)),\n        keras.layers.Dense(256, activation="relu"),\n'
        '        keras.layers.Dense(256, activation="relu"),\n        keras.layers.Dense(10, activation="softmax"),\n    ])',
        'inputs = keras.Input((64,))\n    hidden = keras.layers.Dense(256, activation="relu")(inputs)\n'
        '    hidden = keras.layers.Dense(256, activation="relu")(hidden)\n'
        '    return keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(hidden))', set()),
}

# Training mutants that break a rule the task states: refused before any training.
REFUSED_BEFORE_TRAINING = {"sigmoid outputs (refused before training)"}

# Graded through the real grader as well (every mutant is checked in process; the trained
# training mutants always are).
THROUGH_THE_GRADER = {"k-fold without shuffling", "sigmoid outputs (refused before training)"}
