"""The notebook a student sees back: their cells with what they printed, each test cell with its verdicts.

Trusted code, on plain data. Test cells show the release's (visible) source only, and a failed
hidden case is redacted here (:meth:`~autograder.checks.verdict.Verdict.for_student`), so hidden
tests never reach a student while ``report.json`` keeps every verdict for the instructor.
"""

from __future__ import annotations

import copy
import html
import re
from typing import Any

from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from autograder.authoring.notebooks import grade_id
from autograder.checks import get_check
from autograder.checks.verdict import Verdict
from autograder.grading.intake import Intake
from autograder.grading.results import NotebookResult
from autograder.grading.sandbox import RunResult


def feedback_notebook(release_nb: Any, taken: Intake, run: RunResult | None, result: NotebookResult,
                      unusable_reason: str = "") -> Any:
    """The notebook a student sees back: the release's cells in their order, the student's code with
    what it printed, and each test cell with its verdicts.

    Test cells show the release's (visible) source only: hidden tests never reach feedback. A
    notebook that could not be run, or that stopped early, says why once, in a note at the top.
    """
    nb = copy.deepcopy(release_nb)
    position = {grade_id(cell): index for index, cell in enumerate(nb.cells) if grade_id(cell)}
    markdown = [(index, cell) for index, cell in enumerate(nb.cells) if cell.cell_type == "markdown"]
    steps_out = {m["index"]: m for m in (run.messages if run else []) if m.get("type") == "step" and type(m.get("index")) is int}
    stopped = unusable_reason or (run.reason if run is not None and run.status != "ok" else "")
    cells, shown = [], 0
    for index, step in enumerate(taken.steps):
        if step.grade_id in position:  # the text that comes before this cell in the release, in order
            while shown < len(markdown) and markdown[shown][0] < position[step.grade_id]:
                cells.append(markdown[shown][1])
                shown += 1
        base = nb.cells[position[step.grade_id]] if step.grade_id in position else None
        cell = copy.deepcopy(base) if base is not None and base.cell_type == "code" else new_code_cell()
        if step.kind == "test":
            cell.outputs = _verdict_outputs(result.cells[step.grade_id].verdicts, stopped=bool(stopped),
                                            ran=not unusable_reason)
        else:
            cell.source = step.source
            cell.outputs = ([new_output("stream", name="stdout", text=DEMO_NOT_RUN)] if step.origin == "demo"
                            else _step_outputs(steps_out.get(index)))
        cells.append(cell)
    cells.extend(cell for _, cell in markdown[shown:])
    for cell in cells:
        if cell.cell_type == "markdown":
            cell.source = math_as_mathml(cell.source)
    notes = ([f"**This notebook could not be graded in full:** {stopped}. Tests after that point did not run."]
             if stopped else []) + ([f"**Grader notes:** {'; '.join(result.notes)}"] if result.notes else [])
    nb.cells = [new_markdown_cell(note) for note in notes] + cells
    return nb


NOT_RUN = "not run: see the note at the top of the notebook\n"
DEMO_NOT_RUN = "(an example of the assignment, left as it was: the grader does not run it, as none of your answers needs it)\n"


MATH = re.compile(r"(`[^`]*`)|\$\$(.+?)\$\$|(?<![\\$])\$([^$\n]+?)\$", re.S)


def math_as_mathml(markdown: str) -> str:
    r"""Markdown with its ``$...$`` and ``$$...$$`` math turned into MathML, which browsers draw themselves.

    The feedback page then needs no MathJax from a CDN: it renders offline. Code spans are left
    alone, and math that does not convert stays as it was written.

    Example:
        >>> math_as_mathml("the sum $z$ and `$x$`").startswith("the sum <math")
        True
    """
    from latex2mathml.converter import convert

    def one(match: re.Match) -> str:
        if match.group(1):
            return match.group(1)
        display, tex = (True, match.group(2)) if match.group(2) is not None else (False, match.group(3))
        try:
            return convert(tex, display="block" if display else "inline")
        except Exception:  # a formula the converter does not know: show it as written
            return match.group(0)

    return MATH.sub(one, markdown)


def _verdict_outputs(verdicts: list[Verdict], *, stopped: bool = False, ran: bool = True) -> list:
    shown = [verdict.for_student(shows_numbers=get_check(verdict.check_id).shows_numbers) for verdict in verdicts]
    if not ran:  # nothing of the notebook ran: the note at the top says why, once
        return [new_output("stream", name="stdout", text=NOT_RUN)]
    if stopped:  # the checks the run never reached say so in a word; the reason is at the top
        shown = [v for v in shown if not v.got.startswith("no answer: ")] or None
        if shown is None:
            return [new_output("stream", name="stdout", text=NOT_RUN)]
    messages = [_labelled(verdict) for verdict in shown]
    figures = [new_output("display_data", data={"image/png": v.figure, "text/plain": "learning curves"})
               for v in shown if v.figure]
    text = "\n".join(messages) + "\n"
    if all(v.passed for v in shown):
        return [new_output("stream", name="stdout", text=text)] + figures
    # Failures as wrapped text: long lines break at the cell's edge instead of running past it.
    page = f'<pre style="white-space: pre-wrap; color: #a40000">{html.escape(text)}</pre>'
    return figures + [new_output("display_data", data={"text/html": page, "text/plain": text})]


def _labelled(verdict: Verdict) -> str:
    """A verdict's message, its first line saying whose cases these were."""
    first, _, rest = verdict.message().partition("\n")
    check = get_check(verdict.check_id)
    if check.trains:
        label = "the grader's training runs"
    elif check.reads_source:
        label = "how it is written"
    else:
        label = "hidden cases" if verdict.hidden else "visible cases"
    return f"[{label}] {first}" + (f"\n{rest}" if rest else "")


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
