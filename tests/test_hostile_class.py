"""A class of tampered and faulty submissions (tests/fixtures/hostile_class), graded in one run.

Attacks start from the release (no real answers): each must score no more than the untouched
release, 0. Faults start from the reference: each gets the points for what it really answered, a
status and a reason; the reference in the same class still scores full marks.
"""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from tests.conftest import ROOT, run_deepsteps

pytestmark = pytest.mark.slow

CLASS = ROOT / "tests" / "fixtures" / "hostile_class"
ATTACKS = [
    "patch_check", "patch_numpy", "patch_builtins", "always_equal", "nan_answers", "ipython_hooks",
    "close_streams", "read_solutions", "write_gradebook", "network", "forge_messages", "snoop_files",
    "tampered_metadata",
]
# student: (score, status, words in the reason)
FAULTS = {
    "fault_infinite_loop": (8.0, "graded", ""),  # the loop cell is stopped; forward and the lecture task are lost
    "fault_ignores_alarm": (7.0, "timeout", "a cell ran longer than 10 s and the notebook was stopped (in cell 13)"),
    "fault_memory": (9.0, "memory", "more than 3 GiB of memory"),
    "fault_fork_bomb": (11.0, "graded", ""),  # forks fail at the process limit; the answers stand
    "fault_disk": (11.0, "graded", ""),  # the scratch folder fills up; the answers stand
    "fault_exit": (6.0, "crashed", "ended early (in cell 11) (exit code 3)"),
    "fault_missing_cells": (7.0, "graded", ""),
    "fault_output_flood": (11.0, "graded", ""),
    "fault_bad_json": (0.0, "unreadable", "is not a readable notebook"),
    # Right numbers, but a loop the task forbids, hidden from the in-sandbox detector: only the dense task is lost.
    "tampered_loop_check": (9.0, "graded", ""),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    result = run_deepsteps("grade", str(CLASS), "--out", str(out), "--cell-timeout", "10", "--timeout", "180")
    assert result.returncode == 0, result.stdout + result.stderr
    with open(out / "grades.csv", newline="") as handle:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    records = json.loads((out / "report.json").read_text())["submissions"]
    return out, scores, records


def test_the_fixture_class_has_every_attack_and_fault():
    assert sorted(p.name for p in CLASS.iterdir()) == sorted(ATTACKS + list(FAULTS) + ["reference"])
    assert len(ATTACKS) >= 12 and len(FAULTS) >= 6


@pytest.mark.parametrize("student", ATTACKS)
def test_attack_scores_no_more_than_the_release(graded, student):
    _, scores, _ = graded
    assert scores[student] == 0.0


@pytest.mark.parametrize("student", sorted(FAULTS))
def test_fault_is_scored_for_what_it_answered_with_a_reason(graded, student):
    _, scores, records = graded
    score, status, reason = FAULTS[student]
    record = records[f"{student}/01_define_network"]
    assert (scores[student], record["status"]) == (score, status)
    assert reason in record["reason"]
    assert record["seconds"] > 0 or status == "unreadable"


def test_reference_in_a_hostile_class_scores_full_marks(graded):
    _, scores, records = graded
    assert scores["reference"] == 11.0
    assert records["reference/01_define_network"]["status"] == "graded"


def test_the_sandbox_showed_no_solutions_or_instructor_files(graded):
    out, _, _ = graded
    solutions = (out / "feedback" / "read_solutions" / "01_define_network" / "define_network.html").read_text()
    assert "visible notebooks: []" in solutions
    snoop = (out / "feedback" / "snoop_files" / "01_define_network" / "define_network.html").read_text()
    assert "solutions" not in snoop and "gradebook" not in snoop and "examples" not in snoop


def test_the_gradebook_holds_no_forged_scores(graded):
    out, _, _ = graded
    with sqlite3.connect(out / "gradebook.db") as db:
        assert db.execute("SELECT MAX(auto_score) FROM grade").fetchone()[0] <= 2.0


def test_tampering_is_named_in_feedback(graded):
    out, _, records = graded
    notes = records["fault_missing_cells/01_define_network"]["notebooks"][0]["notes"]
    assert "answer cell keras_network is missing; its tests score 0" in notes
    assert "cell my_params is not part of this assignment; it was not run" in notes
    forged = records["forge_messages/01_define_network"]["notebooks"][0]["notes"]
    assert any("did not come from the grader's own checks were ignored" in note for note in forged)
