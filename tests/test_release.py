"""exercises/ is what nbgrader makes of solutions/, and no answer reaches students."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from autograder.authoring.notebooks import read
from autograder.authoring.release import stale_exercises
from tests.conftest import ROOT

ANSWER_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def test_committed_exercises_match_a_fresh_release():
    assert stale_exercises(source=ROOT / "solutions", exercises=ROOT / "exercises") == []


def test_stale_exercises_notices_an_edit(tmp_path):
    import shutil

    shutil.copytree(ROOT / "exercises", tmp_path / "exercises")
    notebook = sorted((tmp_path / "exercises").glob("*/*.ipynb"))[0]
    text = notebook.read_text()
    assert "Step 1" in text
    notebook.write_text(text.replace("Step 1", "Step one"))
    stale = stale_exercises(source=ROOT / "solutions", exercises=tmp_path / "exercises")
    assert stale == [str(notebook.relative_to(tmp_path / "exercises"))]


@pytest.mark.parametrize("path", sorted((ROOT / "exercises").glob("*/*.ipynb")), ids=lambda p: p.parent.name)
def test_exercises_hold_no_solutions_or_hidden_tests(path):
    text = path.read_text()
    assert not any(marker in text for marker in ANSWER_MARKERS)


def test_untouched_example_is_the_release():
    untouched = sorted((ROOT / "examples" / "submissions" / "untouched").glob("*/*.ipynb"))
    assert untouched
    for submitted in untouched:
        assert read(submitted) == read(ROOT / "exercises" / submitted.parent.name / submitted.name)


@pytest.mark.slow
def test_wheel_students_install_holds_no_answers(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("deepsteps-*.whl")
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    assert any(name.startswith("autograder/") for name in names)
    assert "course/lessons/01_define_network.ipynb" in names
    assert "course/lessons/self_checks.json" in names  # the lessons' questions work from an installed wheel
    assert not any(name.startswith(("solutions/", "exercises/", "examples/", "tests/")) for name in names)
    for name in names:
        if name.endswith(".ipynb"):
            text = archive.read(name).decode("utf-8")
            assert not any(marker in text for marker in ANSWER_MARKERS), name


def test_the_example_class_carries_no_solution_markers():
    for path in (ROOT / "examples" / "submissions").rglob("*.ipynb"):
        text = path.read_text()
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text, path
