"""Grade a class with nbgrader: gradebook, autograde, feedback and a grades table.

The output folder is an ordinary nbgrader course directory (``source/``, ``submitted/``,
``autograded/``, ``feedback/``, ``gradebook.db``), so nbgrader's own tools (formgrader, export)
work on it too, plus ``grades.csv`` in nbgrader's export format.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from autograder.course_dir import GradingError, find_source_dir, source_assignments
from autograder.nbgrader_app import last_line, nbgrader_api, prepare_environment, require_success

DEFAULT_OUT = "grading"


@dataclass
class GradeReport:
    """The outcome of one grading run.

    Attributes:
        out: the output folder (an nbgrader course directory).
        rows: one dict per student and assignment, with nbgrader's export columns.
        problems: ``(student, assignment, reason)`` for submissions nbgrader could not grade.
    """

    out: Path
    rows: list[dict] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def grades_csv(self) -> Path:
        return self.out / "grades.csv"


def find_submissions(submissions: Path) -> dict[str, list[str]]:
    """``{assignment: [student, ...]}`` for a folder laid out as ``<student>/<assignment>/*.ipynb``."""
    found: dict[str, list[str]] = {}
    for student_dir in sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if any(assignment_dir.glob("*.ipynb")):
                found.setdefault(assignment_dir.name, []).append(student_dir.name)
    return found


def grade(
    submissions: str | Path,
    *,
    assignment: str | None = None,
    out: str | Path = DEFAULT_OUT,
    source: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> GradeReport:
    """Autograde every submission under ``submissions`` with nbgrader and write the results to ``out``.

    Args:
        submissions: a folder laid out like nbgrader's ``submitted/``: ``<student>/<assignment>/*.ipynb``.
        assignment: grade only this assignment (default: every assignment found there).
        out: the output folder; it becomes an nbgrader course directory with ``grades.csv``.
        source: the folder of source (solution) assignments; see :func:`find_source_dir`.
        progress: called with a short line as each submission is graded.

    Raises:
        GradingError: no such folder, an unknown assignment, or no submissions to grade.

    Example (instructor):
        >>> from autograder.grading import grade
        >>> report = grade("examples/submissions", out="grading")  # doctest: +SKIP
        >>> report.grades_csv  # doctest: +SKIP
        PosixPath('grading/grades.csv')
    """
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise GradingError(f"no submissions folder at {submissions}")
    source_dir = find_source_dir(source)
    known = source_assignments(source_dir)
    found = find_submissions(submissions)
    if assignment is not None:
        if assignment not in known:
            raise GradingError(f"unknown assignment {assignment!r}; known: {', '.join(known) or 'none'}")
        found = {assignment: found.get(assignment, [])}
    unknown = sorted(set(found) - set(known))
    if unknown:
        raise GradingError(f"submissions for unknown assignment(s) {', '.join(unknown)}; known: {', '.join(known)}")
    if not any(found.values()):
        raise GradingError(f"no submissions under {submissions} (expected <student>/<assignment>/*.ipynb)")

    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    prepare_environment()
    api = nbgrader_api(out)
    report = GradeReport(out=out)
    for name, students in sorted(found.items()):
        _copy_tree(source_dir / name, out / "source" / name)
        require_success(api.generate_assignment(name, force=True, create=True), f"generate_assignment {name}")
        for student in students:
            if progress:
                progress(f"grading {student} / {name}")
            _copy_tree(submissions / student / name, out / "submitted" / student / name)
            result = api.autograde(name, student, force=True, create=True)
            if not result["success"]:
                reason = _unreadable_notebook(submissions / student / name) or last_line(result)
                report.problems.append((student, name, reason))
                continue
            feedback = api.generate_feedback(name, student, force=True)
            if not feedback["success"]:
                report.problems.append((student, name, "feedback: " + last_line(feedback)))
    _export_grades(api, report)
    return report


def _unreadable_notebook(folder: Path) -> str | None:
    """Why a submitted notebook cannot be read, in words an instructor can pass on; None if all read."""
    import nbformat

    for path in sorted(folder.glob("*.ipynb")):
        try:
            nbformat.read(str(path), as_version=4)
        except Exception as error:  # JSON or schema errors: the file itself is broken
            return f"{path.name} is not a readable notebook ({type(error).__name__}: {str(error).splitlines()[0]})"
    return None


def _copy_tree(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))


def _export_grades(api, report: GradeReport) -> None:
    from nbgrader.plugins import CsvExportPlugin

    exporter = CsvExportPlugin(parent=api)
    exporter.to = str(report.grades_csv)
    gradebook = api.gradebook
    try:
        exporter.export(gradebook)
    finally:
        gradebook.close()
    with open(report.grades_csv, newline="") as handle:
        report.rows = list(csv.DictReader(handle))
