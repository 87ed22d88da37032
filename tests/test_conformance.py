"""One conformance test for every assignment in solutions/, from its test data in tests/assignments/aNN.py.

For each assignment: the reference passes every check; the release fails every test cell; each
mutant (a real student mistake) fails exactly the test cells it breaks, on the hidden cases alone
too, with a teaching message; each right answer by another route passes; every check of the
assignment is used; and each training mutant is refused before any training exactly when it
breaks a rule the task states. Runs in this process, without training (training checks stand aside
as in the grading sandbox); tests/test_class_grading.py grades them all through the real grader.
"""

from __future__ import annotations

import importlib

import pytest

from autograder.checks import call, get_check
from tests.conftest import ROOT
from tests.notebook_runner import assert_fails_exactly, failing_tests, refused_before_training, unused_checks, with_release_answers

NUMBERS = sorted(path.name[:2] for path in (ROOT / "solutions").iterdir() if path.is_dir())
DATA = {number: importlib.import_module(f"tests.assignments.a{number}") for number in NUMBERS}
MUTANTS = [(number, name) for number in NUMBERS for name in sorted(DATA[number].MUTANTS)]
TRAINING_MUTANTS = [(number, name) for number in NUMBERS for name in sorted(DATA[number].TRAINING_MUTANTS)]


@pytest.fixture(autouse=True)
def training_left_to_the_judge(monkeypatch):
    monkeypatch.setattr(call, "training_stands_aside", True)


def _graded_cells(number: str) -> set[str]:
    return set(DATA[number].ASSIGNMENT.points())


def test_every_assignment_has_test_data():
    assert NUMBERS and all(DATA[number].ASSIGNMENT.name.startswith(number) for number in NUMBERS)


@pytest.mark.parametrize("number", NUMBERS)
def test_the_reference_passes_every_check(number):
    assignment = DATA[number].ASSIGNMENT
    assert failing_tests(assignment.source, demos=assignment.demos) == {}


@pytest.mark.parametrize("number", NUMBERS)
def test_the_release_fails_every_test_cell(number):
    assignment = DATA[number].ASSIGNMENT
    failed = failing_tests(with_release_answers(assignment.source, assignment.release), demos=assignment.demos)
    # A training test may stand aside here (its models are built only by the judge); the real grader
    # fails it (tests/test_class_grading.py gives the release 0).
    training = {cell for cell in _graded_cells(number) if _trains(assignment.source, cell)}
    assert _graded_cells(number) - training <= set(failed) <= _graded_cells(number)


def _trains(source_nb, test_cell: str) -> bool:
    from autograder.authoring.notebooks import find_cell
    from autograder.grading.intake import parse_test_cell

    return all(get_check(c.check_id).trains for c in parse_test_cell(find_cell(source_nb, test_cell).source, test_cell))


@pytest.mark.parametrize("number, name", MUTANTS)
def test_a_mutant_fails_exactly_the_test_cells_it_breaks(number, name):
    data = DATA[number]
    cell, old, new, broken, *more = data.MUTANTS[name]
    assert_fails_exactly(data.ASSIGNMENT.with_answers(data.ASSIGNMENT.mutated(cell, old, new, *more)), set(broken),
                         demos=data.ASSIGNMENT.demos)


@pytest.mark.parametrize("number", NUMBERS)
def test_every_check_of_the_assignment_is_used(number):
    assert unused_checks(DATA[number].ASSIGNMENT.source, f"{number}.") == set()


@pytest.mark.parametrize("number", NUMBERS)
def test_the_reference_goes_on_to_training(number):
    assert refused_before_training(DATA[number].ASSIGNMENT.source) == {}


@pytest.mark.parametrize("number, name", TRAINING_MUTANTS)
def test_a_training_mutant_is_refused_before_training_exactly_when_it_breaks_a_stated_rule(number, name):
    data = DATA[number]
    cell, old, new, broken, *more = data.TRAINING_MUTANTS[name]
    refused = refused_before_training(data.ASSIGNMENT.with_answers(data.ASSIGNMENT.mutated(cell, old, new, *more)))
    assert set(refused) == (set(broken) if name in data.REFUSED_BEFORE_TRAINING else set()), refused
    for refusal in refused.values():
        assert "(rule: " in refusal and "checked before any training" in refusal


@pytest.mark.parametrize("number", NUMBERS)
def test_the_test_data_names_only_real_mutants(number):
    data = DATA[number]
    assert data.REFUSED_BEFORE_TRAINING <= set(data.TRAINING_MUTANTS)
    assert data.THROUGH_THE_GRADER <= set(data.MUTANTS) | set(data.TRAINING_MUTANTS)
    for cell, *_ in list(data.MUTANTS.values()) + list(data.TRAINING_MUTANTS.values()):
        assert cell in data.ASSIGNMENT.reference
