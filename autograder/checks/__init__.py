"""Graded checks: kinds of check (kinds), one module per assignment (assignments/), and the registry that finds them."""

from autograder.checks.call import check, decide
from autograder.checks.registry import all_checks, get_check
from autograder.checks.values import Case, Outcome, case

__all__ = ["Case", "Outcome", "all_checks", "case", "check", "decide", "get_check"]
