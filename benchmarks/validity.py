"""Measure every training check: does the reference pass and do typical wrong answers fail, seed after seed?

For each study (one graded training check), the check's real ``expected`` is read from the hidden
test in solutions/ (thresholds included), and each variant (the reference and the wrong answers
students give) is judged exactly as the grader judges it: same judge, same rules, median over 3
seeds. This repeats for ``--groups`` disjoint groups of 3 seeds (20 by default: the issue's bar is
at least 19 of 20 correct verdicts for every variant) and writes the table to docs/validity.md.

    python benchmarks/validity.py                      # every study, 20 groups (long: run on a quiet machine)
    python benchmarks/validity.py --only 03.digits_training --groups 3 --no-write
    python benchmarks/validity.py --cache /tmp/validity-cache   # a rerun trains only new variants
    KERAS_BACKEND=jax python benchmarks/validity.py --only 10.fgsm   # an attack study on the kernel's backend

Attack studies (``ATTACK_STUDIES``) need no judge: each variant (the reference and every mutant of
its answer cell in tests/assignments/aNN.py) attacks the target on ``--groups`` draws of held-out
digits, in this process's Keras backend (the student's kernel), and is judged as the grader judges it.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import course  # noqa: E402,F401  (quiet keras import)
import keras  # noqa: E402

from autograder.checks.training import apply_rules, baselines, check_before_training, measure_rule  # noqa: E402
from autograder.grading.intake import parse_test_cell  # noqa: E402
from autograder.model_judge.config import model_spec  # noqa: E402
from autograder.authoring.notebooks import find_cell, read  # noqa: E402
from autograder.model_judge.judge import Judge  # noqa: E402

FIRST_SEED = 50_000  # far from the seeds in the notebooks, so the measurement is not tuned to them


def mlp(inputs, hidden, outputs, activation="relu", **layer_options):
    layers = [keras.Input((inputs,))]
    layers += [keras.layers.Dense(units, activation=activation, **layer_options) for units in hidden]
    return keras.Sequential(layers + [keras.layers.Dense(outputs, activation="softmax")])


@dataclass
class Variant:
    models: dict  # name in the check -> function building the model
    settings: dict = field(default_factory=dict)
    should_pass: bool = False


@dataclass
class Study:
    notebook: str  # solutions/<assignment>/<file>
    test_cell: str
    variants: dict[str, Variant]


ADAM = {"optimizer": "adam", "learning_rate": 2e-3, "epochs": 30, "batch_size": 32}
NOISY = {"optimizer": "adam", "learning_rate": 2e-3, "epochs": 40, "batch_size": 16}  # assignment 05's baseline
L1, L2, L1L2 = keras.regularizers.L1, keras.regularizers.L2, keras.regularizers.L1L2


def adversarial(epsilon: float) -> dict:
    """Assignment 10's setting: FGSM adversarial training at ``epsilon`` (``ADAM | adversarial(0.1)``)."""
    return {"adversarial": {"epsilon": epsilon}}


CONTINUAL = {"optimizer": "adam", "learning_rate": 2e-3, "epochs": 20, "batch_size": 32}  # assignment 09's, per phase


def replay(per_class: int) -> dict:
    """Assignment 09's setting: ``per_class`` stored images of each earlier digit (``CONTINUAL | replay(20)``)."""
    return {"replay_per_class": per_class}


def regularized(**options):
    return mlp(64, [256, 256], 10, **options) if "kernel_regularizer" not in options else keras.Sequential(
        [keras.Input((64,))] + [keras.layers.Dense(256, activation="relu", **options) for _ in range(2)]
        + [keras.layers.Dense(10, activation="softmax", **options)])


def with_dropout(rate):
    return keras.Sequential([keras.Input((64,)), keras.layers.Dense(256, activation="relu"), keras.layers.Dropout(rate),
                             keras.layers.Dense(256, activation="relu"), keras.layers.Dropout(rate),
                             keras.layers.Dense(10, activation="softmax")])

def image_cnn(*layers):
    return keras.Sequential([keras.Input((8, 8, 1)), *layers, keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])


CONV, POOL = keras.layers.Conv2D, keras.layers.MaxPooling2D


def recall_model(*layers):
    return keras.Sequential([keras.Input((30, 5)), *layers, keras.layers.Dense(4, activation="softmax")])


LSTM, GRU, RNN = keras.layers.LSTM, keras.layers.GRU, keras.layers.SimpleRNN

STUDIES = {
    "03.digits_training": Study("03_optimization/optimization.ipynb", "test_digits_training", {
        "reference (64-128-10 ReLU, Adam 2e-3, 30 epochs)": Variant({"model": lambda: mlp(64, [128], 10)}, ADAM, True),
        "learning rate far too high (SGD 8.0)": Variant(
            {"model": lambda: mlp(64, [128], 10)}, ADAM | {"optimizer": "sgd", "learning_rate": 8.0}),
        "one epoch of plain SGD (lr 0.01)": Variant(
            {"model": lambda: mlp(64, [128], 10)}, ADAM | {"optimizer": "sgd", "learning_rate": 1e-2, "epochs": 1}),
        "deep sigmoid net, plain SGD (vanishing gradients)": Variant(
            {"model": lambda: mlp(64, [32] * 6, 10, activation="sigmoid")}, ADAM | {"optimizer": "sgd", "learning_rate": 1e-2}),
        "another optimizer: RMSprop 1e-3, 30 epochs": Variant(
            {"model": lambda: mlp(64, [128], 10)}, ADAM | {"optimizer": "rmsprop", "learning_rate": 1e-3}, True),
        "another optimizer: SGD with Nesterov momentum (0.05, 0.9)": Variant(
            {"model": lambda: mlp(64, [128], 10)}, ADAM | {"optimizer": "sgd", "learning_rate": 0.05, "momentum": 0.9, "nesterov": True}, True),
        "sigmoid outputs": Variant({"model": lambda: keras.Sequential(
            mlp(64, [128], 10).layers[:-1] + [keras.layers.Dense(10, activation="sigmoid")])}, ADAM),
    }),
    "04.deep_vs_fat": Study("04_deeper_or_fatter/deeper_or_fatter.ipynb", "test_deep_vs_fat", {
        "reference (4 x 16 vs 1 x 179)": Variant({"deep": lambda: mlp(2, [16] * 4, 2), "fat": lambda: mlp(2, [179], 2)}, should_pass=True),
        "another valid split (5 x 14 vs 1 x 179)": Variant(
            {"deep": lambda: mlp(2, [14] * 5, 2), "fat": lambda: mlp(2, [179], 2)}, should_pass=True),
        "deep layers without activation": Variant(
            {"deep": lambda: mlp(2, [16] * 4, 2, activation=None), "fat": lambda: mlp(2, [179], 2)}),
        "'deep' with one hidden layer (1 x 178)": Variant({"deep": lambda: mlp(2, [178], 2), "fat": lambda: mlp(2, [179], 2)}),
        "fat over budget (1 x 358)": Variant({"deep": lambda: mlp(2, [16] * 4, 2), "fat": lambda: mlp(2, [358], 2)}),
        "fat without activation": Variant({"deep": lambda: mlp(2, [16] * 4, 2), "fat": lambda: mlp(2, [179], 2, activation=None)}),
        "fat crippled by dropout 0.9": Variant({"deep": lambda: mlp(2, [16] * 4, 2), "fat": lambda: keras.Sequential(
            [keras.Input((2,)), keras.layers.Dense(179, activation="relu"), keras.layers.Dropout(0.9),
             keras.layers.Dense(2, activation="softmax")])}),
        "both at twice the budget (4 x 24 vs 1 x 384)": Variant({"deep": lambda: mlp(2, [24] * 4, 2), "fat": lambda: mlp(2, [384], 2)}),
        "deep with tanh instead of ReLU": Variant({"deep": lambda: mlp(2, [16] * 4, 2, activation="tanh"), "fat": lambda: mlp(2, [179], 2)}),
    }),
    "05.overfits": Study("05_overfitting/overfitting.ipynb", "test_overfits", {
        "reference (2 x 256, Adam 2e-3, 40 epochs, batch 16)": Variant({"model": lambda: mlp(64, [256, 256], 10)}, NOISY, True),
        "tiny model (1 x 8)": Variant({"model": lambda: mlp(64, [8], 10)}, NOISY),
        "too few epochs (5)": Variant({"model": lambda: mlp(64, [256, 256], 10)}, NOISY | {"epochs": 5}),
        "regularized by accident (L2 1e-2)": Variant({"model": lambda: mlp(64, [256, 256], 10, kernel_regularizer=L2(1e-2))}, NOISY),
        "sigmoid outputs": Variant({"model": lambda: keras.Sequential(
            mlp(64, [256, 256], 10).layers[:-1] + [keras.layers.Dense(10, activation="sigmoid")])}, NOISY),
    }),
    "06.l2": Study("06_regularization/regularization.ipynb", "test_l2", {
        "reference (L2 1e-2)": Variant({"model": lambda: regularized(kernel_regularizer=L2(1e-2))}, should_pass=True),
        "L2 too strong (1.0): underfits": Variant({"model": lambda: regularized(kernel_regularizer=L2(1.0))}),
        "no regularization": Variant({"model": lambda: mlp(64, [256, 256], 10)}),
        "L2 on the hidden layers only": Variant({"model": lambda: keras.Sequential(
            [keras.Input((64,))] + [keras.layers.Dense(256, activation="relu", kernel_regularizer=L2(1e-2)) for _ in range(2)]
            + [keras.layers.Dense(10, activation="softmax")])}),
        "L2 too weak to matter (1e-5)": Variant({"model": lambda: regularized(kernel_regularizer=L2(1e-5))}),
        "L2 1e-9 with dropout doing the work": Variant({"model": lambda: keras.Sequential(
            [keras.Input((64,)), keras.layers.Dense(256, activation="relu", kernel_regularizer=L2(1e-9)), keras.layers.Dropout(0.5),
             keras.layers.Dense(256, activation="relu", kernel_regularizer=L2(1e-9)), keras.layers.Dropout(0.5),
             keras.layers.Dense(10, activation="softmax", kernel_regularizer=L2(1e-9))])}),
    }),
    "06.dropout": Study("06_regularization/regularization.ipynb", "test_dropout", {
        "reference (dropout 0.5 after each hidden layer)": Variant({"model": lambda: with_dropout(0.5)}, should_pass=True),
        "dropout 0.95: underfits": Variant({"model": lambda: with_dropout(0.95)}),
        "dropout after the softmax": Variant({"model": lambda: keras.Sequential(
            mlp(64, [256, 256], 10).layers + [keras.layers.Dropout(0.5)])}),
        "no dropout": Variant({"model": lambda: mlp(64, [256, 256], 10)}),
        "dropout too weak to matter (0.05)": Variant({"model": lambda: with_dropout(0.05)}),
        "dropout 0.01 with L2 doing the work": Variant({"model": lambda: keras.Sequential(
            [keras.Input((64,)), keras.layers.Dense(256, activation="relu", kernel_regularizer=L2(1e-2)), keras.layers.Dropout(0.01),
             keras.layers.Dense(256, activation="relu", kernel_regularizer=L2(1e-2)), keras.layers.Dropout(0.01),
             keras.layers.Dense(10, activation="softmax", kernel_regularizer=L2(1e-2))])}),
        "dropout on the inputs only": Variant({"model": lambda: keras.Sequential(
            [keras.Input((64,)), keras.layers.Dropout(0.5)] + mlp(64, [256, 256], 10).layers)}),
    }),
    "06.early_stopping": Study("06_regularization/regularization.ipynb", "test_early_stopping", {
        "reference (val_loss, patience 10, restore)": Variant({"model": lambda: mlp(64, [256, 256], 10)}, NOISY | {
            "early_stopping": {"monitor": "val_loss", "patience": 10, "restore_best_weights": True}}, True),
        "without restoring the best weights": Variant({"model": lambda: mlp(64, [256, 256], 10)}, NOISY | {
            "early_stopping": {"monitor": "val_loss", "patience": 10}}),
        "no early stopping": Variant({"model": lambda: mlp(64, [256, 256], 10)}, NOISY),
        "early stopping on a smaller model": Variant({"model": lambda: mlp(64, [64], 10)}, NOISY | {
            "early_stopping": {"monitor": "val_loss", "patience": 10, "restore_best_weights": True}}),
        "early stopping with a learning rate of its own (2e-4)": Variant({"model": lambda: mlp(64, [256, 256], 10)}, NOISY | {
            "learning_rate": 2e-4, "early_stopping": {"monitor": "val_loss", "patience": 10, "restore_best_weights": True}}),
    }),
    "06.elastic_net": Study("06_regularization/regularization.ipynb", "test_elastic_net", {
        "reference (L1 1e-5 and L2 1e-2)": Variant({"model": lambda: regularized(kernel_regularizer=L1L2(l1=1e-5, l2=1e-2))},
                                                   should_pass=True),
        "L1 1e-4 and L2 1e-2": Variant({"model": lambda: regularized(kernel_regularizer=L1L2(l1=1e-4, l2=1e-2))},
                                       should_pass=True),
        "both too weak to matter (1e-7, 1e-5)": Variant({"model": lambda: regularized(kernel_regularizer=L1L2(l1=1e-7, l2=1e-5))}),
        "both too strong (1e-2, 1.0): underfits": Variant({"model": lambda: regularized(kernel_regularizer=L1L2(l1=1e-2, l2=1.0))}),
        "L2 alone": Variant({"model": lambda: regularized(kernel_regularizer=L2(1e-2))}),
        "L1 alone": Variant({"model": lambda: regularized(kernel_regularizer=L1(1e-3))}),
        "on the hidden layers only": Variant({"model": lambda: keras.Sequential(
            [keras.Input((64,))] + [keras.layers.Dense(256, activation="relu", kernel_regularizer=L1L2(l1=1e-5, l2=1e-2))
                                    for _ in range(2)] + [keras.layers.Dense(10, activation="softmax")])}),
    }),
    "06.l1_sparser": Study("06_regularization/regularization.ipynb", "test_l1_sparser", {
        "reference (L1 1e-3 vs L2 1e-2)": Variant({"l1": lambda: regularized(kernel_regularizer=L1(1e-3)),
                                                   "l2": lambda: regularized(kernel_regularizer=L2(1e-2))}, should_pass=True),
        "L1 far too weak (1e-6)": Variant({"l1": lambda: regularized(kernel_regularizer=L1(1e-6)),
                                           "l2": lambda: regularized(kernel_regularizer=L2(1e-2))}),
        "L1 and L2 swapped": Variant({"l1": lambda: regularized(kernel_regularizer=L2(1e-2)),
                                      "l2": lambda: regularized(kernel_regularizer=L1(1e-3))}),
        "L2 in both": Variant({"l1": lambda: regularized(kernel_regularizer=L2(1e-2)),
                               "l2": lambda: regularized(kernel_regularizer=L2(1e-2))}),
    }),
    "07.cnn": Study("07_convolutions/convolutions.ipynb", "test_cnn", {
        "reference (Conv2D 8 x 3x3 ReLU, max pooling 2)": Variant({"cnn": lambda: image_cnn(CONV(8, 3, activation="relu"), POOL(2))},
                                                                 should_pass=True),
        "12 filters (1,210 parameters: over the budget)": Variant({"cnn": lambda: image_cnn(CONV(12, 3, activation="relu"), POOL(2))}),
        "a kernel as large as the image (12 x 8x8: the dense network again)": Variant(
            {"cnn": lambda: image_cnn(CONV(12, 8, activation="relu"))}),
        "no pooling (2 x 3x3)": Variant({"cnn": lambda: image_cnn(CONV(2, 3, activation="relu"))}),
        "one filter (1 x 3x3, pooling 2)": Variant({"cnn": lambda: image_cnn(CONV(1, 3, activation="relu"), POOL(2))}),
        "a linear convolution (no ReLU)": Variant({"cnn": lambda: image_cnn(CONV(8, 3), POOL(2))}),
        "a dense network (no convolution)": Variant({"cnn": lambda: keras.Sequential(
            [keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(12, activation="relu"),
             keras.layers.Dense(10, activation="softmax")])}),
    }),
    "08.recall": Study("08_sequences/sequences.ipynb", "test_recall", {
        "reference (LSTM 16)": Variant({"model": lambda: recall_model(LSTM(16))}, should_pass=True),
        "a GRU (16)": Variant({"model": lambda: recall_model(GRU(16))}, should_pass=True),
        "a SimpleRNN (16)": Variant({"model": lambda: recall_model(RNN(16))}),
        "the widest SimpleRNN in the budget (48: 2,788 parameters)": Variant({"model": lambda: recall_model(RNN(48))}),
        "two SimpleRNN layers (16, 16)": Variant({"model": lambda: recall_model(RNN(16, return_sequences=True), RNN(16))}),
        "an LSTM of 32 (4,996 parameters: over the budget)": Variant({"model": lambda: recall_model(LSTM(32))}),
        "a SimpleRNN reading backwards": Variant({"model": lambda: recall_model(RNN(16, go_backwards=True))}),
        "every step's LSTM state flattened": Variant(
            {"model": lambda: recall_model(LSTM(16, return_sequences=True), keras.layers.Flatten())}),
        "a dense network on the flattened sequence": Variant(
            {"model": lambda: recall_model(keras.layers.Flatten(), keras.layers.Dense(32, activation="relu"))}),
    }),
    "09.replay": Study("09_representations/representations.ipynb", "test_replay", {
        "reference (20 stored per digit)": Variant({"model": lambda: mlp(64, [128], 10)}, CONTINUAL | replay(20), should_pass=True),
        "no replay": Variant({"model": lambda: mlp(64, [128], 10)}, CONTINUAL | replay(0)),
        "one stored per digit": Variant({"model": lambda: mlp(64, [128], 10)}, CONTINUAL | replay(1)),
        "5 stored per digit": Variant({"model": lambda: mlp(64, [128], 10)}, CONTINUAL | replay(5)),
        "50 stored per digit (over the memory allowed)": Variant({"model": lambda: mlp(64, [128], 10)}, CONTINUAL | replay(50)),
        "a wider network (256) without replay": Variant({"model": lambda: mlp(64, [256], 10)}, CONTINUAL | replay(0)),
    }),
    "10.robust": Study("10_adversarial/adversarial.ipynb", "test_robust", {
        "reference (FGSM training at eps 0.1)": Variant({"model": lambda: mlp(64, [64], 10)}, ADAM | adversarial(0.1), should_pass=True),
        "FGSM training at eps 0.15": Variant({"model": lambda: mlp(64, [64], 10)}, ADAM | adversarial(0.15), should_pass=True),
        "no adversarial training": Variant({"model": lambda: mlp(64, [64], 10)}, ADAM),
        "adversarial training at eps 0 (clean copies)": Variant({"model": lambda: mlp(64, [64], 10)}, ADAM | adversarial(0.0)),
        "FGSM training at eps 0.5 (far past the attack's budget)": Variant({"model": lambda: mlp(64, [64], 10)}, ADAM | adversarial(0.5)),
        "a wider network (256)": Variant({"model": lambda: mlp(64, [256], 10)}, ADAM | adversarial(0.1)),
        "L2 instead of adversarial training": Variant({"model": lambda: mlp(64, [64], 10, kernel_regularizer=L2(0.01))}, ADAM),
    }),
}


@dataclass
class AttackStudy:
    notebook: str  # solutions/<assignment>/<file>
    answer_cell: str
    test_cell: str
    needs: tuple[str, ...] = ()  # answer cells the answer may call (the reference's)


ATTACK_STUDIES = {
    "10.fgsm": AttackStudy("10_adversarial/adversarial.ipynb", "fgsm", "test_fgsm"),
    "10.pgd": AttackStudy("10_adversarial/adversarial.ipynb", "pgd", "test_pgd", needs=("fgsm",)),
}


def measure_attack(check_id: str, study: AttackStudy, groups: int) -> dict:
    """Each variant of the answer cell attacks ``groups`` fresh draws of digits; verdicts as the grader's."""
    import importlib

    from autograder.checks.attacks import capture_attack, compare_attack

    expected = hidden_expected(study)
    data = importlib.import_module(f"tests.assignments.a{check_id[:2]}")
    reference = data.ASSIGNMENT.reference
    variants = {"reference": (reference[study.answer_cell], True)}
    for name, (cell, old, new, broken, *more) in data.MUTANTS.items():
        if cell == study.answer_cell:
            variants[name] = (data.ASSIGNMENT.mutated(cell, old, new, *more)[cell], not broken)
    results = {}
    for name, (source, should_pass) in variants.items():
        namespace = {"__name__": "variant"}
        exec("import course\nimport numpy as np\nimport keras", namespace)
        for needed in study.needs:
            exec(reference[needed], namespace)
        exec(source, namespace)
        right, accuracies, said, started = 0, [], [], time.perf_counter()
        for group in range(groups):
            problem = {key: expected[key] for key in ("n", "eps", "steps", "step_size") if key in expected} | {
                "seed": FIRST_SEED + group}
            captured = capture_attack(namespace[study.answer_cell], (problem,))
            outcome = compare_attack(captured.value, expected | problem) if not captured.error else None
            passed = outcome is not None and outcome.passed
            right += passed == should_pass
            if outcome is not None and "attacked_accuracy" in outcome.judged:
                judged = outcome.judged
                accuracies.append(judged["attacked_accuracy"] - judged.get("fgsm_accuracy", 0.0) if "below_fgsm" in expected
                                  else judged["attacked_accuracy"])
            else:
                said.append(captured.error or outcome.got)
        results[name] = {"should_pass": should_pass, "right": right, "values": accuracies, "refused": said[:1],
                         "seconds": (time.perf_counter() - started) / groups}
        print(f"{check_id}: {name}: {right}/{groups}", flush=True)
    return {"expected": expected, "results": results, "groups": groups}


def attack_table(check_id: str, measured: dict, *, backend: str) -> str:
    """One section of an attack study: verdicts judged right, and the measured accuracy over the draws."""
    expected, groups = measured["expected"], measured["groups"]
    rule = (f"accuracy after the attack minus after the grader's FGSM on the same images (at most -{expected['below_fgsm']:g})"
            if "below_fgsm" in expected else f"the target's accuracy after the attack (at most {expected['max_accuracy']:g})")
    lines = [f"## {check_id} on {backend}", "",
             f"Each variant attacks {groups} draws of {expected['n']} held-out digits (seeds {FIRST_SEED} on) at eps "
             f"{expected['eps']:g}, in the student's kernel on {backend}; the trusted side checks pixels in [0, 1] and "
             f"the budget, then measures its own copy of the target. Columns: min / median / max over the draws.", "",
             f"| variant | should | correct verdicts | {rule} | seconds per attack |", "|---|---|---|---|---|"]
    for name, result in measured["results"].items():
        values = result["values"]
        spread = (f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}" if values
                  else "refused: " + (result["refused"][0][:90] if result["refused"] else "?"))
        should = "pass" if result["should_pass"] else "fail"
        lines.append(f"| {name} | {should} | {result['right']}/{groups} | {spread} | {result['seconds']:.2f} |")
    return "\n".join(lines) + "\n"


def hidden_expected(study) -> dict:
    source = find_cell(read(ROOT / "solutions" / study.notebook), study.test_cell).source
    calls = [call for call in parse_test_cell(source, study.test_cell) if call.hidden]
    return calls[0].expected[0]


def measure(check_id: str, study: Study, groups: int, judge: Judge) -> dict:
    expected = hidden_expected(study)
    specs = {name: {model: model_spec(build()) for model, build in variant.models.items()}
             for name, variant in study.variants.items()}
    # Wrong answers the check refuses before training (structure, required settings) need no seeds.
    refusals = {name: check_before_training({"models": specs[name], "settings": study.variants[name].settings}, expected)
                for name in specs}
    refused = {name: _rule_of(refusal) for name, refusal in refusals.items() if refusal is not None}
    specs = {name: models for name, models in specs.items() if name not in refused}
    # Variants often share a model (every deep-vs-fat variant trains the same fat model): train it once.
    keys, unique = {}, {}
    for name, models in specs.items():
        for model, spec in models.items():
            entry = {"spec": spec, "settings": expected.get("settings", study.variants[name].settings)}
            key = json.dumps(entry, sort_keys=True)
            unique.setdefault(key, (f"m{len(unique)}", entry))
            keys[name, model] = unique[key][0]
    # The check's own baselines (the grader's models) train beside every variant, once per group.
    baseline_keys = {}
    for model, spec in baselines(expected).items():
        entry = {"spec": spec, "settings": expected["settings"]}
        unique.setdefault(json.dumps(entry, sort_keys=True), (f"m{len(unique)}", entry))
        baseline_keys[model] = unique[json.dumps(entry, sort_keys=True)][0]
    rules = expected["require"]
    results = {name: {"right": 0, "medians": [[] for _ in rules], "seconds": [], "refused": refused.get(name)}
               for name in study.variants}
    for name in refused:
        results[name]["right"] = groups if not study.variants[name].should_pass else 0
    for group in range(groups):
        seeds = [FIRST_SEED + 3 * group + k for k in range(3)]
        request = {"models": dict(unique.values()),
                   "task": expected["task"], "seeds": seeds, "max_epochs": expected.get("max_epochs", 200)}
        answer = judge.train(request)
        if "error" in answer:
            raise SystemExit(f"{check_id}: {answer['error']}")
        for name, variant in study.variants.items():
            if name in refused:
                continue
            runs = {model: answer["runs"][keys[name, model]] for model in variant.models}
            runs |= {model: answer["runs"][key] for model, key in baseline_keys.items()}
            verdict = apply_rules({"runs": runs}, expected | {"seeds": seeds}, figure=False)
            passed = verdict.passed
            results[name]["right"] += passed == variant.should_pass
            if all(isinstance(r, list) for r in runs.values()):
                for index, rule in enumerate(rules):
                    results[name]["medians"][index].append(measure_rule(rule, runs)[0])
                results[name]["seconds"].append(sum(r["seconds"] for rs in runs.values() for r in rs))
        print(f"{check_id}: group {group + 1}/{groups} done", flush=True)
    return {"expected": expected, "results": results, "groups": groups}


def _rule_of(refusal) -> str:
    """The rule named in a refusal before training: "technique" from "... (rule: technique; checked ...)"."""
    text = refusal.expected
    return text.split("(rule: ", 1)[1].split(";", 1)[0] if "(rule: " in text else "structure"


def _rule_words(rule: dict) -> str:
    words = f"{rule['metric']} of {rule['model']}"
    words += f" minus {rule['minus']}" if "minus" in rule else f" / {rule['over']}" if "over" in rule else ""
    return words + " (" + ", ".join(f"{k} {rule[k]:g}" for k in ("min", "max") if k in rule) + ")"


def table(check_id: str, study: Study, measured: dict, *, backend: str) -> str:
    """One section: per variant, the verdicts judged right and each rule's median-of-3 distribution."""
    rules, groups = measured["expected"]["require"], measured["groups"]
    lines = [f"## {check_id} on {backend}", "",
             f"A verdict passes when every rule holds for the median over 3 seeds; before training the check "
             f"also requires {measured['expected'].get('structure', 'no particular structure')}"
             + (f" and settings {measured['expected']['settings_require']}" if "settings_require" in measured["expected"] else "")
             + ". Columns: min / median / max over the groups of each rule's median of 3 seeds.", "",
             "| variant | should | correct verdicts | " + " | ".join(_rule_words(r) for r in rules) + " | training s per verdict (median) |",
             "|---|---|---|" + "---|" * len(rules) + "---|"]
    for name, result in measured["results"].items():
        if result["refused"]:
            spreads = [f"refused before training (rule: {result['refused']})"] + [""] * (len(rules) - 1)
        else:
            spreads = [f"{min(m):.3f} / {statistics.median(m):.3f} / {max(m):.3f}" if m else "error" for m in result["medians"]]
        timing = f"{statistics.median(result['seconds']):.1f}" if result["seconds"] else "-"
        should = "pass" if study.variants[name].should_pass else "fail"
        lines.append(f"| {name} | {should} | {result['right']}/{groups} | " + " | ".join(spreads) + f" | {timing} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=20, help="groups of 3 seeds per study (default 20)")
    parser.add_argument("--only", action="append", help="study (check id) to run; repeatable")
    parser.add_argument("--no-write", action="store_true", help="print the tables instead of writing docs/validity.md")
    parser.add_argument("--backend", choices=("jax", "tensorflow", "torch"), default=None,
                        help="Keras backend of the judge (default: the fastest installed, as deepsteps grade)")
    parser.add_argument("--cache", help="keep judged runs in this folder between invocations (default: a temporary one)")
    args = parser.parse_args()
    chosen = {cid: s for cid, s in STUDIES.items() if not args.only or cid in args.only}
    started = time.perf_counter()
    for cid, study in ATTACK_STUDIES.items():
        if not args.only or cid in args.only:
            text = attack_table(cid, measure_attack(cid, study, args.groups), backend=keras.backend.backend())
            print(text, flush=True)
            if not args.no_write:
                write_sections({f"{cid} on {keras.backend.backend()}": text})
    with tempfile.TemporaryDirectory() as temporary:
        # A model shared by two studies (the L2 model) trains once per seed group; with --cache, a
        # later run trains only the variants it has not seen.
        judge = Judge(cache_dir=Path(args.cache or temporary), timeout=3600, backend=args.backend)
        for cid, study in chosen.items():
            text = table(cid, study, measure(cid, study, args.groups, judge), backend=judge.backend)
            print(text, flush=True)
            if not args.no_write:  # each study as soon as it is measured: a long run keeps what it finished
                write_sections({f"{cid} on {judge.backend}": text})
    print(f"measured in {time.perf_counter() - started:.0f} s")


def write_sections(sections: dict[str, str]) -> None:
    """Replace each study's section in docs/validity.md, keeping the others and the preamble."""
    path = ROOT / "docs" / "validity.md"
    text = path.read_text() if path.exists() else ""
    # Everything before the first study (a "## NN.check" heading) is prose kept as written.
    first = re.search(r"^## \d\d\.", text, re.MULTILINE)
    head, studies = (text[:first.start()], text[first.start():]) if first else (text, "")
    parts = {}
    for chunk in ("\n" + studies).split("\n## ")[1:]:
        parts[chunk.split("\n", 1)[0].strip()] = "## " + chunk.rstrip() + "\n"
    parts.update(sections)
    start, end = "<!-- verdicts by backend: written by benchmarks/validity.py -->", "<!-- end of verdicts by backend -->"
    if start in head and end in head:
        head = head[:head.index(start)] + start + "\n\n" + by_backend(parts) + "\n" + end + head[head.index(end) + len(end):]
    path.write_text(head.rstrip() + "\n\n" + "\n".join(parts[k] for k in sorted(parts)))


def by_backend(parts: dict[str, str]) -> str:
    """One table of every study's verdicts, a column per backend, read from the sections themselves."""
    rows: dict[tuple[str, str, str], dict[str, str]] = {}
    backends: list[str] = []
    for heading, section in sorted(parts.items()):
        check_id, _, backend = heading.partition(" on ")
        backend = backend or "tensorflow"
        backends += [backend] if backend not in backends else []
        for line in section.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and cells[1] in ("pass", "fail") and "/" in cells[2]:
                rows.setdefault((check_id, cells[0], cells[1]), {})[backend] = cells[2]
    backends.sort(key=lambda b: ("jax", "tensorflow", "torch").index(b) if b in ("jax", "tensorflow", "torch") else 9)
    lines = ["| check | variant | should | " + " | ".join(f"correct on {b}" for b in backends) + " |",
             "|---|---|---|" + "---|" * len(backends)]
    for (check_id, variant, should), found in rows.items():
        lines.append(f"| {check_id} | {variant} | {should} | " + " | ".join(found.get(b, "not measured") for b in backends) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
