"""How fast the ``deepsteps`` command answers ``--help`` and a usage error, against ``python -c pass``.

Both are timed in the same run, pair by pair (the median of 9), so the ratio holds on a loaded
machine. The CLI imports nothing heavy until a command runs; the target is well under a second.

    python benchmarks/cli_start.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

DEEPSTEPS = str(Path(sys.executable).parent / "deepsteps")
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "deepsteps --help": [DEEPSTEPS, "--help"],
    "deepsteps grade (usage error)": [DEEPSTEPS, "grade"],
    "deepsteps grade --workers x (usage error)": [DEEPSTEPS, "grade", "folder", "--workers", "x"],
}


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    timings = {name: [] for name in COMMANDS}
    for _ in range(9):
        for name, command in COMMANDS.items():
            timings[name].append(seconds(command))
    floor = statistics.median(timings["python -c pass"])
    print(f"{'command':<44} {'median s':>9} {'x python':>9}")
    for name, values in timings.items():
        print(f"{name:<44} {statistics.median(values):>9.3f} {statistics.median(values) / floor:>9.1f}")


if __name__ == "__main__":
    main()
