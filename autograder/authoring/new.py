"""``deepsteps new NN_name``: scaffold an assignment that grades the reference full and the release 0 out of the box.

It writes the four places an assignment lives, each with one worked task to replace with yours:

* ``solutions/NN_name/name.ipynb``: the source notebook (intro, set-up, a task, its answer cell with
  the reference between ``### BEGIN/END SOLUTION``, its test cell with visible and hidden cases);
* ``autograder/checks/assignments/assignmentNN.py``: the check the test cell calls;
* ``tests/assignments/aNN.py``: the test data (a mutant that the hidden cases see);
* ``exercises/NN_name/``: the release, made by nbgrader as ``deepsteps release`` makes it.

Example (in a checkout installed with ``pip install -e .``):

    deepsteps new 13_attention
"""

from __future__ import annotations

import re
from pathlib import Path

from autograder.nbgrader import GradingError

NAME = re.compile(r"^(\d\d)_([a-z][a-z0-9_]*)$")

CHECKS_MODULE = '''"""Checks of assignment {number}, "{title}".

Tolerance: the reference computes in float64 with NumPy. Write down here what you measured to
choose each tolerance (the reference's largest error, the smallest distance of a mutant).
"""

from autograder.checks.kinds import ArrayCheck

CHECKS = [
    ArrayCheck(
        "{number}.scale", "scale(x, factor)",
        "Multiply every entry by the factor: NumPy does it for the whole array at once.",
    ),
]
'''

TEST_DATA = '''"""Assignment {number}'s test data (the format: tests/assignments/__init__.py)."""

from __future__ import annotations

from tests.mutation import Assignment

ASSIGNMENT = Assignment("{name}", "{notebook}")

MUTANTS = {{
    "adds the factor instead of multiplying": ("scale", ") * factor", ") + factor", {{"test_scale"}}),
}}
TRAINING_MUTANTS: dict = {{}}
REFUSED_BEFORE_TRAINING: set = set()
THROUGH_THE_GRADER = set(MUTANTS)  # one or two per kind of check
'''


def _notebook(number: str, title: str):
    from autograder.authoring.notebooks import given, markdown, new_notebook, solution, tests

    return new_notebook([
        markdown(f"""
# Assignment {number} · {title}

What this assignment teaches, in two or three sentences.

Write your code where it says `# YOUR CODE HERE` (delete the `raise NotImplementedError()` line).
The cell under each task runs visible checks; the grader runs more. Run *Kernel → Restart & Run
All* before you submit.
""", grade_id="intro"),
        given("""
import course            # first: imports Keras with TensorFlow's start-up messages kept quiet
import numpy as np
from autograder import case, check
""", grade_id="setup"),
        markdown("""
## Task 1 · Scale an array (1 point)

Write `scale(x, factor)`: every entry of the array `x` multiplied by `factor`.
""", grade_id="task_scale"),
        solution('''
def scale(x, factor):
    """x with every entry multiplied by factor."""
    ### BEGIN SOLUTION
    return np.asarray(x, dtype=float) * factor
    ### END SOLUTION
''', grade_id="scale"),
        tests(f"""
check("{number}.scale", scale, [case(np.array([1.0, -2.0]), 3.0, expected=[3.0, -6.0])])
### BEGIN HIDDEN TESTS
check("{number}.scale", scale, [case(np.array([[0.5, 4.0], [-1.0, 0.0]]), -2.0, expected=[[-1.0, -8.0], [2.0, -0.0]])])
### END HIDDEN TESTS
""", grade_id="test_scale", points=1),
    ])


def scaffold(name: str, *, root: str | Path | None = None) -> list[Path]:
    """Write a new assignment ``name`` (``NN_words``) into the checkout ``root``; the paths written.

    Raises:
        GradingError: a malformed name, an assignment or check module that already exists, or a
            ``root`` that is not the checkout this package runs from.
    """
    from autograder.authoring.notebooks import write
    from autograder.authoring.release import release

    match = NAME.match(name)
    if not match:
        raise GradingError(f"assignment names look like 13_attention (two digits, an underscore, lower-case words); got {name!r}")
    number, words = match.groups()
    root = Path(root) if root is not None else Path.cwd()
    package = Path(__file__).resolve().parent.parent
    if package != (root / "autograder").resolve():
        raise GradingError(f"deepsteps new writes into the checkout it runs from ({package.parent}); run it there, "
                           "with the package installed by pip install -e .")
    notebook = f"{words}.ipynb"
    paths = {
        "source": root / "solutions" / name / notebook,
        "checks": root / "autograder" / "checks" / "assignments" / f"assignment{number}.py",
        "tests": root / "tests" / "assignments" / f"a{number}.py",
    }
    taken = [str(path) for path in paths.values() if path.exists()]
    taken += [str(folder) for folder in (root / "solutions").glob(f"{number}_*")]
    if taken:
        raise GradingError(f"assignment {number} exists already: {', '.join(sorted(set(taken)))}")
    title = words.replace("_", " ").capitalize()
    write(_notebook(number, title), paths["source"])
    paths["checks"].write_text(CHECKS_MODULE.format(number=number, title=title))
    paths["tests"].write_text(TEST_DATA.format(number=number, name=name, notebook=notebook))
    release(source=root / "solutions")
    return list(paths.values()) + [root / "exercises" / name / notebook]
