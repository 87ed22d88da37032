"""Run a notebook's cells in this process and report which graded test cells fail.

Fast (no kernel start) and precise (the failure text of each test cell), for the conformance
tests of checks. The real path through nbgrader is tested separately in test_cli.py.
"""

from __future__ import annotations

import contextlib
import io
import linecache

from autograder.notebooks import grade_id


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


def with_release_answers(source_nb, release_nb):
    """The source notebook (hidden tests included) with the release's unanswered answer cells."""
    from autograder.notebooks import replace_source

    nb = source_nb
    for cell in release_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            nb = replace_source(nb, meta["grade_id"], cell.source)
    return nb


def assert_fails_exactly(nb, broken: set[str], *, demos: bool = True) -> None:
    """The conformance rule for a mutant: exactly these test cells fail, each with a teaching message."""
    failures = failing_tests(nb, demos=demos)
    assert set(failures) == broken
    for message in failures.values():
        assert "CheckFailure" in message and "expected" in message and "hint:" in message


def unused_checks(source_nb, prefix: str) -> set[str]:
    """Registered checks of an assignment (``"01."``) that its source notebook never calls."""
    from autograder.checks import all_checks

    text = "".join(cell.source for cell in source_nb.cells)
    return {cid for cid in all_checks() if cid.startswith(prefix) and f'"{cid}"' not in text}
