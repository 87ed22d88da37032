"""Every assignment through the real `deepsteps grade`, in one class: exact scores for each submission.

The class holds, for every assignment in solutions/, the reference (full marks), the untouched
release (0), every training mutant the judge trains (and right answer by another route) and the
mutants each assignment's test data names in ``THROUGH_THE_GRADER``, packed a few to a student
(different answer cells, different test cells broken): each student loses exactly the points of the
test cells its mutants break. One run grades them all, sharing the workers and the model judge's cache, as an
instructor's class would.
"""

from __future__ import annotations

import csv
import importlib
import json

import pytest

from autograder.authoring.notebooks import read, write
from examples.make_submissions import answered
from tests.conftest import ROOT, run_deepsteps

pytestmark = pytest.mark.slow

NUMBERS = sorted(path.name[:2] for path in (ROOT / "solutions").iterdir() if path.is_dir())
DATA = {number: importlib.import_module(f"tests.assignments.a{number}") for number in NUMBERS}


PER_STUDENT = 4  # mutants one student may carry: fewer notebooks to run, a failure still easy to read


def pack(chosen: dict) -> list[list[str]]:
    """Mutants grouped into students: each carries up to PER_STUDENT mutants of different answer cells that
    break different test cells, so each loses exactly the sum of what its mutants cost alone.

    Every student's notebook starts its kernel and imports Keras (about 5 s on this machine): a class of
    one mistake per student spends most of its time there, and real students make several mistakes at once.
    """
    students: list[list[str]] = []
    for name in sorted(chosen):
        cell, broken = chosen[name][0], chosen[name][3]
        for names in students:
            if len(names) < PER_STUDENT and all(chosen[other][0] != cell and not chosen[other][3] & broken
                                                for other in names):
                names.append(name)
                break
        else:
            students.append([name])
    return students


def write_class(root, numbers=NUMBERS) -> tuple[dict, dict]:
    """Write the class under ``root/submitted``; its expected scores and each mutant student's mutant names."""
    expected, names = {}, {}
    for number in numbers:
        data = DATA[number]
        assignment = data.ASSIGNMENT
        points = assignment.points()
        reference = answered(assignment.release, assignment.reference)
        class_ = {"reference": reference, "untouched": assignment.release}
        expected[f"reference/{assignment.name}"] = sum(points.values())
        expected[f"untouched/{assignment.name}"] = 0.0
        every = data.MUTANTS | data.TRAINING_MUTANTS
        trained = set(data.TRAINING_MUTANTS) - data.REFUSED_BEFORE_TRAINING
        chosen = {name: every[name] for name in data.THROUGH_THE_GRADER | trained}
        for index, carried in enumerate(pack(chosen)):
            student = f"m{number}_{index:02d}"
            answers, lost = {}, set()
            for name in carried:
                cell, old, new, broken, *more = chosen[name]
                answers |= assignment.mutated(cell, old, new, *more)
                lost |= broken
            class_[student] = answered(reference, answers)
            expected[f"{student}/{assignment.name}"] = sum(points.values()) - sum(points[test] for test in lost)
            names[f"{student}/{assignment.name}"] = tuple(carried)
        for student, nb in class_.items():
            write(nb, root / "submitted" / student / assignment.name / assignment.notebook)
    return expected, names


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    expected, names = write_class(root)
    out = root / "out"
    # A hang guard, not a timing: a loaded 2-core machine grades this class in 10 to 30 minutes.
    result = run_deepsteps("grade", str(root / "submitted"), "--out", str(out), timeout=3600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    with open(out / "grades.csv", newline="") as handle:
        scores = {f"{row['student_id']}/{row['assignment']}": float(row["score"]) for row in csv.DictReader(handle)}
    report = json.loads((out / "report.json").read_text())["submissions"]
    return out, scores, expected, names, report


def test_every_submission_scores_exactly_what_its_mistakes_cost(graded):
    _, scores, expected, names, report = graded
    wrong = {f"{key} ({' + '.join(names.get(key, [key.split('/')[0]]))}): {scores.get(key)} instead of {want} "
             f"[{report.get(key, {}).get('status')}: {report.get(key, {}).get('reason', '')[:200]}]"
             for key, want in expected.items() if scores.get(key) != want}
    assert not wrong, "\n".join(sorted(wrong))


def test_every_submission_was_graded_cleanly(graded):
    _, _, expected, _, report = graded
    assert {key: report[key]["status"] for key in expected} == {key: "graded" for key in expected}


def _verdict(report, student, assignment, cell):
    (notebook,) = report[f"{student}/{assignment}"]["notebooks"]
    return notebook["verdicts"][cell]


def test_training_verdicts_show_their_numbers_and_learning_curves(graded):
    out, _, _, _, report = graded
    for number, cell, words in (("03", "test_digits_training", "median test accuracy"),
                                ("04", "test_deep_vs_fat", "test accuracy of deep minus that of fat"),
                                ("05", "test_overfits", "median overfitting gap"),
                                ("06", "test_l2", "overfitting gap")):
        assignment = DATA[number].ASSIGNMENT
        (verdict,) = _verdict(report, "reference", assignment.name, cell)
        assert verdict["passed"] and words in verdict["got"], verdict
        judged = verdict["judged"]  # for the instructor: what trained, where, with which seeds
        assert judged["judge"]["backend"] in ("jax", "tensorflow", "torch") and judged["judge"]["versions"]["keras"]
        assert judged["seeds"] and all(len(rule["per_seed"]) == len(judged["seeds"]) for rule in judged["rules"])
        feedback = (out / "autograded" / "reference" / assignment.name / assignment.notebook).read_text()
        assert "image/png" in feedback  # the learning curves


def test_a_rule_broken_before_training_is_named(graded):
    _, _, _, names, report = graded
    assignment = DATA["04"].ASSIGNMENT.name
    (student,) = [key.split("/")[0] for key, carried in names.items() if "a fat model with twice the budget" in carried]
    (failed,) = _verdict(report, student, assignment, "test_deep_vs_fat")
    assert failed["expected"] == "between 850 and 950 parameters (rule: parameter budget; checked before any training)"
    assert failed["got"].startswith("fat: 1792 parameters")


def test_hidden_cases_keep_their_numbers_for_the_instructor_only(graded):
    out, _, _, names, report = graded
    assignment = DATA["02"].ASSIGNMENT
    (student,) = [key.split("/")[0] for key, carried in names.items() if "total loss as a mean" in carried]
    verdicts = _verdict(report, student, assignment.name, "test_total_loss")
    hidden = [v for v in verdicts if v["hidden"] and not v["passed"]]
    assert hidden and "12.675" in hidden[0]["expected"]  # report.json: the hidden case's expected value
    feedback = (out / "autograded" / student / assignment.name / assignment.notebook).read_text()
    assert "12.675" not in feedback and "the right answer on the grader's hidden cases" in feedback


def test_unchanged_demos_are_shown_without_being_run(graded):
    from autograder.grading.feedback import DEMO_NOT_RUN

    out, _, _, _, _ = graded
    assignment = DATA["05"].ASSIGNMENT
    feedback = read(out / "autograded" / "reference" / assignment.name / assignment.notebook)
    demos = [cell for cell in feedback.cells if cell.cell_type == "code"
             and any(DEMO_NOT_RUN.strip() in output.get("text", "") for output in cell.outputs)]
    assert [cell.source.splitlines()[0] for cell in demos] == [
        "# One split or five? The same small model scored by a single validation split and by 5-fold",
        "# Your model's learning curves on this notebook's split: where does validation loss turn up?"]


def test_hostile_attack_answers_are_told_what_broke_the_bound(graded):
    """Assignment 10's attack answers come back as data: the trusted side names the shape, the NaNs or the budget."""
    _, _, _, names, report = graded
    assignment = DATA["10"].ASSIGNMENT.name
    said = {}
    for key, carried in names.items():
        if not key.endswith(f"/{assignment}"):
            continue
        for name in set(carried) & DATA["10"].THROUGH_THE_GRADER:
            said[name] = [v for v in _verdict(report, key.split("/")[0], assignment, "test_fgsm") if not v["passed"]][0]
    assert said["the images flattened into one row"]["got"].startswith("an array of shape (")
    assert "NaN or infinite" in said["NaN images"]["got"]
    assert "within eps = 0.1" in said["the inverted images (far outside the budget)"]["expected"]
    assert said["the inverted images (far outside the budget)"]["got"] == "a pixel moved by 1"
    forged = said["the sandbox's model zeroed, the images returned unchanged (a forged model)"]
    assert "accuracy on the attacked images at most" in forged["expected"]  # measured on the grader's own copy
