"""The short exercises at the end of each lesson: an answer is checked without the lesson showing it.

Each question keeps only hashes of the answers it accepts (a number rounded to the digits the
question asks for, give or take one in the last digit; a whole number; a choice), and a hint that
teaches the idea. Nothing is graded: the exercises are for the reader.

Example, in a lesson:
    >>> from course.selfcheck import check_answer
    >>> check_answer("L03.1", None)
    L03.1: not answered yet (replace None with your answer)
    >>> check_answer("L03.1", 2.4)
    L03.1: right
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
from pathlib import Path

# Each question's kind ("number" rounded to ``digits`` significant digits, "integer", "choice"), the
# hashes of the answers it accepts (made with ``python -m course.selfcheck QID ANSWER``) and a hint.
QUESTIONS: dict[str, dict] = json.loads((Path(__file__).parent / "lessons" / "self_checks.json").read_text(encoding="utf-8"))


def _digest(question: str, normalized: str) -> str:
    return hashlib.sha256(f"{question}:{normalized}".encode()).hexdigest()[:16]


def _normalized(kind: str, value, digits: int | None = None) -> str | None:
    """The answer as the text that is hashed, or None when it is not of the question's kind."""
    if kind == "choice":
        return str(value).strip().lower() if isinstance(value, str) else None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        return None
    if kind == "integer":
        return str(int(value)) if float(value) == int(value) else None
    return f"{float(value):.{digits}g}"


def accepted(question: str, kind: str, answer, *, digits: int | None = None) -> list[str]:
    """The hashes a question keeps for ``answer``: for a number, also one unit up and down in its last digit.

    Example:
        >>> len(accepted("Lxx.1", "number", 0.8176, digits=2))
        3
    """
    if kind != "number":
        return [_digest(question, _normalized(kind, answer))]
    rounded = float(f"{float(answer):.{digits}g}")
    unit = 10 ** (math.floor(math.log10(abs(rounded))) - digits + 1) if rounded else 10 ** -digits
    return [_digest(question, _normalized(kind, rounded + step * unit, digits)) for step in (-1, 0, 1)]


def check_answer(question: str, answer) -> None:
    """Print whether ``answer`` is right, or a hint when it is not (nothing is returned, so a notebook shows only the line).

    Numbers are compared at the precision the question asks for, give or take one in the last digit.
    """
    entry = QUESTIONS[question]
    if answer is None:
        print(f"{question}: not answered yet (replace None with your answer)")
        return
    normalized = _normalized(entry["kind"], answer, entry.get("digits"))
    if normalized is None:
        wanted = {"choice": "one of the choices, as text", "integer": "a whole number", "number": "a number"}
        print(f"{question}: expected {wanted[entry['kind']]}, got {answer!r}")
        return
    right = _digest(question, normalized) in entry["hashes"]
    print(f"{question}: right" if right else f"{question}: not yet. Hint: {entry['hint']}")


if __name__ == "__main__":  # an author's tool: the hashes to store for a question's answer
    import argparse

    parser = argparse.ArgumentParser(description="hashes of an answer, for QUESTIONS")
    parser.add_argument("question")
    parser.add_argument("answer")
    parser.add_argument("--kind", choices=["number", "integer", "choice"], default="number")
    parser.add_argument("--digits", type=int, default=2)
    args = parser.parse_args()
    value = args.answer if args.kind == "choice" else float(args.answer)
    print(accepted(args.question, args.kind, value, digits=args.digits))
