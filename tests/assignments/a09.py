"""Assignment 09's test data (the format: tests/assignments/__init__.py)."""

from __future__ import annotations

from tests.mutation import Assignment

ASSIGNMENT = Assignment("09_representations", "representations.ipynb", demos=False)

AVERAGE = "average = R[last].mean()"
BACKWARD = "backward = np.mean([R[last, j] - R[j, j] for j in range(last)])"

MUTANTS = {
    # Task 1: the metrics.
    "the average over the whole matrix": ("metrics", AVERAGE, "average = R.mean()", {"test_metrics"}),
    "the average over the diagonal (each phase right after it)": ("metrics", AVERAGE, "average = np.diag(R).mean()", {"test_metrics"}),
    "the matrix read transposed": ("metrics", "R = np.asarray(R, dtype=float)", "R = np.asarray(R, dtype=float).T", {"test_metrics"}),
    "the backward transfer's sign flipped": ("metrics", BACKWARD, "backward = np.mean([R[j, j] - R[last, j] for j in range(last)])",
                                             {"test_metrics"}),
    "the last phase counted in the transfer's mean": (
        "metrics", BACKWARD, "backward = np.mean([R[last, j] - R[j, j] for j in range(last + 1)])", {"test_metrics"}),
    "the first row as the 'before' (not the diagonal)": (
        "metrics", BACKWARD, "backward = np.mean([R[last, j] - R[0, j] for j in range(last)])", {"test_metrics"}),
    "the first phase alone": ("metrics", BACKWARD, "backward = R[last, 0] - R[0, 0]", {"test_metrics"}),
    "a sum, not a mean, for the transfer": ("metrics", BACKWARD, "backward = np.sum([R[last, j] - R[j, j] for j in range(last)])",
                                            {"test_metrics"}),
    "slices and np.diag (right)": (
        "metrics", BACKWARD, "backward = (R[last, :last] - np.diag(R)[:last]).mean()", set()),
    "a list of lists accepted (right)": ("metrics", "R = np.asarray(R, dtype=float)", "R = np.array(R, dtype=np.float64)", set()),
}

REPLAY = '"replay_per_class": 20}'
TRAINING_MUTANTS = {
    "no replay (the old digits forgotten)": ("replay", REPLAY, '"replay_per_class": 0}', {"test_replay"}),
    "too small a buffer (5 per digit)": ("replay", REPLAY, '"replay_per_class": 5}', {"test_replay"}),
    "over the memory the task allows (50 per digit; refused before training)": (
        "replay", REPLAY, '"replay_per_class": 50}', {"test_replay"}),
    "a wider network (refused before training)": ("replay", "keras.layers.Dense(128,", "keras.layers.Dense(256,", {"test_replay"}),
    "dropout as well (refused before training)": (
        "replay", 'keras.layers.Dense(128, activation="relu"),',
        'keras.layers.Dense(128, activation="relu"),\n        keras.layers.Dropout(0.2),', {"test_replay"}),
    "another learning rate than the task's (refused before training)": (
        "replay", '"learning_rate": 0.002', '"learning_rate": 0.0005', {"test_replay"}),
    "early stopping in a task in phases (refused before training)": (
        "replay", REPLAY, '"replay_per_class": 20, "early_stopping": {"patience": 3}}', {"test_replay"}),
}
REFUSED_BEFORE_TRAINING = set(TRAINING_MUTANTS) - {"no replay (the old digits forgotten)", "too small a buffer (5 per digit)"}

# One slip of the metrics through the sandbox; the rest meet the same trusted comparison in process.
THROUGH_THE_GRADER = {"the backward transfer's sign flipped"}
