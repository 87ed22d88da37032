"""The ``deepsteps`` command: grade a class, regenerate the student versions.

Exit codes: 0 done (whatever the scores), 1 could not do it (the reason on one line), 2 usage.
Everything heavy (nbgrader, the grading pipeline, NumPy) is imported only once a command runs, so
``--help`` and usage errors answer at once.
"""

from __future__ import annotations

import argparse
import sys
import warnings

DEFAULT_OUT = "grading"
MAX_FINDINGS_SHOWN = 10
# The defaults of autograder.grading.sandbox.Limits, repeated so that --help needs no import;
# tests/test_cli.py checks that they agree.
DEFAULT_CELL_SECONDS, DEFAULT_WALL_SECONDS, DEFAULT_MEMORY_GB = 60.0, 300.0, 3.0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not the usage block: the instructor sees what to fix
        self.exit(2, f"{self.prog}: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="deepsteps", description="The deepsteps course: grade submissions, scaffold and release exercises.")
    commands = parser.add_subparsers(dest="command", required=True)

    grade = commands.add_parser("grade", help="autograde a folder of submissions with nbgrader")
    grade.add_argument("submissions", help="folder laid out as <student_id>/<assignment>/<notebook>.ipynb")
    grade.add_argument("--assignment", help="grade only this assignment (default: all found)")
    grade.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default: ./{DEFAULT_OUT})")
    grade.add_argument("--source", help="folder of source assignments (default: ./solutions or the checkout's)")
    grade.add_argument("--workers", type=_positive, default=None, help="submissions graded at once (default: number of cores)")
    grade.add_argument("--resume", action="store_true", help="keep what OUT/report.json already holds for unchanged submissions")
    grade.add_argument("--student", action="append", help="grade only this student (repeatable): re-run one student")
    grade.add_argument("--cell-timeout", type=float, default=DEFAULT_CELL_SECONDS, help="seconds one cell may run (default: %(default)s)")
    grade.add_argument("--timeout", type=float, default=DEFAULT_WALL_SECONDS, help="seconds one notebook may run in all (default: %(default)s)")
    grade.add_argument("--memory-gb", type=float, default=DEFAULT_MEMORY_GB, help="memory per submission (default: %(default)s)")
    grade.add_argument("--backend", choices=("jax", "tensorflow", "torch"),
                       help="Keras backend the judge trains on (default: the fastest installed; students keep theirs)")
    grade.add_argument("--export", choices=("canvas", "moodle"),
                       help="also write OUT/grades-canvas.csv or OUT/grades-moodle.csv, for the LMS to import")
    grade.add_argument("--no-sandbox", action="store_true",
                       help="run student code WITHOUT the bubblewrap sandbox (unsafe: it can read the solutions and "
                            "write files as you); without this flag, grading refuses to start where the sandbox does not work")

    new = commands.add_parser("new", help="scaffold a new assignment: source notebook, checks, test data, release")
    new.add_argument("name", help="the assignment's folder name, e.g. 07_convolutions")

    release = commands.add_parser("release", help="regenerate exercises/ from solutions/ with nbgrader")
    release.add_argument("--check", action="store_true", help="change nothing; exit 1 if exercises/ is out of date")
    release.add_argument("--source", help="folder of source assignments (default: ./solutions)")
    release.add_argument("--exercises", help="folder of student versions (default: exercises/ beside the source)")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number; got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1; got {value}")
    return value


def _print_table(rows: list[dict]) -> None:
    print(f"{'assignment':<22} {'student':<20} {'score':>7} {'max':>7}")
    for row in sorted(rows, key=lambda row: (row["assignment"], row["student_id"])):
        print(f"{row['assignment']:<22} {row['student_id']:<20} {float(row['score']):>7g} {float(row['max_score']):>7g}")


def _grade(args: argparse.Namespace) -> int:
    from autograder.grading.record import ISOLATION_NOTE, NOT_ISOLATED_WARNING
    from autograder.grading.run import grade
    from autograder.grading.sandbox import Limits

    if args.no_sandbox:
        print(NOT_ISOLATED_WARNING, file=sys.stderr)
    report = grade(
        args.submissions, assignment=args.assignment, out=args.out, source=args.source,
        workers=args.workers, resume=args.resume, students=args.student, sandbox=not args.no_sandbox, backend=args.backend,
        limits=Limits(wall_seconds=args.timeout, cell_seconds=args.cell_timeout, memory_bytes=int(args.memory_gb * 1024**3)),
        progress=lambda line: print(line, flush=True),
    )
    print()
    _print_table(report.rows)
    for warning in report.warnings:
        print(f"warning: {warning}")
    for student, assignment, note in report.moved:
        print(f"note: {student} / {assignment}: {note}")
    if report.skipped:
        print(f"\nkept {report.skipped} unchanged submission(s) from the last run (--resume)")
    for student, assignment, reason in report.problems:
        print(f"problem: {student} / {assignment}: {reason}")
    if report.tampering:
        print(f"TAMPERING: the gradebook differed from the trusted scores in {len(report.tampering)} place(s), "
              f"all corrected (every one in report.json, gradebook_tampering):")
        for finding in report.tampering[:MAX_FINDINGS_SHOWN]:
            print(f"  {finding}")
        if len(report.tampering) > MAX_FINDINGS_SHOWN:
            print(f"  ... and {len(report.tampering) - MAX_FINDINGS_SHOWN} more")
    if not all(record.get("isolated", True) for record in report.records.values()):
        print(NOT_ISOLATED_WARNING)
    from autograder.grading.summary import export, summarize, text, write_html

    summaries = summarize(report.records)
    print(text(summaries))
    written = {"summary": write_html(summaries, report.out / "summary.html")}
    if args.export:
        written[args.export] = export(summaries, args.export, report.out / f"grades-{args.export}.csv")
    print()
    for label, path in (("grades", report.grades_csv), ("report", report.report_json),
                        ("isolation", report.out / ISOLATION_NOTE), ("feedback", report.out / "feedback"),
                        *written.items()):
        if path.exists():  # never name a file this run did not write
            print(f"{label}: {path}")
    return 0


def _release(args: argparse.Namespace) -> int:
    from autograder.authoring.release import release, stale_exercises

    if args.check:
        stale = stale_exercises(source=args.source, exercises=args.exercises)
        if stale:
            print("exercises/ is out of date; run `deepsteps release`. Differs: " + ", ".join(stale))
            return 1
        print("exercises/ matches solutions/.")
        return 0
    names = release(source=args.source, exercises=args.exercises)
    print("released: " + ", ".join(names))
    return 0


def _new(args: argparse.Namespace) -> int:
    from autograder.authoring.new import scaffold

    for path in scaffold(args.name):
        print(f"wrote {path}")
    print("next: replace the example task with yours (docs/adding-an-exercise.md), then deepsteps release and pytest")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``deepsteps`` console script."""
    args = _parser().parse_args(argv)
    # nbgrader's gradebook emits SQLAlchemy warnings that say nothing to an instructor.
    warnings.filterwarnings("ignore", module="nbgrader")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    from autograder.nbgrader import GradingError, UsageError

    try:
        return {"grade": _grade, "release": _release, "new": _new}[args.command](args)
    except UsageError as error:
        print(f"deepsteps {args.command}: {error}", file=sys.stderr)
        return 2
    except GradingError as error:
        print(f"deepsteps {args.command}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
