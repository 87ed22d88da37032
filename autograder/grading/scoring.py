"""Score a submission from its sandboxed answers: the trusted side, which never imports student code.

Input: the intake of a notebook (test cells, points, expected values) and the plain data that
came back from the sandbox. Output: a :class:`~autograder.grading.results.NotebookResult` with
every check's full verdict and each test cell's points (all or nothing). Training checks are
trained by the run's :class:`~autograder.model_judge.judge.Judge`.
"""

from __future__ import annotations

from autograder.checks import decide
from autograder.checks.verdict import Verdict
from autograder.grading.intake import Intake, TestCell
from autograder.grading.protocol import answers_by_call, clean_captured
from autograder.grading.results import CellResult, NotebookResult
from autograder.grading.sandbox import RunResult


def score_cell(test: TestCell, answers: dict[int, dict], call_index: int, missing_reason: str, *, judge=None) -> CellResult:
    """One test cell's verdicts, and its points: all of them only when every check in it passes."""
    verdicts = []
    for offset, call in enumerate(test.calls):
        if call.trusted is not None:  # read from the submitted text; the sandbox's report is not needed
            verdicts.append(decide(call.check_id, [call.trusted] * len(call.expected), call.expected))
            continue
        message = answers.get(call_index + offset)
        if message is None or message.get("check_id") != call.check_id:
            verdicts.append(Verdict(call.check_id, False, len(call.expected), got=f"no answer: {missing_reason}"))
            continue
        captured = clean_captured(message.get("captured"), len(call.expected))
        if isinstance(captured, str):
            verdicts.append(Verdict(call.check_id, False, len(call.expected), got=captured))
            continue
        verdict = decide(call.check_id, captured, call.expected, judge=judge)
        verdicts.append(Verdict(**(verdict.to_dict() | {"hidden": call.hidden})))
    points = test.points if verdicts and all(v.passed for v in verdicts) else 0.0
    return CellResult(points=points, max_points=test.points, verdicts=verdicts)


def score_notebook(name: str, taken: Intake, run: RunResult | None, unusable_reason: str = "", *, judge=None) -> NotebookResult:
    """Score every test cell of one notebook from the run's answers (``run`` None: nothing ran)."""
    result = NotebookResult(name=name, notes=list(taken.notes))
    answers = answers_by_call(run.messages) if run is not None else {}
    missing = unusable_reason or (run.reason if run is not None and run.reason else "this test did not run")
    call_index = 0
    for gid, test in taken.tests.items():
        result.cells[gid] = score_cell(test, answers, call_index, missing, judge=judge)
        call_index += len(test.calls)
    return result
