"""Assignment 05 through the real `deepsteps grade`: reference, release and mutants, exact scores.

The training checks are judged here for real: the model judge trains each submission's models on
the grader's noisy digits with its hidden seeds.
"""

from __future__ import annotations

import csv
import json

import pytest

from autograder.notebooks import read, write
from examples.make_submissions import answered
from tests.assignment05_mutants import MUTANTS, REFERENCE, RELEASE, TRAINING_MUTANTS, mutated
from tests.conftest import ROOT, run_deepsteps

pytestmark = pytest.mark.slow

NOTEBOOK = "overfitting.ipynb"
MAX_SCORE = 6.0
POINTS = {cell["metadata"]["nbgrader"]["grade_id"]: cell["metadata"]["nbgrader"].get("points", 0)
          for cell in read(ROOT / "solutions" / "05_overfitting" / NOTEBOOK).cells
          if cell["metadata"].get("nbgrader", {}).get("grade")}
GRADED = {**MUTANTS, **TRAINING_MUTANTS}


def test_assignment_05_scores_through_the_real_grader(tmp_path):
    reference = answered(RELEASE, REFERENCE)
    class_ = {"reference": reference, "untouched": RELEASE}
    expected = {"reference": MAX_SCORE, "untouched": 0.0}
    for index, (name, (cell, old, new, broken)) in enumerate(sorted(GRADED.items())):
        student = f"mutant{index}"
        class_[student] = answered(reference, mutated(cell, old, new))
        expected[student] = MAX_SCORE - sum(POINTS[test] for test in broken)
    for student, nb in class_.items():
        write(nb, tmp_path / "submitted" / student / "05_overfitting" / NOTEBOOK)
    result = run_deepsteps("grade", str(tmp_path / "submitted"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "out" / "grades.csv", newline="") as handle:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    assert scores == expected

    report = json.loads((tmp_path / "out" / "report.json").read_text())
    verdict = report["submissions"]["reference/05_overfitting"]["notebooks"][0]["verdicts"]["test_overfits"][0]
    assert verdict["passed"] and "overfitting gap" in verdict["got"]  # the numbers are shown
    feedback = (tmp_path / "out" / "autograded" / "reference" / "05_overfitting" / NOTEBOOK).read_text()
    assert "image/png" in feedback  # the learning curves
