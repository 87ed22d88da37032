"""nbgrader plumbing shared by grading and releasing: one configured API object, one environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from autograder.course_dir import GradingError

CELL_TIMEOUT = 120  # seconds per cell; assignment 01's slowest cell takes under 5 s


def prepare_environment() -> None:
    """Make this process ready to drive nbgrader and to start quiet student kernels."""
    # nbgrader runs the `alembic` executable of this environment to set up the gradebook.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    # Student kernels inherit these: TensorFlow's C++ log lines stay off stderr.
    from autograder.quiet import quiet_environment

    quiet_environment()


def nbgrader_api(out: Path):
    """An ``NbGraderAPI`` for the course directory ``out`` with its gradebook at ``out/gradebook.db``."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(out)
    config.CourseDirectory.db_url = f"sqlite:///{out / 'gradebook.db'}"
    config.Execute.timeout = CELL_TIMEOUT
    # A notebook saved under another kernel name (a conda env, a hosted service) runs on this Python.
    config.Execute.kernel_name = "python3"
    config.ExecutePreprocessor.kernel_name = "python3"
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def require_success(result: dict, what: str) -> None:
    if not result["success"]:
        raise GradingError(f"nbgrader {what} failed: {last_line(result)}")


def last_line(result: dict) -> str:
    text = (result.get("error") or result.get("log") or "unknown error").strip()
    return text.splitlines()[-1] if text else "unknown error"
