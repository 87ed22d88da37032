"""Where the instructor's material lives: the solutions/ source folder and its assignments."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class GradingError(Exception):
    """Grading could not start or finish; the message is one line for the instructor."""


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
