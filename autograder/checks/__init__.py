"""Graded checks: one registry, each check a capture hook and a compare hook."""

from autograder.checks._base import Case, Check, Mismatch, case
from autograder.checks.registry import all_checks, get_check, register
from autograder.checks.runner import check, judge

__all__ = ["Case", "Check", "Mismatch", "all_checks", "case", "check", "get_check", "judge", "register"]
