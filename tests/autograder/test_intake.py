import copy
import re

import pytest

from autograder.grading.intake import SourceError, intake, parse_test_cell
from autograder.authoring.notebooks import code, demo, find_cell, new_notebook, read, replace_source, solution
from autograder.authoring.notebooks import tests as graded_tests

from tests.conftest import ROOT

SOURCE = read(ROOT / "solutions" / "01_define_network" / "define_network.ipynb")
RELEASE = read(ROOT / "exercises" / "01_define_network" / "define_network.ipynb")


def test_every_solution_test_cell_splits_into_inputs_and_literal_expected_values():
    for path in (ROOT / "solutions").glob("*/*.ipynb"):
        taken = intake(read(path), None)
        assert taken.tests and all(test.calls for test in taken.tests.values())
        for step in taken.steps:
            if step.kind == "test":
                assert "expected" not in step.source  # expected values never enter the sandbox


def test_hidden_calls_are_marked():
    calls = parse_test_cell(
        'check("01.relu", relu, [case(1.0, expected=1.0)])\n### BEGIN HIDDEN TESTS\n'
        'check("01.relu", relu, [case(-1.0, expected=0.0)])\n### END HIDDEN TESTS', "t")
    assert [call.hidden for call in calls] == [False, True]


@pytest.mark.parametrize(
    "source, message",
    [
        ("assert relu(1) == 1", "every statement must be check"),
        ('check("01.relu", relu, [case(1.0, expected=np.array([1.0]))])', "expected values must be Python literals"),
        ('check("01.relu", relu, [(1.0, 1.0)])', "cases must be case(...) calls"),
        ('check("01.relu", relu, [case(1.0)])', "takes positional arguments and expected="),
    ],
)
def test_source_test_cells_that_break_the_convention_are_refused(source, message):
    with pytest.raises(SourceError, match=re.escape(message)):
        parse_test_cell(source, "t")


def test_test_cells_points_and_given_code_come_from_the_source():
    nb = replace_source(RELEASE, "test_relu", "pass")
    find_cell(nb, "test_sigmoid").metadata["nbgrader"]["points"] = 100
    nb = replace_source(nb, "setup", "import os; os.system('rm -rf /')")
    taken = intake(SOURCE, nb)
    assert taken.tests["test_sigmoid"].points == 1.0
    assert "__capture__" in next(s.source for s in taken.steps if s.grade_id == "test_relu")
    assert next(s.source for s in taken.steps if s.grade_id == "setup") == find_cell(SOURCE, "setup").source


def test_answers_come_from_the_submission_and_scratch_cells_keep_their_place():
    nb = replace_source(RELEASE, "dense", "def dense_layer(x, W, b):\n    return 'mine'")
    position = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "dense")
    nb.cells.insert(position + 1, code("print('scratch')"))
    taken = intake(SOURCE, nb)
    order = [(s.origin, s.grade_id) for s in taken.steps]
    dense = order.index(("answer", "dense"))
    assert order[dense + 1] == ("scratch", None)
    assert taken.steps[dense].source.endswith("return 'mine'")


def test_missing_duplicated_and_retyped_answer_cells_are_noted():
    source = new_notebook([solution("x = 1", grade_id="a"), solution("y = 1", grade_id="b"), solution("z = 1", grade_id="c"),
                           graded_tests('check("01.relu", relu, [case(1.0, expected=1.0)])', grade_id="t", points=1)])
    submitted = new_notebook([solution("x = 2", grade_id="a"), solution("x = 3", grade_id="a"), solution("y = 2", grade_id="b")])
    submitted.cells[2].cell_type = "markdown"
    taken = intake(source, submitted)
    assert taken.notes == [
        "answer cell a appears twice; the first one is graded",
        "answer cell b was changed into a markdown cell; it counts as empty",
        "answer cell c is missing; its tests score 0",
    ]
    assert [s.source for s in taken.steps if s.origin == "answer"] == ["x = 2", "", ""]


DEMO_SOURCE = new_notebook([
    solution("def f(x):\n    return x", grade_id="answer"),
    demo("table = [f(x) for x in range(3)]\nprint(table)"),
    graded_tests('check("01.relu", f, [case(1.0, expected=1.0)])', grade_id="t", points=1),
])


def _run_origins(submitted) -> list[str]:
    return [step.origin for step in intake(DEMO_SOURCE, submitted).steps if step.kind == "code"]


def test_an_unchanged_demo_that_no_later_cell_needs_is_shown_but_not_run():
    taken = intake(DEMO_SOURCE, DEMO_SOURCE)
    (shown,) = [step for step in taken.steps if step.origin == "demo"]
    assert shown.source.startswith("table =") and shown.to_request()["source"] == ""


@pytest.mark.parametrize("change, why", [
    (lambda cells: cells.__setitem__(1, demo("table = [f(x) for x in range(30)]")), "the student changed it"),
    (lambda cells: cells.append(code("print(table)")), "a later cell reads a name it binds"),
    (lambda cells: cells.append(code("print(globals()['table'])")), "a later cell looks names up dynamically"),
    (lambda cells: cells.append(code("%time x = 1")), "a later cell cannot be parsed (a magic)"),
    (lambda cells: cells.insert(2, code("def f(x):\n    return len(table)")), "a later answer reads it inside a function"),
])
def test_a_demo_runs_as_the_student_s_own_cell_when(change, why):
    submitted = new_notebook([copy.deepcopy(cell) for cell in DEMO_SOURCE.cells])
    change(submitted.cells)
    assert "demo" not in _run_origins(submitted), why


def test_a_demo_needed_only_by_a_skipped_demo_is_skipped_too():
    source = new_notebook(DEMO_SOURCE.cells[:2] + [demo("print(sum(table))")] + DEMO_SOURCE.cells[2:])
    assert [step.origin for step in intake(source, source).steps if step.kind == "code"] == ["answer", "demo", "demo"]
