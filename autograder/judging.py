"""Score a submission from its sandboxed answers: the trusted side, which never imports student code.

Input: the source notebook (points, test cells, expected values) and the plain data that came back
from the sandbox. Output: one :class:`NotebookResult` per notebook, with a verdict per check and
points per test cell, plus the notebook to show as feedback.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from typing import Any

from nbformat.v4 import new_code_cell, new_output

from autograder.checks import get_check, judge
from autograder.intake import Intake, TestCell
from autograder.notebooks import grade_id
from autograder.sandbox import RunResult
from autograder.verdict import Verdict


@dataclass
class NotebookResult:
    """Scores of one notebook: ``{test grade_id: points}``, the verdicts behind them, and notes."""

    name: str
    scores: dict[str, float] = field(default_factory=dict)
    max_scores: dict[str, float] = field(default_factory=dict)
    verdicts: dict[str, list[dict]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(self.scores.values())

    @property
    def max_score(self) -> float:
        return sum(self.max_scores.values())

    def to_dict(self) -> dict:
        record = asdict(self) | {"score": self.score, "max_score": self.max_score}
        # Figures go to the feedback notebook; the report keeps numbers and words only.
        record["verdicts"] = {gid: [{k: v for k, v in verdict.items() if k != "figure"} for verdict in verdicts]
                              for gid, verdicts in record["verdicts"].items()}
        return record


def _answers_by_call(run: RunResult) -> dict[int, dict]:
    answers = {}
    for message in run.messages:
        if message.get("type") == "answer" and type(message.get("call")) is int and message["call"] not in answers:
            answers[message["call"]] = message
    return answers


def _clean_captured(captured: Any, n_cases: int) -> list[dict] | str:
    """The sandbox's list of per-case answers, validated; a string says why it is unusable."""
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


def judge_test(test: TestCell, answers: dict[int, dict], call_index: int, missing_reason: str) -> tuple[float, list[Verdict]]:
    """Points and verdicts of one test cell: full points only when every check in it passes."""
    verdicts = []
    for offset, call in enumerate(test.calls):
        if call.trusted is not None:  # read from the submitted text; the sandbox's report is not needed
            verdicts.append(judge(call.check_id, [call.trusted] * len(call.expected), call.expected))
            continue
        message = answers.get(call_index + offset)
        if message is None or message.get("check_id") != call.check_id:
            verdicts.append(Verdict(call.check_id, False, len(call.expected), got=f"no answer: {missing_reason}"))
            continue
        captured = _clean_captured(message.get("captured"), len(call.expected))
        if isinstance(captured, str):
            verdicts.append(Verdict(call.check_id, False, len(call.expected), got=captured))
            continue
        verdict = judge(call.check_id, captured, call.expected)
        if call.hidden and not verdict.passed and not get_check(call.check_id).trains:  # the grader's own cases: say that, not their numbers
            verdict = Verdict(call.check_id, False, verdict.cases, expected="the right answer on the grader's hidden cases",
                              got=_hidden_failure(captured), hint=verdict.hint)
        verdicts.append(verdict)
    points = test.points if verdicts and all(v.passed for v in verdicts) else 0.0
    return points, verdicts


def _hidden_failure(captured: list[dict]) -> str:
    """What went wrong on hidden cases, without their inputs or expected values: an error, or another answer."""
    errors = [item["error"] for item in captured if item.get("error")]
    if errors:
        first = errors[0].strip().splitlines()[0][:200] if errors[0].strip() else "an error"
        return f"your code raised an error on one of them: {first}"
    return "a different answer on at least one of them"


def score_notebook(name: str, taken: Intake, run: RunResult | None, unusable_reason: str = "") -> NotebookResult:
    """Judge every test cell of one notebook from the run's answers (``run`` None: nothing ran)."""
    result = NotebookResult(name=name, notes=list(taken.notes))
    answers = _answers_by_call(run) if run is not None else {}
    missing = unusable_reason or (run.reason if run is not None and run.reason else "this test did not run")
    call_index = 0
    for gid, test in taken.tests.items():
        points, verdicts = judge_test(test, answers, call_index, missing)
        call_index += len(test.calls)
        result.scores[gid] = points
        result.max_scores[gid] = test.points
        result.verdicts[gid] = [v.to_dict() for v in verdicts]
    return result


def feedback_notebook(release_nb: Any, taken: Intake, run: RunResult | None, result: NotebookResult) -> Any:
    """The notebook a student sees back: their cells with outputs, and each test with its verdicts.

    Test cells show the release's (visible) source only: hidden tests never reach feedback.
    """
    nb = copy.deepcopy(release_nb)
    release_by_id = {grade_id(cell): cell for cell in nb.cells if grade_id(cell)}
    markdown_before: dict[str, list] = {}
    pending = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not grade_id(cell):
            pending.append(cell)
        elif grade_id(cell):
            markdown_before[grade_id(cell)] = pending + ([cell] if cell.cell_type == "markdown" else [])
            pending = []
    steps_out = {m["index"]: m for m in (run.messages if run else []) if m.get("type") == "step" and type(m.get("index")) is int}
    cells = []
    for index, step in enumerate(taken.steps):
        if step.grade_id:
            cells.extend(c for c in markdown_before.pop(step.grade_id, []) if c.cell_type == "markdown")
        base = release_by_id.get(step.grade_id) if step.grade_id else None
        cell = copy.deepcopy(base) if base is not None and base.cell_type == "code" else new_code_cell()
        if step.kind == "test":
            cell.outputs = _verdict_outputs(result.verdicts[step.grade_id])
        else:
            cell.source = step.source
            cell.outputs = _step_outputs(steps_out.get(index))
        cells.append(cell)
    cells.extend(c for rest in markdown_before.values() for c in rest if c.cell_type == "markdown")
    cells.extend(pending)
    nb.cells = cells
    if result.notes:
        from nbformat.v4 import new_markdown_cell

        nb.cells.insert(0, new_markdown_cell("**Grader notes:** " + "; ".join(result.notes)))
    return nb


def _verdict_outputs(verdicts: list[dict]) -> list:
    messages = [Verdict.from_dict(v).message() for v in verdicts]
    figures = [new_output("display_data", data={"image/png": v["figure"], "text/plain": "learning curves"})
               for v in verdicts if v.get("figure")]
    if all(v["passed"] for v in verdicts):
        return [new_output("stream", name="stdout", text="\n".join(messages) + "\n")] + figures
    failed = "\n\n".join(m for v, m in zip(verdicts, messages) if not v["passed"])
    return figures + [new_output("error", ename="CheckFailure", evalue=failed, traceback=failed.splitlines())]


def _step_outputs(message: dict | None) -> list:
    if message is None:
        return []
    outputs = []
    for item in message.get("outputs", [])[:8]:
        if not isinstance(item, dict):
            continue
        if item.get("output_type") == "stream" and item.get("name") in ("stdout", "stderr") and isinstance(item.get("text"), str):
            # Student stderr is shown as stdout: a warning there is not an error of the grade.
            outputs.append(new_output("stream", name="stdout", text=item["text"][:10_000]))
        elif item.get("output_type") == "display_data" and isinstance(item.get("data"), dict):
            data = {k: v for k, v in item["data"].items() if k in ("text/plain", "image/png") and isinstance(v, str)}
            if data:
                outputs.append(new_output("display_data", data=data))
    if isinstance(message.get("error"), str) and message["error"]:
        text = message["error"][:2000]
        outputs.append(new_output("error", ename=text.split(":")[0][:100], evalue=text, traceback=[text]))
    return outputs
