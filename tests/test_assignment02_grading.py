"""Assignment 02 through the real `deepsteps grade`: reference, release and mutants, exact scores."""

from __future__ import annotations

import csv

import pytest

from autograder.notebooks import read, write
from examples.make_submissions import answered, reference_answers
from tests.conftest import ROOT, run_deepsteps

pytestmark = pytest.mark.slow

NOTEBOOK = "loss.ipynb"
MUTANTS = {  # student: (answer cell, source, score out of 8)
    "unstable_softmax": ("softmax", "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=-1, keepdims=True)\n", 6.0),
    "mean_for_total": (
        "cross_entropy",
        "def cross_entropy(p, y):\n    return -np.log(p[y])\n\ndef total_loss(probs, labels):\n"
        "    return -np.log(probs[np.arange(len(labels)), labels]).mean()\n", 7.0),
    "log_of_softmax": (
        "logits",
        "def cross_entropy_from_logits(logits, labels):\n    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)\n"
        "    return np.mean(-np.log(p[np.arange(len(labels)), labels]))\n", 6.0),
}


def test_assignment_02_scores_through_the_real_grader(tmp_path):
    release = read(ROOT / "exercises" / "02_loss" / NOTEBOOK)
    reference = answered(release, reference_answers(read(ROOT / "solutions" / "02_loss" / NOTEBOOK)))
    class_ = {"reference": reference, "untouched": release}
    for student, (cell, source, _) in MUTANTS.items():
        class_[student] = answered(reference, {cell: source})
    for student, nb in class_.items():
        write(nb, tmp_path / "submitted" / student / "02_loss" / NOTEBOOK)
    result = run_deepsteps("grade", str(tmp_path / "submitted"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "out" / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["student_id"]: float(row["score"]) for row in rows} == {
        "reference": 8.0, "untouched": 0.0, **{student: score for student, (_, _, score) in MUTANTS.items()}}
    assert {float(row["max_score"]) for row in rows} == {8.0}
