"""The message protocol between the grader and the program inside the sandbox, and the answers it carries.

The trusted parent sends one step at a time (``{"index", "nonce", "step", "cell_timeout"}``, a JSON
line on the program's stdin); the program answers on its stdout, which only it writes to: one
``{"type": "answer", "nonce", "call", "check_id", "captured"}`` per check call of a test step,
then ``{"type": "step", "nonce", "index", "error", "outputs", "seconds"}``. A message counts only
with the current step's nonce, which student code running in an earlier step cannot know, and an
answer only once and only for a call of that step; everything else is counted as forged. What an
answer carries is validated before anything judges it (:func:`clean_captured`).
"""

from __future__ import annotations

import json
import queue
import time
from typing import Any, Callable, IO

MAX_CHANNEL_BYTES = 32 * 1024 * 1024  # everything a run may send back; a flood is cut here
FLOODED = "flooded"


def read_channel(stream: IO[bytes], lines: queue.Queue, stop: Callable[[], None]) -> None:
    """Move the program's lines into ``lines`` (a thread); past :data:`MAX_CHANNEL_BYTES`, ``stop`` it."""
    received = 0
    for raw in stream:
        received += len(raw)
        if received > MAX_CHANNEL_BYTES:
            lines.put(FLOODED)
            stop()
            break
        lines.put(raw)
    lines.put(None)


def next_message(lines: queue.Queue, deadline: float, result):
    """The next parsed message, ``None`` at the end of the channel, or ``"late"`` past the deadline."""
    while True:
        try:
            raw = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return "late"
        if raw is None:
            return None
        if raw == FLOODED:
            result.status, result.reason = "flooded", "the notebook sent more than 32 MB of output and was stopped"
            return None
        message = _parse(raw)
        if message is not None:
            return message


def wait_for(lines, kind: str, nonce, deadline: float, result):
    while True:
        message = next_message(lines, deadline, result)
        if message is None or message == "late":
            return None
        if message.get("type") == kind and message.get("nonce") == nonce:
            return message


def collect_step(lines, nonce: str, index: int, calls: set, deadline: float, result) -> bool:
    """Read one step's messages; True when the step reported back in time."""
    answered = set()
    while True:
        message = next_message(lines, deadline, result)
        if message is None:
            return False
        if message == "late":
            result.status = "timeout"
            return False
        if message.get("nonce") != nonce:
            result.forged += 1
            continue
        if message.get("type") == "answer":
            call = message.get("call")
            if call not in calls or call in answered:
                result.forged += 1
                continue
            answered.add(call)
            result.messages.append(message)
        elif message.get("type") == "step" and message.get("index") == index:
            result.messages.append(message)
            return True
        else:
            result.forged += 1


def _parse(raw: bytes) -> dict | None:
    try:
        message = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return message if isinstance(message, dict) and isinstance(message.get("type"), str) else None




def answers_by_call(messages: list[dict]) -> dict[int, dict]:
    """The first answer message of each check call."""
    answers = {}
    for message in messages:
        if message.get("type") == "answer" and type(message.get("call")) is int and message["call"] not in answers:
            answers[message["call"]] = message
    return answers


def clean_captured(captured: Any, n_cases: int) -> list[dict] | str:
    """An answer's list of per-case results, validated; a string says why it is unusable.

    Example:
        >>> clean_captured([{"value": 1.0}, {"error": "ValueError: x"}], 2)
        [{'value': 1.0}, {'error': 'ValueError: x'}]
        >>> clean_captured([{"value": 1.0, "extra": 2}], 1)
        'the answer did not come back in the expected form'
    """
    if type(captured) is not list or len(captured) != n_cases:
        return "the answer did not come back in the expected form"
    clean = []
    for item in captured:
        if type(item) is not dict or set(item) not in ({"value"}, {"error"}):
            return "the answer did not come back in the expected form"
        if "error" in item and type(item["error"]) is not str:
            return "the answer did not come back in the expected form"
        clean.append(item)
    return clean
