"""Make the student versions (exercises/) from the source notebooks (solutions/) with nbgrader.

``exercises/`` is exactly what ``nbgrader generate_assignment`` makes of ``solutions/``: solutions
and hidden tests stripped, checksums added. :func:`release` rewrites it; :func:`stale_exercises`
lists what differs, for the test that keeps the committed copy in sync.
"""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path

from autograder.nbgrader import GradingError, find_source_dir, source_assignments
from autograder.nbgrader import nbgrader_api, prepare_environment, require_success


def generate_release(source_dir: Path, dest_dir: Path) -> list[str]:
    """Write the student version of every assignment in ``source_dir`` into ``dest_dir``."""
    names = source_assignments(source_dir)
    if not names:
        raise GradingError(f"no assignments (folders with notebooks) in {source_dir}")
    prepare_environment()
    with tempfile.TemporaryDirectory(prefix="deepsteps-release-") as tmp:
        course = Path(tmp)
        shutil.copytree(source_dir, course / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        api = nbgrader_api(course)
        for name in names:
            require_success(api.generate_assignment(name, force=True, create=True), f"generate_assignment {name}")
            target = dest_dir / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(course / "release" / name, target)
    return names


def _exercises_dir(source_dir: Path, exercises: str | Path | None) -> Path:
    return Path(exercises) if exercises is not None else source_dir.parent / "exercises"


def release(*, source: str | Path | None = None, exercises: str | Path | None = None) -> list[str]:
    """Regenerate ``exercises/`` from ``solutions/``; returns the assignment names."""
    source_dir = find_source_dir(source)
    dest = _exercises_dir(source_dir, exercises)
    dest.mkdir(parents=True, exist_ok=True)
    return generate_release(source_dir, dest)


def stale_exercises(*, source: str | Path | None = None, exercises: str | Path | None = None) -> list[str]:
    """Files of ``exercises/`` that differ from a fresh release (missing, extra or changed)."""
    source_dir = find_source_dir(source)
    committed = _exercises_dir(source_dir, exercises)
    with tempfile.TemporaryDirectory(prefix="deepsteps-fresh-") as tmp:
        fresh = Path(tmp)
        generate_release(source_dir, fresh)
        return _differences(filecmp.dircmp(fresh, committed), Path())


def _differences(cmp: filecmp.dircmp, prefix: Path) -> list[str]:
    found = [str(prefix / name) for name in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files]
    for name, sub in cmp.subdirs.items():
        found += _differences(sub, prefix / name)
    return sorted(found)
