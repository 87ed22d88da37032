"""A student's notebook, in a real kernel: failed checks read cleanly, and self-checks leave the notebook as it was."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

pytestmark = pytest.mark.slow


def _run(*sources: str):
    nb = new_notebook(cells=[new_code_cell(source) for source in sources])
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True).execute()
    return nb


def test_a_failed_check_shows_its_verdict_once_and_no_grader_frames():
    nb = _run("import course\nimport numpy as np\nfrom autograder import case, check",
              "def relu(z):\n    return np.clip(z, 0, 1)",
              'check("01.relu", relu, [case(np.array([-2.0, 0.0, 3.0]), expected=[0.0, 0.0, 3.0])])')
    (error,) = [o for o in nb.cells[2].outputs if o.output_type == "error"]
    shown = "\n".join(error.traceback)
    assert "01.relu failed." in shown and "expected: [0.0, 0.0, 3.0]" in shown
    assert shown.count("01.relu failed.") == 1
    assert "autograder" not in shown and "File " not in shown


def test_the_learning_curves_leave_the_plotting_backend_and_figures_alone():
    nb = _run("import matplotlib\nmatplotlib.use('svg')\nimport matplotlib.pyplot as plt\nplt.figure()",
              "from autograder.checks.training import learning_curves\n"
              "history = {'loss': [1.0, 0.5], 'val_loss': [1.1, 0.7], 'accuracy': [0.5, 0.8], 'val_accuracy': [0.4, 0.7]}\n"
              "png = learning_curves({'model': [{'history': history}]})",
              "print(matplotlib.get_backend(), plt.get_fignums(), len(png) > 1000)")
    assert nb.cells[2].outputs[0].text.split() == ["svg", "[1]", "True"]


def test_a_training_self_check_says_what_it_does_and_prints_each_run_as_it_ends():
    nb = _run("import course\nimport keras\nfrom autograder import case, check",
              "def build():\n    return keras.Sequential([keras.Input((64,)), keras.layers.Dense(32, activation='relu'),\n"
              "                               keras.layers.Dense(10, activation='softmax')])",
              'check("03.digits_training", build, [case({"optimizer": "adam", "learning_rate": 0.002, "epochs": 5, "batch_size": 32}, '
              'expected={"task": {"name": "digits"}, "seeds": [0, 1], "max_epochs": 60, "structure": {"model": {"softmax_output": 10}}, '
              '"require": [{"model": "model", "metric": "test_accuracy", "min": 0.5}]})])')
    said = "".join(o.get("text", "") for o in nb.cells[2].outputs)
    lines = said.splitlines()
    assert lines[0].startswith("03.digits_training: training 2 runs as the grader does (about ")
    assert lines[1].startswith("  run 1 (seed 0): training accuracy") and lines[2].startswith("  run 2 (seed 1):")
    assert lines[3].startswith("03.digits_training passed")
