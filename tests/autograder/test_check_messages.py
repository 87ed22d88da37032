"""What a failing check says: expected, got and a hint, in words a student can act on."""

from __future__ import annotations

import pytest

from autograder import decide
from tests.assignments import a01, a02, a03
from tests.notebook_runner import failing_tests


def _message(module, mutant: str, test_cell: str, *, demos: bool = True) -> str:
    cell, old, new, _, *more = module.MUTANTS[mutant]
    return failing_tests(module.ASSIGNMENT.with_answers(module.ASSIGNMENT.mutated(cell, old, new, *more)), demos=demos)[test_cell]


def test_a_wrong_model_is_told_expected_got_and_hint():
    message = _message(a01, "keras kernel not transposed", "test_keras")
    assert "expected: outputs [[0.6177, 0.8291]" in message
    assert "got:      outputs [[" in message
    assert "the other way round from the lecture" in message


def test_a_loop_is_named_with_its_line():
    message = _message(a01, "dense with a loop over neurons", "test_dense")
    assert "expected: no Python loops" in message
    assert "got:      a for loop on line 3" in message


def test_an_unstable_softmax_is_told_about_overflow():
    message = _message(a02, "softmax without subtracting the max", "test_softmax")
    assert "NaN or infinite values" in message and "shift by the row's largest" in message


def test_a_library_call_is_named_with_its_line():
    message = _message(a02, "logits loss with scipy's logsumexp", "test_logits")
    assert "expected: NumPy only" in message and "got:      scipy.special.logsumexp on line 2" in message


def test_a_function_that_changes_its_argument_is_told_so():
    message = _message(a03, "finite differences on the caller's w, never put back", "test_numerical_gradient", demos=False)
    assert "got:      your function changed the caller's w" in message


@pytest.mark.parametrize(
    "captured, reason",
    [
        ([{"value": float("nan")}], "got:      NaN or infinite values: nan"),
        ([{"value": [0.5, 0.5]}], "got:      an array of shape (2,): [0.5, 0.5]"),
        ([{"value": "0.5"}], "got:      something that is not an array of numbers: '0.5'"),
        ([{"error": "TypeError: bad operand"}], "got:      an error: TypeError: bad operand"),
    ],
)
def test_malformed_answers_are_explained(captured, reason):
    verdict = decide("01.sigmoid", captured, [0.5])
    assert not verdict.passed
    assert reason in verdict.message()


def test_an_unanswered_cell_says_so_and_no_more():
    verdict = decide("01.sigmoid", [{"error": "NotImplementedError: "}], [0.5])
    assert (verdict.passed, verdict.expected, verdict.got, verdict.hint) == (False, "", "not answered yet", "")


def test_no_hint_hands_over_the_code():
    from autograder.checks import all_checks

    code = ("np.", "keras.", "@", "= x", "-np.", "history[", "axis=", "rng.", "Dense(", "set_weights")
    for check_id, check in all_checks().items():
        assert not any(piece in check.hint for piece in code), f"{check_id}: {check.hint}"


def test_an_error_in_student_code_names_its_line():
    from autograder.checks.student_code import call_captured

    namespace = {}
    exec(compile("def forward(x):\n    a = x\n    return weigths\n", "<cell 5>", "exec"), namespace)
    assert call_captured(namespace["forward"], 1).error == "NameError: name 'weigths' is not defined (line 3 of forward)"
