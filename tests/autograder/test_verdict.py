import json

import pytest

from autograder import CheckFailure, Verdict


def test_verdict_round_trips_through_json():
    verdict = Verdict("01.forward", False, 2, expected="[[0.6177]]", got="[[0.5]]", hint="Feed each layer into the next.")
    assert Verdict.from_dict(json.loads(json.dumps(verdict.to_dict()))) == verdict


@pytest.mark.parametrize(
    "data, message",
    [
        ({"check_id": "x", "passed": "yes", "cases": 1}, "'passed' must be bool"),
        ({"check_id": "x", "passed": True, "cases": 1.0}, "'cases' must be int"),
        ({"check_id": "x", "passed": True, "cases": 1, "score": 10}, "unknown verdict fields"),
    ],
)
def test_verdict_from_dict_validates_fields(data, message):
    with pytest.raises(ValueError, match=message):
        Verdict.from_dict(data)


def test_failure_message_says_expected_got_and_hint():
    failure = CheckFailure(Verdict("01.relu", False, 1, expected="[0.0, 2.0]", got="[-1.0, 2.0]", hint="Use np.maximum."))
    assert str(failure).splitlines() == [
        "01.relu failed.",
        "  expected: [0.0, 2.0]",
        "  got:      [-1.0, 2.0]",
        "  hint:     Use np.maximum.",
    ]


def test_passed_message_counts_cases():
    assert Verdict("01.relu", True, 1).message() == "01.relu passed (1 case)."
    assert Verdict("01.relu", True, 3).message() == "01.relu passed (3 cases)."
