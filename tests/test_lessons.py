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
    "01_define_network": {
        "the loops and the product give the same outputs, the product hundreds of times faster":
            "same and loop_seconds / product_seconds > 100",
    },
    "02_loss": {
        "before training the loss is close to log 10 and the accuracy near 0.1":
            "abs(untrained[0] - np.log(10)) < 0.3 and untrained[1] < 0.25",
        "both numbers improved: the loss fell and the accuracy rose": "after_5[0] < untrained[0] and after_5[1] > untrained[1]",
        "the loss falls in every epoch while the training accuracy hardly moves":
            "all(np.diff(loss_hist[22:]) < 0) and np.ptp(acc_hist[22:]) < 0.02",
        "never finding a positive case has the higher accuracy, 0.95 against 0.93, and a recall of 0; "
        "finding 4 of 5 gives recall 0.80 and precision 0.40":
            "np.allclose(scores['always negative'][1:], (0.0, 0.95)) and np.isnan(scores['always negative'][0]) "
            "and np.allclose(scores['flags ten'], (0.40, 0.80, 0.93))",
    },
    "03_optimization": {
        "starts on the left end in the deep valley near -1.30, starts on the right in the shallow one near 1.13":
            "all(abs(e + 1.30) < 0.01 for s, e in zip(starts, ends) if s < 0) "
            "and all(abs(e - 1.13) < 0.01 for s, e in zip(starts, ends) if s > 0)",
        "plain gradient descent ends at the saddle": "np.abs(plain[-1]).max() < 1e-3",
        "with noise, every one of the 20 seeded runs ends in one of the two minima": "all(escaped)",
        "Newton's method, started near the ridge, goes straight to the saddle": "np.abs(newton[-1]).max() < 1e-6",
        "Newton lands on the quadratic's minimum at once; gradient descent has not after 50 steps":
            "quadratic(newton_steps[1]) < 1e-12 and gd_loss[-1] > 1e-3",
        "over three seeds the units started equal are still exact copies; the random ones differ":
            "max(spread['every weight 0.05']) < 1e-6 and min(spread['Glorot (random)']) > 0.01",
        "the decaying rate ends several times nearer the minimum on average": "scheduled_loss < constant_loss / 3",
        "unclipped, the second step lands near -26 and the third beyond 1e26; clipped, descent ends at w = 1":
            "abs(unclipped[1] + 26) < 1 and unclipped[2] > 1e26 and abs(clipped[-1] - 1) < 1e-3",
        "with equal epochs, small batches get further": "final_loss[8] < final_loss[64] < final_loss[len(x_train)]",
        "plain SGD ends with the highest loss of the six": "max(after_15, key=after_15.get) == 'SGD'",
        "momentum ends several times lower than plain SGD": "after_15['SGD'] > 3 * after_15['momentum']",
        "Nesterov lies almost on top of momentum": "0.67 < after_15['Nesterov'] / after_15['momentum'] < 1.5",
        "the finite difference matches the autodiff gradient": "abs((up - down) / (2 * eps) - grads[0][1, 0]) < 1e-6",
        "with sigmoids the first layer's gradient is orders of magnitude below the last's, whichever initializer":
            "all(norms[('sigmoid', i)][0] < norms[('sigmoid', i)][-1] / 100 for i in ('glorot_uniform', 'he_normal'))",
        "with ReLU the first layer's gradient stays within a factor of ten of the last's, with either initializer":
            "all(0.1 < norms[('relu', i)][0] / norms[('relu', i)][-1] < 10 for i in ('glorot_uniform', 'he_normal'))",
    },
    "04_deeper_or_fatter": {
        "on the inputs a linear classifier does no better than guessing": "separable['inputs'] < 0.6",
        "the random features before training are not much better": "max(separable['features before training']) < 0.75",
        "after training a straight line separates them almost perfectly, in every seed":
            "min(separable['features after training']) > 0.95",
        "the fat network's training and validation curves stay close together, and both stay low":
            "abs(fat_history['accuracy'][-1] - fat_history['val_accuracy'][-1]) < 0.08 "
            "and max(fat_history['accuracy'][-1], fat_history['val_accuracy'][-1]) < 0.75",
        "the deep one draws most squares": "deep_history['val_accuracy'][-1] > 0.75",
        "in these runs the deep network is ahead at every budget shown, in every seed":
            "all(min(d) > max(f) for _, d, f in rows)",
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
        "the grid tries 3 learning rates and the random design 9":
            "len(np.unique(grid[:, 0])) == 3 and len(np.unique(random_trials(0)[:, 0])) == 9",
        "in most of the 20 draws the best random trial comes closer than the grid's best, and so does the median":
            "np.sum(random_regret < grid_regret) > 10 and np.median(random_regret) < grid_regret",
        "not in every draw": "np.sum(random_regret < grid_regret) < 20",
    },
    "07_convolutions": {
        "the loops, Keras and scipy's correlate2d agree; convolve2d only with the kernel flipped":
            "max(differences['Keras Conv2D'], differences['scipy correlate2d'], "
            "differences['scipy convolve2d, kernel flipped']) < 1e-5 and differences['scipy convolve2d'] > 0.1",
        "the output-size formula gives Keras's shape in every setting": "all(shapes_agree) and len(shapes_agree) == len(settings)",
        "the pooling loops agree with MaxPooling2D": "pooling_difference < 1e-6",
        "the map of the moved digit is the moved map; unaligned they differ":
            "equivariance_difference < 1e-6 and np.abs(map_of_moved - by_hand).max() > 0.5",
        "Conv2D 160 parameters, Dense 66,560, 416 times as many": "(conv_params, dense_params) == (160, 66560)",
        "with the fewest digits the CNN is clearly ahead": "lead[0] > 0.02",
        "by 400 digits the lead is gone": "abs(lead[-1]) < 0.02 and lead[-1] < lead[0] - 0.02",
        "moving a digit by a pixel costs both networks more than half of their accuracy":
            "all((shifted[n].mean(axis=1) < clean[n].mean(axis=1) / 2).all() for n in builders)",
        "the CNN keeps more on moved digits at every size": "(shifted_lead > 0).all()",
        "its lead on moved digits does not vanish with more data": "shifted_lead[-1] > 0.05",
        "with shifted copies both do far better on moved digits":
            "all(augmented[n][:, 1].mean() > shifted[n][at_200].mean() + 0.2 for n in builders)",
        "the CNN stays well ahead on moved digits": "augmented['CNN'][:, 1].mean() > augmented['dense'][:, 1].mean() + 0.05",
        "the CNN loses nothing on unmoved digits": "augmented['CNN'][:, 0].mean() >= clean['CNN'][at_200].mean() - 0.005",
        "the dense network does worse than before on unmoved digits":
            "augmented['dense'][:, 0].mean() < clean['dense'][at_200].mean()",
        "at 400 digits the three CNN seeds are within two points": "np.ptp(clean['CNN'][-1]) < 0.02",
    },
    "08_sequences": {
        "a recurrent layer's parameter count does not change with the sequence's length":
            "all(params[n, 10] == params[n, 30] == params[n, 100] for n in layers)",
        "an LSTM costs four times a SimpleRNN; the GRU three blocks with two biases each":
            "params['LSTM', 30] == 4 * params['SimpleRNN', 30] and params['GRU', 30] == 3 * (16 * (5 + 16) + 2 * 16)",
        "the default output is the last of the sequence": "bool(np.allclose(states[:, -1], final, atol=1e-6))",
        "the LSTM and the GRU answer almost every sequence, however far back the marked symbol lies":
            "by_gap['LSTM'].mean(axis=0).min() > 0.95 and by_gap['GRU'].mean(axis=0).min() > 0.95",
        "the SimpleRNN stays near guessing, not only for long gaps": "by_gap['SimpleRNN'].mean(axis=0).max() < 0.35",
        "before training all three lose orders of magnitude over 40 steps, the LSTM least, the GRU most":
            "(lambda r: min(r.values()) > 100 and min(r, key=r.get) == 'LSTM' and max(r, key=r.get) == 'GRU')("
            "{n: np.exp(np.log(first_step[n]).mean(axis=0))[0] / np.exp(np.log(first_step[n]).mean(axis=0))[-1] for n in layers})",
        "without clipping the step grows by orders of magnitude with the length; clipped it never exceeds 0.1":
            "changes[40][0] > 1000 * changes[5][0] and max(c for _, c in changes.values()) <= 0.1 + 1e-6",
        "the LSTM reads digits row by row well": "np.mean(row_accuracy) > 0.9",
        "the same words bracketed differently get different root vectors": "root_distance > 0.1",
    },
    "09_representations": {
        "before training the digits already lie in loose groups": "ratios[:, 0].min() > 1",
        "training pulls the groups apart, most of it in the first few epochs, on every seed":
            "np.all(ratios[:, -1] > 1.5 * ratios[:, 0]) and np.all(ratios[:, 5] - ratios[:, 0] > 0.5 * (ratios[:, -1] - ratios[:, 0]))",
        "on every seed the hours come out in clock order around a ring, one way round or the other":
            "all(set(s) in ({1}, {HOURS - 1}) for s in steps)",
        "frozen features do worse than training from scratch at every number of labels":
            "np.all(transfer_val['frozen features'].mean(axis=0) < transfer_val['from scratch'].mean(axis=0))",
        "fine-tuning ends up about where training from scratch does":
            "np.all(np.abs(transfer_val['fine-tuning'].mean(axis=0) - transfer_val['from scratch'].mean(axis=0)) < 0.05)",
        "from scratch, one labelled image per digit gives most of the new digits right": "transfer_val['from scratch'][:, 0].min() > 0.5",
        "trained on the new digits alone, the network forgets the old ones almost completely":
            "max(r[1, 0] for r in val_tables['new digits only'] + test_tables['new digits only']) < 0.05",
        "ten stored images per old digit keep most of them, at a small cost to the new ones":
            "min(r[1, 0] for r in test_tables['replay 10 per digit']) > 0.7 and "
            "np.mean([r[1, 1] for r in test_tables['replay 10 per digit']]) > np.mean([r[1, 1] for r in test_tables['new digits only']]) - 0.03",
        "replay's backward transfer is a fraction of training on the new digits alone":
            "abs(np.mean(measures['replay 10 per digit']['backward transfer'])) < 0.3 * abs(np.mean(measures['new digits only']['backward transfer']))",
        "EWC at the chosen strength keeps far less than replay":
            "np.mean([r[1, 0] for r in test_tables[chosen_ewc]]) < np.mean([r[1, 0] for r in test_tables['replay 10 per digit']]) - 0.3",
    },
    "10_adversarial": {
        "FGSM moves every pixel by the budget at most": "abs(largest_change - 0.1) < 1e-6",
        "the attack's change grows faster with the number of inputs than noise's":
            "ratio[-1] > 4 * ratio[0] and all(np.diff(ratio) > 0)",
        "noise of the same size does almost nothing": "curves['random signs'][:, at].min() > 0.9",
        "the attack takes most digits": "curves['FGSM'][:, at].max() < 0.5",
        "PGD is at least as strong as one step at every budget":
            "np.all(curves['PGD (10 steps)'].mean(axis=0) <= curves['FGSM'].mean(axis=0) + 0.005)",
        "PGD gains little over one signed step here": "(curves['FGSM'][:, at] - curves['PGD (10 steps)'][:, at]).mean() < 0.1",
        "transferred attacks are weaker than attacks on the network itself, but far below the clean accuracy":
            "max(transfer) < min(clean_val) - 0.2 and min(transfer) > max(own)",
        "adversarial training raises the accuracy under attack a long way at no visible clean cost":
            "np.mean(scores[f'eps {chosen}'][1]) > np.mean(scores['plain'][1]) + 0.2"
            " and abs(np.mean(scores[f'eps {chosen}'][0]) - np.mean(scores['plain'][0])) < 0.02",
        "on the test digits, too": "(lambda r: np.mean(r[1][1]) > np.mean(r[0][1]) + 0.2)(list(test_results.values()))",
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


# question -> (the right answer, plausible mistakes): the lessons ask these without showing the answers.
SELF_CHECKS = {
    "L01.1": (2410, [2368, 106]),  # biases forgotten; units added up
    "L01.2": (0.8176, [1.5, 0.73]),  # not squashed; bias forgotten
    "L01.3": ("a", ["b"]),
    "L02.1": (0.3567, [0.15, 0.3]),  # log base 10; 1 - p
    "L02.2": (0.787, [0.67, 0.33]),  # scores normalised without exp; uniform
    "L02.3": ("b", ["a"]),
    "L03.1": (2.4, [3.6, 2.7]),  # a step uphill; the derivative's factor 2 forgotten
    "L03.2": (1.0, [2.0, 0.5]),
    "L03.3": (32, [31]),  # the last, smaller batch forgotten
    "L04.1": (1482, [1440]),  # biases forgotten
    "L04.2": (6, [5, 10]),
    "L04.3": (32, [10, 64]),  # pieces added, not doubled; one doubling too many
    "L05.1": (240, [300, 60]),  # all of it; only the held-out fold
    "L05.2": (0.19, [-0.19, 0.81]),  # reversed; the error rate
    "L05.3": (3, [2, 5]),  # counted from 0; the last epoch
    "L06.1": (0.05, [0.03, 5]),  # L1's penalty; the strength forgotten
    "L06.2": (1.25, [0.8, 1.2]),  # the keep rate; 1 + rate
    "L06.3": ("b", ["a"]),
    "L07.1": (28, [27, 32]),  # the + 1 forgotten; the size kept, as with padding
    "L07.2": (4640, [4608, 320]),  # biases forgotten; the input channels forgotten
    "L07.3": ("a", ["b", "c"]),
    "L08.1": (96, [88, 32]),  # biases forgotten; the recurrent weights forgotten
    "L08.2": (0.35, [0.9, 0.1, 0.0]),  # one step only; what was forgotten; the input gate read as wiping the cell
    "L08.3": ("a", ["b"]),
    "L09.1": (96, [104, 144, 8]),  # a bias added; a square table; one vector only
    "L09.2": (-0.6, [0.6, -0.62]),  # the sign reversed; the new task's accuracy used as the start
    "L09.3": ("a", ["b"]),
    "L10.1": (0.35, [0.15, 0.2, 0.23]),  # the signs kept (sum of w); the largest weight only; the L2 norm
    "L10.2": (0.4, [0.47, 0.3, 0.2]),  # not projected; reset to the original; projected onto the lower bound
    "L10.3": ("a", ["b"]),
}


def test_every_self_check_accepts_its_answer_and_refuses_the_usual_mistakes(capsys):
    from course.selfcheck import QUESTIONS, check_answer

    assert set(SELF_CHECKS) == set(QUESTIONS)
    for question, (right, mistakes) in SELF_CHECKS.items():
        check_answer(question, right)
        assert capsys.readouterr().out == f"{question}: right\n"
        for wrong in mistakes:
            check_answer(question, wrong)
            said = capsys.readouterr().out
            assert said.startswith(f"{question}: not yet. Hint: "), (question, wrong)
            assert isinstance(right, str) or str(right) not in said.split("Hint: ")[1]  # the hint keeps the number
    check_answer("L01.2", "0.82")
    assert capsys.readouterr().out == "L01.2: expected a number, got '0.82'\n"


def test_each_lesson_ends_with_two_or_three_self_checks_that_keep_their_answers():
    """Each asks with ``answer = None``: the notebook holds no answer, only course.selfcheck's hashes."""
    asked = []
    for path in LESSONS:
        nb = nbformat.read(str(path), as_version=4)
        checks = [cell.source for cell in nb.cells if cell.cell_type == "code" and "check_answer(" in cell.source]
        ours = [q for q in SELF_CHECKS if q.startswith(f"L{path.stem[:2]}.")]
        assert 2 <= len(checks) <= 3 and len(checks) == len(ours), path.name
        for source, question in zip(checks, ours):
            assert source == f'answer = None\ncourse.check_answer("{question}", answer)'
        assert nb.cells[-1].cell_type == "code" and "check_answer(" in nb.cells[-1].source  # at the end
        asked += ours
    assert sorted(asked) == sorted(SELF_CHECKS)
