"""Capture facts about the *source* of a student's function, as plain data.

Used where a task asks for a way of computing (one matrix product, no Python loops) and not only
for a result. Reading the source is a heuristic a determined student can dodge (code built in
strings); it exists to teach and to catch the honest loop, not to police.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any

from autograder.checks._base import Mismatch
from autograder.student_code import Captured

_LOOPS = {
    ast.For: "a for loop",
    ast.AsyncFor: "a for loop",
    ast.While: "a while loop",
    ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension",
    ast.DictComp: "a dict comprehension",
    ast.GeneratorExp: "a generator expression",
}


def python_loops(fn: Any) -> list[str]:
    """The Python-level loops in ``fn``'s source, e.g. ``["a for loop on line 2"]``.

    Example:
        >>> def rows(x):
        ...     return [r.sum() for r in x]
        >>> python_loops(rows)
        ['a list comprehension on line 2']
    """
    source = textwrap.dedent(inspect.getsource(fn))
    found = []
    for node in ast.walk(ast.parse(source)):
        for kind, words in _LOOPS.items():
            if isinstance(node, kind):
                found.append(f"{words} on line {node.lineno}")
    return sorted(found, key=lambda text: int(text.rsplit(" ", 1)[1]))


def loops_in_cells(sources: list[str], name: str) -> Captured:
    r"""The loops of the last ``def name(...)`` in the student's cells, read as text (trusted side).

    Example:
        >>> loops_in_cells(["def f(x):\n    return x", "def f(x):\n    while x:\n        x -= 1"], "f").value
        ['a while loop on line 2']
    """
    found = None
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
                found = node
    if found is None:
        return Captured(error=f"no function named {name} was found in your cells")
    lines = []
    for node in ast.walk(found):
        for kind, words in _LOOPS.items():
            if isinstance(node, kind):
                lines.append((node.lineno - found.lineno + 1, words))
    return Captured(value=[f"{words} on line {line}" for line, words in sorted(lines)])


def capture_loops(answer: Any, args: tuple) -> Captured:
    """The loops in the student's function (its source is read, not run)."""
    if not callable(answer):
        return Captured(error=f"expected a function; got a {type(answer).__name__}")
    try:
        return Captured(value=python_loops(answer))
    except (OSError, TypeError, SyntaxError) as error:
        return Captured(error=f"could not read the function's source ({error})")


def compare_no_loops(got: Any, expected: Any) -> Mismatch | None:
    """Pass when the captured list of loops is empty (``expected`` is ``[]``)."""
    if got == expected == []:
        return None
    return Mismatch(expected="no Python loops", got=", ".join(map(str, got)) if isinstance(got, list) else repr(got))
