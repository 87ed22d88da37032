"""One module per assignment, each listing its checks in ``CHECKS`` (found by :mod:`autograder.checks.registry`)."""
