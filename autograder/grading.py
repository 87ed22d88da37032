"""Grade a class: intake, sandboxed runs in parallel, trusted judging, one writer for every record.

The output folder is an ordinary nbgrader course directory (``source/``, ``release/``,
``submitted/``, ``autograded/``, ``feedback/``, ``gradebook.db``), so nbgrader's own tools
(formgrader, export) work on it, plus ``grades.csv`` in nbgrader's export format and
``report.json``: status, reason and time of every submission. Scores are written into nbgrader's
gradebook through ``nbgrader.api``; nbgrader renders the HTML feedback.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import nbformat

from autograder.course_dir import GradingError, find_source_dir, source_assignments
from autograder.gradebook import audit, snapshot, write_scores
from autograder.intake import intake, read_submission
from autograder.judging import NotebookResult, feedback_notebook, score_notebook
from autograder.nbgrader_app import last_line, nbgrader_api, prepare_environment, require_success
from autograder.sandbox import Limits, limits_available, run_sandboxed, sandbox_problem
from autograder.training import use_cache

DEFAULT_OUT = "grading"
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024  # larger submissions are refused unread
ISOLATION_NOTE = "grades-isolation.txt"
# Intake parses Python (test cells, the student's functions). CPython 3.11's ast is not safe in
# threads: parallel parses fail now and then with "SystemError: AST constructor recursion depth
# mismatch" (python/cpython#106905), which cost one student a whole notebook. Intake takes
# milliseconds, so submissions take turns.
AST_LOCK = threading.Lock()
NO_SANDBOX_REFUSAL = (
    "refusing to run student code without a sandbox: {problem}. {fix}, "
    "or pass --no-sandbox to grade without isolation at your own risk"
)
INSTALL_BWRAP = ("Install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install "
                 "bubblewrap; macOS or Windows: grade in a Linux VM)")
ALLOW_NAMESPACES = ("Let it create user namespaces (as root, or sysctl kernel.unprivileged_userns_clone=1; in a "
                    "container, allow namespaces or grade in a Linux VM)")
NOT_ISOLATED_WARNING = (
    "WARNING: graded with --no-sandbox: student code ran WITHOUT isolation (it could read the solutions, "
    "reach the network and write files as you). The gradebook was checked against the trusted scores "
    "afterwards, but only the sandbox protects them: install bubblewrap and grade again."
)


@dataclass
class SubmissionResult:
    """Everything decided about one student's assignment; plain data, written by one writer."""

    student: str
    assignment: str
    status: str = "graded"  # graded, or the worst problem: unreadable, timeout, memory, crashed, flooded
    reason: str = ""
    seconds: float = 0.0
    isolated: bool = True
    fingerprint: str = ""
    notebooks: list[NotebookResult] = field(default_factory=list)
    feedback: dict = field(default_factory=dict)  # notebook name -> feedback notebook

    @property
    def score(self) -> float:
        return sum(nb.score for nb in self.notebooks)

    def scores(self) -> dict[tuple[str, str], float]:
        """``{(notebook, grade id): points}`` of every graded cell, for the gradebook."""
        return {(nb.name, cell): points for nb in self.notebooks for cell, points in nb.scores.items()}

    def record(self) -> dict:
        return {
            "student": self.student, "assignment": self.assignment, "status": self.status, "reason": self.reason,
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
        isolation: which isolation features this machine had.
    """

    out: Path
    rows: list[dict] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    records: dict[str, dict] = field(default_factory=dict)
    isolation: dict = field(default_factory=dict)
    skipped: int = 0
    tampering: list[str] = field(default_factory=list)  # gradebook entries that differed from the trusted scores

    @property
    def grades_csv(self) -> Path:
        return self.out / "grades.csv"

    @property
    def report_json(self) -> Path:
        return self.out / "report.json"


def find_submissions(submissions: Path) -> dict[str, list[str]]:
    """``{assignment: [student, ...]}`` for a folder laid out as ``<student>/<assignment>/*.ipynb``."""
    found: dict[str, list[str]] = {}
    for student_dir in sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if any(assignment_dir.glob("*.ipynb")):
                found.setdefault(assignment_dir.name, []).append(student_dir.name)
    return found


def _fingerprint(*folders: Path) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*.ipynb")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class SourceAssignment:
    """An assignment's source and release notebooks, read once before any student code runs.

    Held in memory: a submission graded without a sandbox could otherwise rewrite the copies in
    the output folder (points, expected values) for the students graded after it.
    """

    name: str
    source: dict  # notebook file name -> source notebook (hidden tests, points)
    release: dict  # notebook file name -> release notebook (what students saw)

    @classmethod
    def read(cls, source_dir: Path, release_dir: Path) -> "SourceAssignment":
        files = sorted(path.name for path in source_dir.glob("*.ipynb"))
        return cls(source_dir.name, {f: nbformat.read(str(source_dir / f), as_version=4) for f in files},
                   {f: nbformat.read(str(release_dir / f), as_version=4) for f in files})

    def points(self) -> dict[tuple[str, str, str], float]:
        """``{(assignment, notebook, grade id): points}`` of every graded cell."""
        return {(self.name, Path(f).stem, meta["grade_id"]): float(meta.get("points", 0))
                for f, nb in self.source.items() for cell in nb.cells
                if (meta := cell.get("metadata", {}).get("nbgrader", {})).get("grade")}


def grade_submission(assignment: SourceAssignment, submitted_dir: Path, student: str, limits: Limits,
                     *, isolated: bool = True) -> SubmissionResult:
    """Grade one student's assignment: intake, sandboxed run, judging. Touches no shared record.

    Never raises: a failure of the grader itself becomes status ``error`` for this submission, and
    the rest of the class is still graded.
    """
    try:
        return _grade_submission(assignment, submitted_dir, student, limits, isolated)
    except Exception as error:  # a bug of ours must not cost the other students their grades
        return SubmissionResult(student=student, assignment=assignment.name, status="error", isolated=isolated,
                                reason=f"the grader failed on this submission: {type(error).__name__}: {error}")


def _grade_submission(assignment: SourceAssignment, submitted_dir: Path, student: str, limits: Limits,
                      isolated: bool) -> SubmissionResult:
    result = SubmissionResult(student=student, assignment=assignment.name, isolated=isolated)
    started = time.monotonic()
    problems = []
    for file_name, source_nb in assignment.source.items():
        submitted_path = submitted_dir / file_name
        submitted_nb, unusable = None, ""
        if not submitted_path.is_file():
            unusable = f"{file_name} was not submitted"
        elif submitted_path.stat().st_size > MAX_NOTEBOOK_BYTES:
            unusable = f"{file_name} is larger than {MAX_NOTEBOOK_BYTES // 2**20} MB"
        else:
            try:
                submitted_nb = read_submission(submitted_path.read_text(encoding="utf-8", errors="replace"))
            except ValueError as error:
                unusable = f"{file_name} is {error}"
        with AST_LOCK:
            taken = intake(source_nb, submitted_nb)
        run = None
        if submitted_nb is not None:
            run = run_sandboxed([step.to_request() for step in taken.steps], limits, isolated=isolated)
            if run.status != "ok":
                problems.append((run.status, f"{file_name}: {run.reason}"))
            if run.forged:
                taken.notes.append(f"{run.forged} message(s) that did not come from the grader's own checks were ignored")
        else:
            problems.append(("unreadable", unusable))
        notebook = score_notebook(Path(file_name).stem, taken, run, unusable)
        result.notebooks.append(notebook)
        result.feedback[file_name] = feedback_notebook(assignment.release[file_name], taken, run, notebook)
    if problems:
        result.status = problems[0][0]
        result.reason = "; ".join(reason for _, reason in problems)
    result.seconds = round(time.monotonic() - started, 2)
    return result


def grade(
    submissions: str | Path,
    *,
    assignment: str | None = None,
    out: str | Path = DEFAULT_OUT,
    source: str | Path | None = None,
    workers: int | None = None,
    resume: bool = False,
    students: list[str] | None = None,
    limits: Limits = Limits(),
    sandbox: bool = True,
    progress: Callable[[str], None] | None = None,
) -> GradeReport:
    """Grade every submission under ``submissions`` and write the results to ``out``.

    Args:
        submissions: a folder laid out like nbgrader's ``submitted/``: ``<student>/<assignment>/*.ipynb``.
        assignment: grade only this assignment (default: every assignment found there).
        out: the output folder; it becomes an nbgrader course directory with ``grades.csv`` and ``report.json``.
        source: the folder of source (solution) assignments; see :func:`find_source_dir`.
        workers: submissions graded at once (default: the machine's cores).
        resume: keep submissions that ``report.json`` already holds with the same files.
        students: grade only these students (the rest of the gradebook stays as it is).
        limits: resource limits of each sandboxed run.
        sandbox: run student code in bubblewrap (the default). Grading refuses to start when the
            sandbox does not work here; ``False`` is the instructor's explicit opt-out, and every
            output then says the code ran without isolation.
        progress: called with a short line as each submission finishes.

    Raises:
        GradingError: no such folder, an unknown assignment, no submissions to grade, or no working
            sandbox (nothing is written then).

    Example (instructor):
        >>> from autograder.grading import grade
        >>> report = grade("examples/submissions", out="grading", workers=2)  # doctest: +SKIP
        >>> report.grades_csv  # doctest: +SKIP
        PosixPath('grading/grades.csv')
    """
    if not Path(submissions).is_dir():
        raise GradingError(f"no submissions folder at {submissions}")
    submissions = Path(submissions).resolve()  # nbgrader changes the working directory as it goes
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
    if sandbox:  # fail closed: no student code runs, and nothing is written, without a working sandbox
        problem = sandbox_problem(limits)
        if problem:
            fix = INSTALL_BWRAP if "not installed" in problem else ALLOW_NAMESPACES
            raise GradingError(NO_SANDBOX_REFUSAL.format(problem=problem, fix=fix))

    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    prepare_environment()
    api = nbgrader_api(out)
    db_url = api.coursedir.db_url
    report = GradeReport(out=out, isolation=limits_available(sandbox=sandbox))
    recorded = _load_records(report.report_json)
    previous = recorded if resume else {}
    # Earlier records of students not graded now (another --student run) stay in the report.
    report.records = dict(recorded) if (resume or students) else {}
    jobs, sources = [], {}
    for name, found_students in sorted(found.items()):
        _copy_tree(source_dir / name, out / "source" / name)
        require_success(api.generate_assignment(name, force=True, create=True), f"generate_assignment {name}")
        sources[name] = SourceAssignment.read(out / "source" / name, out / "release" / name)
        for student in found_students:
            if students is not None and student not in students:
                continue
            key = f"{student}/{name}"
            fingerprint = _fingerprint(submissions / student / name, source_dir / name)
            if previous.get(key, {}).get("fingerprint") == fingerprint:
                report.skipped += 1
                continue
            jobs.append((name, student, fingerprint))
    graded_now = {(student, name) for name, student, _ in jobs}
    # Before any student code runs: what the gradebook holds for every submission this run keeps.
    before = snapshot(db_url, regrade=graded_now)

    total, done, started = len(jobs), 0, time.monotonic()
    workers = max(1, workers or os.cpu_count() or 1)
    # Training checks: seeded runs are cached per course (in memory only when student code runs
    # unisolated: it could rewrite a cache on disk), and parallel judges share the cores.
    use_cache(out / "judge_cache", in_memory=not sandbox)
    os.environ.setdefault("DEEPSTEPS_JUDGE_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))
    trusted: dict[tuple[str, str], dict] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(grade_submission, sources[name], submissions / student / name, student, limits,
                        isolated=sandbox): (name, student, fingerprint)
            for name, student, fingerprint in jobs
        }
        for future in as_completed(futures):
            name, student, fingerprint = futures[future]
            result = future.result()
            result.fingerprint = fingerprint
            trusted[student, name] = result.scores()
            _record(db_url, out, submissions / student / name, result, report)  # the one writer
            done += 1
            if progress:
                elapsed = time.monotonic() - started
                eta = elapsed / done * (total - done)
                progress(f"[{done}/{total}] {student} / {name}: {result.score:g} points, {result.status} "
                         f"({result.seconds:.1f} s)  ETA {int(eta // 60)}:{int(eta % 60):02d}")
    # Defence in depth: the gradebook must hold exactly the trusted scores; differences are tampering.
    points = {key: value for source_assignment in sources.values() for key, value in source_assignment.points().items()}
    report.tampering = audit(db_url, trusted=trusted, points=points, before=before)
    # One nbgrader run per assignment renders every student's HTML feedback: far cheaper than one each.
    for name in sorted({name for name, _, _ in jobs}):
        feedback = api.generate_feedback(name, force=True)
        if not feedback["success"]:
            report.problems.append(("(all)", name, "feedback: " + last_line(feedback)))
    for key, record in sorted(report.records.items()):
        if record["status"] != "graded":
            report.problems.append((record["student"], record["assignment"], record["reason"]))
    _write_report(report)  # again, from memory: the last word is the trusted one
    _export_grades(api, report)
    return report


def _load_records(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text())
        return {key: value for key, value in data["submissions"].items() if isinstance(value, dict)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _record(db_url: str, out: Path, submitted: Path, result: SubmissionResult, report: GradeReport) -> None:
    """Gradebook, autograded (feedback) notebook, report.json: written here and only here."""
    name, student = result.assignment, result.student
    _copy_tree(submitted, out / "submitted" / student / name)
    autograded = out / "autograded" / student / name
    if autograded.exists():
        shutil.rmtree(autograded)
    autograded.mkdir(parents=True)
    for notebook_file, nb in result.feedback.items():
        nbformat.write(nb, str(autograded / notebook_file))
    write_scores(db_url, student, name, result.scores())
    report.records[f"{student}/{name}"] = result.record()
    _write_report(report)


def _write_report(report: GradeReport) -> None:
    unisolated = sorted(key for key, record in report.records.items() if not record.get("isolated", True))
    data = {"isolation": report.isolation, "submissions": report.records}
    if unisolated:
        data["warning"] = NOT_ISOLATED_WARNING
    if report.tampering:
        data["gradebook_tampering"] = report.tampering
    temporary = report.report_json.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(data, indent=1, sort_keys=True))
    os.replace(temporary, report.report_json)  # atomic: an interrupted run never leaves half a report
    # The grades' companion note, beside grades.csv, for whoever uploads the CSV.
    note = report.out / ISOLATION_NOTE
    if unisolated:
        note.write_text(NOT_ISOLATED_WARNING + "\n\nGraded without isolation:\n" + "\n".join(unisolated) + "\n")
    else:
        note.write_text("Every submission in grades.csv was graded with its code inside the bubblewrap sandbox.\n")


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
