"""Assignment 04 through the real `deepsteps grade`: reference, release and mutants, exact scores.

The training check is judged here for real: the model judge trains each submission's deep and fat
models on the grader's checkerboards with its hidden seeds.
"""

from __future__ import annotations

import pytest

from tests.assignment04_mutants import ASSIGNMENT, MUTANTS, TRAINING_MUTANTS
from tests.mutation import grade_with_mutants

pytestmark = pytest.mark.slow

MAX_SCORE = 5.0
GRADED = {**MUTANTS, **TRAINING_MUTANTS}


def test_assignment_04_scores_through_the_real_grader(tmp_path):
    scores, expected, report = grade_with_mutants(tmp_path, ASSIGNMENT, GRADED)
    assert scores == expected and scores["reference"] == MAX_SCORE
    verdict = report["submissions"]["reference/04_deeper_or_fatter"]["notebooks"][0]["verdicts"]["test_deep_vs_fat"][0]
    assert verdict["passed"] and "test accuracy of deep minus that of fat" in verdict["got"]  # the numbers are shown
    over_budget = sorted(GRADED).index("a fat model with twice the budget")
    record = report["submissions"][f"mutant{over_budget}/04_deeper_or_fatter"]["notebooks"][0]
    (failed,) = record["verdicts"]["test_deep_vs_fat"]
    # Refused before any training, naming the rule it breaks.
    assert "between 850 and 950 parameters (rule: parameter budget; checked before any training)" == failed["expected"]
    assert failed["got"].startswith("fat: 1792 parameters")
    feedback = (tmp_path / "out" / "autograded" / "reference" / ASSIGNMENT.name / ASSIGNMENT.notebook).read_text()
    assert "image/png" in feedback  # the learning curves
