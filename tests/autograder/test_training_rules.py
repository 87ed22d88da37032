"""The training checks' rules that need no training, on every assignment's training mutants.

A wrong answer that breaks a rule the task states (a structure, a setting, a parameter budget) is
refused before anything is trained, naming the rule; every other mutant, and every right answer by
another route, goes on to training. The training itself is judged through the real grader in
tests/test_assignmentNN_grading.py.
"""

from __future__ import annotations

import importlib

import pytest

from autograder.notebooks import replace_source
from tests.notebook_runner import refused_before_training

ASSIGNMENTS = ("03", "04", "05", "06")
MUTANTS = [(number, name) for number in ASSIGNMENTS
           for name in sorted(importlib.import_module(f"tests.assignment{number}_mutants").TRAINING_MUTANTS)]


def _module(number: str):
    return importlib.import_module(f"tests.assignment{number}_mutants")


@pytest.mark.parametrize("number", ASSIGNMENTS)
def test_the_reference_goes_on_to_training(number):
    assert refused_before_training(_module(number).SOURCE) == {}


@pytest.mark.parametrize("number, name", MUTANTS)
def test_a_mutant_is_refused_before_training_exactly_when_it_breaks_a_stated_rule(number, name):
    module = _module(number)
    cell, old, new, broken, *more = module.TRAINING_MUTANTS[name]
    ((cell_id, source),) = module.mutated(cell, old, new, *more).items()
    refused = refused_before_training(replace_source(module.SOURCE, cell_id, source))
    expected = broken if name in module.REFUSED_BEFORE_TRAINING else set()
    assert set(refused) == expected, refused
    for refusal in refused.values():
        assert "(rule: " in refusal and "checked before any training" in refusal
