"""The suite's grading test (tests/test_class_grading.py) at an earlier commit and now, in one run.

Each side runs its own checkout's class test, with its own solutions and test data, in the same
Python environment, one after the other on this machine; the ratio is the earlier wall time over
today's. The default baseline is the last commit before the warm judge (issue 12):

    python benchmarks/grading_tests.py                     # 671a372 against the working tree
    python benchmarks/grading_tests.py --before 8f2f07c    # any other commit

The earlier checkout is a temporary ``git worktree``; it is removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/test_class_grading.py"


def timed_suite(checkout: Path) -> tuple[float, str]:
    """Seconds the class test takes in ``checkout``, and pytest's last line."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST], cwd=checkout, env=env,
                          capture_output=True, text=True)
    return time.perf_counter() - started, (done.stdout.strip().splitlines() or ["(no output)"])[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="671a372", help="the earlier commit (default: before the warm judge)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        earlier = Path(temporary) / "earlier"
        subprocess.run(["git", "worktree", "add", "--detach", str(earlier), args.before], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            before, said_before = timed_suite(earlier)
            print(f"{args.before}: {before:.0f} s ({said_before})", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(earlier)], cwd=ROOT, capture_output=True)
    now, said_now = timed_suite(ROOT)
    print(f"now: {now:.0f} s ({said_now})")
    print(f"ratio (earlier / now): {before / now:.1f}")


if __name__ == "__main__":
    main()
