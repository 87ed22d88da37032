"""Run a notebook's cells in this process and report which graded test cells fail.

Fast (no kernel start) and precise (the failure text of each test cell), for the conformance
tests of checks. The real path through nbgrader is tested separately in test_cli.py.
"""

from __future__ import annotations

import contextlib
import io
import linecache

from autograder.authoring.notebooks import grade_id


def failing_tests(nb, *, demos: bool = True) -> dict[str, str]:
    """``{test grade_id: failure message}`` for every graded cell that raised.

    ``demos=False`` skips the ungraded code cells (plots, comparisons that train models): faster,
    for notebooks whose graded cells do not depend on them.
    """
    namespace: dict = {"__name__": "__main__"}
    failures = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or (not demos and not grade_id(cell)):
            continue
        meta = cell.metadata.get("nbgrader", {})
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%"))
        filename = f"<cell {len(linecache.cache)} {grade_id(cell)}>"
        # Register the source as IPython does, so inspect.getsource works on functions defined here.
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(source, filename, "exec"), namespace)
        except Exception as error:  # a failing cell is a result here, as in nbgrader
            if meta.get("grade"):
                failures[meta["grade_id"]] = f"{type(error).__name__}: {error}"
    return failures


def refused_before_training(nb) -> dict[str, str]:
    """``{test grade_id: refusal}`` for every graded training check that is refused without training.

    Runs the notebook's graded and answer cells in this process (no demos), then, for each hidden
    training check, captures the answer as the sandbox would and applies the rules that need no
    training (:func:`autograder.checks.training.check_before_training`). Nothing is trained.
    """
    import ast

    from autograder.checks import get_check
    from autograder.checks.training import capture_training, check_before_training
    from autograder.grading.intake import parse_test_cell

    namespace: dict = {"__name__": "__main__"}
    refused = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not grade_id(cell):
            continue
        if not meta.get("grade"):
            filename = f"<cell {len(linecache.cache)} {grade_id(cell)}>"
            linecache.cache[filename] = (len(cell.source), None, cell.source.splitlines(True), filename)
            if "check(" not in cell.source:  # self-check cells train: skip them
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(cell.source, filename, "exec"), namespace)
            continue
        for call in parse_test_cell(cell.source, meta["grade_id"]):
            if not (call.hidden and get_check(call.check_id).trains):
                continue
            capture = ast.parse(call.capture_source).body[0].value
            answer = eval(compile(ast.Expression(capture.args[2]), "<answer>", "eval"), namespace)
            (arguments,) = eval(compile(ast.Expression(capture.args[3]), "<cases>", "eval"), namespace)
            captured = capture_training(answer, tuple(arguments))
            got = {"error": captured.error} if captured.error else captured.value
            refusal = check_before_training(got, call.expected[0]) if not captured.error else captured.error
            if refusal is not None:
                refused[meta["grade_id"]] = refusal if isinstance(refusal, str) else f"{refusal.expected} / {refusal.got}"
    return refused


def with_release_answers(source_nb, release_nb):
    """The source notebook (hidden tests included) with the release's unanswered answer cells."""
    from autograder.authoring.notebooks import replace_source

    nb = source_nb
    for cell in release_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            nb = replace_source(nb, meta["grade_id"], cell.source)
    return nb


def assert_fails_exactly(nb, broken: set[str], *, demos: bool = True) -> None:
    """The conformance rule for a mutant: exactly these test cells fail, each with a teaching message,
    and the hidden cases alone fail the same cells (:func:`hidden_only`)."""
    failures = failing_tests(nb, demos=demos)
    assert set(failures) == broken
    for message in failures.values():
        assert "CheckFailure" in message and "expected" in message and "hint:" in message
    assert set(failing_tests(hidden_only(nb), demos=demos)) == broken, "the hidden cases alone do not see this mistake"


def hidden_only(source_nb):
    """The source with every test cell cut down to its hidden cases.

    Visible value checks are dropped; checks read from the submitted text (no loops, NumPy only)
    and training checks stay, since they have no cases to see. A mutant must fail this notebook
    exactly as it fails the whole one: the hidden cases alone see every mistake, so hard-coding
    the visible answers cannot pass.
    """
    import ast
    import copy

    from autograder.checks import get_check

    nb = copy.deepcopy(source_nb)
    for cell in nb.cells:
        if not cell.metadata.get("nbgrader", {}).get("grade"):
            continue
        kept, inside = [], False
        statements = {node.lineno: node for node in ast.parse(cell.source).body}
        lines = cell.source.splitlines()
        for number, line in enumerate(lines, start=1):
            if "### BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "### END HIDDEN TESTS" in line:
                inside = False
            elif number in statements and not inside:
                node = statements[number]
                spec = get_check(node.value.args[0].value)
                if spec.reads_source or spec.trains:
                    kept.extend(lines[number - 1:node.end_lineno])
            elif inside:
                kept.append(line)
        cell.source = "\n".join(kept) or "pass"
    return nb


def unused_checks(source_nb, prefix: str) -> set[str]:
    """Registered checks of an assignment (``"01."``) that its source notebook never calls."""
    from autograder.checks import all_checks

    text = "".join(cell.source for cell in source_nb.cells)
    return {cid for cid in all_checks() if cid.startswith(prefix) and f'"{cid}"' not in text}
