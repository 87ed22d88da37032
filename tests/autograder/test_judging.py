"""Scoring a test cell from plain answers: full verdicts kept; a student's view of hidden cases says what went wrong without the case."""

from __future__ import annotations

from autograder.grading.intake import CheckCall
from autograder.grading.intake import TestCell as GradedCell
from autograder.grading.scoring import score_cell


def _hidden_relu_cell() -> GradedCell:
    call = CheckCall("01.relu", "__capture__(0, '01.relu', relu, [(x,)])", [[0.0, 3.5]], hidden=True, answer_name="relu")
    return GradedCell("test_relu", 1.0, (call,))


def test_a_hidden_case_that_raised_says_so_without_the_case():
    answers = {0: {"check_id": "01.relu", "captured": [{"error": "ValueError: operands could not be broadcast together"}]}}
    cell = score_cell(_hidden_relu_cell(), answers, 0, "")
    (verdict,) = (v.for_student() for v in cell.verdicts)
    assert cell.points == 0 and not verdict.passed
    assert cell.verdicts[0].got == "an error: ValueError: operands could not be broadcast together"  # the instructor's
    assert verdict.got == "your code raised an error on one of them: ValueError: operands could not be broadcast together"
    assert verdict.expected == "the right answer on the grader's hidden cases"
    assert "3.5" not in verdict.message()


def test_a_hidden_case_with_another_answer_says_a_different_answer():
    answers = {0: {"check_id": "01.relu", "captured": [{"value": [0.0, 3.0]}]}}
    (full,) = score_cell(_hidden_relu_cell(), answers, 0, "").verdicts
    verdict = full.for_student()
    assert full.hidden and "3.5" in full.expected  # report.json keeps the numbers for the instructor
    assert verdict.got == "a different answer on at least one of them"
    assert "3.5" not in verdict.message() and "3.0" not in verdict.message()
