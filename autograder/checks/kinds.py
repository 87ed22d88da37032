"""The kinds of graded check, as configured classes: each says how to capture an answer and how to judge it.

Every check has two hooks with a trust boundary between them:

* ``capture(answer, args)`` runs next to the student's code (in their kernel, or in the grading
  sandbox) and turns what the answer does on the grader's inputs into plain data;
* ``compare(got, expected)`` runs on plain data only, in the trusted process: ``None`` when the
  answer agrees, or a :class:`~autograder.checks.values.Outcome` in words.

Source checks (how code is written) are read from the submitted text by the trusted process
(``read_source``). Training checks do not compare at once: their rules that need no training come
first (``before_training``), then the model judge trains the model, then ``verdict`` applies the
rules to the medians. An assignment's module lists its checks as instances of these classes.

Example:
    >>> check = ArrayCheck("01.relu", "relu(z)", "max(z, 0) for every element", atol=1e-5)
    >>> check.compare([0.0, 2.0], [0.0, 2.0]) is None
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from autograder.checks import attacks, models, source, training
from autograder.checks.student_code import Captured
from autograder.checks.values import (
    Outcome, capture_call, capture_call_keeping_inputs, capture_value, compare_arrays, compare_equal,
    compare_keeping_inputs, compare_parts,
)

DEFAULT_ATOL = 1e-5


@dataclass(frozen=True)
class Check:
    """A graded check: an exact comparison of what the student's function returns.

    Attributes:
        check_id: ``"<assignment number>.<task>"``, e.g. ``"01.forward"``; the registry's key.
        answer: what the student provides, in words, e.g. ``"forward(x, weights, biases)"``.
        hint: shown when the check fails: the concept behind the usual mistake.
        value: the answer is a value computed in the notebook, not a function to call.
    """

    check_id: str
    answer: str
    hint: str
    value: bool = False

    trains: ClassVar[bool] = False  # training checks: see TrainingCheck
    reads_source: ClassVar[bool] = False  # source checks: see SourceCheck
    shows_numbers: ClassVar[bool] = False  # a failed hidden case shows its measurements (they reveal no answer)

    def capture(self, answer: Any, args: tuple) -> Captured:
        return capture_value(answer, args) if self.value else capture_call(answer, args)

    def compare(self, got: Any, expected: Any) -> Outcome | None:
        return compare_equal(got, expected)


@dataclass(frozen=True)
class ArrayCheck(Check):
    """Numbers or arrays, equal in shape and within ``atol``; ``keeps_inputs``: the function must not
    change the arrays it is given (``names`` names them in the feedback)."""

    atol: float = DEFAULT_ATOL
    keeps_inputs: bool = False
    names: tuple[str, ...] = ()

    def capture(self, answer: Any, args: tuple) -> Captured:
        if self.keeps_inputs and not self.value:
            return capture_call_keeping_inputs(answer, args)
        return super().capture(answer, args)

    def compare(self, got: Any, expected: Any) -> Outcome | None:
        if self.keeps_inputs:
            return compare_keeping_inputs(got, expected, atol=self.atol, names=self.names)
        return compare_arrays(got, expected, atol=self.atol)


@dataclass(frozen=True)
class ChoiceCheck(Check):
    """A choice among labelled options (``"a"``, ``"b"``, ...), stored in the notebook: case and spaces
    around the label do not matter (``"B "`` is ``"b"``)."""

    value: bool = True

    def compare(self, got: Any, expected: Any) -> Outcome | None:
        return compare_equal(got.strip().lower() if isinstance(got, str) else got, expected)


@dataclass(frozen=True)
class PartsCheck(Check):
    """Several arrays of different shapes (gradients, weights and bias), each within ``atol``, named ``names``."""

    atol: float = DEFAULT_ATOL
    names: tuple[str, ...] = ()

    def compare(self, got: Any, expected: Any) -> Outcome | None:
        return compare_parts(got, expected, atol=self.atol, names=self.names)


@dataclass(frozen=True)
class SourceCheck(Check):
    """How the student's function is written: ``rule`` is "no_loops" or "numpy_only".

    The grade comes from the submitted text, read in the trusted process (``read_source``); the
    capture reads the live function, for the student's own self-check.
    """

    rule: str = "no_loops"
    reads_source: ClassVar[bool] = True

    def __post_init__(self):
        if self.rule not in ("no_loops", "numpy_only"):
            raise ValueError(f"{self.check_id}: unknown source rule {self.rule!r}")

    def capture(self, answer: Any, args: tuple) -> Captured:
        return source.capture_loops(answer, args) if self.rule == "no_loops" else source.capture_library_calls(answer, args)

    def read_source(self, code: source.CodeCells, name: str) -> Captured:
        return source.loops_in_cells(code, name) if self.rule == "no_loops" else source.library_calls_in_cells(code, name)

    def compare(self, got: Any, expected: Any) -> Outcome | None:
        return source.compare_no_loops(got, expected) if self.rule == "no_loops" else source.compare_no_library(got, expected)


@dataclass(frozen=True)
class ModelCheck(Check):
    """A Keras model (or the function that builds it), described as plain data; see :func:`models.compare_model`."""

    atol: float = DEFAULT_ATOL

    def capture(self, answer: Any, args: tuple) -> Captured:
        return models.capture_model(answer, args)

    def compare(self, got: Any, expected: Any) -> Outcome | None:
        return models.compare_model(got, expected, atol=self.atol)


@dataclass(frozen=True)
class TrainingCheck(Check):
    """A model the grader trains itself (:mod:`autograder.checks.training`); judged in three steps.

    ``before_training`` applies every rule that needs no training; ``request`` is what the model
    judge trains; ``verdict`` applies the rules to the medians of its runs. Feedback shows the
    measured numbers even for hidden cases (they reveal no answer), and self-checks stand aside in
    the grading sandbox, where the trusted judge trains the model instead.
    """

    trains: ClassVar[bool] = True
    shows_numbers: ClassVar[bool] = True

    def capture(self, answer: Any, args: tuple) -> Captured:
        return training.capture_training(answer, args)

    def compare(self, got: Any, expected: Any) -> Outcome | None:
        raise TypeError(f"{self.check_id} is judged by training: before_training, then the judge, then verdict")

    def before_training(self, got: Any, expected: dict) -> Outcome | None:
        return training.check_before_training(got, expected)

    def request(self, got: Any, expected: dict) -> dict:
        return training.training_request(got, expected)

    def verdict(self, judged: dict, expected: dict) -> Outcome:
        return training.apply_rules(judged, expected)


@dataclass(frozen=True)
class AttackCheck(Check):
    """An attack on the grader's target (:mod:`autograder.checks.attacks`): the student's function makes
    the images next to the student's code; the trusted side checks the budget and measures its own copy
    of the target on them. Its failures show their measurements, which reveal no answer."""

    shows_numbers: ClassVar[bool] = True

    def capture(self, answer: Any, args: tuple) -> Captured:
        return attacks.capture_attack(answer, args)

    def compare(self, got: Any, expected: Any) -> Outcome | None:
        return attacks.compare_attack(got, expected)
