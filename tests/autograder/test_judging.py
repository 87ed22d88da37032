"""Judging a test cell from plain answers: hidden cases say what went wrong without showing the case."""

from __future__ import annotations

from autograder.intake import CheckCall
from autograder.intake import TestCell as GradedCell
from autograder.judging import judge_test


def _hidden_relu_cell() -> GradedCell:
    call = CheckCall("01.relu", "__capture__(0, '01.relu', relu, [(x,)])", [[0.0, 3.5]], hidden=True, answer_name="relu")
    return GradedCell("test_relu", 1.0, (call,))


def test_a_hidden_case_that_raised_says_so_without_the_case():
    answers = {0: {"check_id": "01.relu", "captured": [{"error": "ValueError: operands could not be broadcast together"}]}}
    points, (verdict,) = judge_test(_hidden_relu_cell(), answers, 0, "")
    assert points == 0 and not verdict.passed
    assert verdict.got == "your code raised an error on one of them: ValueError: operands could not be broadcast together"
    assert verdict.expected == "the right answer on the grader's hidden cases"
    assert "3.5" not in verdict.message()


def test_a_hidden_case_with_another_answer_says_a_different_answer():
    answers = {0: {"check_id": "01.relu", "captured": [{"value": [0.0, 3.0]}]}}
    _, (verdict,) = judge_test(_hidden_relu_cell(), answers, 0, "")
    assert verdict.got == "a different answer on at least one of them"
    assert "3.5" not in verdict.message() and "3.0" not in verdict.message()
