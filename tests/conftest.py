"""Shared fixtures: the repository's folders and a way to run the real `deepsteps` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("MPLBACKEND", "Agg")  # plots in lessons and notebooks draw off-screen


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def run_deepsteps(*args: str, cwd: Path = ROOT, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the installed console script, as an instructor would, and capture its output."""
    exe = Path(sys.executable).parent / "deepsteps"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
