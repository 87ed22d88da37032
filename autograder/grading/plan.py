"""Plan a grading run: which submissions there are, which assignments they belong to, what each is checked against.

Trusted code. The sources (hidden tests, points) and releases are read into memory here, before any
student code runs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import nbformat


def find_submissions(submissions: Path) -> dict[str, list[str]]:
    """``{assignment: [student, ...]}`` for a folder laid out as ``<student>/<assignment>/*.ipynb``."""
    found: dict[str, list[str]] = {}
    for student_dir in sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if any(assignment_dir.glob("*.ipynb")):
                found.setdefault(assignment_dir.name, []).append(student_dir.name)
    return found


def fingerprint(*folders: Path) -> str:
    """A short hash of every notebook under ``folders``: a submission whose files and sources are unchanged keeps its grade."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*.ipynb")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class SourceAssignment:
    """An assignment's source and release notebooks, read once before any student code runs.

    Held in memory: a submission graded without a sandbox could otherwise rewrite the copies in
    the output folder (points, expected values) for the students graded after it.
    """

    name: str
    source: dict  # notebook file name -> source notebook (hidden tests, points)
    release: dict  # notebook file name -> release notebook (what students saw)

    @classmethod
    def read(cls, source_dir: Path, release_dir: Path) -> "SourceAssignment":
        files = sorted(path.name for path in source_dir.glob("*.ipynb"))
        return cls(source_dir.name, {f: nbformat.read(str(source_dir / f), as_version=4) for f in files},
                   {f: nbformat.read(str(release_dir / f), as_version=4) for f in files})

    def points(self) -> dict[tuple[str, str, str], float]:
        """``{(assignment, notebook, grade id): points}`` of every graded cell."""
        return {(self.name, Path(f).stem, meta["grade_id"]): float(meta.get("points", 0))
                for f, nb in self.source.items() for cell in nb.cells
                if (meta := cell.get("metadata", {}).get("nbgrader", {})).get("grade")}
