"""Every lesson runs top to bottom, quietly, and every outcome its text states holds on its own outputs.

A sentence in a lesson that states an outcome ("the gap grows with capacity", "validation loss is
lowest before the last epoch") is listed in CLAIMS with a Python expression over the lesson's own
variables; after the lesson has run, the expression is evaluated in the same kernel. A claim that
stops holding (new Keras, new data split) fails here, and the sentence must change with it.
How long each lesson takes is measured in benchmarks/lessons.py, not here.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from tests.conftest import ROOT

LESSONS = sorted((ROOT / "course" / "lessons").glob("*.ipynb"))

# lesson -> {the sentence's claim, in words: an expression over the lesson's variables}
CLAIMS = {
    "03_optimization": {
        "the finite difference matches the autodiff gradient": "abs((up - down) / (2 * eps) - grads[0][1, 0]) < 1e-6",
        "with sigmoids the first layer's gradient is orders of magnitude below the last's, whichever initializer":
            "all(norms[('sigmoid', i)][0] < norms[('sigmoid', i)][-1] / 100 for i in ('glorot_uniform', 'he_normal'))",
        "with ReLU the first layer's gradient stays within a factor of ten of the last's, with either initializer":
            "all(0.1 < norms[('relu', i)][0] / norms[('relu', i)][-1] < 10 for i in ('glorot_uniform', 'he_normal'))",
    },
    "04_deeper_or_fatter": {
        "in these runs the deep network is ahead at every budget shown": "all(d > f for _, d, f in rows)",
    },
    "05_overfitting": {
        "the network fits every training set almost perfectly, whatever its size":
            "runs[:, :, 0].mean(axis=1).min() >= 0.97",
        "more data closes the gap": "size_gaps[800] < size_gaps[50] / 2",
        "the 1 x 16 network's training accuracy stays well below 100%, near the share of right labels":
            "np.mean([accuracy(m, train) for m in models['1 x 16']]) < 0.85",
        "the 1 x 16 network's gap is negative": "np.mean(gaps['1 x 16']) < 0",
        "the 2 x 256 network's training accuracy climbs towards 100%":
            "np.mean([accuracy(m, train) for m in models['2 x 256']]) > 0.95",
        "the 2 x 256 network's validation loss is lowest early and then rises":
            "best_epoch['2 x 256'] <= 15 and mean_val_loss['2 x 256'][-1] > mean_val_loss['2 x 256'].min() + 0.2",
        "the gap grows with capacity":
            "np.mean(gaps['1 x 16']) < np.mean(gaps['1 x 64']) < np.mean(gaps['2 x 256'])",
        "the 4-fold mean moves less from shuffle to shuffle than a single split": "np.ptp(kfold) < np.ptp(single)",
    },
    "06_regularization": {
        "L2 pulls the weights towards 0": "np.mean(np.abs(kernels(results['L2 1e-2'][0]['model']))) "
                                          "< np.mean(np.abs(kernels(results['baseline'][0]['model'])))",
        "L1 drives many weights to about zero, more than L2":
            "share_tiny['L1 1e-3'] > 0.5 and share_tiny['L1 1e-3'] > share_tiny['L2 1e-2'] > share_tiny['baseline']",
        "early stopping runs take fewer steps than the others": "max(stopped_after) < EPOCHS",
        "the baseline's gap is the largest: every technique shrinks it":
            "all(mean_gap[name] < mean_gap['baseline'] for name in names if name != 'baseline')",
        "batch normalization shrinks it least":
            "max((g, n) for n, g in mean_gap.items() if n != 'baseline')[1] == 'batch normalization'",
        "every technique raises the validation accuracy above the baseline's":
            "all(mean_val[name] > mean_val['baseline'] for name in names if name != 'baseline')",
        "at 1e-4 the gap stays large": "gap_by_strength[0].mean() > 0.1",
        "from 1e-1 on, validation accuracy falls to chance and the gap vanishes":
            "val_by_strength[3:].mean(axis=1).max() < 0.15 and abs(gap_by_strength[3:].mean(axis=1)).max() < 0.05",
        "the best strength lies in between": "strengths[0] < chosen < strengths[-1]",
    },
}


def _claims_cell(claims: dict[str, str]):
    lines = ["import json as _json", "_held = {}"]
    for words, expression in claims.items():
        lines.append(f"_held[{words!r}] = bool({expression})")
    lines.append("print('CLAIMS ' + _json.dumps(_held))")
    return new_code_cell("\n".join(lines))


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_executes_without_errors_or_stderr_and_its_claims_hold(path):
    nb = nbformat.read(str(path), as_version=4)
    claims = CLAIMS.get(path.stem, {})
    if claims:
        nb.cells.append(_claims_cell(claims))
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    stderr = [o.text for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs
              if o.output_type == "stream" and o.name == "stderr"]
    assert stderr == []
    if claims:
        printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
        held = json.loads(printed.split("CLAIMS ", 1)[1])
        assert [words for words, ok in held.items() if not ok] == []


def test_lessons_ship_without_outputs():
    assert LESSONS, "no lessons found"
    for path in LESSONS:
        nb = nbformat.read(str(path), as_version=4)
        assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), path.name


def test_every_claimed_lesson_exists():
    assert set(CLAIMS) <= {path.stem for path in LESSONS}
