"""The gradebook: scores written in one place, and checked against the trusted results after grading.

Trusted code. :func:`write_scores` is the only writer of scores. The sandbox keeps student code
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

from dataclasses import dataclass, field

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
