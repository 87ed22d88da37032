"""nbgrader plumbing: where the instructor's material lives, one configured API object, one environment.

nbgrader makes the release, keeps the gradebook, exports grades and renders feedback; it never runs
student code here (the sandbox does, see :mod:`autograder.grading.sandbox`). This module is the
only place that configures it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class GradingError(Exception):
    """Grading could not start or finish; the message is one line for the instructor (exit 1)."""


class UsageError(GradingError):
    """The command was asked for something that cannot be (exit 2): the message says what."""


def find_source_dir(source: str | Path | None = None) -> Path:
    """The folder of nbgrader source assignments.

    Order: the ``source`` argument; ``./solutions`` when it exists; the ``solutions/`` folder of a
    repository checkout this package was installed from (``pip install -e .``). A plain
    ``pip install deepsteps`` ships no solutions, so instructors pass ``--source``.
    """
    candidates = [Path(source)] if source is not None else [Path.cwd() / "solutions", _PACKAGE_ROOT / "solutions"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    raise GradingError(
        f"no solutions folder at {', '.join(str(c) for c in candidates)}; "
        "run from a deepsteps checkout or pass --source DIR"
    )


def source_assignments(source_dir: Path) -> list[str]:
    """Assignment names: the folders of ``source_dir`` that hold a notebook."""
    return sorted(p.name for p in source_dir.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


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
    # Feedback pages: our templates first (no MathJax from a CDN: the math is MathML already), then nbgrader's.
    import nbgrader as nbgrader_package

    nbgrader_templates = Path(nbgrader_package.__file__).parent / "server_extensions" / "formgrader" / "templates"
    config.HTMLExporter.extra_template_basedirs = [str(Path(__file__).parent / "grading" / "templates"), str(nbgrader_templates)]
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


CONFIG = '''# Written by deepsteps grade: nbgrader's own commands (formgrader, export, db), run in this
# folder, find the course and its gradebook here.
c = get_config()  # noqa: F821
c.CourseDirectory.root = "."
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
'''


def write_config(out: Path) -> None:
    """An ``nbgrader_config.py`` in the output folder, unless one is there already."""
    path = out / "nbgrader_config.py"
    if not path.exists():
        path.write_text(CONFIG)


def require_success(result: dict, what: str) -> None:
    if not result["success"]:
        raise GradingError(f"nbgrader {what} failed: {last_line(result)}")


def last_line(result: dict) -> str:
    text = (result.get("error") or result.get("log") or "unknown error").strip()
    return text.splitlines()[-1] if text else "unknown error"
