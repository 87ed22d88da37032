"""Conformance of assignment 05's checks: the reference passes, the release and every mutant fail.

These run in this process without the demo cells, and the training check stands aside
(``DEEPSTEPS_GRADING=1``, as in the grading sandbox); its mutants are graded through the real grader in tests/test_assignment05_grading.py.
"""

from __future__ import annotations

import pytest

from autograder.notebooks import replace_source

from tests.assignment05_mutants import MUTANTS, RELEASE, SOURCE, mutated
from tests.notebook_runner import assert_fails_exactly, failing_tests, unused_checks, with_release_answers

ALL_TESTS = {"test_best_epoch", "test_final_gap", "test_kfold", "test_overfits"}


@pytest.fixture(autouse=True)
def training_left_to_the_judge(monkeypatch):
    monkeypatch.setenv("DEEPSTEPS_GRADING", "1")


def test_reference_solution_passes_every_check():
    assert failing_tests(SOURCE, demos=False) == {}


def test_release_passes_no_check():
    # The training test stands aside here, but fails anyway: the release leaves TRAINING undefined.
    assert set(failing_tests(with_release_answers(SOURCE, RELEASE), demos=False)) == ALL_TESTS


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_mutant_fails_exactly_the_tasks_it_breaks(name):
    cell, old, new, broken = MUTANTS[name]
    ((cell_id, source),) = mutated(cell, old, new).items()
    assert_fails_exactly(replace_source(SOURCE, cell_id, source), broken, demos=False)


def test_every_check_of_assignment_05_is_used_by_the_notebook():
    assert unused_checks(SOURCE, "05.") == set()
