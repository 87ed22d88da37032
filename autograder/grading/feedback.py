"""The notebook a student sees back: their cells with what they printed, each test cell with its verdicts.

Trusted code, on plain data. Test cells show the release's (visible) source only, and a failed
hidden case is redacted here (:meth:`~autograder.checks.verdict.Verdict.for_student`), so hidden
tests never reach a student while ``report.json`` keeps every verdict for the instructor.
"""

from __future__ import annotations

import copy
from typing import Any

from nbformat.v4 import new_code_cell, new_output

from autograder.authoring.notebooks import grade_id
from autograder.checks import get_check
from autograder.checks.verdict import Verdict
from autograder.grading.intake import Intake
from autograder.grading.results import NotebookResult
from autograder.grading.sandbox import RunResult


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
            cell.outputs = _verdict_outputs(result.cells[step.grade_id].verdicts)
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


def _verdict_outputs(verdicts: list[Verdict]) -> list:
    shown = [verdict.for_student(shows_numbers=get_check(verdict.check_id).trains) for verdict in verdicts]
    messages = [verdict.message() for verdict in shown]
    figures = [new_output("display_data", data={"image/png": v.figure, "text/plain": "learning curves"})
               for v in shown if v.figure]
    if all(v.passed for v in shown):
        return [new_output("stream", name="stdout", text="\n".join(messages) + "\n")] + figures
    failed = "\n\n".join(m for v, m in zip(shown, messages) if not v.passed)
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
