"""Graded checks: kinds of check (kinds), one module per assignment (assignments/), and the registry that finds them."""

from autograder.checks.call import check, decide
from autograder.checks.registry import all_checks, get_check
from autograder.checks.values import Case, Mismatch, case

__all__ = ["Case", "Mismatch", "all_checks", "case", "check", "decide", "get_check"]
