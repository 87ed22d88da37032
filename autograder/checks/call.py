"""Checks called by name: ``check(...)`` in a notebook's cells, and ``decide``, the trusted verdict on plain answers.

``check`` runs where the student's code is (their kernel: a self-check; the grading sandbox: the
grader's capture step replaces it). ``decide`` sees plain data only; the grader calls it in its
own process with the answers that came back from the sandbox.
"""

from __future__ import annotations

import functools
from typing import Any, Sequence

from autograder.checks.plain import to_plain
from autograder.checks.registry import get_check
from autograder.checks.student_code import format_noise
from autograder.checks.values import Case, show
from autograder.checks.verdict import CheckFailure, Verdict

# Set by the program that runs a submission inside the grading sandbox: a training self-check there
# gives way to the trusted judge, which trains the model with the grader's own seeds.
training_stands_aside = False


def decide(check_id: str, captured: Sequence[dict], expected: Sequence[Any], *, judge=None) -> Verdict:
    """The verdict on captured answers, one ``{"value": ...}`` or ``{"error": "..."}`` per case.

    This is the trusted half of a check: it never touches the student's objects. A training check
    applies its rules that need no training first, then has ``judge`` (a
    :class:`~autograder.model_judge.judge.Judge`; a fresh one if None) train the model.

    Example:
        >>> decide("01.sigmoid", [{"value": 0.5}], [0.5]).passed
        True
        >>> print(decide("01.sigmoid", [{"error": "NameError: name 'np' is not defined"}], [0.5]).got)
        an error: NameError: name 'np' is not defined
    """
    spec = get_check(check_id)
    if len(captured) != len(expected):
        raise ValueError(f"{check_id}: {len(captured)} captured answers for {len(expected)} cases")
    for index, (got, want) in enumerate(zip(captured, expected)):
        where = f"case {index + 1} of {len(expected)}: " if len(expected) > 1 else ""
        if got.get("error", "").startswith("NotImplementedError"):  # the release's placeholder is still there
            return Verdict(check_id, False, len(expected), got="not answered yet")
        if got.get("error"):
            return Verdict(check_id, False, len(expected), expected=where + _short(want), got="an error: " + got["error"], hint=spec.hint)
        outcome = _trained(spec, got.get("value"), want, judge) if spec.trains else spec.compare(got.get("value"), want)
        if outcome is not None and outcome.passed:
            if len(expected) == 1:
                return Verdict(check_id, True, 1, got=outcome.got, figure=outcome.figure, judged=outcome.judged)
        elif outcome is not None:
            return Verdict(check_id, False, len(expected), expected=where + outcome.expected, got=outcome.got,
                           hint=outcome.hint or spec.hint, figure=outcome.figure, judged=outcome.judged)
    return Verdict(check_id, True, len(expected))


def _trained(spec, got: Any, expected: dict, judge):
    refused = spec.before_training(got, expected)
    if refused is not None:
        return refused
    progress, request = None, spec.request(got, expected)
    if judge is None:  # a self-check in the student's notebook: say what happens while it trains
        judge = _notebook_judge()
        runs = len(request["models"]) * len(request["seeds"])
        startup = STARTUP_SECONDS if judge.started == 0 else 0
        print(f"{spec.check_id}: training {runs} run{'s' if runs > 1 else ''} as the grader does "
              f"(about {runs * SECONDS_PER_RUN + startup} s on a 2-core laptop) ...", flush=True)
        progress = _print_run(len(request["models"]) > 1)
    return spec.verdict(judge.train(request, progress=progress), expected)


# Measured for these course models on a 2-core CPU (benchmarks/training_checks.py): starting the
# judge process and compiling a model's training, and one run of 20 to 40 short epochs on JAX.
STARTUP_SECONDS, SECONDS_PER_RUN = 7, 1


@functools.cache
def _notebook_judge():
    """The notebook's own judge, kept warm across its self-checks (its process ends with the kernel).

    Its runs are kept in memory: training is seeded, so a self-check run again on the same model and
    settings answers at once with the numbers it gave before (a change trains anew).
    """
    from autograder.model_judge.judge import Judge

    return Judge(in_memory=True)


def _print_run(several_models: bool):
    count = iter(range(1, 1000))

    def show(run: dict) -> None:
        who = f"{run['model']}, " if several_models else ""
        print(f"  run {next(count)} ({who}seed {run['seed']}): training accuracy {run['train_accuracy']:.3f}, "
              f"validation {run['val_accuracy']:.3f}, gap {run['gap']:.3f} after {run['epochs_run']} epochs "
              f"({run['seconds']:.0f} s)", flush=True)

    return show


def _short(want: Any) -> str:
    return show(want) if not isinstance(want, dict) else ", ".join(f"{k} = {show(v)}" for k, v in want.items())


def check(check_id: str, answer: Any, cases: Sequence[Case]) -> None:
    """Check a student's answer against expected results; raise :class:`CheckFailure` if it differs.

    Test cells and self-checks call this. The answer is called on each case's arguments (or, for
    value and model checks, inspected); whatever it writes to stderr is shown on stdout instead, so a
    harmless warning never costs points.

    Example:
        >>> import numpy as np
        >>> from autograder import check, case
        >>> def sigmoid(z):
        ...     return 1 / (1 + np.exp(-z))
        >>> check("01.sigmoid", sigmoid, [case(0.0, expected=0.5)])
        01.sigmoid passed (1 case).
    """
    spec = get_check(check_id)
    if spec.trains and training_stands_aside:
        print(f"{check_id}: self-check skipped while grading; the grader trains your model itself.")
        return
    expected = [to_plain(c.expected) for c in cases]
    captured, noise = [], []
    for c in cases:
        result = spec.capture(answer, c.args)
        noise.extend(result.noise)
        captured.append({"error": result.error} if result.error else {"value": result.value})
    if noise:
        print(f"note: your code wrote this to stderr (it does not affect the grade):\n{format_noise(noise)}")
    verdict = decide(check_id, captured, expected)
    if not verdict.passed:
        raise CheckFailure(verdict)
    # Nothing is returned: a value at the end of a test cell would be read by nbgrader as a partial score.
    print(verdict.message())
