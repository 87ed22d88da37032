"""deepsteps autograder: graded checks for the course's notebooks, and grading a class with nbgrader.

In a notebook's test cell:

    >>> import numpy as np
    >>> from autograder import check, case
    >>> check("01.relu", lambda z: np.maximum(z, 0), [case([-1.0, 2.0], expected=[0.0, 2.0])])
    01.relu passed (1 case).

The names below are imported when first used, so that the ``deepsteps`` command starts without
loading the checks (and NumPy) for ``--help``.
"""

_NAMES = {
    "case": "autograder.checks", "check": "autograder.checks", "decide": "autograder.checks",
    "get_check": "autograder.checks", "CheckFailure": "autograder.checks.verdict", "Verdict": "autograder.checks.verdict",
}
__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name not in _NAMES:
        raise AttributeError(f"module 'autograder' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_NAMES[name]), name)
