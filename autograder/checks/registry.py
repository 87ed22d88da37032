"""The one registry of graded checks, keyed by check id."""

from __future__ import annotations

from autograder.checks._base import Check

_CHECKS: dict[str, Check] = {}


def register(check: Check) -> Check:
    """Add a check to the registry; ids are unique."""
    if check.check_id in _CHECKS:
        raise ValueError(f"check id {check.check_id!r} is registered twice")
    _CHECKS[check.check_id] = check
    return check


def get_check(check_id: str) -> Check:
    """The registered check with this id.

    Example:
        >>> get_check("01.sigmoid").answer
        'sigmoid(z)'
    """
    _load_builtin_checks()
    try:
        return _CHECKS[check_id]
    except KeyError:
        known = ", ".join(sorted(_CHECKS))
        raise KeyError(f"no check {check_id!r}; known checks: {known}") from None


def all_checks() -> dict[str, Check]:
    _load_builtin_checks()
    return dict(_CHECKS)


def _load_builtin_checks() -> None:
    # Each assignment's checks register themselves on import.
    from autograder.checks import assignment01, assignment02, assignment03, assignment04, assignment05, assignment06  # noqa: F401
