"""The results of grading, one model from the class down: submission → notebook → test cell → verdicts.

Plain data, decided in the trusted process and written by one writer (:mod:`autograder.grading.record`).
Full verdicts are kept here and in ``report.json`` (the instructor's), hidden cases included; they
are redacted only when a student's feedback is rendered (:mod:`autograder.grading.feedback`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from autograder.checks.verdict import Verdict


class Status(str, Enum):
    """How a submission's run ended: graded, or the first problem that stopped it."""

    GRADED = "graded"
    UNREADABLE = "unreadable"  # the notebook could not be read (not JSON, not a notebook, too large, missing)
    TIMEOUT = "timeout"  # a cell, or the whole notebook, ran past its time
    MEMORY = "memory"  # past the memory limit
    CRASHED = "crashed"  # the notebook's Python process ended early
    FLOODED = "flooded"  # more output than the channel takes
    ERROR = "error"  # the grader itself failed on this submission


@dataclass
class CellResult:
    """One test cell: its points (all or nothing) and the verdict of every check call in it."""

    points: float
    max_points: float
    verdicts: list[Verdict] = field(default_factory=list)


@dataclass
class NotebookResult:
    """One notebook: its test cells by grade id, in the notebook's order, and notes on the file."""

    name: str
    cells: dict[str, CellResult] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # tampering and missing cells, in words

    @property
    def score(self) -> float:
        return sum(cell.points for cell in self.cells.values())

    @property
    def max_score(self) -> float:
        return sum(cell.max_points for cell in self.cells.values())

    def to_dict(self) -> dict:
        """For ``report.json``: every verdict in full; figures stay in the feedback notebook."""
        return {
            "name": self.name, "notes": list(self.notes), "score": self.score, "max_score": self.max_score,
            "scores": {gid: cell.points for gid, cell in self.cells.items()},
            "max_scores": {gid: cell.max_points for gid, cell in self.cells.items()},
            "verdicts": {gid: [{k: v for k, v in verdict.to_dict().items() if k != "figure"} for verdict in cell.verdicts]
                         for gid, cell in self.cells.items()},
        }


@dataclass
class SubmissionResult:
    """Everything decided about one student's assignment."""

    student: str
    assignment: str
    status: Status = Status.GRADED
    reason: str = ""
    seconds: float = 0.0
    isolated: bool = True
    fingerprint: str = ""
    notebooks: list[NotebookResult] = field(default_factory=list)
    feedback: dict = field(default_factory=dict)  # notebook file name -> feedback notebook

    @property
    def score(self) -> float:
        return sum(nb.score for nb in self.notebooks)

    @property
    def max_score(self) -> float:
        return sum(nb.max_score for nb in self.notebooks)

    def scores(self) -> dict[tuple[str, str], float]:
        """``{(notebook, grade id): points}`` of every graded cell, for the gradebook."""
        return {(nb.name, gid): cell.points for nb in self.notebooks for gid, cell in nb.cells.items()}

    def record(self) -> dict:
        """This submission's entry in ``report.json``."""
        return {
            "student": self.student, "assignment": self.assignment, "status": self.status.value, "reason": self.reason,
            "seconds": self.seconds, "isolated": self.isolated, "fingerprint": self.fingerprint,
            "score": self.score, "max_score": sum(nb.max_score for nb in self.notebooks),
            "notebooks": [nb.to_dict() for nb in self.notebooks],
        }


@dataclass
class GradeReport:
    """The outcome of one grading run.

    Attributes:
        out: the output folder (an nbgrader course directory).
        rows: one dict per student and assignment, with nbgrader's export columns.
        problems: ``(student, assignment, reason)`` for submissions that did not run cleanly.
        records: ``report.json``'s entries, keyed ``student/assignment``.
        isolation: which isolation features this run used.
        skipped: submissions kept from an earlier run (``--resume``).
        tampering: gradebook entries that differed from the trusted scores (all corrected).
        warnings: what was skipped in the submissions folder, by name (unknown folders, stray notebooks).
        moved: files graded although found under another name or in another place, with the fix.
    """

    out: Path
    rows: list[dict] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    records: dict[str, dict] = field(default_factory=dict)
    isolation: dict = field(default_factory=dict)
    skipped: int = 0
    tampering: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # (student, assignment, how a file was found)

    @property
    def grades_csv(self) -> Path:
        return self.out / "grades.csv"

    @property
    def report_json(self) -> Path:
        return self.out / "report.json"
