"""An interrupted grading run resumes without regrading finished work or damaging the gradebook."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_deepsteps

pytestmark = pytest.mark.slow
# Three of the example class's five students, with their scores: enough to interrupt, resume and keep.
EXPECTED = {"reference": 11.0, "bob": 9.0, "carol": 8.0}


def _class(tmp_path: Path) -> Path:
    subs = tmp_path / "submitted"
    for student in EXPECTED:
        shutil.copytree(ROOT / "examples" / "submissions" / student, subs / student)
    return subs


def _scores(out: Path) -> dict[str, float]:
    with open(out / "grades.csv", newline="") as handle:
        return {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}


def test_interrupted_run_resumes_and_keeps_finished_work(tmp_path):
    subs, out = _class(tmp_path), tmp_path / "out"
    exe = Path(sys.executable).parent / "deepsteps"
    process = subprocess.Popen([str(exe), "grade", str(subs), "--out", str(out), "--workers", "1"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    report = out / "report.json"
    deadline = time.monotonic() + 900  # a hang guard: a loaded machine takes minutes, not seconds
    while time.monotonic() < deadline:  # interrupt once the first submission is recorded
        if report.exists() and len(json.loads(report.read_text())["submissions"]) >= 1:
            break
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=60)
    finished = json.loads(report.read_text())["submissions"]
    assert 1 <= len(finished) < len(EXPECTED)

    result = run_deepsteps("grade", str(subs), "--out", str(out), "--resume")
    assert result.returncode == 0, result.stderr
    assert f"kept {len(finished)} unchanged submission(s)" in result.stdout
    assert result.stdout.count("points,") == len(EXPECTED) - len(finished)
    assert _scores(out) == EXPECTED
    again = json.loads(report.read_text())["submissions"]
    for key, record in finished.items():
        assert again[key] == record  # not regraded


def test_one_student_can_be_regraded_alone(tmp_path):
    subs = _class(tmp_path)
    out = tmp_path / "out"
    assert run_deepsteps("grade", str(subs), "--out", str(out)).returncode == 0
    carol = subs / "carol" / "01_define_network" / "define_network.ipynb"
    fixed = ROOT / "examples" / "submissions" / "reference" / "01_define_network" / "define_network.ipynb"
    shutil.copy(fixed, carol)  # carol resubmits a fixed notebook
    result = run_deepsteps("grade", str(subs), "--out", str(out), "--student", "carol")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("points,") == 1
    assert _scores(out) == {**EXPECTED, "carol": 11.0}
    assert len(json.loads((out / "report.json").read_text())["submissions"]) == len(EXPECTED)
