"""Assignment 06's test data (the format: tests/assignments/__init__.py)."""

from __future__ import annotations

from tests.mutation import WHOLE, Assignment

ASSIGNMENT = Assignment("06_regularization", "regularization.ipynb", demos=False)  # its demos train models

MUTANTS = {
    "tuning on the test split": ("tuning", 'results[strength]["val_accuracy"]', 'results[strength]["test_accuracy"]',
                                 {"test_choose_strength"}),
    "tuning on the mean of validation and test": (
        "tuning", 'results[strength]["val_accuracy"]',
        '(results[strength]["val_accuracy"] + results[strength]["test_accuracy"]) / 2', {"test_choose_strength"}),
    "the lowest validation accuracy": ("tuning", "return max(", "return min(", {"test_choose_strength"}),
    # Task 6: reading what a regularizer does.
    "L2's histogram taken for L1's": ("reading", 'l1_histogram = "c"', 'l1_histogram = "b"', {"test_l1_histogram"}),
    "the no-penalty histogram taken for L1's": ("reading", 'l1_histogram = "c"', 'l1_histogram = "a"', {"test_l1_histogram"}),
    "batch statistics at inference": ("reading", 'bn_at_inference = "b"', 'bn_at_inference = "a"', {"test_bn_at_inference"}),
    "normalization switched off at inference": ("reading", 'bn_at_inference = "b"', 'bn_at_inference = "c"',
                                                {"test_bn_at_inference"}),
    "the letters in capitals": ("reading", 'l1_histogram = "c"', 'l1_histogram = "C"', set(),
                                ('bn_at_inference = "b"', 'bn_at_inference = "B"')),
}

_BN_HEAD = 'def build_batch_norm_model():\n    """The baseline with batch normalization between each hidden Dense layer and its ReLU."""\n'

# Task 8: where batch normalization goes (a structure check, no training).
MUTANTS |= {
    "batch normalization after the ReLU": (
        "batch_norm_model", 'keras.layers.Dense(256),\n        keras.layers.BatchNormalization(),\n        keras.layers.Activation("relu"),',
        'keras.layers.Dense(256, activation="relu"),\n        keras.layers.BatchNormalization(),', {"test_batch_norm"}),
    "the ReLU kept in the Dense layer as well": (
        "batch_norm_model", "keras.layers.Dense(256),", 'keras.layers.Dense(256, activation="relu"),', {"test_batch_norm"}),
    "batch normalization after the output layer too": (
        "batch_norm_model", 'keras.layers.Dense(10, activation="softmax"),',
        'keras.layers.Dense(10, activation="softmax"),\n        keras.layers.BatchNormalization(),', {"test_batch_norm"}),
    "batch normalization on the first hidden layer only": (
        "batch_norm_model", WHOLE, _BN_HEAD + '    return keras.Sequential([\n        keras.Input((64,)),\n'
        '        keras.layers.Dense(256),\n        keras.layers.BatchNormalization(),\n        keras.layers.Activation("relu"),\n'
        '        keras.layers.Dense(256, activation="relu"),\n        keras.layers.Dense(10, activation="softmax"),\n    ])\n',
        {"test_batch_norm"}),
    "batch normalization on the inputs instead": (
        "batch_norm_model", WHOLE, _BN_HEAD + '    return keras.Sequential([\n        keras.Input((64,)),\n'
        '        keras.layers.BatchNormalization(),\n        keras.layers.Dense(256, activation="relu"),\n'
        '        keras.layers.Dense(256, activation="relu"),\n        keras.layers.Dense(10, activation="softmax"),\n    ])\n',
        {"test_batch_norm"}),
    # Right answers by other routes: full marks.
    "the ReLU as keras.layers.ReLU()": ("batch_norm_model", 'keras.layers.Activation("relu")', "keras.layers.ReLU()", set()),
    "no bias before batch normalization": (
        "batch_norm_model", "keras.layers.Dense(256),", "keras.layers.Dense(256, use_bias=False),", set()),
    "batch normalization in the functional API": (
        "batch_norm_model", WHOLE, _BN_HEAD + '    x = inputs = keras.Input((64,))\n    for _ in range(2):\n'
        '        x = keras.layers.Activation("relu")(keras.layers.BatchNormalization()(keras.layers.Dense(256)(x)))\n'
        '    return keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))\n', set()),
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
    # Two techniques at once: the task's own is not what does the work (refused before training).
    "L2 barely on (1e-9), with dropout doing the work": (
        "l2_model", "keras.regularizers.L2(1e-2)", "keras.regularizers.L2(1e-9)", {"test_l2", "test_l1_sparser"},
        ('keras.layers.Dense(256, activation="relu", kernel_regularizer=l2),\n        keras.layers.Dense(10',
         'keras.layers.Dense(256, activation="relu", kernel_regularizer=l2),\n        keras.layers.Dropout(0.5),\n'
         '        keras.layers.Dense(10')),
    "dropout barely on (0.01), with L2 doing the work": (
        "dropout_model", "keras.layers.Dropout(0.5)", "keras.layers.Dropout(0.01)", {"test_dropout"},
        ('keras.layers.Dense(256, activation="relu"),', 'keras.layers.Dense(256, activation="relu", kernel_regularizer="l2"),'),
        ('keras.layers.Dense(10, activation="softmax")', 'keras.layers.Dense(10, activation="softmax", kernel_regularizer="l2")')),
    "dropout on the inputs instead of after each hidden layer": (
        "dropout_model",
        'keras.layers.Dense(256, activation="relu"),\n        keras.layers.Dropout(0.5),\n'
        '        keras.layers.Dense(256, activation="relu"),\n        keras.layers.Dropout(0.5),\n',
        'keras.layers.Dropout(0.5),\n        keras.layers.Dense(256, activation="relu"),\n'
        '        keras.layers.Dense(256, activation="relu"),\n', {"test_dropout"}),
    "early stopping with a learning rate of its own": (
        "early_stopping", "BASELINE_TRAINING | {", 'BASELINE_TRAINING | {"learning_rate": 2e-4,', {"test_early_stopping"}),
    "early stopping on a baseline redefined with dropout": (
        "early_stopping", "EARLY_STOPPING_TRAINING = ",
        "def build_baseline():\n    return build_dropout_model()\n\n\nEARLY_STOPPING_TRAINING = ", {"test_early_stopping"}),
    "an L1 model with dropout too": (
        "l1_model", 'keras.layers.Dense(10, activation="softmax", kernel_regularizer=l1)',
        'keras.layers.Dropout(0.3),\n        keras.layers.Dense(10, activation="softmax", kernel_regularizer=l1)', {"test_l1_sparser"}),
    "elastic net too weak to matter": ("elastic_net_model", "L1L2(l1=1e-5, l2=1e-2)", "L1L2(l1=1e-7, l2=1e-5)",
                                       {"test_elastic_net"}),
    "elastic net with its L1 part at 0": ("elastic_net_model", "L1L2(l1=1e-5, l2=1e-2)", "L1L2(l1=0.0, l2=1e-2)",
                                          {"test_elastic_net"}),
    # Right answers by other routes: full marks.
    "elastic net through keras.regularizers.l1_l2": ("elastic_net_model", "keras.regularizers.L1L2(l1=1e-5, l2=1e-2)",
                                                     "keras.regularizers.l1_l2(l1=1e-5, l2=1e-2)", set()),
    "L2 written as L1L2(l1=0, l2=...)": (
        "l2_model", "keras.regularizers.L2(1e-2)", "keras.regularizers.L1L2(l1=0.0, l2=1e-2)", set()),
    "dropout in the functional API": (
        "dropout_model",
        'return keras.Sequential([\n        keras.Input((64,)),\n        keras.layers.Dense(256, activation="relu"),\n'
        '        keras.layers.Dropout(0.5),\n        keras.layers.Dense(256, activation="relu"),\n        keras.layers.Dropout(0.5),\n'
        '        keras.layers.Dense(10, activation="softmax"),\n    ])',
        'x = inputs = keras.Input((64,))\n    for _ in range(2):\n'
        '        x = keras.layers.Dropout(0.5)(keras.layers.Dense(256, activation="relu")(x))\n'
        '    return keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))', set()),
}

# Training mutants that break a rule the task states: refused before any training.
REFUSED_BEFORE_TRAINING = {
    "dropout after the softmax", "early stopping without restoring the best weights",
    "L2 barely on (1e-9), with dropout doing the work", "dropout barely on (0.01), with L2 doing the work",
    "dropout on the inputs instead of after each hidden layer", "early stopping with a learning rate of its own",
    "early stopping on a baseline redefined with dropout", "an L1 model with dropout too",
    "elastic net with its L1 part at 0",
}

# Graded through the real grader as well (every mutant is checked in process; the trained
# training mutants always are).
THROUGH_THE_GRADER = {"batch statistics at inference", "batch normalization after the ReLU", "tuning on the test split", "L2 barely on (1e-9), with dropout doing the work"}
