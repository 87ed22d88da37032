"""Measure every training check: does the reference pass and do typical wrong answers fail, seed after seed?

For each study (one graded training check), the check's real ``expected`` is read from the hidden
test in solutions/ (thresholds included), and each variant (the reference and the wrong answers
students give) is judged exactly as the grader judges it: same judge, same rules, median over 3
seeds. This repeats for ``--groups`` disjoint groups of 3 seeds (20 by default: the issue's bar is
at least 19 of 20 correct verdicts for every variant) and writes the table to docs/validity.md.

    python benchmarks/validity.py                      # every study, 20 groups (long: run on a quiet machine)
    python benchmarks/validity.py --only 03.digits_training --groups 3 --no-write
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import course  # noqa: E402,F401  (quiet keras import)
import keras  # noqa: E402

from autograder.checks.training import apply_rules  # noqa: E402
from autograder.intake import parse_test_cell  # noqa: E402
from autograder.model_config import model_spec  # noqa: E402
from autograder.notebooks import find_cell, read  # noqa: E402
from autograder.training import judge_models  # noqa: E402

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

STUDIES = {
    "03.digits_training": Study("03_optimization/optimization.ipynb", "test_digits_training", {
        "reference (64-128-10 ReLU, Adam 2e-3, 30 epochs)": Variant({"model": lambda: mlp(64, [128], 10)}, ADAM, True),
        "learning rate far too high (SGD 8.0)": Variant(
            {"model": lambda: mlp(64, [128], 10)}, ADAM | {"optimizer": "sgd", "learning_rate": 8.0}),
        "one epoch of plain SGD (lr 0.01)": Variant(
            {"model": lambda: mlp(64, [128], 10)}, ADAM | {"optimizer": "sgd", "learning_rate": 1e-2, "epochs": 1}),
        "deep sigmoid net, plain SGD (vanishing gradients)": Variant(
            {"model": lambda: mlp(64, [32] * 6, 10, activation="sigmoid")}, ADAM | {"optimizer": "sgd", "learning_rate": 1e-2}),
    }),
}


def hidden_expected(study: Study) -> dict:
    source = find_cell(read(ROOT / "solutions" / study.notebook), study.test_cell).source
    calls = [call for call in parse_test_cell(source, study.test_cell) if call.hidden]
    return calls[0].expected[0]


def measure(check_id: str, study: Study, groups: int) -> dict:
    expected = hidden_expected(study)
    specs = {name: {model: model_spec(build()) for model, build in variant.models.items()}
             for name, variant in study.variants.items()}
    results = {name: {"right": 0, "medians": [], "seconds": []} for name in study.variants}
    rule = expected["require"][0]
    for group in range(groups):
        seeds = [FIRST_SEED + 3 * group + k for k in range(3)]
        request = {"models": {f"{name}|{model}": {"spec": spec, "settings": study.variants[name].settings}
                              for name, models in specs.items() for model, spec in models.items()},
                   "task": expected["task"], "seeds": seeds, "max_epochs": expected.get("max_epochs", 200)}
        answer = judge_models(request, timeout=3600)
        if "error" in answer:
            raise SystemExit(f"{check_id}: {answer['error']}")
        for name, variant in study.variants.items():
            runs = {model: answer["runs"][f"{name}|{model}"] for model in variant.models}
            verdict = apply_rules({"runs": runs}, expected | {"seeds": seeds}, figure=False)
            passed = not hasattr(verdict, "expected")
            results[name]["right"] += passed == variant.should_pass
            if all(isinstance(r, list) for r in runs.values()):
                values = [_rule_value(rule, runs, k) for k in range(3)]
                results[name]["medians"].append(statistics.median(values))
                results[name]["seconds"].append(sum(r["seconds"] for rs in runs.values() for r in rs))
        print(f"{check_id}: group {group + 1}/{groups} done", flush=True)
    return {"expected": expected, "results": results, "groups": groups, "rule": rule}


def _rule_value(rule: dict, runs: dict, k: int) -> float:
    value = float(runs[rule["model"]][k][rule["metric"]])
    if "minus" in rule:
        value -= float(runs[rule["minus"]][k][rule["metric"]])
    if "over" in rule:
        value /= float(runs[rule["over"]][k][rule["metric"]])
    return value


def table(check_id: str, study: Study, measured: dict) -> str:
    rule, groups = measured["rule"], measured["groups"]
    bound = " and ".join(f"{k} {rule[k]:g}" for k in ("min", "max") if k in rule)
    words = f"{rule['metric']} of {rule['model']}" + (f" minus {rule['minus']}" if "minus" in rule else "")
    lines = [f"## {check_id}", "",
             f"Rules: {measured['expected']['require']}; first rule's measure: median {words} over 3 seeds ({bound}).", "",
             "| variant | should | correct verdicts | median of 3 seeds: min / median / max | training s per verdict (median) |",
             "|---|---|---|---|---|"]
    for name, result in measured["results"].items():
        medians, seconds = result["medians"], result["seconds"]
        spread = f"{min(medians):.3f} / {statistics.median(medians):.3f} / {max(medians):.3f}" if medians else "error"
        timing = f"{statistics.median(seconds):.1f}" if seconds else "-"
        should = "pass" if study.variants[name].should_pass else "fail"
        lines.append(f"| {name} | {should} | {result['right']}/{groups} | {spread} | {timing} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=20, help="groups of 3 seeds per study (default 20)")
    parser.add_argument("--only", action="append", help="study (check id) to run; repeatable")
    parser.add_argument("--no-write", action="store_true", help="print the tables instead of writing docs/validity.md")
    args = parser.parse_args()
    chosen = {cid: s for cid, s in STUDIES.items() if not args.only or cid in args.only}
    started = time.perf_counter()
    sections = {cid: table(cid, s, measure(cid, s, args.groups)) for cid, s in chosen.items()}
    for text in sections.values():
        print(text)
    print(f"measured in {time.perf_counter() - started:.0f} s")
    if not args.no_write:
        write_sections(sections)


def write_sections(sections: dict[str, str]) -> None:
    """Replace each study's section in docs/validity.md, keeping the others and the preamble."""
    path = ROOT / "docs" / "validity.md"
    text = path.read_text() if path.exists() else ""
    head, _, _ = text.partition("\n## ")
    parts = {}
    for chunk in text.split("\n## ")[1:]:
        parts[chunk.split("\n", 1)[0].strip()] = "## " + chunk.rstrip() + "\n"
    parts.update(sections)
    path.write_text(head.rstrip() + "\n\n" + "\n".join(parts[k] for k in sorted(parts)))


if __name__ == "__main__":
    main()
