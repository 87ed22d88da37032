"""Benchmark: `deepsteps grade --workers 2` against plain `nbgrader autograde`, same files, same run.

Prints ratios, not absolute targets (machines differ):
  * speed-up   = nbgrader's wall time / deepsteps' wall time, on 24 submissions per assignment;
  * floor ratio = deepsteps' median time per submission (one sandboxed run, graded alone) / the
    floor, where the floor is starting Python and importing keras (assignment 01's checks train
    nothing). The median under two workers on two cores is printed too.

Run: ``python benchmarks/grade_vs_nbgrader.py [--n 24]`` from the repository root.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"
BIN = Path(sys.executable).parent


def make_class(folder: Path, n: int) -> list[str]:
    """``n`` submissions per assignment, cycling through the example students."""
    models = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
    assignments = sorted({a.name for s in EXAMPLES.iterdir() for a in s.iterdir() if a.is_dir()})
    for i in range(n):
        model = models[i % len(models)]
        for assignment in assignments:
            shutil.copytree(EXAMPLES / model / assignment, folder / f"s{i:03d}_{model}" / assignment)
    return assignments


def timed(command: list[str], **kwargs) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.monotonic() - started


def floor_seconds(repeats: int = 3) -> float:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    return statistics.median(timed([sys.executable, "-c", "import keras"], env=env) for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=24, help="submissions per assignment")
    args = parser.parse_args()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "TF_CPP_MIN_LOG_LEVEL": "3"}
    with tempfile.TemporaryDirectory(prefix="deepsteps-bench-") as tmp:
        tmp = Path(tmp)
        assignments = make_class(tmp / "submitted", args.n)

        ours = timed([str(BIN / "deepsteps"), "grade", str(tmp / "submitted"), "--workers", "2", "--out", str(tmp / "ours")],
                     cwd=ROOT, env=env)
        report = json.loads((tmp / "ours" / "report.json").read_text())["submissions"]
        under_load = statistics.median(r["seconds"] for r in report.values())
        alone = []
        for model in ("reference", "alice", "bob"):  # one submission at a time: the time of one sandboxed run
            one = tmp / f"one_{model}"
            shutil.copytree(EXAMPLES / model, one / model)
            subprocess.run([str(BIN / "deepsteps"), "grade", str(one), "--workers", "1", "--out", str(one / "out")],
                           cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            alone += [r["seconds"] for r in json.loads((one / "out" / "report.json").read_text())["submissions"].values()]
        per_submission = statistics.median(alone)

        course = tmp / "nbgrader"
        shutil.copytree(ROOT / "solutions", course / "source")
        shutil.copytree(tmp / "submitted", course / "submitted")
        common = [f"--CourseDirectory.root={course}", f"--CourseDirectory.db_url=sqlite:///{course / 'gradebook.db'}"]
        plain = 0.0
        for assignment in assignments:
            timed([str(BIN / "nbgrader"), "generate_assignment", assignment, "--force", *common], cwd=course, env=env)
            plain += timed([str(BIN / "nbgrader"), "autograde", assignment, "--force", *common], cwd=course, env=env)
        floor = floor_seconds()

    count = args.n * len(assignments)
    print(f"submissions: {count} ({args.n} per assignment, {len(assignments)} assignment(s)), cores: {os.cpu_count()}")
    print(f"plain nbgrader autograde:        {plain:7.1f} s")
    print(f"deepsteps grade --workers 2:     {ours:7.1f} s   speed-up {plain / ours:.2f}x (target >= 1.8)")
    print(f"floor (python + import keras):   {floor:7.2f} s")
    print(f"deepsteps per submission, alone: {per_submission:7.2f} s   {per_submission / floor:.2f}x the floor (target <= 1.3)")
    print(f"  (median with 2 workers sharing 2 cores: {under_load:.2f} s)")


if __name__ == "__main__":
    main()
