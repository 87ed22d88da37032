"""The class at a glance: per assignment and test cell, how many passed, the points, and the commonest failures.

Written after every run from ``report.json``'s records (the trusted results): printed in the
terminal and as ``OUT/summary.html`` (plots inlined, nothing fetched), plus grade files that
Canvas and Moodle import (``--export canvas|moodle``).

Example (instructor):

    summaries = summarize(report.records)
    print(text(summaries))
"""

from __future__ import annotations

import base64
import csv
import html
import io
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

MOST_COMMON = 3


@dataclass
class CellSummary:
    """One test cell across the class."""

    name: str
    max_points: float
    points: list[float] = field(default_factory=list)
    failures: Counter = field(default_factory=Counter)  # a failure in words -> how many submissions

    @property
    def pass_rate(self) -> float:
        return sum(p == self.max_points for p in self.points) / len(self.points) if self.points else 0.0


@dataclass
class AssignmentSummary:
    """One assignment across the class: totals and its test cells in the notebook's order."""

    name: str
    max_score: float = 0.0
    scores: dict[str, float] = field(default_factory=dict)  # student -> score
    cells: dict[str, CellSummary] = field(default_factory=dict)


def summarize(records: dict[str, dict]) -> dict[str, AssignmentSummary]:
    """``{assignment: AssignmentSummary}`` from ``report.json``'s records."""
    found: dict[str, AssignmentSummary] = {}
    for record in records.values():
        summary = found.setdefault(record["assignment"], AssignmentSummary(record["assignment"]))
        summary.max_score = max(summary.max_score, float(record.get("max_score", 0)))
        summary.scores[record["student"]] = float(record["score"])
        for notebook in record.get("notebooks", []):
            for cell, points in notebook.get("scores", {}).items():
                key = f"{notebook['name']}: {cell}" if len(record["notebooks"]) > 1 else cell
                entry = summary.cells.setdefault(key, CellSummary(key, float(notebook["max_scores"][cell])))
                entry.points.append(float(points))
                if float(points) < entry.max_points:
                    entry.failures[_failure(notebook.get("verdicts", {}).get(cell, []), record)] += 1
    return dict(sorted(found.items()))


def _failure(verdicts: list[dict], record: dict) -> str:
    """The first failing check of a cell, in words, with its numbers hidden so that alike mistakes group."""
    for verdict in verdicts:
        if not verdict.get("passed"):
            said = verdict.get("got", "").splitlines()[0] if verdict.get("got") else "failed"
            said = re.sub(r"-?\d+\.?\d*(e-?\d+)?", "#", said)[:120]
            return f"{verdict['check_id']}: {said}"
    return record.get("status", "failed") if record.get("status") != "graded" else "failed"


def text(summaries: dict[str, AssignmentSummary]) -> str:
    """The summary for the terminal."""
    lines = ["", "Class summary"]
    for summary in summaries.values():
        scores = list(summary.scores.values())
        lines.append(f"  {summary.name}: {len(scores)} submission(s), mean {statistics.mean(scores):.1f} / "
                     f"{summary.max_score:g}, median {statistics.median(scores):g}")
        width = max((len(name) for name in summary.cells), default=0)
        for cell in summary.cells.values():
            lines.append(f"    {cell.name:<{width}}  {cell.pass_rate:>4.0%} full marks, mean {statistics.mean(cell.points):.2f} / "
                         f"{cell.max_points:g}")
            for failure, count in cell.failures.most_common(MOST_COMMON):
                lines.append(f"    {'':<{width}}    {count} x {failure}")
        lines.append("    scores: " + "  ".join(f"{low:g}-{high:g}: {n}" for (low, high), n in _histogram(summary)))
    return "\n".join(lines)


def _histogram(summary: AssignmentSummary, bins: int = 5) -> list[tuple[tuple[float, float], int]]:
    top = summary.max_score or 1.0
    edges = [top * i / bins for i in range(bins + 1)]
    counts = [0] * bins
    for score in summary.scores.values():
        counts[min(bins - 1, int(score / top * bins))] += 1
    return [((round(edges[i], 1), round(edges[i + 1], 1)), counts[i]) for i in range(bins)]


def write_html(summaries: dict[str, AssignmentSummary], path: Path) -> Path:
    """``summary.html``: each assignment's table, its score histogram and pass rates, inlined (works offline)."""
    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>Class summary</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{padding:.2em .6em;"
             "text-align:left;vertical-align:top}table{border-collapse:collapse}tr{border-bottom:1px solid #ddd}"
             "code{white-space:pre-wrap}</style></head><body><h1>Class summary</h1>"]
    for summary in summaries.values():
        scores = list(summary.scores.values())
        parts.append(f"<h2>{html.escape(summary.name)}</h2><p>{len(scores)} submission(s); mean "
                     f"{statistics.mean(scores):.1f} of {summary.max_score:g}; median {statistics.median(scores):g}.</p>")
        parts.append(f"<img alt='scores and pass rates of {html.escape(summary.name)}' src='data:image/png;base64,{_plot(summary)}'>")
        parts.append("<table><tr><th>test cell</th><th>full marks</th><th>mean points</th><th>commonest failures</th></tr>")
        for cell in summary.cells.values():
            failures = "<br>".join(f"{count} × <code>{html.escape(failure)}</code>" for failure, count in cell.failures.most_common(MOST_COMMON))
            parts.append(f"<tr><td>{html.escape(cell.name)}</td><td>{cell.pass_rate:.0%}</td>"
                         f"<td>{statistics.mean(cell.points):.2f} / {cell.max_points:g}</td><td>{failures}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def _plot(summary: AssignmentSummary) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 3.2))
    FigureCanvasAgg(fig)
    left, right = fig.subplots(1, 2)
    left.hist(list(summary.scores.values()), bins=10, range=(0, summary.max_score or 1), color="#4c72b0")
    left.set(title="scores", xlabel="points", ylabel="submissions")
    names = list(summary.cells)
    right.barh(range(len(names)), [summary.cells[n].pass_rate for n in names], color="#55a868")
    right.set(yticks=range(len(names)), yticklabels=names, xlim=(0, 1), title="share with full marks")
    right.invert_yaxis()
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


EXPORTS = ("canvas", "moodle")


def export(summaries: dict[str, AssignmentSummary], kind: str, path: Path) -> Path:
    """A CSV the LMS imports: Canvas (Student, ID, SIS User ID, SIS Login ID, Section, one column per
    assignment) or Moodle (an identifier column and one grade column per assignment).

    Students are known here by their nbgrader id, which goes in every identifying column.
    """
    if kind not in EXPORTS:
        raise ValueError(f"export must be one of {', '.join(EXPORTS)}; got {kind!r}")
    assignments = list(summaries)
    students = sorted({student for summary in summaries.values() for student in summary.scores})
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if kind == "canvas":
            writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + assignments)
            writer.writerow(["Points Possible", "", "", "", ""] + [f"{summaries[a].max_score:g}" for a in assignments])
            for student in students:
                writer.writerow([student, "", student, student, ""] + [_score(summaries[a], student) for a in assignments])
        else:
            writer.writerow(["Username"] + assignments)
            for student in students:
                writer.writerow([student] + [_score(summaries[a], student) for a in assignments])
    return path


def _score(summary: AssignmentSummary, student: str) -> str:
    return f"{summary.scores[student]:g}" if student in summary.scores else ""
