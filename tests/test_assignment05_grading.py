"""Assignment 05 through the real `deepsteps grade`: reference, release and mutants, exact scores.

The training checks are judged here for real: the model judge trains each submission's models on
the grader's noisy digits with its hidden seeds.
"""

from __future__ import annotations

import pytest

from tests.assignment05_mutants import ASSIGNMENT, MUTANTS, TRAINING_MUTANTS
from tests.mutation import grade_with_mutants

pytestmark = pytest.mark.slow

MAX_SCORE = 6.0
GRADED = {**MUTANTS, **TRAINING_MUTANTS}


def test_assignment_05_scores_through_the_real_grader(tmp_path):
    scores, expected, report = grade_with_mutants(tmp_path, ASSIGNMENT, GRADED)
    assert scores == expected and scores["reference"] == MAX_SCORE
    verdict = report["submissions"]["reference/05_overfitting"]["notebooks"][0]["verdicts"]["test_overfits"][0]
    assert verdict["passed"] and "overfitting gap" in verdict["got"]  # the numbers are shown
    feedback = (tmp_path / "out" / "autograded" / "reference" / ASSIGNMENT.name / ASSIGNMENT.notebook).read_text()
    assert "image/png" in feedback  # the learning curves
