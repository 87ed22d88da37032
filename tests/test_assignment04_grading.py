"""Assignment 04 through the real `deepsteps grade`: reference, release and mutants, exact scores.

The training check is judged here for real: the model judge trains each submission's deep and fat
models on the grader's checkerboards with its hidden seeds.
"""

from __future__ import annotations

import csv
import json

import pytest

from autograder.notebooks import read, write
from examples.make_submissions import answered
from tests.assignment04_mutants import MUTANTS, REFERENCE, RELEASE, TRAINING_MUTANTS, mutated
from tests.conftest import ROOT, run_deepsteps

pytestmark = pytest.mark.slow

NOTEBOOK = "deeper_or_fatter.ipynb"
MAX_SCORE = 5.0
POINTS = {cell["metadata"]["nbgrader"]["grade_id"]: cell["metadata"]["nbgrader"].get("points", 0)
          for cell in read(ROOT / "solutions" / "04_deeper_or_fatter" / NOTEBOOK).cells
          if cell["metadata"].get("nbgrader", {}).get("grade")}
GRADED = {**MUTANTS, **TRAINING_MUTANTS}


def test_assignment_04_scores_through_the_real_grader(tmp_path):
    reference = answered(RELEASE, REFERENCE)
    class_ = {"reference": reference, "untouched": RELEASE}
    expected = {"reference": MAX_SCORE, "untouched": 0.0}
    for index, (name, (cell, old, new, broken)) in enumerate(sorted(GRADED.items())):
        student = f"mutant{index}"
        class_[student] = answered(reference, mutated(cell, old, new))
        expected[student] = MAX_SCORE - sum(POINTS[test] for test in broken)
    for student, nb in class_.items():
        write(nb, tmp_path / "submitted" / student / "04_deeper_or_fatter" / NOTEBOOK)
    result = run_deepsteps("grade", str(tmp_path / "submitted"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "out" / "grades.csv", newline="") as handle:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    assert scores == expected

    report = json.loads((tmp_path / "out" / "report.json").read_text())
    verdict = report["submissions"]["reference/04_deeper_or_fatter"]["notebooks"][0]["verdicts"]["test_deep_vs_fat"][0]
    assert verdict["passed"] and "test accuracy of deep minus that of fat" in verdict["got"]  # the numbers are shown
    over_budget = sorted(GRADED).index("a fat model with twice the budget")
    record = report["submissions"][f"mutant{over_budget}/04_deeper_or_fatter"]["notebooks"][0]
    (failed,) = record["verdicts"]["test_deep_vs_fat"]
    assert "at most 1.05" in failed["expected"] and "same number of parameters" in failed["expected"]
    assert failed["got"].startswith("0.5")  # 898 / 1795 parameters
    feedback = (tmp_path / "out" / "autograded" / "reference" / "04_deeper_or_fatter" / NOTEBOOK).read_text()
    assert "image/png" in feedback  # the learning curves
