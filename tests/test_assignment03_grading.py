"""Assignment 03 through the real `deepsteps grade`: reference, release and mutants, exact scores.

The training check is judged here for real: the model judge retrains each submission's digits
model with the grader's hidden seeds.
"""

from __future__ import annotations

import pytest

from tests.assignment03_mutants import ASSIGNMENT, MUTANTS, TRAINING_MUTANTS
from tests.mutation import grade_with_mutants

pytestmark = pytest.mark.slow

MAX_SCORE = 10.0
GRADED = {  # one mutant per task kind, plus both training mistakes
    name: spec for name, spec in {**MUTANTS, **TRAINING_MUTANTS}.items()
    if name in ("gradient ascent (sign error in the update)", "backprop without the sigmoid's derivative",
                "SGD gradient summed, not averaged over the batch", "Adam without bias correction",
                "learning rate far too high", "a single epoch of plain SGD")
}


def test_assignment_03_scores_through_the_real_grader(tmp_path):
    scores, expected, report = grade_with_mutants(tmp_path, ASSIGNMENT, GRADED)
    assert scores == expected and scores["reference"] == MAX_SCORE
    verdict = report["submissions"]["reference/03_optimization"]["notebooks"][0]["verdicts"]["test_digits_training"][0]
    assert verdict["passed"] and "median test accuracy" in verdict["got"]  # the measured number is shown
    feedback = (tmp_path / "out" / "autograded" / "reference" / ASSIGNMENT.name / ASSIGNMENT.notebook).read_text()
    assert "image/png" in feedback  # the learning curves
