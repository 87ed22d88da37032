"""Grade a class, from start to finish: plan, then each submission (intake, sandboxed run, scoring,
feedback) in parallel, then the records. ``grade`` is the entry point.

The output folder is an ordinary nbgrader course directory (``source/``, ``release/``,
``submitted/``, ``autograded/``, ``feedback/``, ``gradebook.db``), so nbgrader's own tools
(formgrader, export) work on it, plus ``grades.csv`` in nbgrader's export format and
``report.json``: status, reason and time of every submission. Scores are written into nbgrader's
gradebook through ``nbgrader.api``; nbgrader renders the HTML feedback.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Callable

from autograder.grading.feedback import feedback_notebook
from autograder.grading.intake import intake, read_submission
from autograder.grading.plan import SourceAssignment, Submission, find_submissions, fingerprint
from autograder.grading.record import audit, copy_tree, export_grades, load_records, record, snapshot, write_report
from autograder.grading.results import GradeReport, Status, SubmissionResult
from autograder.grading.sandbox import Limits, limits_available, run_sandboxed, sandbox_problem
from autograder.grading.scoring import score_notebook
from autograder.model_judge.judge import Judge
from autograder.nbgrader import (
    GradingError, UsageError, find_source_dir, last_line, nbgrader_api, prepare_environment, require_success,
    source_assignments, write_config,
)

DEFAULT_OUT = "grading"  # also in autograder.cli, which imports nothing heavy
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024  # larger submissions are refused unread
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


def grade_submission(assignment: SourceAssignment, submission: Submission, limits: Limits,
                     *, isolated: bool = True, judge: Judge | None = None) -> SubmissionResult:
    """Grade one student's assignment: intake, sandboxed run, judging. Touches no shared record.

    Never raises: a failure of the grader itself becomes status ``error`` for this submission, and
    the rest of the class is still graded.
    """
    try:
        return _grade_submission(assignment, submission, limits, isolated, judge or Judge())
    except Exception as error:  # a bug of ours must not cost the other students their grades
        return SubmissionResult(student=submission.student, assignment=assignment.name, status=Status.ERROR, isolated=isolated,
                                reason=f"the grader failed on this submission: {type(error).__name__}: {error}")


def _grade_submission(assignment: SourceAssignment, submission: Submission, limits: Limits,
                      isolated: bool, judge: Judge) -> SubmissionResult:
    result = SubmissionResult(student=submission.student, assignment=assignment.name, isolated=isolated)
    started = time.monotonic()
    problems = []
    for file_name, source_nb in assignment.source.items():
        submitted_path = submission.files.get(file_name)
        submitted_nb, unusable = None, ""
        if submitted_path is None:
            unusable = submission.missing_reason(file_name)
        elif submitted_path.stat().st_size > MAX_NOTEBOOK_BYTES:
            unusable = f"{file_name} is larger than {MAX_NOTEBOOK_BYTES // 2**20} MB"
        else:
            try:
                submitted_nb = read_submission(submitted_path.read_text(encoding="utf-8", errors="replace"))
            except ValueError as error:
                unusable = f"{file_name} is {error}"
        with AST_LOCK:
            taken = intake(source_nb, submitted_nb)
        # How the file was found, if not where and as it should be: notes on this notebook or on the whole folder.
        taken.notes[:0] = [note.text for note in submission.notes if note.concerns(file_name)]
        run = None
        if submitted_nb is not None:
            run = run_sandboxed([step.to_request() for step in taken.steps], limits, isolated=isolated)
            if run.status != "ok":
                problems.append((Status(run.status), f"{file_name}: {run.reason}"))
            if run.forged:
                taken.notes.append(f"{run.forged} message(s) that did not come from the grader's own checks were ignored")
        else:
            problems.append((Status.UNREADABLE, unusable))
        notebook = score_notebook(Path(file_name).stem, taken, run, unusable, judge=judge)
        result.notebooks.append(notebook)
        result.feedback[file_name] = feedback_notebook(assignment.release[file_name], taken, run, notebook, unusable)
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
    backend: str | None = None,
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
        backend: the Keras backend the judge trains models on (jax, tensorflow, torch; default: the
            fastest installed). Thresholds hold on each (docs/validity.md); students' kernels keep theirs.
        progress: called with a short line as each submission finishes.

    Raises:
        GradingError: no such folder, an unknown assignment, no submissions to grade, or no working
            sandbox (nothing is written then).

    Example (instructor):
        >>> from autograder.grading.run import grade
        >>> report = grade("examples/submissions", out="grading", workers=2)  # doctest: +SKIP
        >>> report.grades_csv  # doctest: +SKIP
        PosixPath('grading/grades.csv')
    """
    if not Path(submissions).is_dir():
        raise GradingError(f"no submissions folder at {submissions}")
    if backend is not None and importlib.util.find_spec(backend) is None:
        raise GradingError(f"the judge cannot train on {backend}: it is not installed here (pip install {backend}), "
                           "or leave out --backend to use the fastest one installed")
    submissions = Path(submissions).resolve()  # nbgrader changes the working directory as it goes
    source_dir = find_source_dir(source)
    known = source_assignments(source_dir)
    if assignment is not None and assignment not in known:
        raise GradingError(f"unknown assignment {assignment!r}; known: {', '.join(known) or 'none'}")
    notebooks = {name: sorted(path.name for path in (source_dir / name).glob("*.ipynb")) for name in known}
    found, warnings = find_submissions(submissions, notebooks)
    if assignment is not None:
        found = {assignment: found.get(assignment, {})}
    if students is not None:
        everyone = {student for entries in found.values() for student in entries}
        unknown_students = sorted(set(students) - everyone)
        if unknown_students:
            raise UsageError(f"no submissions from student(s) {', '.join(unknown_students)} under {submissions}")
    if not any(found.values()):
        skipped = f"; {warnings[0]}" if warnings else ""
        raise GradingError(f"no submissions under {submissions} (expected <student>/<assignment>/*.ipynb){skipped}")
    if sandbox:  # fail closed: no student code runs, and nothing is written, without a working sandbox
        problem = sandbox_problem(limits)
        if problem:
            fix = INSTALL_BWRAP if "not installed" in problem else ALLOW_NAMESPACES
            raise GradingError(NO_SANDBOX_REFUSAL.format(problem=problem, fix=fix))

    out = Path(out).resolve()
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    write_config(out)  # nbgrader's own commands, run in the output folder, find their course there
    prepare_environment()
    api = nbgrader_api(out)
    db_url = api.coursedir.db_url
    report = GradeReport(out=out, isolation=limits_available(sandbox=sandbox), warnings=warnings)
    recorded = load_records(report.report_json)
    previous = recorded if resume else {}
    # Earlier records of students not graded now (another --student run) stay in the report.
    report.records = dict(recorded) if (resume or students) else {}
    jobs, sources = [], {}
    for name, entries in sorted(found.items()):
        copy_tree(source_dir / name, out / "source" / name)
        require_success(api.generate_assignment(name, force=True, create=True), f"generate_assignment {name}")
        sources[name] = SourceAssignment.read(out / "source" / name, out / "release" / name)
        for student, submission in sorted(entries.items()):
            if students is not None and student not in students:
                continue
            files = fingerprint(submission.files, source_dir / name)
            if previous.get(f"{student}/{name}", {}).get("fingerprint") == files:
                report.skipped += 1
                continue
            jobs.append((submission, files))
            report.moved += [(student, name, note.text) for note in submission.notes]
    graded_now = {(submission.student, submission.assignment) for submission, _ in jobs}
    # Before any student code runs: what the gradebook holds for every submission this run keeps.
    before = snapshot(db_url, regrade=graded_now)

    total, done, started = len(jobs), 0, time.monotonic()
    workers = max(1, workers or os.cpu_count() or 1)
    # Training checks: seeded runs are cached per course (in memory only when student code runs
    # unisolated: it could rewrite a cache on disk), and parallel judges share the cores.
    judge = Judge(cache_dir=out / "judge_cache", in_memory=not sandbox, threads=max(1, (os.cpu_count() or 1) // workers),
                  backend=backend)
    trusted: dict[tuple[str, str], dict] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool, contextlib.closing(judge):
        futures = {
            pool.submit(grade_submission, sources[submission.assignment], submission, limits,
                        isolated=sandbox, judge=judge): (submission, files)
            for submission, files in jobs
        }
        for future in as_completed(futures):
            submission, files = futures[future]
            result = future.result()
            result.fingerprint = files
            trusted[submission.student, submission.assignment] = result.scores()
            record(db_url, out, submission, result, report)  # the one writer
            done += 1
            if progress:
                elapsed = time.monotonic() - started
                eta = elapsed / done * (total - done)
                progress(f"[{done}/{total}] {submission.student} / {submission.assignment}: "
                         f"{result.score:g}/{result.max_score:g} points, {result.status.value} "
                         f"({result.seconds:.1f} s)  ETA {int(eta // 60)}:{int(eta % 60):02d}")
    # Defence in depth: the gradebook must hold exactly the trusted scores; differences are tampering.
    points = {key: value for source_assignment in sources.values() for key, value in source_assignment.points().items()}
    report.tampering = audit(db_url, trusted=trusted, points=points, before=before)
    # One nbgrader run per assignment renders every student's HTML feedback: far cheaper than one each.
    for name in sorted({submission.assignment for submission, _ in jobs}):
        feedback = api.generate_feedback(name, force=True)
        if not feedback["success"]:
            report.problems.append(("(all)", name, "feedback: " + last_line(feedback)))
    for _, entry in sorted(report.records.items()):
        if entry["status"] != Status.GRADED.value:
            report.problems.append((entry["student"], entry["assignment"], entry["reason"]))
    write_report(report)  # again, from memory: the last word is the trusted one
    export_grades(api, report)
    return report


