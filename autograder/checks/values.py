"""Values a check works with: cases, the captures that make plain data, the comparisons of plain data.

The building blocks of :mod:`autograder.checks.kinds`: a capture runs next to the student's code
and returns plain data (:mod:`autograder.checks.plain`); a comparison is a pure function of plain
data that returns ``None`` when the answer agrees with the reference, or an :class:`Outcome`
saying how it differs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.checks.plain import has_non_finite
from autograder.checks.student_code import Captured, call_captured

MAX_SHOWN_CHARS = 300


@dataclass(frozen=True)
class Case:
    """One input to a check and the answer the reference gives for it.

    Example:
        >>> from autograder import case
        >>> case(0.0, expected=0.5)
        Case(args=(0.0,), expected=0.5)
    """

    args: tuple
    expected: Any


def case(*args: Any, expected: Any) -> Case:
    """One case of a check: the arguments to call the answer with, and the expected result."""
    return Case(args=tuple(args), expected=expected)


@dataclass(frozen=True)
class Outcome:
    """What judging one answer found, in words: the one outcome type of every kind of check.

    A comparison returns ``None`` when the answer agrees and there is nothing more to say, or an
    Outcome: :meth:`mismatch` (how it differs) or :meth:`measured` (it holds, and here are the
    numbers, e.g. a training check's medians).

    Example:
        >>> Outcome.mismatch("0.5", "-0.5").passed
        False
    """

    passed: bool
    expected: str = ""
    got: str = ""
    figure: str = ""  # a base64 PNG for the feedback (training checks' learning curves)
    hint: str = ""  # a hint of its own (a rule broken before training), instead of the check's
    judged: dict = field(default_factory=dict)  # a training check's record: backend, seeds, values per seed

    @classmethod
    def mismatch(cls, expected: str, got: str, figure: str = "", hint: str = "", judged: dict | None = None) -> "Outcome":
        """The answer differs from the reference: what was expected, what came."""
        return cls(False, expected, got, figure, hint, judged or {})

    @classmethod
    def measured(cls, got: str, figure: str = "", judged: dict | None = None) -> "Outcome":
        """The answer holds; ``got`` shows what was measured."""
        return cls(True, "", got, figure, "", judged or {})


def show(value: Any) -> str:
    """Plain data as short text for feedback: numbers rounded to 4 decimals, long text cut.

    Example:
        >>> show([[0.731058, 0.5]])
        '[[0.7311, 0.5]]'
    """
    text = repr(_rounded(value))
    return text if len(text) <= MAX_SHOWN_CHARS else text[:MAX_SHOWN_CHARS] + " ..."


def _rounded(value: Any) -> Any:
    if type(value) is float:
        return round(value, 4)
    if type(value) is list:
        return [_rounded(item) for item in value]
    if type(value) is dict:
        return {key: _rounded(item) for key, item in value.items()}
    return value


def compare_arrays(got: Any, expected: Any, *, atol: float) -> Outcome | None:
    """Numbers or arrays equal in shape and within ``atol`` of each other.

    Example:
        >>> compare_arrays([0.5, 0.7], [0.5, 0.7000001], atol=1e-6) is None
        True
        >>> compare_arrays([[0.5, 0.7]], [0.5, 0.7], atol=1e-6).got
        'an array of shape (1, 2): [[0.5, 0.7]]'
    """
    try:
        if not _all_numbers(got):
            raise TypeError("not numbers")
        got_array = np.asarray(got, dtype=float)
    except (ValueError, TypeError):  # strings, ragged lists, None: not an answer of numbers
        return Outcome.mismatch(expected=_describe(expected), got=f"something that is not an array of numbers: {show(got)}")
    expected_array = np.asarray(expected, dtype=float)
    if got_array.shape != expected_array.shape:
        return Outcome.mismatch(expected=_describe(expected), got=_describe(got))
    if has_non_finite(got) or not np.all(np.isfinite(got_array)):
        return Outcome.mismatch(expected=_describe(expected), got=f"NaN or infinite values: {show(got)}")
    if not np.allclose(got_array, expected_array, rtol=0.0, atol=atol):
        return Outcome.mismatch(expected=show(expected), got=show(got))
    return None


def compare_parts(got: Any, expected: list, *, atol: float, names: tuple[str, ...] = ()) -> Outcome | None:
    """A tuple or list of arrays of different shapes (gradients, weights and bias), each within ``atol``.

    Example:
        >>> compare_parts([[1.0, 2.0], 0.5], [[1.0, 2.0], 0.25], atol=1e-6, names=("w", "b")).expected
        'b = 0.25'
    """
    if type(got) is not list or len(got) != len(expected):
        return Outcome.mismatch(expected=f"{len(expected)} arrays" + (f" ({', '.join(names)})" if names else ""),
                        got=f"{len(got)} values" if type(got) is list else show(got))
    for index, (part, want) in enumerate(zip(got, expected)):
        mismatch = compare_arrays(part, want, atol=atol)
        if mismatch is not None:
            label = names[index] if index < len(names) else f"part {index + 1}"
            return Outcome.mismatch(expected=f"{label} = {mismatch.expected}", got=f"{label} = {mismatch.got}")
    return None


def _all_numbers(value: Any) -> bool:
    if type(value) is list:
        return all(_all_numbers(item) for item in value)
    return type(value) in (int, float)


def _describe(value: Any) -> str:
    shape = np.shape(value)
    if shape == ():
        return show(value)
    return f"an array of shape {shape}: {show(value)}"


def compare_equal(got: Any, expected: Any) -> Outcome | None:
    """Exact equality of plain data; a whole float equals the same int, a bool equals no number.

    Example:
        >>> compare_equal(650, 650.0) is None
        True
        >>> compare_equal(True, 1).got
        'True'
    """
    numbers = (int, float)
    if type(got) in numbers and type(expected) in numbers:
        same = got == expected
    else:
        same = type(got) is type(expected) and got == expected
    return None if same else Outcome.mismatch(expected=show(expected), got=show(got))


def capture_call(answer: Any, args: tuple) -> Captured:
    """Call the student's function with the case's arguments."""
    if not callable(answer):
        return Captured(error=f"expected a function; got a {type(answer).__name__}")
    return call_captured(answer, *args)


def capture_call_keeping_inputs(answer: Any, args: tuple) -> Captured:
    """Call the student's function; if it changed an array it was given, that is the answer reported.

    The value is then ``{"changed_arguments": [positions, from 1]}``, which :func:`compare_keeping_inputs`
    turns into a failure: a function must not change its caller's arrays unless the task says so.
    """
    before = [np.array(arg, copy=True) if type(arg) is np.ndarray else None for arg in args]
    result = capture_call(answer, args)
    if result.error:
        return result
    changed = [position for position, (arg, old) in enumerate(zip(args, before), start=1)
               if old is not None and not (arg.shape == old.shape and np.array_equal(arg, old, equal_nan=True))]
    return Captured(value={"changed_arguments": changed}, noise=result.noise) if changed else result


def compare_keeping_inputs(got: Any, expected: Any, *, atol: float, names: tuple[str, ...]) -> Outcome | None:
    """:func:`compare_arrays`, after refusing an answer that changed its caller's arrays.

    Example:
        >>> compare_keeping_inputs({"changed_arguments": [2]}, [1.0], atol=1e-6, names=("f", "w")).got
        "your function changed the caller's w"
    """
    if type(got) is dict and type(got.get("changed_arguments")) is list:
        changed = ", ".join(names[i - 1] if type(i) is int and 0 < i <= len(names) else str(i) for i in got["changed_arguments"])
        return Outcome.mismatch(expected="the result, with the caller's arrays left as they were", got=f"your function changed the caller's {changed}")
    return compare_arrays(got, expected, atol=atol)


def capture_value(answer: Any, args: tuple) -> Captured:
    """The student's answer is a value (a number or an array computed in the notebook)."""
    return call_captured(lambda: answer)
