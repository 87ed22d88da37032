"""Assignment 02's test data (the format: tests/assignments/__init__.py)."""

from __future__ import annotations

from tests.mutation import WHOLE, Assignment

ASSIGNMENT = Assignment("02_loss", "loss.ipynb")

CE = "def cross_entropy(p, y):\n    return -np.log(p[y])\n\n"
TOTAL = "def total_loss(probs, labels):\n    return -np.log(probs[np.arange(len(labels)), labels]).sum()\n"

_WHOLE_CELL_MUTANTS = {
    "softmax over the wrong axis": (
        "softmax", "def softmax(z):\n    e = np.exp(z - np.max(z))\n    return e / e.sum(axis=0, keepdims=True)\n", {"test_softmax"}),
    "softmax without subtracting the max": (
        "softmax", "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=-1, keepdims=True)\n", {"test_softmax"}),
    "softmax normalised over every entry": (
        "softmax", "def softmax(z):\n    e = np.exp(z - np.max(z))\n    return e / e.sum()\n", {"test_softmax"}),
    "cross-entropy without the minus sign": (
        "cross_entropy", "def cross_entropy(p, y):\n    return np.log(p[y])\n\n" + TOTAL, {"test_cross_entropy"}),
    "total loss as a mean": (
        "cross_entropy", CE + "def total_loss(probs, labels):\n    return -np.log(probs[np.arange(len(labels)), labels]).mean()\n",
        {"test_total_loss"}),
    "total loss indexing whole columns": (
        "cross_entropy", CE + "def total_loss(probs, labels):\n    return -np.log(probs[:, labels]).sum()\n", {"test_total_loss"}),
    "mse as a sum": ("mse", "def mse(y_true, y_pred):\n    return np.sum((y_true - y_pred) ** 2)\n", {"test_mse"}),
    "root mean squared error": ("mse", "def mse(y_true, y_pred):\n    return np.sqrt(np.mean((y_true - y_pred) ** 2))\n", {"test_mse"}),
    "log of softmax (unstable)": (
        "logits",
        "def cross_entropy_from_logits(logits, labels):\n    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)\n"
        "    return np.mean(-np.log(p[np.arange(len(labels)), labels]))\n",
        {"test_logits"}),
    "log-sum-exp without adding the max back": (
        "logits",
        "def cross_entropy_from_logits(logits, labels):\n    m = logits.max(axis=1, keepdims=True)\n"
        "    lse = np.log(np.exp(logits - m).sum(axis=1))\n    return np.mean(lse - logits[np.arange(len(labels)), labels])\n",
        {"test_logits"}),
    "logits loss summed, not averaged": (
        "logits",
        "def cross_entropy_from_logits(logits, labels):\n    m = logits.max(axis=1, keepdims=True)\n"
        "    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))\n    return np.sum(lse - logits[np.arange(len(labels)), labels])\n",
        {"test_logits"}),
    "accuracy with argmax over the batch": (
        "accuracy", "def accuracy(probs, labels):\n    return np.mean(np.argmax(probs, axis=0) == labels)\n", {"test_accuracy"}),
    "softmax over axis 1 (breaks for a single example)": (
        "softmax", "def softmax(z):\n    e = np.exp(z - z.max(axis=1, keepdims=True))\n    return e / e.sum(axis=1, keepdims=True)\n",
        {"test_softmax"}),
    "softmax from scipy.special": (
        "softmax", "def softmax(z):\n    from scipy.special import softmax as ready_made\n    return ready_made(z, axis=-1)\n",
        {"test_softmax"}),
    "softmax from keras.ops": (
        "softmax", "def softmax(z):\n    return keras.ops.convert_to_numpy(keras.ops.softmax(np.asarray(z, dtype='float64'), axis=-1))\n",
        {"test_softmax"}),
    "total loss with a loop over the examples": (
        "cross_entropy", CE + "def total_loss(probs, labels):\n    return sum(cross_entropy(p, y) for p, y in zip(probs, labels))\n",
        {"test_total_loss"}),
    "mean squared error from keras.losses": (
        "mse", "def mse(y_true, y_pred):\n    return float(keras.losses.MeanSquaredError()(y_true, y_pred))\n", {"test_mse"}),
    "logits loss with scipy's logsumexp": (
        "logits", "import scipy.special\n\n\ndef cross_entropy_from_logits(logits, labels):\n"
        "    lse = scipy.special.logsumexp(logits, axis=1)\n    return np.mean(lse - logits[np.arange(len(labels)), labels])\n",
        {"test_logits"}),
    "accuracy from scikit-learn": (
        "accuracy", "from sklearn.metrics import accuracy_score\n\n\ndef accuracy(probs, labels):\n"
        "    return accuracy_score(labels, np.argmax(probs, axis=1))\n", {"test_accuracy"}),
}

# Right answers by other routes: each must pass every check.
_WHOLE_CELL_ROUTES = {
    "softmax through log-sum-exp": (
        "softmax", "def softmax(z):\n    z = np.asarray(z, dtype=float)\n    m = np.max(z, axis=-1, keepdims=True)\n"
        "    return np.exp(z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True)))\n"),
    "total loss with take_along_axis": (
        "cross_entropy", CE + "def total_loss(probs, labels):\n"
        "    return -np.log(np.take_along_axis(probs, np.asarray(labels)[:, None], axis=1)).sum()\n"),
    "accuracy as a comparison's mean": ("accuracy", "def accuracy(probs, labels):\n    return (probs.argmax(axis=1) == labels).mean()\n"),
}


MUTANTS = {name: (cell, WHOLE, source, broken) for name, (cell, source, broken) in _WHOLE_CELL_MUTANTS.items()}
MUTANTS |= {name: (cell, WHOLE, source, set()) for name, (cell, source) in _WHOLE_CELL_ROUTES.items()}
# Task 6's two slopes: the usual slips of the chain rule (edits of the reference's lines).
CE_SLOPE, MSE_SLOPE = "ce_slope = -1 / p * p * (1 - p)", "mse_slope = -2 * (1 - p) * p * (1 - p)"
MUTANTS |= {
    "cross-entropy slope with respect to p, not z": ("slopes", CE_SLOPE, "ce_slope = -1 / p", {"test_ce_slope"}),
    "cross-entropy slope with its sign reversed": ("slopes", CE_SLOPE, "ce_slope = 1 - p", {"test_ce_slope"}),
    "squared-error slope with respect to p, not z": ("slopes", MSE_SLOPE, "mse_slope = -2 * (1 - p)", {"test_mse_slope"}),
    "squared-error slope without its factor 2": ("slopes", MSE_SLOPE, "mse_slope = -(1 - p) * p * (1 - p)", {"test_mse_slope"}),
    "both slopes rounded to 3 digits": ("slopes", CE_SLOPE, "ce_slope = -0.990", set(), (MSE_SLOPE, "mse_slope = -0.0196")),
}
TRAINING_MUTANTS: dict = {}
REFUSED_BEFORE_TRAINING: set = set()

# Graded through the real grader as well (every mutant is checked in process; the trained
# training mutants always are).
THROUGH_THE_GRADER = {"total loss as a mean", "logits loss with scipy's logsumexp", "squared-error slope without its factor 2"}
