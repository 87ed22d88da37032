"""The one registry of graded checks, keyed by check id, discovered from ``autograder/checks/assignments/``.

Each module there lists its assignment's checks in ``CHECKS``; nothing registers itself, so the
registry imports the assignments and no assignment imports the registry.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from autograder.checks import assignments
from autograder.checks.kinds import Check


@cache
def all_checks() -> dict[str, Check]:
    """Every check of every assignment module, by id; ids are unique.

    Example:
        >>> all_checks()["01.sigmoid"].answer
        'sigmoid(z)'
    """
    found: dict[str, Check] = {}
    for module in pkgutil.iter_modules(assignments.__path__):
        for check in importlib.import_module(f"{assignments.__name__}.{module.name}").CHECKS:
            if check.check_id in found:
                raise ValueError(f"check id {check.check_id!r} is defined twice")
            found[check.check_id] = check
    return found


def get_check(check_id: str) -> Check:
    """The check with this id.

    Example:
        >>> type(get_check("03.digits_training")).__name__
        'TrainingCheck'
    """
    checks = all_checks()
    try:
        return checks[check_id]
    except KeyError:
        raise KeyError(f"no check {check_id!r}; known checks: {', '.join(sorted(checks))}") from None
