"""Training checks: the student's model goes to the judge as a config, the judge trains it.

A training check's expected value is a dict (a literal in the test cell), for example::

    {"task": {"name": "digits"}, "seeds": [11, 12, 13], "max_epochs": 60,
     "require": [{"model": "model", "metric": "test_accuracy", "min": 0.95}]}

* ``task`` names the data (see :func:`autograder.model_judge.train.load_task`); the judge draws it with each seed.
* ``seeds``: the grader's seeds live in the source's hidden tests, so they never reach students.
* ``settings`` (optional) fixes the training settings; otherwise the student's settings are used.
* ``require``: rules on the **median over the seeds** of one measure of one model (``min``/``max``),
  of the difference of two models (``minus``), or of their ratio (``over``). Measures are those of
  :func:`autograder.model_judge.train.train_once`: ``test_accuracy``, ``gap``, ``sparsity``, ``params``,
  ``restored_best`` (1 when the restored weights are the best validation epoch), ...
* ``context`` (optional): a sentence for the feedback, e.g. the baseline's gap.
* ``structure`` (optional): ``{model name: {...}}`` rules the task states, checked before training
  (see :func:`autograder.model_judge.structure.structure_problem`): a softmax output, the baseline's
  hidden layers, the one technique allowed and where it goes, depth, activations, a parameter budget.
* ``settings_require`` (optional): settings the student must have chosen, e.g.
  ``{"early_stopping": {"restore_best_weights": True}}``; ``settings_max`` (optional): upper bounds
  the task states for numeric settings, e.g. ``{"replay_per_class": 20}``.
* ``baselines`` (optional): the grader's own models, trained beside the student's with the same
  settings and seeds, ``{name: {"hidden": [units, ...]}}`` (a dense ReLU network on the flattened
  inputs; :func:`autograder.model_judge.config.baseline_spec`). Rules name them like any model; a
  student's model of the same name never replaces them.

Every threshold in a test cell is taken from a measured distribution; see docs/validity.md.
"""

from __future__ import annotations

import base64
import io
import statistics
from typing import Any

from autograder.checks.values import Outcome
from autograder.checks.student_code import Captured, call_captured

MEASURE_WORDS = {
    "test_accuracy": "test accuracy", "val_accuracy": "validation accuracy", "train_accuracy": "training accuracy",
    "test_loss": "test loss", "gap": "overfitting gap (training minus validation accuracy)",
    "loss_ratio": "validation loss / training loss", "sparsity": "share of weights below 0.001",
    "params": "number of parameters", "restored_best": "share of runs that kept the best validation epoch",
    "epochs_run": "epochs trained", "best_epoch": "best validation epoch",
    "shifted_accuracy": "accuracy on the test images moved by a pixel",
    "first_phase_accuracy": "accuracy on the first phase's digits after the last phase",
    "last_phase_accuracy": "accuracy on the last phase's digits after it",
    "average_accuracy": "mean accuracy over the phases' digits after the last phase",
    "backward_transfer": "backward transfer (change on the earlier phases' digits; below 0: forgotten)",
    "fgsm_accuracy": "accuracy on the test images after the grader's FGSM",
    "pgd_accuracy": "accuracy on the test images after the grader's PGD",
}


def capture_training(answer: Any, args: tuple) -> Captured:
    """The student's model(s) as configs, plus their training settings (sandbox side).

    ``answer`` is a model, a function that builds one, or a dict of them by name; ``args`` holds
    the training settings dict, if the task lets the student choose them.
    """
    from autograder.model_judge.config import model_spec

    builders = answer if isinstance(answer, dict) else {"model": answer}
    specs = {}
    for name, builder in builders.items():
        if callable(builder) and not hasattr(builder, "layers"):
            built = call_captured(builder, to_data=lambda value: value)
            if built.error:
                return Captured(error=f"{name}: {built.error}" if len(builders) > 1 else built.error, noise=built.noise)
            builder = built.value
        described = call_captured(model_spec, builder, to_data=lambda value: value)
        if described.error:
            return described
        specs[str(name)] = described.value
    settings = call_captured(lambda: args[0] if args else {})
    if settings.error:
        return settings
    return Captured(value={"models": specs, "settings": settings.value})


def training_request(got: Any, expected: dict) -> dict:
    """The judge request for a captured answer: its models and the task's baselines, the settings in
    force, the task and seeds."""
    settings = expected.get("settings", got.get("settings") or {})
    specs = got["models"] | baselines(expected)  # a baseline replaces a student's model of its name
    return {"models": {name: {"spec": spec, "settings": settings} for name, spec in specs.items()},
            "task": expected["task"], "seeds": expected["seeds"], "max_epochs": expected.get("max_epochs", 200)}


def baselines(expected: dict) -> dict:
    """The configs of the task's own baseline models, by name (trusted side)."""
    from autograder.model_judge.config import baseline_spec
    from autograder.model_judge.train import task_shape

    inputs, n_classes = task_shape(expected["task"])
    return {name: baseline_spec(inputs=inputs, hidden=list(entry["hidden"]), n_classes=n_classes)
            for name, entry in expected.get("baselines", {}).items()}


# What to do about each rule that is checked before training: a refusal answers with its own hint.
RULE_HINTS = {
    "softmax output": "The grader trains with the cross-entropy loss, which needs one probability per class: end "
                      "with a Dense layer of one unit per class and a softmax, and put nothing after it.",
    "technique": "Each task changes the baseline in one way only, so that the grader measures what that one "
                 "technique does: add it where the task says, and nothing else.",
    "baseline layers": "Keep the baseline's hidden layers as they are: only the technique changes.",
    "depth": "Count the hidden Dense layers, the ones before the output layer: the task says how many.",
    "hidden activation": "Give every hidden Dense layer the activation the task names: without one, stacked "
                         "layers are a single linear map.",
    "parameter budget": "Count weights and biases layer by layer (task 1 did it for you) and pick widths that "
                        "land inside the budget.",
    "parameters": "Count weights and biases layer by layer (task 1 did it for you) and pick widths that "
                  "land inside the budget.",
    "inputs": "Start the model with an Input of the task's shape: one input per pixel or coordinate, or the "
              "image as it is (rows, columns, channels) for a convolution.",
    "convolution": "The task is about what a convolution's shared, local weights buy: the model must look at the "
                   "image through at least one Conv2D layer before any Dense layer.",
    "convolution activation": "Without an activation a convolution is linear, and a linear map followed by another is "
                              "still one linear map: give each Conv2D layer the activation the task names.",
    "recurrence": "The task is about memory over time: a recurrent layer reads one step after another and carries "
                  "what it has seen in its state. Layers that see the whole sequence at once (Flatten, Conv1D), every "
                  "step's output, or the sequence read backwards would skip the gap the task measures.",
    "settings": "The training settings are a dict with the keys optimizer, learning_rate, epochs and batch_size "
                "(momentum and nesterov for SGD; early_stopping where the task asks for it), within the task's limits.",
    "standard Keras layers only": "The grader rebuilds your model from its configuration: use Keras's own layers, "
                                  "not Lambda layers or layers of your own.",
}


def _before_training(rule: str, expected: str, got: str) -> Outcome:
    return Outcome.mismatch(expected=f"{expected} (rule: {rule}; checked before any training)", got=got,
                            hint=RULE_HINTS.get(rule, ""))


def check_before_training(got: Any, expected: dict) -> Outcome | None:
    """The first rule that needs no training and that the answer breaks, as a refusal; None if none.

    In order: every model the rules name is there and is built from allowed Keras classes; each
    model's structure as the task fixes it (:func:`autograder.model_judge.structure.structure_problem`)
    and its input width; the training settings (allowed keys and ranges, and those the task
    requires); the rules on parameter counts, counted from the configs.
    """
    from autograder.model_judge.config import UnsafeModel, checked_structure_problem
    from autograder.model_judge.structure import count_params, spec_layers
    from autograder.model_judge.train import SettingsError, read_settings, task_shape

    if type(got) is not dict or type(got.get("models")) is not dict or not got["models"]:
        return Outcome.mismatch(expected="a Keras model and its training settings", got="something else")
    own = set(expected.get("baselines", {}))  # the grader's models: a student's of the same name is not checked
    models = {name: spec for name, spec in got["models"].items() if name not in own}
    named = {rule[key] for rule in expected["require"] for key in ("model", "minus", "over") if key in rule}
    missing = sorted(named - set(models) - own)
    if missing:
        return Outcome.mismatch(expected=f"models named {', '.join(sorted(named))}", got=f"no model {', '.join(missing)}")
    n_inputs, _ = task_shape(expected["task"])
    counts = {}
    for name, spec in models.items():
        who = f"{name}: " if len(models) > 1 else ""
        try:
            problem = checked_structure_problem(spec, expected.get("structure", {}).get(name, {}))
        except (UnsafeModel, KeyError, TypeError, AttributeError) as error:
            return _before_training("standard Keras layers only", "a model the grader can rebuild", who + str(error))
        if problem:
            return _before_training(problem.rule, problem.expected, who + problem.got)
        input_dim, layers = spec_layers(spec)
        if input_dim is not None and input_dim != n_inputs:
            kind = "images" if type(n_inputs) is tuple and len(n_inputs) == 3 else "sequences"
            wanted = (f"a model that takes {n_inputs} inputs (keras.Input(({n_inputs},)))" if type(n_inputs) is int
                      else f"a model that takes {kind} of shape {n_inputs} (keras.Input({n_inputs}))")
            return _before_training("inputs", wanted, f"{who}a model that takes {input_dim}")
        counts[name] = count_params(input_dim, layers)
    for name, spec in baselines(expected).items():
        counts[name] = count_params(*spec_layers(spec))
    settings = expected.get("settings", got.get("settings") or {})
    try:
        read_settings(settings, max_epochs=expected.get("max_epochs", 200), in_phases=bool(expected["task"].get("phases")))
    except SettingsError as error:
        return _before_training("settings", "training settings the task allows", str(error))
    for key, bound in expected.get("settings_max", {}).items():
        if _number_above(settings.get(key, 0), bound):
            return _before_training("settings", f"training settings with {key} at most {bound:g}", f"{key} = {settings.get(key)!r}")
    for key, value in expected.get("settings_require", {}).items():
        if isinstance(value, dict):
            current = settings.get(key) if isinstance(settings.get(key), dict) else {}
            if any(current.get(k) != v for k, v in value.items()):
                return _before_training("settings", f"training settings with {key} {value}", f"{key} = {settings.get(key)!r}")
        elif settings.get(key) != value:
            return _before_training("settings", f"training settings with {key} = {value!r}", f"{key} = {settings.get(key)!r}")
    for rule in expected["require"]:
        names = [rule[key] for key in ("model", "minus", "over") if key in rule]
        if rule["metric"] == "params" and all(counts.get(name) is not None for name in names):
            runs = {name: [{"params": counts[name]}] for name in names}
            value, _, what = measure_rule(rule, runs)
            if ("min" in rule and not value >= rule["min"]) or ("max" in rule and not value <= rule["max"]):
                bounds = " and ".join(f"{word} {rule[key]:g}" for key, word in (("min", "at least"), ("max", "at most")) if key in rule)
                context = f"; {expected['context']}" if expected.get("context") else ""
                counted = ", ".join(f"{name} {counts[name]}" for name in names)
                return _before_training("parameters", f"{what}: {bounds}{context}", f"{value:.3g} (parameters: {counted})")
    return None


def _number_above(value: Any, bound: float) -> bool:
    return type(value) in (int, float) and value > bound


def apply_rules(answer: dict, expected: dict, *, figure: bool = True) -> Outcome:
    """The verdict on a judge's answer: every rule of ``expected["require"]`` on the medians."""
    if "error" in answer:
        return Outcome.mismatch(expected="a model the grader can train", got=answer["error"])
    runs = answer["runs"]
    for name, result in runs.items():
        if isinstance(result, dict):
            who = f"{name}: " if len(runs) > 1 else ""
            return Outcome.mismatch(expected="a model the grader can train with these settings", got=who + result["error"])
    n = len(expected["seeds"])
    seeds = f"{n} training run{'s' if n > 1 else ''} of the grader (its own seeds and data split)"
    image = learning_curves(runs) if figure else ""
    found = []
    # For instructors (report.json): what trained, where, with which seeds, and each rule's values.
    judged = {"judge": answer.get("judge", {}), "seeds": list(expected["seeds"]), "rules": []}
    for rule in expected["require"]:
        value, per_seed, what = measure_rule(rule, runs)
        judged["rules"].append({"rule": rule, "median": value, "per_seed": per_seed})
        bounds = [f"at least {rule['min']:g}" if "min" in rule else "", f"at most {rule['max']:g}" if "max" in rule else ""]
        wanted = f"median {what} over {seeds}: " + " and ".join(b for b in bounds if b)
        got_text = f"{value:.3g} (runs: {', '.join(f'{v:.3g}' for v in per_seed)})"
        found.append(f"{what} {value:.3g}")
        if ("min" in rule and not value >= rule["min"]) or ("max" in rule and not value <= rule["max"]):
            context = f"; {expected['context']}" if expected.get("context") else ""
            return Outcome.mismatch(expected=wanted + context, got=got_text, figure=image, judged=judged)
    return Outcome.measured(got="median " + ", ".join(found) + f" over {seeds}", figure=image, judged=judged)


def measure_rule(rule: dict, runs: dict) -> tuple[float, list[float], str]:
    """A rule's measure: its median over the seeds, its value per seed, and its name in words."""
    metric = rule["metric"]
    words = MEASURE_WORDS.get(metric, metric)
    mine = [float(run[metric]) for run in runs[rule["model"]]]
    if "minus" in rule:
        other = [float(run[metric]) for run in runs[rule["minus"]]]
        per_seed = [a - b for a, b in zip(mine, other)]
        what = f"{words} of {rule['model']} minus that of {rule['minus']}"
    elif "over" in rule:
        other = [float(run[metric]) for run in runs[rule["over"]]]
        per_seed = [a / b if b else float("inf") for a, b in zip(mine, other)]
        what = f"{words} of {rule['model']} divided by that of {rule['over']}"
    else:
        per_seed = mine
        what = words if len(runs) == 1 else f"{words} of {rule['model']}"
    return statistics.median(per_seed), per_seed, what


def learning_curves(runs: dict) -> str:
    """Loss and accuracy per epoch of each model's first run, as a base64 PNG ('' if unavailable).

    Drawn on a figure of its own (no pyplot): a self-check in a student's notebook must not change
    the notebook's plotting backend or its open figures.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:  # matplotlib is a dependency; a figure is a courtesy, never a reason to fail
        return ""
    fig = Figure(figsize=(9, 3.4))
    FigureCanvasAgg(fig)
    left, right = fig.subplots(1, 2)
    for name, results in runs.items():
        history = results[0]["history"]
        label = "" if len(runs) == 1 else f"{name} "
        for key, style in (("loss", "-"), ("val_loss", "--")):
            left.plot(range(1, len(history.get(key, [])) + 1), history.get(key, []), style, label=label + key.replace("_", " "))
        for key, style in (("accuracy", "-"), ("val_accuracy", "--")):
            right.plot(range(1, len(history.get(key, [])) + 1), history.get(key, []), style,
                       label=label + key.replace("val_", "validation ").replace("_", " "))
    left.set(xlabel="epoch", title="loss (the grader's first run)")
    right.set(xlabel="epoch", title="accuracy")
    for axes in (left, right):
        axes.legend(fontsize=9)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
