"""Shared fixtures: the repository's folders and a way to run the real `deepsteps` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("MPLBACKEND", "Agg")  # plots in lessons and notebooks draw off-screen
if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
    # Parallel workers share the cores: the kernels and commands a test starts use one thread each,
    # as the sandbox's do (two lessons side by side on 2 cores: 91 s instead of 98 s with two threads each).
    from autograder.grading.sandbox import ONE_THREAD_ENV

    for _name, _value in ONE_THREAD_ENV.items():
        os.environ.setdefault(_name, _value)


# Lessons run one notebook each for a minute or more; xdist's loadfile would queue all of them on one worker.
SPREAD_ALONE = "tests/test_lessons.py::test_lesson_executes"


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, except that each lesson's run is a unit of its own and may go to any worker.

    A module's tests still share one worker (a class graded once per module is graded once in all).
    xdist's ``loadgroup`` would say the same with marks, but pytest 9.2's node ids break it
    (pytest-dev/pytest-xdist#1386): the scopes are split here instead, from the ids as sent.
    """
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LessonsApart(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return nodeid if nodeid.startswith(SPREAD_ALONE) else super()._split_scope(nodeid)

    return LessonsApart(config, log)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def run_deepsteps(*args: str, cwd: Path = ROOT, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the installed console script, as an instructor would, and capture its output."""
    exe = Path(sys.executable).parent / "deepsteps"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
