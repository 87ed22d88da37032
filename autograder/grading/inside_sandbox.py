"""The program that runs *inside* the sandbox: execute a submission's steps, emit answers as JSON lines.

Untrusted territory: everything here runs next to the student's code, so it only produces data.
The trusted parent sends one step at a time on stdin and reads JSON lines from the channel (the
original stdout); the student's own output (Python and C level) is captured per cell or
discarded, so it cannot interleave with the channel by accident. Lines are flushed as they are
made: when the process is killed (memory, time), what it had answered survives.

Run as ``python -m autograder.grading.inside_sandbox``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

MAX_STREAM_CHARS = 10_000
MAX_IMAGE_CHARS = 300_000


def _emit(channel, message: dict) -> None:
    channel.write(json.dumps(message, allow_nan=True) + "\n")
    channel.flush()


class CellTimeout(BaseException):
    """Raised into a cell that runs past its time (a BaseException, so `except Exception` cannot hide it)."""


def _on_alarm(signum, frame):
    raise CellTimeout("the cell ran out of time")


def _outputs(captured) -> list[dict]:
    outputs = []
    for name in ("stdout", "stderr"):
        text = getattr(captured, name)
        if text:
            outputs.append({"output_type": "stream", "name": name, "text": text[:MAX_STREAM_CHARS]})
    for display in captured.outputs[:5]:
        data = {}
        if "image/png" in display.data and len(display.data["image/png"]) <= MAX_IMAGE_CHARS:
            data["image/png"] = display.data["image/png"]
        if "text/plain" in display.data:
            data["text/plain"] = display.data["text/plain"][:MAX_STREAM_CHARS]
        if data:
            outputs.append({"output_type": "display_data", "data": data, "metadata": {}})
    return outputs


def main() -> None:
    """Serve step requests from the trusted parent, one at a time, until it says exit.

    Each request is one JSON line ``{"index": i, "nonce": n, "step": {"kind", "source"}}``; every
    message about it carries the parent's nonce for that step, which student code running in an
    earlier step cannot know, so lines it writes ahead of time are recognised as forged.
    """
    requests = os.fdopen(os.dup(0), "r")
    channel = os.fdopen(os.dup(1), "w")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # C-level writes of student code and libraries never reach the channel
    os.dup2(devnull, 2)
    os.dup2(devnull, 0)
    sys.stdout = open(os.devnull, "w")
    sys.stderr = open(os.devnull, "w")

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from autograder.checks import call, get_check

    call.training_stands_aside = True  # the trusted judge trains the models; self-checks give way

    shell = InteractiveShell.instance()
    shell.showtraceback = _short_traceback(shell)
    current = {"nonce": ""}

    def capture(index, check_id, answer, cases):
        spec = get_check(check_id)
        captured = []
        for args in cases:
            result = spec.capture(answer, args)
            captured.append({"error": result.error} if result.error else {"value": result.value})
        _emit(channel, {"type": "answer", "nonce": current["nonce"], "call": index, "check_id": check_id, "captured": captured})

    shell.user_ns["__capture__"] = capture
    signal.signal(signal.SIGALRM, _on_alarm)
    _emit(channel, {"type": "ready"})
    for line in requests:
        request = json.loads(line)
        if request.get("type") == "exit":
            # Everything is answered and flushed. A normal exit would spend a second or two tearing
            # down TensorFlow (and whatever student code left behind) for nothing.
            channel.flush()
            os._exit(0)
        current["nonce"] = request["nonce"]
        step, timeout = request["step"], float(request["cell_timeout"])
        started = time.monotonic()
        error = None
        with capture_output() as captured:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                if step["kind"] == "test":
                    for line_number, (source_line, call) in enumerate(zip(step["source"].splitlines(), step["calls"])):
                        error = _run_capture_line(shell, source_line, call, channel, line_number, current["nonce"]) or error
                else:
                    # Without stored history, IPython cannot see a trailing ';' and would print the
                    # value anyway (Out[0]: <Axes ...>): say it here.
                    quiet = shell.displayhook.semicolon_at_end_of_expression(step["source"])
                    shell.displayhook.quiet = lambda: quiet
                    result = shell.run_cell(step["source"], store_history=False, silent=False)
                    if result.error_before_exec or result.error_in_exec:
                        exc = result.error_before_exec or result.error_in_exec
                        error = f"{type(exc).__name__}: {exc}"
            except CellTimeout:
                error = f"CellTimeout: the cell ran longer than {timeout:g} s and was stopped"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        _emit(channel, {"type": "step", "nonce": request["nonce"], "index": request["index"], "error": error,
                        "outputs": _outputs(captured), "seconds": round(time.monotonic() - started, 3)})


def _run_capture_line(shell, line: str, call: dict, channel, line_number: int, nonce: str) -> str | None:
    """One ``__capture__(...)`` call; if evaluating its answer or inputs fails, every case gets that error.

    ``call`` is the line's check call as the grader described it (``call``, ``check_id``, ``cases``).
    """
    try:
        exec(compile(line, f"<test line {line_number}>", "exec"), shell.user_ns)
    except CellTimeout:
        raise
    except BaseException as error:  # the student's code failed while the inputs were prepared
        reason = f"{type(error).__name__}: {error}"
        _emit(channel, {"type": "answer", "nonce": nonce, "call": call["call"], "check_id": call["check_id"],
                        "captured": [{"error": reason}] * call["cases"]})
        return reason
    return None


def _short_traceback(shell):
    def show(*args, **kwargs):
        pass  # the step's "error" field reports the exception; a traceback would repeat it

    return show


if __name__ == "__main__":
    main()
