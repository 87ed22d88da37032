"""How long `deepsteps grade` takes on the test suite's class, per assignment, on two judge backends in one run.

The class is tests/test_class_grading.py's (every assignment's reference, untouched release and
mutants). It is graded twice, once per backend, with 2 workers; each line gives the median seconds
per submission and the wall time of the whole run, and the ratio of the two. Run on a quiet machine:

    python benchmarks/class_grading.py                       # assignments 03-06 (the training ones)
    python benchmarks/class_grading.py --numbers 01 02 03 04 05 06 --backends tensorflow jax
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_class_grading import write_class  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", nargs="+", default=["03", "04", "05", "06"])
    parser.add_argument("--backends", nargs=2, default=["tensorflow", "jax"], help="baseline, then the one compared")
    args = parser.parse_args()
    deepsteps = Path(sys.executable).parent / "deepsteps"
    results = {}
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        expected, _ = write_class(root, args.numbers)
        for backend in args.backends:
            out = root / f"out-{backend}"
            started = time.perf_counter()
            subprocess.run([str(deepsteps), "grade", str(root / "submitted"), "--out", str(out), "--workers", "2",
                            "--backend", backend], check=True, capture_output=True, text=True)
            wall = time.perf_counter() - started
            report = json.loads((out / "report.json").read_text())["submissions"]
            per = {}
            for key, entry in report.items():
                per.setdefault(key.split("/")[1], []).append(entry["seconds"])
            with open(out / "grades.csv", newline="") as handle:
                scores = {(row["student_id"], row["assignment"]): row["score"] for row in csv.DictReader(handle)}
            results[backend] = (wall, {name: statistics.median(values) for name, values in per.items()}, scores)
            print(f"{backend}: {len(report)} submissions in {wall:.0f} s", flush=True)
    (base, new) = args.backends
    print(f"\n{'assignment':<24} {base + ' s':>14} {new + ' s':>10} {'ratio':>6}   (median per submission)")
    for name in sorted(results[base][1]):
        a, b = results[base][1][name], results[new][1][name]
        print(f"{name:<24} {a:>14.1f} {b:>10.1f} {a / b:>6.1f}")
    print(f"{'whole run (wall)':<24} {results[base][0]:>14.0f} {results[new][0]:>10.0f} {results[base][0] / results[new][0]:>6.1f}")
    print("same scores on both:", results[base][2] == results[new][2])


if __name__ == "__main__":
    main()
