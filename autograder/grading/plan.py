"""Plan a grading run: which submissions there are, which assignments they belong to, what each is checked against.

Trusted code. The sources (hidden tests, points) and releases are read into memory here, before any
student code runs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat


@dataclass(frozen=True)
class Note:
    """Where a file was found when not where it should be, in words, and the notebook it concerns
    (None: the whole submission, e.g. a misnamed folder)."""

    text: str
    notebook: str | None = None

    def concerns(self, notebook: str) -> bool:
        return self.notebook is None or self.notebook == notebook


@dataclass
class Submission:
    """One student's notebooks for one assignment: the file that stands for each expected notebook.

    ``notes`` say, by name, where a file was found under another name or in another place, and what
    to do next time; a notebook with no file is missing (``missing_reason`` says what was there).
    """

    student: str
    assignment: str
    files: dict[str, Path] = field(default_factory=dict)  # expected notebook name -> the file graded as it
    notes: list[Note] = field(default_factory=list)
    others: list[Path] = field(default_factory=list)  # notebooks found that stand for none expected

    def missing_reason(self, notebook: str) -> str:
        found = f" (found: {', '.join(path.name for path in self.others)})" if self.others else ""
        return f"{notebook} was not submitted{found}"


def find_submissions(folder: Path, notebooks: dict[str, list[str]]) -> tuple[dict[str, dict[str, Submission]], list[str]]:
    """``({assignment: {student: Submission}}, warnings)`` for a folder laid out as ``<student>/<assignment>/*.ipynb``.

    ``notebooks``: each known assignment's notebook names. What a student handed in another way is
    graded when it is unambiguous, with a note naming the file and the fix: a notebook renamed by
    Jupyter (``define_network-Copy1.ipynb``), notebooks one folder too deep (in a subfolder of the
    assignment's folder) or too shallow (right in the student's folder), an assignment folder with a
    typo whose notebooks are another assignment's. Anything else is skipped with a warning naming
    the student; the rest of the class is graded.
    """
    by_name = {name: assignment for assignment, names in notebooks.items() for name in names}
    found: dict[str, dict[str, Submission]] = {}
    warnings: list[str] = []
    for student_dir in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        student = student_dir.name
        for child in sorted(student_dir.iterdir()):
            if child.name.startswith("."):
                continue
            if child.is_file() and child.suffix == ".ipynb":  # one folder too shallow
                assignment = by_name.get(child.name)
                if assignment is None:
                    warnings.append(f"skipped {student}/{child.name}: it is not a notebook of any assignment")
                    continue
                entry = found.setdefault(assignment, {}).setdefault(student, Submission(student, assignment))
                if child.name not in entry.files:
                    entry.files[child.name] = child
                    entry.notes.append(Note(f"{child.name} was found in {student}/, not in {student}/{assignment}/: "
                                            "move it there next time", notebook=child.name))
            elif child.is_dir():
                _read_assignment_folder(student, child, notebooks, by_name, found, warnings)
    for assignment, students in found.items():
        for entry in students.values():
            _match_renamed(entry, notebooks[assignment])
    return found, warnings


def _notebooks_in(folder: Path) -> tuple[list[Path], str]:
    direct = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if direct:
        return direct, ""
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        deeper = sorted(p for p in sub.glob("*.ipynb") if not p.name.startswith("."))
        if deeper:  # one folder too deep
            return deeper, sub.name
    return [], ""


def _read_assignment_folder(student: str, folder: Path, notebooks: dict[str, list[str]], by_name: dict[str, str],
                            found: dict, warnings: list[str]) -> None:
    files, deeper = _notebooks_in(folder)
    if not files:
        return
    assignment, note = folder.name, ""
    if assignment not in notebooks:
        owners = {by_name.get(path.name) for path in files}
        if len(owners) == 1 and None not in owners:
            (assignment,) = owners
            note = f"the folder {student}/{folder.name}/ was graded as {assignment}: name it so next time"
        else:
            warnings.append(f"skipped {student}/{folder.name}/: there is no assignment {folder.name!r} "
                            f"(known: {', '.join(sorted(notebooks))})")
            return
    entry = found.setdefault(assignment, {}).setdefault(student, Submission(student, assignment))
    if note:
        entry.notes.append(Note(note))
    if deeper:
        entry.notes.append(Note(f"the notebooks were found in {student}/{folder.name}/{deeper}/: move them up one folder next time"))
    for path in files:
        if path.name in notebooks[assignment] and path.name not in entry.files:
            entry.files[path.name] = path
        else:
            entry.others.append(path)


def _match_renamed(entry: Submission, expected: list[str]) -> None:
    """One missing notebook and one unexpected file: the file is that notebook, renamed (Jupyter's -Copy1)."""
    missing = [name for name in expected if name not in entry.files]
    if len(missing) == 1 and len(entry.others) == 1:
        (name,), (path,) = missing, entry.others
        entry.files[name] = path
        entry.others = []
        entry.notes.append(Note(f"{path.name} was graded as {name}: rename it {name} next time", notebook=name))


def fingerprint(files: dict[str, Path], source_folder: Path) -> str:
    """A short hash of a submission's notebooks and its assignment's sources: unchanged, it keeps its grade."""
    digest = hashlib.sha256()
    for name, path in sorted(files.items()):
        digest.update(name.encode() + b"\0" + path.read_bytes())
    for path in sorted(source_folder.rglob("*.ipynb")):
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
