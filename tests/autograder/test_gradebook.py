"""The gradebook audit: whatever wrote to the gradebook during grading, the trusted scores win."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from nbgrader.api import Gradebook

from autograder.grading.record import audit, snapshot, write_scores
from tests.conftest import ROOT, run_deepsteps

ASSIGNMENT = "01_x"
CELLS = {("nb", "test_a"): 1.0, ("nb", "test_b"): 2.0}


@pytest.fixture
def db_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url) as gradebook:
        gradebook.add_assignment(ASSIGNMENT)
        gradebook.add_notebook("nb", ASSIGNMENT)
        for (_, cell), points in CELLS.items():
            gradebook.add_grade_cell(cell, "nb", ASSIGNMENT, max_score=points, cell_type="code")
    return url


def _scores(url: str) -> dict:
    with Gradebook(url) as gradebook:
        return {(s.student.id, g.name): (g.auto_score, g.manual_score, g.extra_credit, g.max_score)
                for s in gradebook.assignment_submissions(ASSIGNMENT) for nb in s.notebooks for g in nb.grades}


def test_an_untouched_gradebook_passes_the_audit(db_url):
    trusted = {("ann", ASSIGNMENT): {("nb", "test_a"): 1.0, ("nb", "test_b"): 0.0}}
    before = snapshot(db_url, regrade=set(trusted))
    write_scores(db_url, "ann", ASSIGNMENT, trusted["ann", ASSIGNMENT])
    points = {(ASSIGNMENT, "nb", cell): value for (_, cell), value in CELLS.items()}
    assert audit(db_url, trusted=trusted, points=points, before=before) == []


def test_forged_scores_points_and_submissions_are_reported_and_corrected(db_url):
    write_scores(db_url, "kept", ASSIGNMENT, {("nb", "test_a"): 0.0, ("nb", "test_b"): 2.0})  # an earlier run's
    with Gradebook(db_url) as gradebook:  # the instructor's manual score, between runs: legitimate
        gradebook.find_grade("test_a", "nb", ASSIGNMENT, "kept").manual_score = 0.5
        gradebook.db.commit()
    trusted = {("ann", ASSIGNMENT): {("nb", "test_a"): 0.0, ("nb", "test_b"): 0.0}}
    before = snapshot(db_url, regrade=set(trusted))
    write_scores(db_url, "ann", ASSIGNMENT, trusted["ann", ASSIGNMENT])
    # What a submission running without a sandbox did next:
    write_scores(db_url, "ghost", ASSIGNMENT, {("nb", "test_a"): 1.0, ("nb", "test_b"): 2.0})
    with Gradebook(db_url) as gradebook:
        gradebook.find_grade("test_a", "nb", ASSIGNMENT, "ann").auto_score = 99
        gradebook.find_grade("test_b", "nb", ASSIGNMENT, "ann").manual_score = 2
        gradebook.find_grade("test_b", "nb", ASSIGNMENT, "kept").extra_credit = 5
        gradebook.find_grade_cell("test_a", "nb", ASSIGNMENT).max_score = 50
        gradebook.db.commit()
    points = {(ASSIGNMENT, "nb", cell): value for (_, cell), value in CELLS.items()}
    findings = audit(db_url, trusted=trusted, points=points, before=before)
    assert len(findings) == 5
    assert any("points were 50, the source gives 1" in f for f in findings)
    assert any(f.startswith("ghost/01_x: a submission the grader never wrote") for f in findings)
    assert any("ann/01_x nb test_a: auto score 99 where the grader decided auto score 0" in f for f in findings)
    assert any("manual score 2" in f for f in findings) and any("extra credit 5" in f for f in findings)
    assert _scores(db_url) == {
        ("ann", "test_a"): (0.0, None, None, 1.0), ("ann", "test_b"): (0.0, None, None, 2.0),
        ("kept", "test_a"): (0.0, 0.5, None, 1.0), ("kept", "test_b"): (2.0, None, None, 2.0),
    }
    assert audit(db_url, trusted=trusted, points=points, before=before) == []  # corrected for good


def test_a_deleted_submission_is_written_again(db_url):
    trusted = {("ann", ASSIGNMENT): {("nb", "test_a"): 1.0, ("nb", "test_b"): 2.0}}
    before = snapshot(db_url, regrade=set(trusted))
    write_scores(db_url, "ann", ASSIGNMENT, trusted["ann", ASSIGNMENT])
    with Gradebook(db_url) as gradebook:
        gradebook.remove_submission(ASSIGNMENT, "ann")
    findings = audit(db_url, trusted=trusted, points={}, before=before)
    assert findings == ["ann/01_x: the grader's scores were missing from the gradebook (written again)"]
    assert _scores(db_url)[("ann", "test_b")][0] == 2.0


@pytest.mark.slow
def test_without_a_sandbox_a_gradebook_attack_is_caught_and_undone(tmp_path):
    subs = tmp_path / "submitted"
    for student in ("reference", "write_gradebook"):
        shutil.copytree(ROOT / "tests" / "fixtures" / "hostile_class" / student, subs / student)
    out = tmp_path / "out"
    result = run_deepsteps("grade", str(subs), "--out", str(out), "--no-sandbox", "--workers", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "TAMPERING: the gradebook differed from the trusted scores" in result.stdout
    with open(out / "grades.csv", newline="") as handle:
        assert {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)} == {
            "reference": 11.0, "write_gradebook": 0.0}
    report = json.loads((out / "report.json").read_text())
    assert report["gradebook_tampering"] and "WITHOUT isolation" in report["warning"]
