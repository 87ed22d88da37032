"""docs/adding-an-exercise.md, followed end to end in a copy of the checkout: scaffold, fill the task,
release, test, grade."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

NAME = "99_recipe_check"


def _run(*args: str, cwd: Path, timeout: int = 1200) -> subprocess.CompletedProcess:
    # python -m from the copy: its own autograder and solutions, not the installed checkout's
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("checkout")
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    for name in listed:
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    return copy


def test_the_recipe_gives_an_assignment_that_grades_reference_full_and_release_zero(checkout):
    # Step 1: one command scaffolds every place an assignment lives.
    made = _run("-m", "autograder.cli", "new", NAME, cwd=checkout)
    assert made.returncode == 0, made.stderr
    notebook = checkout / "solutions" / NAME / "recipe_check.ipynb"
    for path in (notebook, checkout / "autograder/checks/assignments/assignment99.py",
                 checkout / "tests/assignments/a99.py", checkout / "exercises" / NAME / "recipe_check.ipynb"):
        assert path.is_file() and f"wrote {path}" in made.stdout
    assert _run("-m", "autograder.cli", "new", NAME, cwd=checkout).returncode == 1  # never overwrites

    # Step 2: fill the task: here, one more hidden case, written with the notebook builder.
    fill = (
        "from autograder.authoring.notebooks import find_cell, read, write\n"
        f"nb = read('{notebook}')\n"
        "cell = find_cell(nb, 'test_scale')\n"
        "cell.source = cell.source.replace('### END HIDDEN TESTS', "
        "'check(\"99.scale\", scale, [case(np.array([2.0]), 0.5, expected=[1.0])])\\n### END HIDDEN TESTS')\n"
        f"write(nb, '{notebook}')\n"
    )
    assert _run("-c", fill, cwd=checkout).returncode == 0

    # Step 3: release, and the release is in sync.
    assert _run("-m", "autograder.cli", "release", cwd=checkout).returncode == 0
    assert _run("-m", "autograder.cli", "release", "--check", cwd=checkout).returncode == 0

    # Step 4: the one conformance test covers the new assignment.
    tested = _run("-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", "tests/test_conformance.py", "-k", "99", cwd=checkout)
    assert tested.returncode == 0, tested.stdout[-3000:]
    assert " passed" in tested.stdout

    # Step 5: grade a reference and an untouched release.
    write_class = (
        "from autograder.authoring.notebooks import read, write\n"
        "from examples.make_submissions import answered, reference_answers\n"
        f"release = read('exercises/{NAME}/recipe_check.ipynb')\n"
        f"reference = answered(release, reference_answers(read('solutions/{NAME}/recipe_check.ipynb')))\n"
        f"write(reference, 'submitted/ann/{NAME}/recipe_check.ipynb')\n"
        f"write(release, 'submitted/ben/{NAME}/recipe_check.ipynb')\n"
    )
    assert _run("-c", write_class, cwd=checkout).returncode == 0
    graded = _run("-m", "autograder.cli", "grade", "submitted", "--assignment", NAME, "--out", "out", cwd=checkout)
    assert graded.returncode == 0, graded.stderr
    with open(checkout / "out" / "grades.csv", newline="") as handle:
        assert {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)} == {"ann": 1.0, "ben": 0.0}
