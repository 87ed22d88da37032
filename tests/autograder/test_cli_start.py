"""The deepsteps command starts light: --help and usage errors import nothing heavy."""

from __future__ import annotations

import subprocess
import sys

from autograder import cli
from autograder.grading.sandbox import Limits


def test_the_cli_defaults_are_the_sandbox_limits():
    assert cli.DEFAULT_CELL_SECONDS == Limits.cell_seconds
    assert cli.DEFAULT_WALL_SECONDS == Limits.wall_seconds
    assert cli.DEFAULT_MEMORY_GB == Limits.memory_bytes / 1024**3


def test_help_and_usage_errors_import_no_numpy_keras_or_nbgrader():
    code = ("import sys\nfrom autograder import cli\n"
            "for argv in (['--help'], ['grade'], ['grade', 'x', '--workers', 'many']):\n"
            "    try:\n        cli.main(argv)\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('numpy', 'keras', 'nbgrader', 'tensorflow') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]"
