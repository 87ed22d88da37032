"""Mutants of an assignment (real student mistakes as edits of the reference answers), and grading them.

Each assignment's test data, ``tests/assignments/aNN.py``, lists its mutants as
``name: (answer cell, text in the reference answer or WHOLE, its replacement, test cells it breaks,
*further (text, replacement) edits)``; a mutant that breaks nothing is a right answer by another
route. The fast conformance test (tests/test_conformance.py) and the class graded through the
real grader (tests/test_class_grading.py) share them.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from autograder.authoring.notebooks import read, replace_source, write
from examples.make_submissions import answered, reference_answers
from tests.conftest import ROOT, run_deepsteps


WHOLE = None  # as a mutant's "text in the reference answer": replace the whole answer cell


@dataclass
class Assignment:
    """One assignment's source, release and reference answers, read once.

    ``demos``: the conformance test runs the notebook's ungraded cells too (set False where they
    train models and no graded cell needs them).
    """

    name: str  # folder, e.g. "03_optimization"
    notebook: str  # file name, e.g. "optimization.ipynb"
    demos: bool = True
    source: object = field(init=False)
    release: object = field(init=False)
    reference: dict[str, str] = field(init=False)

    def __post_init__(self):
        self.source = read(ROOT / "solutions" / self.name / self.notebook)
        self.release = read(ROOT / "exercises" / self.name / self.notebook)
        self.reference = reference_answers(self.source)

    def mutated(self, cell: str, old: str | None, new: str, *more: tuple[str, str]) -> dict[str, str]:
        """The reference's answers with one edit (or more, in ``more``); fails loudly if the reference text moved.

        ``old`` :data:`WHOLE` replaces the whole answer cell with ``new``.
        """
        if old is WHOLE:
            return {cell: new}
        answer = self.reference[cell]
        for before, after in ((old, new),) + more:
            assert before in answer, f"{cell}: {before!r} is not in the reference answer"
            answer = answer.replace(before, after)
        return {cell: answer}

    def with_answers(self, answers: dict[str, str]):
        """The source notebook (hidden tests included) with these answer cells, for in-process runs."""
        nb = self.source
        for cell, source in answers.items():
            nb = replace_source(nb, cell, source)
        return nb

    def points(self) -> dict[str, float]:
        return {cell["metadata"]["nbgrader"]["grade_id"]: cell["metadata"]["nbgrader"].get("points", 0)
                for cell in self.source.cells if cell["metadata"].get("nbgrader", {}).get("grade")}


def grade_with_mutants(tmp_path: Path, assignment: Assignment, mutants: dict) -> tuple[dict, dict, dict]:
    """Grade the reference, the untouched release and every mutant with the real `deepsteps grade`.

    Returns ``(scores, expected scores, report.json)``; mutant students are ``mutant0, mutant1, ...``
    in the order of ``sorted(mutants)``, each expected to lose exactly its broken tests' points.
    """
    points = assignment.points()
    max_score = sum(points.values())
    reference = answered(assignment.release, assignment.reference)
    class_ = {"reference": reference, "untouched": assignment.release}
    expected = {"reference": max_score, "untouched": 0.0}
    for index, (cell, old, new, broken, *more) in enumerate(mutants[name] for name in sorted(mutants)):
        class_[f"mutant{index}"] = answered(reference, assignment.mutated(cell, old, new, *more))
        expected[f"mutant{index}"] = max_score - sum(points[test] for test in broken)
    for student, nb in class_.items():
        write(nb, tmp_path / "submitted" / student / assignment.name / assignment.notebook)
    # A hang guard, not a timing: a loaded 2-core machine grades a training class in 5 to 15 minutes.
    result = run_deepsteps("grade", str(tmp_path / "submitted"), "--out", str(tmp_path / "out"), timeout=2400)
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "out" / "grades.csv", newline="") as handle:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    return scores, expected, json.loads((tmp_path / "out" / "report.json").read_text())
