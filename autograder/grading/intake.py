"""Intake: match a submitted notebook to the source, and split every test cell into inputs and answers.

Trusted code. Points, cell types and test bodies come from the source notebook only; from the
submission only the *answer* cells (matched by grade id) and the student's extra scratch cells are
taken. Each test cell, a sequence of ``check(check_id, answer, [case(*args, expected=...)])``
calls, is split: the answer expression and the case arguments go to the sandbox, the expected
values (Python literals) stay here.
"""

from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass, field
from typing import Any

import nbformat

from autograder.authoring.notebooks import is_demo


class SourceError(ValueError):
    """The instructor's source notebook breaks the conventions intake relies on."""


@dataclass(frozen=True)
class CheckCall:
    """One ``check(...)`` call of a test cell: what runs in the sandbox, and what it is compared with."""

    check_id: str
    capture_source: str  # ``__capture__(index, "id", answer, [(args...), ...])``, run in the sandbox
    expected: list  # one plain value per case; never leaves the trusted side
    hidden: bool = False  # inside ### BEGIN/END HIDDEN TESTS: feedback shows no numbers
    answer_name: str = ""  # the answer expression, when it is a plain name
    trusted: dict | None = None  # the answer read from the submitted text, for from_source checks


@dataclass(frozen=True)
class TestCell:
    grade_id: str
    points: float
    calls: tuple[CheckCall, ...]


@dataclass
class Step:
    """One cell the sandbox runs, in order: code to execute, or a test cell's capture calls."""

    kind: str  # "code" or "test"
    source: str
    grade_id: str | None = None
    # "given" (from source), "answer" (student's), "scratch" (student's extra cell), "demo" (an
    # instructor's example the student left as it was and nothing later needs: shown, not run)
    origin: str = "given"
    calls: list[dict] = field(default_factory=list)  # a test step's check calls, one per line: call, check_id, cases

    def to_request(self) -> dict:
        source = "" if self.origin == "demo" else self.source  # sent empty: step numbers stay the notebook's
        return {"kind": self.kind, "source": source, "calls": self.calls, "origin": self.origin}


@dataclass
class Intake:
    """A submission made ready to run: steps, tests, and what was wrong with the file."""

    steps: list[Step] = field(default_factory=list)
    tests: dict[str, TestCell] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # tampering and missing cells, in words


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def parse_test_cell(source: str, grade_id: str, call_offset: int = 0) -> list[CheckCall]:
    """Split a test cell into capture calls and expected values.

    Example:
        >>> calls = parse_test_cell('check("01.relu", relu, [case(np.array([-1.0]), expected=[0.0])])', "t")
        >>> calls[0].capture_source
        "__capture__(0, '01.relu', relu, [(np.array([-1.0]),)])"
        >>> calls[0].expected
        [[0.0]]
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise SourceError(f"test cell {grade_id}: {error}") from None
    hidden_lines, inside = set(), False
    for number, line in enumerate(source.splitlines(), start=1):
        if "### BEGIN HIDDEN TESTS" in line:
            inside = True
        elif "### END HIDDEN TESTS" in line:
            inside = False
        elif inside:
            hidden_lines.add(number)
    calls = []
    for statement in tree.body:
        call = statement.value if isinstance(statement, ast.Expr) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "check"
                and len(call.args) == 3 and not call.keywords):
            raise SourceError(f"test cell {grade_id}: every statement must be check(check_id, answer, [case(...), ...])")
        id_node, answer_node, cases_node = call.args
        if not (isinstance(id_node, ast.Constant) and isinstance(id_node.value, str) and isinstance(cases_node, ast.List)):
            raise SourceError(f"test cell {grade_id}: check ids must be strings and cases a list")
        arg_tuples, expected = [], []
        for case_node in cases_node.elts:
            if not (isinstance(case_node, ast.Call) and isinstance(case_node.func, ast.Name) and case_node.func.id == "case"):
                raise SourceError(f"test cell {grade_id}: cases must be case(...) calls")
            keywords = {k.arg: k.value for k in case_node.keywords}
            if set(keywords) != {"expected"}:
                raise SourceError(f"test cell {grade_id}: case(...) takes positional arguments and expected=")
            try:
                expected.append(ast.literal_eval(keywords["expected"]))
            except ValueError:
                raise SourceError(f"test cell {grade_id}: expected values must be Python literals") from None
            arg_tuples.append(ast.Tuple(elts=case_node.args, ctx=ast.Load()))
        index = call_offset + len(calls)
        capture = ast.Call(
            func=ast.Name("__capture__", ast.Load()),
            args=[ast.Constant(index), id_node, answer_node, ast.List(elts=arg_tuples, ctx=ast.Load())],
            keywords=[],
        )
        name = answer_node.id if isinstance(answer_node, ast.Name) else ""
        calls.append(CheckCall(id_node.value, ast.unparse(capture), expected, statement.lineno in hidden_lines, name))
    return calls


def read_submission(text: str) -> Any:
    """Parse a submitted notebook; raises ``ValueError`` with a readable reason."""
    try:
        return nbformat.reads(text, as_version=4)
    except Exception as error:  # JSON and schema errors alike: the file is broken
        raise ValueError(f"not a readable notebook ({type(error).__name__}: {str(error).splitlines()[0][:200]})") from None


def intake(source_nb: Any, submitted_nb: Any | None) -> Intake:
    """Build what the sandbox runs from the source and the submission (``None``: nothing usable)."""
    result = Intake()
    answers: dict[str, str] = {}
    scratch_after: dict[str | None, list[str]] = {}
    source_ids = {_nbgrader(c).get("grade_id") for c in source_nb.cells if _nbgrader(c).get("grade_id")}
    answer_ids = {_nbgrader(c)["grade_id"] for c in source_nb.cells if _nbgrader(c).get("solution")}

    if submitted_nb is not None:
        last_known: str | None = None
        seen: set[str] = set()
        for cell in submitted_nb.cells:
            gid = _nbgrader(cell).get("grade_id")
            if gid in answer_ids:
                if gid in seen:
                    result.notes.append(f"answer cell {gid} appears twice; the first one is graded")
                elif cell.get("cell_type") != "code":
                    result.notes.append(f"answer cell {gid} was changed into a {cell.get('cell_type')} cell; it counts as empty")
                else:
                    answers[gid] = cell.get("source", "")
                seen.add(gid)
                last_known = gid
            elif gid in source_ids:
                last_known = gid  # a locked cell: the source's copy runs, whatever was submitted
            elif cell.get("cell_type") == "code" and not gid:
                scratch_after.setdefault(last_known, []).append(cell.get("source", ""))
            elif gid:
                result.notes.append(f"cell {gid} is not part of this assignment; it was not run")
        for gid in sorted(answer_ids - set(answers) - {g for g in seen}):
            result.notes.append(f"answer cell {gid} is missing; its tests score 0")

    call_count = 0
    for scratch in scratch_after.get(None, []):
        result.steps.append(Step("code", scratch, origin="scratch"))
    for cell in source_nb.cells:
        meta = _nbgrader(cell)
        gid = meta.get("grade_id")
        if cell.cell_type == "code":
            if meta.get("solution"):
                result.steps.append(Step("code", answers.get(gid, ""), gid, origin="answer"))
            elif meta.get("grade"):
                calls = parse_test_cell(cell.source, gid, call_count)
                call_count += len(calls)
                result.tests[gid] = TestCell(gid, float(meta.get("points", 0)), tuple(calls))
                described = [{"call": call_count - len(calls) + offset, "check_id": c.check_id, "cases": len(c.expected)}
                             for offset, c in enumerate(calls)]
                result.steps.append(Step("test", "\n".join(c.capture_source for c in calls), gid, calls=described))
            elif gid:
                result.steps.append(Step("code", cell.source, gid))
            # Code cells without a grade id are the student's to change: their copy runs as scratch.
        for scratch in scratch_after.get(gid, []) if gid else []:
            result.steps.append(Step("code", scratch, origin="scratch"))
    _skip_unneeded_demos(result.steps, {cell.source.strip() for cell in source_nb.cells if is_demo(cell)})
    _read_source_checks(result)
    return result


# A later cell that reads names this way could need anything an earlier cell made: no demo is skipped before it.
DYNAMIC_LOOKUPS = {"globals", "locals", "vars", "eval", "exec", "get_ipython", "__import__", "__builtins__"}


def _skip_unneeded_demos(steps: list[Step], demos: set[str]) -> None:
    """Mark as ``demo`` (shown, not run) each example cell the student left unchanged that nothing later needs.

    Demos train models to show a comparison; running them for every submission cost most of a
    sandboxed run (7 of 13 s for 04). Only the instructor's own text is skipped, never a cell the
    student changed, and only if no cell that still runs after it reads a name it uses or binds:
    a student who builds on a demo's variables has the demo run. Walked backwards, so a demo
    needed only by a skipped demo is skipped too.
    """
    trees = [_parse(step.source) for step in steps]
    # Imported modules are shared by every cell; a demo that imports or uses one changes nothing of it.
    modules = {(alias.asname or alias.name).split(".")[0] for tree in trees if tree is not None
               for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    if "*" in modules:  # a star import binds names no one can list
        return
    needed: set[str] = set()
    for step, tree in zip(reversed(steps), reversed(trees)):
        if (step.origin == "scratch" and step.source.strip() in demos and tree is not None
                and not (_names(tree, touched=True) - modules) & needed):
            step.origin = "demo"
            continue
        read = None if tree is None else _names(tree, touched=False)
        if read is None or read & DYNAMIC_LOOKUPS:
            return  # this cell may read anything made before it: every earlier demo runs
        needed |= read


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except SyntaxError:  # magics, or broken code: what it needs cannot be told
        return None


def _names(tree: ast.Module, *, touched: bool) -> set[str]:
    """The names a cell reads, or (``touched``) those it binds or may change.

    A cell may change what it binds, assigns into (``x[i] = ...``, ``x.a = ...``), calls a method
    of (``x.sort()``) or passes to a function (``shuffle(x)``); calling ``f`` changes nothing of ``f``.
    """
    names = set()
    for node in ast.walk(tree):
        if not touched:
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                names.add(node.id)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.value, ast.Name) and (
                isinstance(node.ctx, (ast.Store, ast.Del))):
            names.add(node.value.id)
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                names.add(node.func.value.id)
            for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
                argument = argument.value if isinstance(argument, ast.Starred) else argument
                if isinstance(argument, ast.Name):
                    names.add(argument.id)
    return names


def _read_source_checks(taken: Intake) -> None:
    """Checks about how code is written are answered here, from the text the student submitted."""
    from autograder.checks import get_check
    from autograder.checks.source import CodeCells

    code = CodeCells(tuple((step.origin, step.source) for step in taken.steps if step.kind == "code"))
    for gid, test in taken.tests.items():
        calls = []
        for call in test.calls:
            spec = get_check(call.check_id)
            if spec.reads_source:
                read = spec.read_source(code, call.answer_name)
                call = dataclasses.replace(call, trusted={"error": read.error} if read.error else {"value": read.value})
            calls.append(call)
        taken.tests[gid] = dataclasses.replace(test, calls=tuple(calls))
