"""nbgrader plumbing shared by grading and releasing: one configured API object, one environment.

nbgrader makes the release, keeps the gradebook, exports grades and renders feedback; it never
runs student code here (the sandbox does, see :mod:`autograder.sandbox`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from autograder.course_dir import GradingError


def prepare_environment() -> None:
    """Make this process ready to drive nbgrader: it runs this environment's `alembic` executable."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def nbgrader_api(out: Path):
    """An ``NbGraderAPI`` for the course directory ``out`` with its gradebook at ``out/gradebook.db``."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(out)
    config.CourseDirectory.db_url = f"sqlite:///{out / 'gradebook.db'}"
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def require_success(result: dict, what: str) -> None:
    if not result["success"]:
        raise GradingError(f"nbgrader {what} failed: {last_line(result)}")


def last_line(result: dict) -> str:
    text = (result.get("error") or result.get("log") or "unknown error").strip()
    return text.splitlines()[-1] if text else "unknown error"
