"""Conformance of assignment 03's checks: the reference passes, the release and every mutant fail.

These run in this process without the demo cells, and the training check stands aside
(``DEEPSTEPS_GRADING=1``, as in the grading sandbox); its mutants are graded through the real grader in tests/test_assignment03_grading.py.
"""

from __future__ import annotations

import pytest

from autograder.notebooks import replace_source

from tests.assignment03_mutants import MUTANTS, RELEASE, SOURCE, mutated
from tests.notebook_runner import assert_fails_exactly, failing_tests, unused_checks, with_release_answers

ALL_TESTS = {"test_gradient_descent", "test_backprop", "test_numerical_gradient", "test_sgd_training",
             "test_momentum", "test_adam", "test_digits_training"}


@pytest.fixture(autouse=True)
def training_left_to_the_judge(monkeypatch):
    monkeypatch.setenv("DEEPSTEPS_GRADING", "1")


def test_reference_solution_passes_every_check():
    assert failing_tests(SOURCE, demos=False) == {}


def test_release_passes_no_check():
    assert set(failing_tests(with_release_answers(SOURCE, RELEASE), demos=False)) == ALL_TESTS


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_mutant_fails_exactly_the_tasks_it_breaks(name):
    cell, old, new, broken = MUTANTS[name]
    ((cell_id, source),) = mutated(cell, old, new).items()
    assert_fails_exactly(replace_source(SOURCE, cell_id, source), broken, demos=False)


def test_every_check_of_assignment_03_is_used_by_the_notebook():
    assert unused_checks(SOURCE, "03.") == set()


def test_textbook_and_keras_forms_of_adam_both_pass():
    keras_form = (
        "        alpha = learning_rate * np.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)\n"
        "        w = w - alpha * m / (np.sqrt(v) + epsilon)\n")
    ((cell_id, source),) = mutated(
        "optimizers",
        "        m_hat, v_hat = m / (1 - beta_1 ** t), v / (1 - beta_2 ** t)\n"
        "        w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)\n", keras_form).items()
    assert failing_tests(replace_source(SOURCE, cell_id, source), demos=False) == {}
