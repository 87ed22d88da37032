"""The real `deepsteps` command, end to end through nbgrader, on the example class."""

from __future__ import annotations

import copy
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.authoring.notebooks import read
from tests.conftest import ROOT, run_deepsteps

pytestmark = pytest.mark.slow

# What a teacher gives each example student (see examples/make_submissions.py).
EXPECTED_SCORES = {"reference": 11.0, "untouched": 0.0, "alice": 11.0, "bob": 9.0, "carol": 8.0}
EXPORT_COLUMNS = [
    "assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
    "raw_score", "late_submission_penalty", "score", "max_score",
]


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    out = tmp_path_factory.mktemp("grading")
    result = run_deepsteps("grade", "examples/submissions", "--out", str(out))
    return result, out


def test_grade_exits_zero_and_prints_a_score_table(graded_class):
    result, _ = graded_class
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = lines.index(next(line for line in lines if line.startswith("assignment")))
    table = {line.split()[1]: float(line.split()[2]) for line in lines[header + 1 : header + 6]}
    assert table == EXPECTED_SCORES


def test_progress_shows_points_out_of_the_maximum_and_the_table_is_sorted(graded_class):
    result, _ = graded_class
    assert "reference / 01_define_network: 11/11 points, graded" in result.stdout
    lines = result.stdout.splitlines()
    header = lines.index(next(line for line in lines if line.startswith("assignment")))
    students = [line.split()[1] for line in lines[header + 1: header + 6]]
    assert students == sorted(students)


def test_nbgraders_own_commands_run_clean_in_the_output_folder(graded_class):
    _, out = graded_class
    assert (out / "nbgrader_config.py").is_file()
    listed = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "db", "student", "list"], cwd=out,
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0
    assert "No nbgrader_config.py" not in listed.stdout + listed.stderr
    assert "alice" in listed.stdout + listed.stderr


# student -> where the reference notebook was put
MISPLACED = {
    "copy1": "01_define_network/define_network-Copy1.ipynb",  # Jupyter's "Make a copy"
    "deep": "01_define_network/work/define_network.ipynb",  # one folder too deep
    "shallow": "define_network.ipynb",  # one folder too shallow
    "typo": "01_define_networks/define_network.ipynb",  # the folder misspelt
    "stray": "99_nope/mine.ipynb",  # an assignment that does not exist: skipped, with a warning
}


@pytest.fixture(scope="module")
def odd_class(tmp_path_factory):
    """One run over the awkward submissions: misplaced files, a broken notebook, a hosted save, a normal one."""
    root = tmp_path_factory.mktemp("odd")
    subs = root / "submitted"
    reference = ROOT / "examples" / "submissions" / "reference" / "01_define_network" / "define_network.ipynb"
    for student, where in MISPLACED.items():
        (subs / student / where).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(reference, subs / student / where)
    shutil.copytree(reference.parent, subs / "stray" / "01_define_network")
    shutil.copytree(ROOT / "examples" / "submissions" / "bob", subs / "dora")
    path = subs / "finn" / "01_define_network" / "define_network.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text(nbformat.writes(saved_elsewhere(read(reference)), version=4))
    broken = subs / "eve" / "01_define_network" / "define_network.ipynb"
    broken.parent.mkdir(parents=True)
    broken.write_text('{"cells": [')  # cut off mid-save
    result = run_deepsteps("grade", str(subs), "--out", str(root / "out"))
    assert result.returncode == 0, result.stderr
    with open(root / "out" / "grades.csv", newline="") as handle:
        scores = {r["student_id"]: float(r["score"]) for r in csv.DictReader(handle)}
    return result, root / "out", scores


def test_files_in_the_wrong_place_or_under_another_name_are_graded_and_named(odd_class):
    result, _, scores = odd_class
    assert {student: scores[student] for student in MISPLACED} == dict.fromkeys(MISPLACED, 11.0)
    said = result.stdout
    assert "note: copy1 / 01_define_network: define_network-Copy1.ipynb was graded as define_network.ipynb: rename it" in said
    assert "note: deep / 01_define_network: the notebooks were found in deep/01_define_network/work/: move them up" in said
    assert "note: shallow / 01_define_network: define_network.ipynb was found in shallow/, not in shallow/01_define_network/" in said
    assert "note: typo / 01_define_network: the folder typo/01_define_networks/ was graded as 01_define_network" in said
    assert "warning: skipped stray/99_nope/: there is no assignment '99_nope'" in said


def test_grades_csv_has_nbgraders_columns_and_each_students_score(graded_class):
    _, out = graded_class
    with open(out / "grades.csv", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == EXPORT_COLUMNS
    assert {row["student_id"]: float(row["score"]) for row in rows} == EXPECTED_SCORES
    assert {row["assignment"] for row in rows} == {"01_define_network"}
    assert {float(row["max_score"]) for row in rows} == {11.0}


def test_feedback_html_for_every_student_shows_the_hint(graded_class):
    _, out = graded_class
    for student in EXPECTED_SCORES:
        assert (out / "feedback" / student / "01_define_network" / "define_network.html").is_file()
    bob = (out / "feedback" / "bob" / "01_define_network" / "define_network.html").read_text()
    assert "01.keras_network failed." in bob
    assert "the other way round from the lecture" in bob


def test_reference_feedback_shows_every_check_passed(graded_class):
    _, out = graded_class
    nb = read(out / "autograded" / "reference" / "01_define_network" / "define_network.ipynb")
    graded = [cell for cell in nb.cells if cell.get("metadata", {}).get("nbgrader", {}).get("grade")]
    assert len(graded) == 8
    for cell in graded:
        assert [o.output_type for o in cell.outputs] == ["stream"]
        assert "failed" not in cell.outputs[0].text and "passed" in cell.outputs[0].text


def test_feedback_keeps_the_release_order_labels_cases_and_wraps_failures(graded_class):
    _, out = graded_class
    release = read(ROOT / "exercises" / "01_define_network" / "define_network.ipynb")
    for student in ("reference", "alice"):  # alice added a scratch cell: it keeps its place
        nb = read(out / "autograded" / student / "01_define_network" / "define_network.ipynb")
        ids = [cell.metadata.get("nbgrader", {}).get("grade_id") for cell in nb.cells]
        assert [i for i in ids if i] == [cell.metadata["nbgrader"]["grade_id"] for cell in release.cells
                                         if cell.metadata.get("nbgrader", {}).get("grade_id")]
        assert [cell.cell_type for cell in nb.cells if cell.cell_type == "markdown"] == \
               [cell.cell_type for cell in release.cells if cell.cell_type == "markdown"]
    reference = read(out / "autograded" / "reference" / "01_define_network" / "define_network.ipynb")
    text = "".join(o.get("text", "") for cell in reference.cells for o in cell.get("outputs", []))
    assert "[visible cases] 01.sigmoid passed" in text and "[hidden cases] 01.sigmoid passed" in text
    assert "[how it is written] 01.dense_vectorized passed" in text
    bob = (out / "feedback" / "bob" / "01_define_network" / "define_network.html").read_text()
    assert "white-space: pre-wrap" in bob
    assert "<Axes" not in text and "<Axes" not in bob  # a plotting cell ending in ';' shows no Out[...] repr


def saved_elsewhere(nb):
    """The reference as a hosted service might save it: old format, no cell ids, stale outputs."""
    from nbformat.v4 import new_output

    nb = copy.deepcopy(nb)
    nb.nbformat_minor = 4
    nb.metadata = {"colab": {"provenance": []}, "kernelspec": {"name": "python3", "display_name": "Python 3"}}
    for cell in nb.cells:
        cell.pop("id", None)
        if cell.cell_type == "code":
            cell.outputs = [new_output("error", ename="NameError", evalue="stale", traceback=[])]
            cell.execution_count = 7
    return nb


def test_broken_notebook_is_reported_hosted_save_scores_full_and_the_rest_is_graded(odd_class):
    result, out, scores = odd_class
    assert "problem: eve / 01_define_network: define_network.ipynb is not a readable notebook" in result.stdout
    eve = read(out / "autograded" / "eve" / "01_define_network" / "define_network.ipynb")
    banner, *rest = eve.cells
    assert "could not be graded in full" in banner.source and "not a readable notebook" in banner.source
    said = "".join(o.get("text", "") for cell in rest for o in cell.get("outputs", []))
    assert "not a readable notebook" not in said and said.count("not run: see the note at the top") == 8
    assert {student: scores[student] for student in ("dora", "eve", "finn")} == {"dora": 9.0, "eve": 0.0, "finn": 11.0}
    assert len(scores) == len(MISPLACED) + 3  # and nobody else: the stray assignment was not graded


@pytest.mark.parametrize(
    "args, message",
    [
        (["grade", "no/such/folder"], "deepsteps grade: no submissions folder at no/such/folder"),
        (["grade", "examples/submissions", "--assignment", "99_nope"], "deepsteps grade: unknown assignment '99_nope'; known: 01_define_network"),
        (["grade", "{tmp}/unknown"], "deepsteps grade: no submissions under"),
        (["grade", "{tmp}/empty"], "deepsteps grade: no submissions under"),
    ],
)
def test_grade_that_cannot_run_exits_1_with_one_line(args, message, tmp_path):
    (tmp_path / "unknown" / "erin" / "99_nope").mkdir(parents=True)
    (tmp_path / "unknown" / "erin" / "99_nope" / "work.ipynb").write_text("{}")
    (tmp_path / "empty").mkdir()
    args = [arg.format(tmp=tmp_path) for arg in args]
    result = run_deepsteps(*args, "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.strip().startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_judge_backend_that_is_not_installed_is_refused_with_one_line(tmp_path):
    # Where every backend is installed, hide torch from this one run: a module set to None in
    # sys.modules is what importlib.util.find_spec reports as not installed.
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text("import sys\nsys.modules['torch'] = None\n")
    exe = Path(sys.executable).parent / "deepsteps"
    result = subprocess.run([str(exe), "grade", "examples/submissions", "--backend", "torch", "--out", str(tmp_path / "out")],
                            cwd=ROOT, capture_output=True, text=True, timeout=600,
                            env=os.environ | {"PYTHONPATH": str(hide)})
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    assert result.stderr.strip() == ("deepsteps grade: the judge cannot train on torch: it is not installed here "
                                     "(pip install torch), or leave out --backend to use the fastest one installed")


def test_usage_error_exits_2_with_one_line(tmp_path):
    assert run_deepsteps("grade").returncode == 2
    assert run_deepsteps("nonsense").returncode == 2
    a_file = tmp_path / "a_file"
    a_file.write_text("")
    for args, words in ((["--workers", "0"], "must be at least 1"), (["--workers", "-1"], "must be at least 1"),
                        (["--out", str(a_file)], "is a file, not a folder"),
                        (["--student", "nobody"], "no submissions from student(s) nobody")):
        result = run_deepsteps("grade", "examples/submissions", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert "grades:" not in result.stdout  # names no file it did not write


def test_import_course_keeps_tensorflow_quiet():
    code = "import course, keras, numpy as np; keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])(np.zeros((1, 2)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stderr == ""


def _grade_with_path(path: str, *args: str, out: Path, subs: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "deepsteps"
    env = {**os.environ, "PATH": path}
    return subprocess.run([str(exe), "grade", str(subs), "--out", str(out), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def one_student(tmp_path):
    subs = tmp_path / "submitted"
    shutil.copytree(ROOT / "examples" / "submissions" / "reference", subs / "reference")
    return subs


def test_without_bubblewrap_grading_refuses_and_writes_nothing(tmp_path, one_student):
    venv_only = str(Path(sys.executable).parent)  # no /usr/bin: no bwrap
    result = _grade_with_path(venv_only, out=tmp_path / "out", subs=one_student)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "bubblewrap (bwrap) is not installed" in line and "apt-get install bubblewrap" in line and "--no-sandbox" in line
    assert not (tmp_path / "out").exists()


def test_a_bubblewrap_that_cannot_start_is_probed_and_refused(tmp_path, one_student):
    fake = tmp_path / "bin" / "bwrap"  # installed, but cannot make namespaces (as in some containers)
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    result = _grade_with_path(f"{fake.parent}:{Path(sys.executable).parent}", out=tmp_path / "out", subs=one_student)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "cannot start a sandbox here (bwrap: No permissions to create new namespace)" in line and "--no-sandbox" in line
    assert not (tmp_path / "out").exists()


def test_no_sandbox_grades_and_every_output_says_so(tmp_path, one_student):
    venv_only = str(Path(sys.executable).parent)
    result = _grade_with_path(venv_only, "--no-sandbox", out=tmp_path / "out", subs=one_student)
    assert result.returncode == 0, result.stderr
    assert "WITHOUT isolation" in result.stderr and "WITHOUT isolation" in result.stdout
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert "WITHOUT isolation" in report["warning"] and report["isolation"]["sandbox"] is False
    assert report["submissions"]["reference/01_define_network"]["isolated"] is False
    assert report["submissions"]["reference/01_define_network"]["score"] == 11.0
    note = (tmp_path / "out" / "grades-isolation.txt").read_text()
    assert "WITHOUT isolation" in note and "reference/01_define_network" in note
