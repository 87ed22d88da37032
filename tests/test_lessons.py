"""Every lesson runs top to bottom, quietly, in about a minute."""

from __future__ import annotations

import time

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

LESSONS = sorted((ROOT / "course" / "lessons").glob("*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_executes_without_errors_or_stderr(path):
    nb = nbformat.read(str(path), as_version=4)
    started = time.monotonic()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    elapsed = time.monotonic() - started
    stderr = [o.text for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs
              if o.output_type == "stream" and o.name == "stderr"]
    assert stderr == []
    assert elapsed < 120, f"{path.name} took {elapsed:.0f} s; lessons should run in about a minute"


def test_lessons_ship_without_outputs():
    assert LESSONS, "no lessons found"
    for path in LESSONS:
        nb = nbformat.read(str(path), as_version=4)
        assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), path.name
