"""The parent's side of the step protocol: only the current step's own answers count, once each."""

import json
import queue
import time

from autograder.grading.protocol import collect_step
from autograder.grading.sandbox import RunResult


def _lines(*messages) -> queue.Queue:
    lines = queue.Queue()
    for message in messages:
        lines.put(message if isinstance(message, bytes) else (json.dumps(message) + "\n").encode())
    return lines


def answer(call, nonce="n1", value=0.5):
    return {"type": "answer", "nonce": nonce, "call": call, "check_id": "01.sigmoid", "captured": [{"value": value}]}


def test_collect_step_keeps_the_steps_answers_and_drops_forgeries():
    lines = _lines(
        answer(0, nonce=""),  # written ahead by student code: no nonce
        answer(0),
        answer(0, value=1.0),  # a second answer for the same call
        answer(5),  # a call of another step
        b"not json\n",
        {"type": "step", "nonce": "n1", "index": 3, "error": None, "outputs": []},
        answer(1),  # after the step ended: never read for this step
    )
    result = RunResult()
    assert collect_step(lines, "n1", 3, {0, 1}, time.monotonic() + 5, result)
    assert [m["captured"][0]["value"] for m in result.messages if m["type"] == "answer"] == [0.5]
    assert result.forged == 3


def test_collect_step_times_out_when_the_step_never_reports():
    result = RunResult()
    assert not collect_step(_lines(answer(0)), "n1", 0, {0}, time.monotonic() + 0.2, result)
    assert result.status == "timeout"


def test_collect_step_stops_at_the_end_of_the_channel():
    lines = _lines(answer(0))
    lines.put(None)
    result = RunResult()
    assert not collect_step(lines, "n1", 0, {0}, time.monotonic() + 5, result)
    assert result.status == "ok"  # the caller names the crash from the exit code
