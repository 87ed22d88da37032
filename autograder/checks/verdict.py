"""The outcome of one graded check, as plain data that can cross a process boundary."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace


@dataclass(frozen=True)
class Verdict:
    """What a check decided, in words a student can act on.

    Attributes:
        check_id: the registered check, e.g. ``"01.forward"``.
        passed: whether every case matched.
        cases: how many cases were compared.
        expected: what the reference gives (empty when the check passed).
        got: what the student's answer gave (empty when the check passed).
        hint: a nudge towards the usual mistake (empty when the check passed).
        figure: a base64 PNG shown with the feedback (a training check's learning curves), or "".
        hidden: the grader's hidden cases: a student sees :meth:`for_student`, not their numbers.
        judged: a training check's record for instructors (``report.json``): backend, versions, device,
            loop, seeds and each rule's value per seed; empty for other checks.

    Example:
        >>> v = Verdict("01.sigmoid", False, 3, expected="0.5", got="-0.5", hint="Check the sign.")
        >>> Verdict.from_dict(v.to_dict()) == v
        True
        >>> print(v.message())
        01.sigmoid failed.
          expected: 0.5
          got:      -0.5
          hint:     Check the sign.
    """

    check_id: str
    passed: bool
    cases: int
    expected: str = ""
    got: str = ""
    hint: str = ""
    figure: str = ""
    hidden: bool = False
    judged: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Verdict":
        fields = {"check_id": str, "passed": bool, "cases": int, "expected": str, "got": str, "hint": str, "figure": str,
                  "hidden": bool, "judged": dict}
        unknown = set(data) - set(fields)
        if unknown:
            raise ValueError(f"unknown verdict fields {sorted(unknown)}")
        for name, kind in fields.items():
            if name in data and type(data[name]) is not kind:
                raise ValueError(f"verdict field {name!r} must be {kind.__name__}; got {type(data[name]).__name__}")
        return cls(**data)

    def for_student(self, *, shows_numbers: bool = False) -> "Verdict":
        """What a student may see: a failed hidden case says what went wrong (an error, or another
        answer) without its inputs or expected values, unless its numbers reveal no answer
        (``shows_numbers``: a training check's measurements).

        Example:
            >>> Verdict("01.relu", False, 2, expected="[0.0, 3.5]", got="an error: ValueError: bad", hidden=True).for_student().got
            'your code raised an error on one of them: ValueError: bad'
        """
        if self.passed or not self.hidden or shows_numbers:
            return replace(self, judged={})  # the judge's record (seeds included) is for instructors
        if self.got.startswith("an error: "):
            said = self.got[len("an error: "):].strip().splitlines()
            got = f"your code raised an error on one of them: {said[0][:200] if said else 'an error'}"
        else:
            got = "a different answer on at least one of them"
        return Verdict(self.check_id, False, self.cases, expected="the right answer on the grader's hidden cases",
                       got=got, hint=self.hint, hidden=True)

    def message(self) -> str:
        if self.passed:
            if self.got:  # a measured result worth showing, e.g. a training check's accuracy
                return f"{self.check_id} passed: {self.got}."
            plural = "case" if self.cases == 1 else "cases"
            return f"{self.check_id} passed ({self.cases} {plural})."
        lines = [f"{self.check_id} failed."]
        if self.expected:
            lines.append(f"  expected: {self.expected}")
        if self.got:
            lines.append(f"  got:      {self.got}")
        if self.hint:
            lines.append(f"  hint:     {self.hint}")
        return "\n".join(lines)


class CheckFailure(AssertionError):
    """Raised in a notebook when a check fails; its text is the verdict's message."""

    def __init__(self, verdict: Verdict):
        super().__init__(verdict.message())
        self.verdict = verdict

    def _render_traceback_(self) -> list[str]:
        # IPython shows these lines instead of a traceback: the verdict once, and no frame of the
        # grader's own code (an error in the student's code is named in "got", with its line).
        return ["CheckFailure: " + self.verdict.message()]
