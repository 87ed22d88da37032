"""Facts about how a student's function is written: the Python loops it runs, the libraries it calls.

Used where a task asks for a way of computing and not only for a result: "one matrix product, no
Python loops", "write it yourself with NumPy". The function named by the check is read together
with every function of the student's that it calls (a loop moved into a helper is still a loop).
Two readers give the same facts:

* in the grading process, :func:`loops_in_cells` and :func:`library_calls_in_cells` read the
  submitted text (trusted: the sandbox's report is not believed);
* in the student's kernel (self-checks), :func:`capture_loops` and :func:`capture_library_calls`
  read the live function and what its names refer to.

Reading source is a heuristic a determined student can dodge (code built in strings); it exists to
teach and to catch the honest loop or library call, not to police.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import textwrap
import types
from dataclasses import dataclass
from typing import Any

from autograder.checks.values import Outcome
from autograder.checks.student_code import Captured

_LOOPS = {
    ast.For: "a for loop",
    ast.AsyncFor: "a for loop",
    ast.While: "a while loop",
    ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension",
    ast.DictComp: "a dict comprehension",
    ast.GeneratorExp: "a generator expression",
}
# Libraries a "write it yourself with NumPy" task may not call: each has the function ready-made.
LIBRARIES = ("keras", "tensorflow", "torch", "jax", "scipy", "sklearn", "course")


@dataclass(frozen=True)
class CodeCells:
    """A submission's code as text, in notebook order: ``(origin, source)`` per cell.

    ``origin`` is ``"given"`` or ``"demo"`` (the source notebook's text), ``"answer"`` or ``"scratch"``
    (the student's). Functions are looked up in the student's cells; imports in all of them.
    """

    cells: tuple[tuple[str, str], ...]

    def trees(self, *, student_only: bool) -> list[ast.Module]:
        found = []
        for origin, source in self.cells:
            if student_only and origin in ("given", "demo"):
                continue
            try:
                found.append(ast.parse(source))
            except SyntaxError:
                continue
        return found


def _definitions(code: CodeCells) -> dict[str, ast.AST]:
    """The last top-level definition of each function in the student's cells (``def`` or ``f = lambda``)."""
    found: dict[str, ast.AST] = {}
    for tree in code.trees(student_only=True):
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[node.name] = node
            elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                  and isinstance(node.value, ast.Lambda)):
                found[node.targets[0].id] = node.value
    return found


def _reached(definitions: dict[str, ast.AST], name: str) -> list[tuple[str, ast.AST]]:
    """``name`` and every student function it calls, directly or through others, in the order found."""
    order, queue = [], [name]
    while queue:
        current = queue.pop(0)
        if current in dict(order) or current not in definitions:
            continue
        node = definitions[current]
        order.append((current, node))
        queue += [call.func.id for call in ast.walk(node)
                  if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in definitions]
    return order


def _loops_of(node: ast.AST, first_line: int) -> list[tuple[int, str]]:
    return sorted((inner.lineno - first_line + 1, words) for inner in ast.walk(node)
                  for kind, words in _LOOPS.items() if isinstance(inner, kind))


def _where(function: str, asked: str, line: int) -> str:
    return f"line {line}" if function == asked else f"line {line} of {function}, which it calls"


def loops_in_cells(code: CodeCells, name: str) -> Captured:
    r"""The loops of the student's last ``def name(...)`` and of the student functions it calls (trusted side).

    Example:
        >>> code = CodeCells((("answer", "def f(x):\n    return g(x)\n\ndef g(x):\n    while x:\n        x -= 1"),))
        >>> loops_in_cells(code, "f").value
        ['a while loop on line 2 of g, which it calls']
    """
    definitions = _definitions(code)
    if name not in definitions:
        return Captured(error=f"no function named {name} was found in your cells")
    found = []
    for function, node in _reached(definitions, name):
        found += [f"{words} on {_where(function, name, line)}" for line, words in _loops_of(node, node.lineno)]
    return Captured(value=found)


def _import_bindings(code: CodeCells) -> tuple[dict[str, str], set[str]]:
    """Names bound by imports (name -> top-level module) in every cell, and modules star-imported.

    A module-level assignment from a bound name binds its target too (``sm = scipy.special.softmax``).
    """
    bound: dict[str, str] = {}
    starred: set[str] = set()
    for tree in code.trees(student_only=False):
        for node in tree.body:
            for name, module in _imported(node):
                if name == "*":
                    starred.add(module)
                else:
                    bound[name] = module
            if isinstance(node, ast.Assign):
                roots = {bound[n.id] for n in ast.walk(node.value) if isinstance(n, ast.Name) and n.id in bound}
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        if roots:
                            bound[target.id] = sorted(roots)[0]
                        else:
                            bound.pop(target.id, None)
    return bound, starred


def _imported(node: ast.AST) -> list[tuple[str, str]]:
    if isinstance(node, ast.Import):
        return [((alias.asname or alias.name).split(".")[0], alias.name.split(".")[0]) for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [(alias.asname or alias.name, node.module.split(".")[0]) for alias in node.names]
    return []


def library_calls_in_cells(code: CodeCells, name: str) -> Captured:
    r"""Uses of :data:`LIBRARIES` in the student's ``name`` and the student functions it calls (trusted side).

    Example:
        >>> code = CodeCells((("given", "import keras"), ("answer", "def f(z):\n    return keras.ops.softmax(z)")))
        >>> library_calls_in_cells(code, "f").value
        ['keras.ops.softmax on line 2']
    """
    definitions = _definitions(code)
    if name not in definitions:
        return Captured(error=f"no function named {name} was found in your cells")
    bound, starred = _import_bindings(code)
    found = []
    for function, node in _reached(definitions, name):
        local_imports = {n: m for inner in ast.walk(node) for n, m in _imported(inner)}
        local = _local_names(node) - set(local_imports)
        parents = {child: parent for parent in ast.walk(node) for child in ast.iter_child_nodes(parent)}
        for inner in ast.walk(node):
            if not (isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Load)) or inner.id in local:
                continue
            module = local_imports.get(inner.id) or bound.get(inner.id)
            if module is None and inner.id not in definitions and not hasattr(builtins, inner.id):
                module = next((m for m in sorted(starred) if m in LIBRARIES), None)  # from keras.ops import *
            if module in LIBRARIES:
                found.append(f"{_chain(inner, parents)} on {_where(function, name, inner.lineno - node.lineno + 1)}")
        for inner in ast.walk(node):
            if isinstance(inner, (ast.Import, ast.ImportFrom)):
                found += [f"an import of {m} on {_where(function, name, inner.lineno - node.lineno + 1)}"
                          for _, m in _imported(inner) if m in LIBRARIES]
    return Captured(value=found)


def _local_names(node: ast.AST) -> set[str]:
    """Parameters and names assigned inside a function: they shadow module-level imports."""
    names = set()
    arguments = node.args
    for arg in arguments.posonlyargs + arguments.args + arguments.kwonlyargs + [arguments.vararg, arguments.kwarg]:
        if arg is not None:
            names.add(arg.arg)
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
            names.add(inner.id)
    return names


def _chain(name: ast.Name, parents: dict) -> str:
    node = name
    while isinstance(parents.get(node), ast.Attribute) and parents[node].value is node:
        node = parents[node]
    return ast.unparse(node)


# --- the same facts from a live function, in the student's kernel (self-checks) ---------------------


def _live_reached(fn: Any) -> list[tuple[str, Any, ast.AST, dict]]:
    """``fn`` and the functions of the same module it calls: (name, function, its tree, its globals)."""
    order, queue, seen = [], [fn], set()
    while queue:
        current = queue.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        tree = ast.parse(textwrap.dedent(inspect.getsource(current)))
        namespace = getattr(current, "__globals__", {})
        order.append((current.__name__, current, tree, namespace))
        for inner in ast.walk(tree):
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name):
                target = namespace.get(inner.func.id)
                if isinstance(target, types.FunctionType) and target.__module__ == fn.__module__:
                    queue.append(target)
    return order


def python_loops(fn: Any) -> list[str]:
    """The Python-level loops in ``fn`` and in the functions of its module that it calls.

    Example:
        >>> def rows(x):
        ...     return [r.sum() for r in x]
        >>> python_loops(rows)
        ['a list comprehension on line 2']
    """
    found = []
    for name, _, tree, _ in _live_reached(fn):
        found += [f"{words} on {_where(name, fn.__name__, line)}" for line, words in _loops_of(tree, 1)]
    return found


def library_uses(fn: Any) -> list[str]:
    """Names in ``fn`` (and the functions of its module it calls) that refer to one of :data:`LIBRARIES`.

    Example:
        >>> import numpy as np
        >>> def mean(x):
        ...     return np.mean(x)
        >>> library_uses(mean)
        []
    """
    found = []
    for name, function, tree, namespace in _live_reached(fn):
        parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        inner_function = tree.body[0]
        local = _local_names(inner_function) if isinstance(inner_function, (ast.FunctionDef, ast.Lambda)) else set()
        for inner in ast.walk(tree):
            if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Load) and inner.id not in local:
                if _library_of(namespace.get(inner.id)) in LIBRARIES:
                    found.append(f"{_chain(inner, parents)} on {_where(name, fn.__name__, inner.lineno)}")
            elif isinstance(inner, (ast.Import, ast.ImportFrom)):
                found += [f"an import of {m} on {_where(name, fn.__name__, inner.lineno)}"
                          for _, m in _imported(inner) if m in LIBRARIES]
    return found


def _library_of(value: Any) -> str | None:
    if value is None:
        return None
    module = value.__name__ if isinstance(value, types.ModuleType) else getattr(value, "__module__", None)
    return module.split(".")[0] if isinstance(module, str) else None


def _read_live(reader, answer: Any) -> Captured:
    if not callable(answer):
        return Captured(error=f"expected a function; got a {type(answer).__name__}")
    try:
        return Captured(value=reader(answer))
    except (OSError, TypeError, SyntaxError) as error:
        return Captured(error=f"could not read the function's source ({error})")


def capture_loops(answer: Any, args: tuple) -> Captured:
    """The loops in the student's function (its source is read, not run)."""
    return _read_live(python_loops, answer)


def capture_library_calls(answer: Any, args: tuple) -> Captured:
    """The library calls in the student's function (its source is read, not run)."""
    return _read_live(library_uses, answer)


def compare_no_loops(got: Any, expected: Any) -> Outcome | None:
    """Pass when the captured list of loops is empty (``expected`` is ``[]``)."""
    if got == expected == []:
        return None
    return Outcome.mismatch(expected="no Python loops", got=", ".join(map(str, got)) if isinstance(got, list) else repr(got))


def compare_no_library(got: Any, expected: Any) -> Outcome | None:
    """Pass when the captured list of library uses is empty (``expected`` is ``[]``)."""
    if got == expected == []:
        return None
    return Outcome.mismatch(expected=f"NumPy only: no {', '.join(LIBRARIES)} functions",
                    got=", ".join(map(str, got)) if isinstance(got, list) else repr(got))
