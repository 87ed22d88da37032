"""The one notebook builder: nbgrader cells made and edited with nbformat.

Lessons, solution notebooks, example submissions and test fixtures are all made with these
helpers, so cell metadata is written in one place.

Example:
    >>> nb = new_notebook([markdown("# Title"), solution("x = 1", grade_id="x"), tests("assert x", grade_id="t", points=1)])
    >>> [cell.metadata.get("nbgrader", {}).get("grade_id") for cell in nb.cells]
    [None, 'x', 't']
    >>> replace_source(nb, "x", "x = 2").cells[1].source
    'x = 2'
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell

NBGRADER_SCHEMA = 3
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None) -> dict:
    data = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": NBGRADER_SCHEMA, "solution": solution}
    if points is not None:
        data["points"] = points
    return {"nbgrader": data}


def markdown(text: str, *, grade_id: str | None = None) -> NotebookNode:
    """Prose; with a ``grade_id`` it is locked (students cannot change task statements)."""
    cell = new_markdown_cell(text.strip("\n"))
    if grade_id:
        cell.metadata = _meta(grade_id, grade=False, solution=False, locked=True)
    return cell


def code(source: str) -> NotebookNode:
    """An ordinary code cell (lessons, scratch)."""
    return new_code_cell(source.strip("\n"))


DEMO_TAG = "demo"


def demo(source: str) -> NotebookNode:
    """An example the student may run and change; the grader skips it while it is unchanged and no
    answer needs it (tag ``demo``): give this tag to the cells that train models for show."""
    cell = new_code_cell(source.strip("\n"))
    cell.metadata["tags"] = [DEMO_TAG]
    return cell


def is_demo(cell: NotebookNode) -> bool:
    """A code cell tagged as a demo (see :func:`demo`)."""
    return cell.get("cell_type") == "code" and DEMO_TAG in cell.get("metadata", {}).get("tags", [])


def given(source: str, *, grade_id: str) -> NotebookNode:
    """Read-only code every submission runs as written (imports, data); restored at grading."""
    cell = new_code_cell(source.strip("\n"))
    cell.metadata = _meta(grade_id, grade=False, solution=False, locked=True)
    return cell


def solution(source: str, *, grade_id: str) -> NotebookNode:
    """A cell the student writes; ``### BEGIN SOLUTION``/``### END SOLUTION`` mark the answer."""
    cell = new_code_cell(source.strip("\n"))
    cell.metadata = _meta(grade_id, grade=False, solution=True, locked=False)
    return cell


def tests(source: str, *, grade_id: str, points: float) -> NotebookNode:
    """A locked test cell worth ``points``; hidden cases go between ``### BEGIN/END HIDDEN TESTS``."""
    cell = new_code_cell(source.strip("\n"))
    cell.metadata = _meta(grade_id, grade=True, solution=False, locked=True, points=points)
    return cell


def new_notebook(cells: list[NotebookNode]) -> NotebookNode:
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def write(nb: NotebookNode, path: str | Path) -> Path:
    """Validate and write a notebook, without outputs, with a trailing newline."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return path


def read(path: str | Path) -> NotebookNode:
    return nbformat.read(str(path), as_version=4)


def grade_id(cell: NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def find_cell(nb: NotebookNode, cell_grade_id: str) -> NotebookNode:
    for cell in nb.cells:
        if grade_id(cell) == cell_grade_id:
            return cell
    raise KeyError(f"no cell with grade_id {cell_grade_id!r}")


def replace_source(nb: NotebookNode, cell_grade_id: str, source: str) -> NotebookNode:
    """A copy of ``nb`` whose cell ``cell_grade_id`` holds ``source`` (how a student edits an answer)."""
    edited = copy.deepcopy(nb)
    find_cell(edited, cell_grade_id).source = source.strip("\n")
    return edited
