"""Call a student's code with its stderr and warnings captured.

A harmless warning on stderr inside a graded test cell zeroes the cell under nbgrader (its
``determine_grade`` treats any stderr output as failure). Checks therefore call student code through
:func:`call_captured`, which holds what the code writes to stderr (Python and C level) and the
warnings it raises, and hands them back so the check can show them on stdout instead.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

from autograder.checks.plain import NotPlainData, to_plain

MAX_NOTE_CHARS = 600


@dataclass
class Captured:
    """What one call of student code produced: plain data, or the error it raised."""

    value: Any = None
    error: str = ""
    noise: list[str] = field(default_factory=list)  # stderr text and warnings, for a note


@contextlib.contextmanager
def _stderr_held(noise: list[str]):
    sys.stderr.flush()
    with tempfile.TemporaryFile(mode="w+b") as sink:
        saved_fd = os.dup(2)
        python_err = io.StringIO()
        os.dup2(sink.fileno(), 2)
        try:
            with contextlib.redirect_stderr(python_err), warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                yield
        finally:
            os.dup2(saved_fd, 2)
            os.close(saved_fd)
            sink.seek(0)
            c_level = sink.read().decode("utf-8", "replace")
            noise.extend(text for text in (python_err.getvalue(), c_level) if text.strip())
            noise.extend(f"{w.category.__name__}: {w.message}" for w in caught)


def call_captured(fn: Callable[..., Any], *args: Any, to_data: Callable[[Any], Any] = to_plain) -> Captured:
    """Run ``fn(*args)`` and convert its result with ``to_data``; never raises for the student's errors.

    Example:
        >>> call_captured(lambda x: x + 1, 2).value
        3
        >>> call_captured(lambda: 1 / 0).error
        'ZeroDivisionError: division by zero (line 1 of <lambda>)'
    """
    captured = Captured()
    try:
        with _stderr_held(captured.noise):
            captured.value = to_data(fn(*args))
    except NotPlainData as error:
        captured.error = str(error)
    except Exception as error:  # the student's bug, reported as what came back, with where it happened
        captured.error = f"{type(error).__name__}: {error}{_where(error)}"
    return captured


def _where(error: BaseException) -> str:
    """`` (line 3 of forward)``: the innermost frame of the student's code, not of the grader's or a library's."""
    import traceback

    ours = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if not os.path.abspath(frame.filename).startswith(ours) and not frame.filename.startswith(sys.prefix)
              and "site-packages" not in frame.filename and not frame.filename.startswith(sys.base_prefix)]
    if not frames:
        return ""
    frame = frames[-1]
    return f" (line {frame.lineno} of {frame.name})" if frame.name != "<module>" else f" (line {frame.lineno})"


def format_noise(noise: list[str]) -> str:
    """A short note of what student code wrote to stderr, for stdout (it does not affect grades)."""
    text = "\n".join(item.strip() for item in noise)
    if len(text) > MAX_NOTE_CHARS:
        text = text[:MAX_NOTE_CHARS] + " ..."
    return text
