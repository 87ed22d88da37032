"""How long each lesson takes to run top to bottom, against the floor of a kernel that imports the course.

The target is about 90 s a lesson on a 2-core CPU. Both figures come from the same run, so the
ratio holds on a loaded machine too:

    python benchmarks/lessons.py            # every lesson
    python benchmarks/lessons.py 05 06      # lessons whose names start so
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "course" / "lessons"


def run_seconds(nb) -> float:
    started = time.perf_counter()
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(LESSONS)}}).execute()
    return time.perf_counter() - started


def main() -> None:
    floor = min(run_seconds(new_notebook(cells=[new_code_cell("import course")])) for _ in range(2))
    print(f"floor (kernel start + import course): {floor:.1f} s")
    print(f"{'lesson':<34} {'seconds':>8} {'x floor':>8}")
    for path in sorted(LESSONS.glob("*.ipynb")):
        if sys.argv[1:] and not any(path.name.startswith(prefix) for prefix in sys.argv[1:]):
            continue
        seconds = run_seconds(nbformat.read(str(path), as_version=4))
        print(f"{path.stem:<34} {seconds:>8.1f} {seconds / floor:>8.1f}")


if __name__ == "__main__":
    main()
