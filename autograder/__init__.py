"""deepsteps autograder: graded checks for the course's notebooks, and grading a class with nbgrader.

In a notebook's test cell:

    >>> import numpy as np
    >>> from autograder import check, case
    >>> check("01.relu", lambda z: np.maximum(z, 0), [case([-1.0, 2.0], expected=[0.0, 2.0])])
    01.relu passed (1 case).
"""

from autograder.checks import case, check, get_check, judge
from autograder.verdict import CheckFailure, Verdict

__all__ = ["CheckFailure", "Verdict", "case", "check", "get_check", "judge"]
