"""The records of a grading run, written in one place: gradebook, autograded notebooks, report.json, grades.csv.

Trusted code, the one writer: :func:`record` stores one submission's results as they come,
:func:`write_report` and :func:`export_grades` finish the run. :func:`write_scores` is the only
writer of scores. The sandbox keeps student code
away from the gradebook; the audit holds even when it did not (``--no-sandbox``) or failed.
Before any student code runs, :func:`snapshot` records what the gradebook holds for the
submissions this run will not regrade (earlier runs, an instructor's manual scores). After
grading, :func:`audit` compares every score, every grade cell's points and the list of
submissions with the trusted results plus that snapshot; each difference is reported as
tampering and corrected from the trusted side.

Example (what ``deepsteps grade`` does):

    before = snapshot(db_url, regrade={("alice", "01_define_network")})
    ...  # grade, record
    findings = audit(db_url, trusted=scores, points=points, before=before)
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.grading.results import GradeReport, SubmissionResult

ISOLATION_NOTE = "grades-isolation.txt"
NOT_ISOLATED_WARNING = (
    "WARNING: graded with --no-sandbox: student code ran WITHOUT isolation (it could read the solutions, "
    "reach the network and write files as you). The gradebook was checked against the trusted scores "
    "afterwards, but only the sandbox protects them: install bubblewrap and grade again."
)

Key = tuple[str, str]  # (student, assignment)


@dataclass
class Snapshot:
    """What the gradebook held before grading for submissions this run keeps as they are."""

    grades: dict[Key, dict[tuple[str, str], tuple]] = field(default_factory=dict)  # (notebook, grade id) -> scores
    points: dict[tuple[str, str, str], float] = field(default_factory=dict)  # (assignment, notebook, grade id) -> max


def write_scores(db_url: str, student: str, assignment: str, scores: dict[tuple[str, str], float]) -> None:
    """Replace a student's submission of ``assignment`` by these scores (idempotent: remove, then add).

    ``scores``: ``{(notebook, grade id): points}``, every graded cell of the assignment.
    """
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gradebook:
        gradebook.update_or_create_student(student)
        try:
            gradebook.remove_submission(assignment, student)
        except MissingEntry:
            pass
        gradebook.add_submission(assignment, student)
        for (notebook, cell), points in scores.items():
            gradebook.find_grade(cell, notebook, assignment, student).auto_score = points
        gradebook.db.commit()


def _scores_of(submission) -> dict[tuple[str, str], tuple]:
    return {(notebook.name, grade.name): (grade.auto_score, grade.manual_score, grade.extra_credit)
            for notebook in submission.notebooks for grade in notebook.grades}


def snapshot(db_url: str, *, regrade: set[Key]) -> Snapshot:
    """The gradebook's scores of every submission except those in ``regrade``, and every grade cell's points, now."""
    from nbgrader.api import Gradebook

    taken = Snapshot()
    with Gradebook(db_url) as gradebook:
        for assignment in gradebook.assignments:
            for notebook in assignment.notebooks:
                for cell in notebook.grade_cells:
                    taken.points[assignment.name, notebook.name, cell.name] = cell.max_score
            for submission in assignment.submissions:
                if (submission.student.id, assignment.name) not in regrade:
                    taken.grades[submission.student.id, assignment.name] = _scores_of(submission)
    return taken


def audit(db_url: str, *, trusted: dict[Key, dict[tuple[str, str], float]], points: dict[tuple[str, str, str], float],
          before: Snapshot) -> list[str]:
    """Correct the gradebook to the trusted results; return one line per difference found.

    ``trusted``: the scores this run decided, ``{(student, assignment): {(notebook, grade id): points}}``
    (their manual scores and extra credit must be empty: the grader wrote none). ``points``: every
    graded cell's points, from the source notebooks this run read before any student code ran.
    Submissions this run did not grade must still hold what ``before`` recorded; any other
    submission in the gradebook was not written by the grader and is removed.
    """
    from nbgrader.api import Gradebook

    findings: list[str] = []
    expected = {key: {cell: (score, None, None) for cell, score in cells.items()} for key, cells in trusted.items()}
    for key, cells in before.grades.items():
        expected.setdefault(key, cells)
    with Gradebook(db_url) as gradebook:
        for assignment in gradebook.assignments:
            for notebook in assignment.notebooks:
                for cell in notebook.grade_cells:
                    want = points.get((assignment.name, notebook.name, cell.name),
                                      before.points.get((assignment.name, notebook.name, cell.name), cell.max_score))
                    if cell.max_score != want:
                        findings.append(f"{assignment.name} {notebook.name} {cell.name}: points were {cell.max_score:g}, "
                                        f"the source gives {want:g}")
                        cell.max_score = want
            for submission in list(assignment.submissions):
                key = (submission.student.id, assignment.name)
                if key not in expected:
                    findings.append(f"{key[0]}/{key[1]}: a submission the grader never wrote (removed)")
                    gradebook.db.delete(submission)
                    continue
                want_cells = expected[key]
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        want = want_cells.get((notebook.name, grade.name))
                        got = (grade.auto_score, grade.manual_score, grade.extra_credit)
                        if want is not None and got != tuple(want):
                            findings.append(f"{key[0]}/{key[1]} {notebook.name} {grade.name}: "
                                            f"{_words(got)} where the grader decided {_words(tuple(want))} (corrected)")
                            grade.auto_score, grade.manual_score, grade.extra_credit = want
        gradebook.db.commit()
        present = {(s.student.id, a.name) for a in gradebook.assignments for s in a.submissions}
    for key in sorted(set(trusted) - present):
        findings.append(f"{key[0]}/{key[1]}: the grader's scores were missing from the gradebook (written again)")
        write_scores(db_url, *key, trusted[key])
    return findings


def _words(scores: tuple) -> str:
    auto, manual, extra = scores
    words = [f"auto score {auto:g}" if auto is not None else "no auto score"]
    if manual is not None:
        words.append(f"manual score {manual:g}")
    if extra is not None:
        words.append(f"extra credit {extra:g}")
    return ", ".join(words)


def load_records(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text())
        return {key: value for key, value in data["submissions"].items() if isinstance(value, dict)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def record(db_url: str, out: Path, submission, result: SubmissionResult, report: GradeReport) -> None:
    """Gradebook, autograded (feedback) notebook, report.json: written here and only here."""
    name, student = result.assignment, result.student
    submitted = out / "submitted" / student / name  # under the names the source expects: nbgrader's layout
    if submitted.exists():
        shutil.rmtree(submitted)
    submitted.mkdir(parents=True)
    for notebook, path in submission.files.items():
        shutil.copyfile(path, submitted / notebook)
    autograded = out / "autograded" / student / name
    if autograded.exists():
        shutil.rmtree(autograded)
    autograded.mkdir(parents=True)
    for notebook_file, nb in result.feedback.items():
        nbformat.write(nb, str(autograded / notebook_file))
    write_scores(db_url, student, name, result.scores())
    report.records[f"{student}/{name}"] = result.record()
    write_report(report)


def write_report(report: GradeReport) -> None:
    unisolated = sorted(key for key, record in report.records.items() if not record.get("isolated", True))
    # Submissions sorted by key; inside each, test cells stay in the notebook's order.
    data = {"isolation": report.isolation, "submissions": dict(sorted(report.records.items()))}
    if unisolated:
        data["warning"] = NOT_ISOLATED_WARNING
    if report.tampering:
        data["gradebook_tampering"] = report.tampering
    temporary = report.report_json.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(data, indent=1))
    os.replace(temporary, report.report_json)  # atomic: an interrupted run never leaves half a report
    # The grades' companion note, beside grades.csv, for whoever uploads the CSV.
    note = report.out / ISOLATION_NOTE
    if unisolated:
        note.write_text(NOT_ISOLATED_WARNING + "\n\nGraded without isolation:\n" + "\n".join(unisolated) + "\n")
    else:
        note.write_text("Every submission in grades.csv was graded with its code inside the bubblewrap sandbox.\n")


def copy_tree(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))


def export_grades(api, report: GradeReport) -> None:
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
