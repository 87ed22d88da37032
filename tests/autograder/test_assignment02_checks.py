"""Conformance of assignment 02's checks: the reference passes, the release and every mutant fail."""

from __future__ import annotations

import pytest

from autograder.notebooks import read, replace_source

from tests.conftest import ROOT
from tests.notebook_runner import assert_fails_exactly, failing_tests, unused_checks, with_release_answers

SOURCE = read(ROOT / "solutions" / "02_loss" / "loss.ipynb")
RELEASE = read(ROOT / "exercises" / "02_loss" / "loss.ipynb")
ALL_TESTS = {"test_softmax", "test_cross_entropy", "test_total_loss", "test_mse", "test_logits", "test_accuracy"}

CE = "def cross_entropy(p, y):\n    return -np.log(p[y])\n\n"
TOTAL = "def total_loss(probs, labels):\n    return -np.log(probs[np.arange(len(labels)), labels]).sum()\n"

MUTANTS = {
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
OTHER_ROUTES = {
    "softmax through log-sum-exp": (
        "softmax", "def softmax(z):\n    z = np.asarray(z, dtype=float)\n    m = np.max(z, axis=-1, keepdims=True)\n"
        "    return np.exp(z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True)))\n"),
    "total loss with take_along_axis": (
        "cross_entropy", CE + "def total_loss(probs, labels):\n"
        "    return -np.log(np.take_along_axis(probs, np.asarray(labels)[:, None], axis=1)).sum()\n"),
    "accuracy as a comparison's mean": ("accuracy", "def accuracy(probs, labels):\n    return (probs.argmax(axis=1) == labels).mean()\n"),
}


def test_reference_solution_passes_every_check():
    assert failing_tests(SOURCE) == {}


def test_release_passes_no_check():
    # The release's answer cells raise NotImplementedError; the source's test cells (hidden ones too) run.
    assert set(failing_tests(with_release_answers(SOURCE, RELEASE))) == ALL_TESTS


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_mutant_fails_exactly_the_tasks_it_breaks(name):
    cell_id, source, broken = MUTANTS[name]
    assert_fails_exactly(replace_source(SOURCE, cell_id, source), broken)


@pytest.mark.parametrize("name", sorted(OTHER_ROUTES))
def test_a_right_answer_by_another_route_passes(name):
    cell_id, source = OTHER_ROUTES[name]
    assert failing_tests(replace_source(SOURCE, cell_id, source)) == {}


def test_library_calls_are_named_with_their_line():
    nb = replace_source(SOURCE, "logits", MUTANTS["logits loss with scipy's logsumexp"][1])
    message = failing_tests(nb)["test_logits"]
    assert "expected: NumPy only" in message and "got:      scipy.special.logsumexp on line 2" in message


def test_every_check_of_assignment_02_is_used_by_the_notebook():
    assert unused_checks(SOURCE, "02.") == set()


def test_unstable_softmax_is_told_about_overflow():
    nb = replace_source(SOURCE, "softmax", MUTANTS["softmax without subtracting the max"][1])
    message = failing_tests(nb)["test_softmax"]
    assert "NaN or infinite values" in message and "subtract each row's largest score" in message
