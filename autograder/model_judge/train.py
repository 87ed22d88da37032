"""The training the model judge does: settings, tasks, one seeded run, and the process that serves requests.

Trusted code, run in its own long-lived Python process (``python -m autograder.model_judge.train``:
one JSON request per line on stdin, its answer as JSON lines on stdout;
:class:`autograder.model_judge.judge.Judge` starts it and keeps it warm). Keras is imported once per
process; on JAX a run trains with the compiled loop of :mod:`autograder.model_judge.loop`, on the
other backends with ``fit``. It receives
plain data only: the model's config (rebuilt through the allowlist of
:mod:`autograder.model_judge.config`), the training settings the task lets the student choose
(checked against caps), the task (which data, which split) and the seeds. It never sees the
weights the student trained, so a lucky or hand-tuned run in the student's notebook earns nothing.
"""

from __future__ import annotations

import functools
import json
import math
import sys
import time
from typing import Any

OPTIMIZERS = {"sgd": "SGD", "adam": "Adam", "rmsprop": "RMSprop", "adagrad": "Adagrad", "nadam": "Nadam", "adamw": "AdamW"}
MONITORS = ("val_loss", "val_accuracy")
SETTING_KEYS = ("optimizer", "learning_rate", "momentum", "nesterov", "epochs", "batch_size", "early_stopping", "adversarial",
                "replay_per_class")
MAX_REPLAY = 200  # stored images per class of the earlier phases (digits have about 100 per class to train on)
MAX_ADVERSARIAL_EPSILON = 0.5  # pixels are in [0, 1]: a larger budget erases the digits
DEFAULT_MAX_EPOCHS = 200
MAX_BATCH_SIZE = 4096
MAX_PARAMS = 2_000_000
SPARSE_BELOW = 1e-3  # a weight this close to 0 counts as pruned by L1


class SettingsError(ValueError):
    """Training settings outside what the task allows; the text says which and why."""


def read_settings(settings: Any, *, max_epochs: int = DEFAULT_MAX_EPOCHS, in_phases: bool = False) -> dict:
    """Check a student's training settings and fill in defaults.

    Keys: ``optimizer`` (sgd, adam, rmsprop, adagrad, nadam, adamw), ``learning_rate``,
    ``momentum`` and ``nesterov`` (sgd only), ``epochs`` (at most ``max_epochs``), ``batch_size``,
    and ``early_stopping``: None or a dict of ``monitor`` (val_loss or val_accuracy),
    ``patience``, ``restore_best_weights`` and ``min_delta``; ``adversarial``: None or ``{"epsilon": e}``,
    FGSM adversarial training (:func:`train_once`) with a budget of ``e`` per pixel (no early stopping then);
    ``replay_per_class``: for a task in phases, how many training images of each class of the
    earlier phases are stored and trained on again in the later ones (:func:`train_in_phases`);
    ``in_phases``: the task trains in phases, each phase's epochs in full (no early stopping or
    adversarial training then).

    Example:
        >>> read_settings({"optimizer": "adam", "learning_rate": 0.001, "epochs": 30, "batch_size": 32})["momentum"]
        0.0
        >>> read_settings({"optimizer": "adam", "epochs": 500}, max_epochs=100)
        Traceback (most recent call last):
        ...
        autograder.model_judge.train.SettingsError: epochs must be a whole number from 1 to 100; got 500
    """
    if type(settings) is not dict:
        raise SettingsError(f"training settings must be a dict; got {type(settings).__name__}")
    unknown = set(settings) - set(SETTING_KEYS)
    if unknown:
        raise SettingsError(f"unknown training settings {sorted(unknown)}; the keys are {', '.join(SETTING_KEYS)}")
    out = {
        "optimizer": settings.get("optimizer", "adam"),
        "learning_rate": settings.get("learning_rate", 1e-3),
        "momentum": settings.get("momentum", 0.0),
        "nesterov": settings.get("nesterov", False),
        "epochs": settings.get("epochs", 10),
        "batch_size": settings.get("batch_size", 32),
        "early_stopping": settings.get("early_stopping"),
        "adversarial": settings.get("adversarial"),
        "replay_per_class": settings.get("replay_per_class", 0),
    }
    if out["optimizer"] not in OPTIMIZERS:
        raise SettingsError(f"optimizer must be one of {sorted(OPTIMIZERS)}; got {out['optimizer']!r}")
    if not _number(out["learning_rate"]) or not 0 < out["learning_rate"] <= 10:
        raise SettingsError(f"learning_rate must be a number above 0 and at most 10; got {out['learning_rate']!r}")
    if not _number(out["momentum"]) or not 0 <= out["momentum"] < 1:
        raise SettingsError(f"momentum must be a number from 0 to below 1; got {out['momentum']!r}")
    if type(out["nesterov"]) is not bool:
        raise SettingsError("nesterov must be True or False")
    if type(out["epochs"]) is not int or not 1 <= out["epochs"] <= max_epochs:
        raise SettingsError(f"epochs must be a whole number from 1 to {max_epochs}; got {out['epochs']!r}")
    if type(out["batch_size"]) is not int or not 1 <= out["batch_size"] <= MAX_BATCH_SIZE:
        raise SettingsError(f"batch_size must be a whole number from 1 to {MAX_BATCH_SIZE}; got {out['batch_size']!r}")
    stopping = out["early_stopping"]
    if stopping is not None:
        if type(stopping) is not dict or set(stopping) - {"monitor", "patience", "restore_best_weights", "min_delta"}:
            raise SettingsError("early_stopping must be None or a dict of monitor, patience, restore_best_weights, min_delta")
        stopping = {"monitor": "val_loss", "patience": 5, "restore_best_weights": False, "min_delta": 0.0} | stopping
        if stopping["monitor"] not in MONITORS:
            raise SettingsError(f"early_stopping monitor must be one of {MONITORS}; got {stopping['monitor']!r}")
        if type(stopping["patience"]) is not int or not 0 <= stopping["patience"] <= max_epochs:
            raise SettingsError(f"early_stopping patience must be a whole number from 0 to {max_epochs}")
        if type(stopping["restore_best_weights"]) is not bool or not _number(stopping["min_delta"]):
            raise SettingsError("early_stopping restore_best_weights must be True or False and min_delta a number")
        out["early_stopping"] = stopping
    if type(out["replay_per_class"]) is not int or not 0 <= out["replay_per_class"] <= MAX_REPLAY:
        raise SettingsError(f"replay_per_class must be a whole number from 0 to {MAX_REPLAY}; got {out['replay_per_class']!r}")
    adversarial = out["adversarial"]
    if adversarial is not None:
        if type(adversarial) is not dict or set(adversarial) != {"epsilon"}:
            raise SettingsError('adversarial must be None or a dict {"epsilon": the budget per pixel}')
        if not _number(adversarial["epsilon"]) or not 0 <= adversarial["epsilon"] <= MAX_ADVERSARIAL_EPSILON:
            raise SettingsError(f"adversarial epsilon must be a number from 0 to {MAX_ADVERSARIAL_EPSILON}; "
                                f"got {adversarial['epsilon']!r}")
        if stopping is not None:
            raise SettingsError("adversarial training runs its epochs in full: early_stopping must be None with it")
    if in_phases and (stopping is not None or adversarial is not None):
        # A stop on the validation set of the classes seen so far would end a phase early.
        raise SettingsError("a task in phases trains each phase's epochs in full: early_stopping and adversarial must be None")
    return out


def _number(value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


def task_shape(task: dict) -> tuple[int | tuple[int, ...], int]:
    """A task's input width (its shape, for images) and number of classes, without drawing its data.

    Example:
        >>> task_shape({"name": "checkerboard", "board": 6})
        (2, 2)
        >>> task_shape({"name": "digits", "images": True})
        ((8, 8, 1), 10)
        >>> task_shape({"name": "recall", "length": 30, "symbols": 4})
        ((30, 5), 4)
    """
    shapes = {"digits": (64, 10), "checkerboard": (2, 2), "recall": None}
    if task.get("name") not in shapes:
        raise ValueError(f"unknown task {task.get('name')!r}")
    if task["name"] == "digits" and task.get("images"):
        return (8, 8, 1), 10
    if task["name"] == "recall":
        symbols = int(task.get("symbols", 4))
        return (int(task.get("length", 30)), symbols + 1), symbols
    return shapes[task["name"]]


def load_task(task: dict, seed: int) -> dict:
    """The data of a task, drawn with ``seed``: train, validation and test arrays.

    Tasks: ``{"name": "digits", "test_size", "validation_size", "n_train", "label_noise", "images",
    "shift"}`` (``images``: arrays of shape (8, 8, 1), not rows of 64; ``shift: k``: a copy of the
    test set with every image moved by up to k pixels, measured as ``shifted_accuracy``) and
    ``{"name": "checkerboard", "board", "n_train", "n_val", "n_test"}`` and ``{"name": "recall",
    "length", "symbols", "n_train", "n_val", "n_test", "min_gap"}`` (sequences of
    :func:`course.datasets.make_marked_sequences`: training and validation markers anywhere, test
    markers at least ``min_gap`` steps before the end). Validation and test labels are always clean.
    A digits task may add ``"phases": [[classes], [classes], ...]``: training then runs phase by
    phase on each phase's classes (:func:`train_in_phases`, continual learning).
    Any task may add ``"attack": {"eps": e, "pgd_steps": k}``: the trained model is then attacked
    on the test set with the judge's own FGSM and PGD (k steps of e / 4), measured as
    ``fgsm_accuracy`` and ``pgd_accuracy`` (:func:`attacked_accuracy`). Any task may add ``"repeat": r``: each training epoch then makes r
    passes over the training set (:func:`train_once`).

    Example:
        >>> data = load_task({"name": "checkerboard", "board": 4, "n_train": 100, "n_val": 50, "n_test": 50}, 0)
        >>> data["x_train"].shape, data["n_classes"]
        ((100, 2), 2)
    """
    from course.datasets import load_digits, make_checkerboard

    name = task.get("name")
    if name == "digits":
        (x_train, y_train), (x_val, y_val), (x_test, y_test) = load_digits(
            seed=seed,
            test_size=task.get("test_size", 0.3),
            validation_size=task.get("validation_size", 0.15),
            n_train=task.get("n_train"),
            label_noise=task.get("label_noise", 0.0),
        )
        n_classes = 10
        if task.get("images"):
            x_train, x_val, x_test = (x.reshape(-1, 8, 8, 1) for x in (x_train, x_val, x_test))
    elif name == "checkerboard":
        n_train, n_val, n_test = task.get("n_train", 2000), task.get("n_val", 1000), task.get("n_test", 1000)
        x, y = make_checkerboard(n_train + n_val + n_test, board=task.get("board", 8), seed=seed)
        x_train, y_train = x[:n_train], y[:n_train]
        x_val, y_val = x[n_train:n_train + n_val], y[n_train:n_train + n_val]
        x_test, y_test = x[n_train + n_val:], y[n_train + n_val:]
        n_classes = 2
    elif name == "recall":
        from course.datasets import make_marked_sequences

        shape = {"length": int(task.get("length", 30)), "symbols": int(task.get("symbols", 4))}
        # Three draws that no other seed's draws repeat: 3 * seed, 3 * seed + 1, 3 * seed + 2.
        x_train, y_train = make_marked_sequences(task.get("n_train", 2000), **shape, seed=3 * seed)
        x_val, y_val = make_marked_sequences(task.get("n_val", 500), **shape, seed=3 * seed + 1)
        x_test, y_test = make_marked_sequences(task.get("n_test", 1000), **shape, min_gap=int(task.get("min_gap", 0)),
                                               seed=3 * seed + 2)
        n_classes = shape["symbols"]
    else:
        raise ValueError(f"unknown task {name!r}")
    data = {"x_train": x_train, "y_train": y_train, "x_val": x_val, "y_val": y_val,
            "x_test": x_test, "y_test": y_test, "n_classes": n_classes}
    if task.get("shift"):
        from course.datasets import shift_digits

        # Its own seed: the shifts never repeat a pattern of the split itself.
        data["x_shifted"], data["y_shifted"] = shift_digits(x_test, max_shift=int(task["shift"]), seed=seed + 7919), y_test
    return data


def _fits_task(model, data: dict) -> None:
    from autograder.model_judge.config import UnsafeModel

    want_in = tuple(data["x_train"].shape[1:])
    got_in = tuple(model.inputs[0].shape[1:]) if getattr(model, "inputs", None) else None
    if got_in != want_in:
        raise UnsafeModel(f"the model takes inputs of shape {got_in}; this task's inputs have shape {want_in}")
    got_out = tuple(model.outputs[0].shape[1:])
    if got_out != (data["n_classes"],):
        raise UnsafeModel(f"the model gives outputs of shape {got_out}; this task needs one probability per class, "
                          f"shape ({data['n_classes']},), from a softmax layer")
    if model.count_params() > MAX_PARAMS:
        raise UnsafeModel(f"the model has {model.count_params():,} parameters; the grader trains at most {MAX_PARAMS:,}")


def input_gradient(model, x, y, *, weights=None):
    """The gradient of ``model``'s summed cross-entropy on ``(x, y)`` with respect to the inputs, on any backend.

    ``weights``: ``(trainable, non_trainable)`` values to use instead of the model's own (JAX's
    compiled loop holds the weights apart from the model while it trains).
    """
    import keras
    import numpy as np

    backend = keras.backend.backend()
    if backend == "jax":
        import jax
        import jax.numpy as jnp

        trainable, non_trainable = weights or ([v.value for v in model.trainable_variables],
                                               [v.value for v in model.non_trainable_variables])

        def loss(inputs):
            out, _ = model.stateless_call(trainable, non_trainable, inputs, training=False)
            return jnp.sum(keras.losses.sparse_categorical_crossentropy(y, out))

        return np.asarray(jax.grad(loss)(jnp.asarray(x, dtype="float32")))
    if backend == "tensorflow":
        import tensorflow as tf

        inputs = tf.convert_to_tensor(np.asarray(x, dtype="float32"))
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            loss = tf.reduce_sum(keras.losses.sparse_categorical_crossentropy(y, model(inputs, training=False)))
        return tape.gradient(loss, inputs).numpy()
    inputs = keras.ops.convert_to_tensor(np.asarray(x, dtype="float32"))
    inputs.requires_grad_(True)
    keras.ops.sum(keras.losses.sparse_categorical_crossentropy(keras.ops.convert_to_tensor(y), model(inputs, training=False))).backward()
    return inputs.grad.detach().cpu().numpy()


def fgsm_images(model, x, y, *, eps: float, weights=None):
    """The judge's FGSM: one signed step of ``eps`` up the loss, clipped to the pixels' range [0, 1]."""
    import numpy as np

    return np.clip(x + eps * np.sign(input_gradient(model, x, y, weights=weights)), 0.0, 1.0).astype("float32")


def pgd_images(model, x, y, *, eps: float, steps: int):
    """The judge's PGD: ``steps`` signed steps of eps / 4, each projected into x ± eps and [0, 1]."""
    import numpy as np

    attacked = np.asarray(x, dtype="float32")
    for _ in range(steps):
        attacked = attacked + eps / 4 * np.sign(input_gradient(model, attacked, y))
        attacked = np.clip(np.clip(attacked, x - eps, x + eps), 0.0, 1.0).astype("float32")
    return attacked


def phase_part(data: dict, classes, part: str) -> tuple:
    """The images of ``part`` (train, val or test) whose labels are among ``classes``, and those labels."""
    import numpy as np

    keep = np.isin(data[f"y_{part}"], list(classes))
    return data[f"x_{part}"][keep], data[f"y_{part}"][keep]


def train_in_phases(model, data: dict, settings: dict, phases: list, seed: int, fit_phase, accuracy) -> tuple[dict, dict]:
    """Continual learning: ``model`` trained on one phase's classes after another (runs inside the judge).

    Phase p trains ``epochs`` epochs on the training images of its classes plus the stored images of
    the earlier phases (``replay_per_class`` per class, drawn with the run's seed as each phase
    ends), with a fresh optimizer, validated on the classes seen so far. ``fit_phase(x, y,
    validation, index)`` trains one phase and returns its history; ``accuracy(x, y)`` measures the
    model as it stands. Returns the concatenated history and the measures of forgetting, from
    ``R[i][j]``, the accuracy after phase i on the test images of phase j's classes:
    ``phase_accuracy`` (R), ``first_phase_accuracy`` (R[last][0]), ``first_phase_before`` (R[0][0]),
    ``last_phase_accuracy`` (R[last][last]), ``average_accuracy`` (the mean of R's last row) and
    ``backward_transfer`` (the mean over earlier phases j of R[last][j] - R[j][j]; below 0: forgotten).
    """
    import numpy as np

    rng = np.random.default_rng([seed, 104729])
    stored_x, stored_y = data["x_train"][:0], data["y_train"][:0]
    history: dict[str, list] = {}
    table = []
    for index, classes in enumerate(phases):
        x_new, y_new = phase_part(data, classes, "train")
        seen = [label for phase in phases[: index + 1] for label in phase]
        trained = fit_phase(np.concatenate([x_new, stored_x]), np.concatenate([y_new, stored_y]),
                            phase_part(data, seen, "val"), index)
        for key, values in trained.items():
            history.setdefault(key, []).extend(values)
        table.append([accuracy(*phase_part(data, phase, "test")) for phase in phases])
        for label in classes:  # the buffer the later phases replay
            chosen = rng.permutation(np.flatnonzero(y_new == label))[: settings["replay_per_class"]]
            stored_x, stored_y = np.concatenate([stored_x, x_new[chosen]]), np.concatenate([stored_y, y_new[chosen]])
    last = len(phases) - 1
    measures = {
        "phase_accuracy": [[round(float(v), 5) for v in row] for row in table],
        "first_phase_accuracy": table[last][0], "first_phase_before": table[0][0],
        "last_phase_accuracy": table[last][last], "average_accuracy": float(np.mean(table[last])),
        "backward_transfer": float(np.mean([table[last][j] - table[j][j] for j in range(last)])) if last else 0.0,
    }
    return history, measures


LOOPS = ("compiled", "fit")


def default_loop(backend: str) -> str:
    """The fastest loop on ``backend``: the compiled one where the backend has it (JAX), else ``fit``."""
    return "compiled" if backend == "jax" else "fit"


def _compile(model, settings: dict, **options) -> None:
    import keras

    optimizer = getattr(keras.optimizers, OPTIMIZERS[settings["optimizer"]])
    chosen = {"learning_rate": settings["learning_rate"]}
    if settings["optimizer"] == "sgd":
        chosen |= {"momentum": settings["momentum"], "nesterov": settings["nesterov"]}
    model.compile(optimizer=optimizer(**chosen), loss="sparse_categorical_crossentropy", metrics=["accuracy"], **options)


def train_once(spec: dict, settings: dict, task: dict, seed: int, *, loop: str = "fit") -> dict:
    """Rebuild, train and measure one model with one seed (runs inside the judge process).

    ``loop``: ``"fit"`` (Keras's own, every backend) or ``"compiled"`` (JAX only; same semantics,
    see :mod:`autograder.model_judge.loop`).
    """
    import keras
    import numpy as np

    from autograder.model_judge.config import rebuild

    started = time.perf_counter()
    data = load_task(task, seed)
    keras.utils.set_random_seed(seed)
    model = rebuild(spec)
    _fits_task(model, data)
    # "repeat": one epoch makes several passes over the training set. Keras spends 40-70 ms per epoch
    # outside the steps (measured single-threaded), which dominates small models' training otherwise.
    repeat = int(task.get("repeat", 1))
    x_fit, y_fit = np.tile(data["x_train"], (repeat,) + (1,) * (data["x_train"].ndim - 1)), np.tile(data["y_train"], repeat)
    # Adversarial training: every epoch trains on the clean images and on FGSM copies of them made with
    # the weights as they stand before the epoch (a copy per epoch, not per step: one gradient of the
    # whole training set, on every backend alike). Epsilon 0 trains on two clean copies: the same steps.
    epsilon = settings["adversarial"]["epsilon"] if settings.get("adversarial") else None
    if epsilon is not None:
        x_fit, y_fit = np.concatenate([data["x_train"]] * 2), np.concatenate([data["y_train"]] * 2)

    def attacked_copies(weights=None):
        attacked = fgsm_images(model, data["x_train"], data["y_train"], eps=epsilon, weights=weights) if epsilon else data["x_train"]
        return np.concatenate([data["x_train"], attacked])
    stopping = settings.get("early_stopping")
    measures = {}
    phases = task.get("phases")
    if loop == "compiled":
        from autograder.model_judge.loop import trainer_for

        def template():
            built = rebuild(spec)
            _compile(built, settings)
            return built

        # Built after this seed's model, so the template's draws never touch this run's initial weights.
        # A task in phases builds one per phase (sized to its data, a fresh optimizer); the last one measures.
        trainers = []

        def evaluate(x, y) -> tuple[float, float]:
            measured = trainers[-1].evaluate(model, x, y)
            return measured["loss"], measured["accuracy"]

        if phases:
            def fit_phase(x, y, validation, index):
                trainers.append(trainer_for(spec, settings, n_train=len(x), build=template))
                return trainers[-1].fit(model, x, y, validation=validation, epochs=settings["epochs"],
                                        seed=seed + 7919 * index, stopping=None)

            history, measures = train_in_phases(model, data, settings, phases, seed, fit_phase, lambda x, y: evaluate(x, y)[1])
        else:
            trainers.append(trainer_for(spec, settings, n_train=len(x_fit), build=template))
            history = trainers[-1].fit(model, x_fit, y_fit, validation=(data["x_val"], data["y_val"]), epochs=settings["epochs"],
                                       seed=seed, stopping=stopping,
                                       perturb=None if epsilon is None else lambda *weights: attacked_copies(weights))
    else:
        def compile_for(n_train: int) -> None:  # a fresh optimizer
            # One compiled call per epoch: tiny models spend most of their time in per-step overhead otherwise.
            # PyTorch's trainer runs eagerly and refuses anything but one step per call.
            steps = 1 if keras.backend.backend() == "torch" else max(1, math.ceil(n_train / settings["batch_size"]))
            _compile(model, settings, steps_per_execution=steps)

        def evaluate(x, y) -> tuple[float, float]:
            loss, accuracy = model.evaluate(x, y, batch_size=1024, verbose=0)
            return float(loss), float(accuracy)

        if phases:
            def fit_phase(x, y, validation, index):
                compile_for(len(x))
                return model.fit(x, y, epochs=settings["epochs"], batch_size=settings["batch_size"],
                                 validation_data=validation, verbose=0).history

            history, measures = train_in_phases(model, data, settings, phases, seed, fit_phase, lambda x, y: evaluate(x, y)[1])
        else:
            compile_for(len(x_fit))
            callbacks = []
            if stopping:
                callbacks.append(keras.callbacks.EarlyStopping(
                    monitor=stopping["monitor"], patience=stopping["patience"], min_delta=stopping["min_delta"],
                    restore_best_weights=stopping["restore_best_weights"], mode="min" if stopping["monitor"] == "val_loss" else "max"))
            if epsilon is None:
                history = model.fit(x_fit, y_fit, epochs=settings["epochs"], batch_size=settings["batch_size"],
                                    validation_data=(data["x_val"], data["y_val"]), callbacks=callbacks, verbose=0).history
            else:  # one epoch at a time, each on copies attacked with the weights it starts from
                history = {}
                for _ in range(settings["epochs"]):
                    epoch = model.fit(attacked_copies(), y_fit, epochs=1, batch_size=settings["batch_size"],
                                      validation_data=(data["x_val"], data["y_val"]), verbose=0).history
                    for key, values in epoch.items():
                        history.setdefault(key, []).extend(values)
    for part in ("train", "val", "test") + (("shifted",) if "x_shifted" in data else ()):
        measures[f"{part}_loss"], measures[f"{part}_accuracy"] = evaluate(data[f"x_{part}"], data[f"y_{part}"])
    if task.get("attack"):
        eps, steps = float(task["attack"]["eps"]), int(task["attack"].get("pgd_steps", 10))
        for name, attacked in (("fgsm", fgsm_images(model, data["x_test"], data["y_test"], eps=eps)),
                               ("pgd", pgd_images(model, data["x_test"], data["y_test"], eps=eps, steps=steps))):
            measures[f"{name}_loss"], measures[f"{name}_accuracy"] = evaluate(attacked, data["y_test"])
    monitor = stopping["monitor"] if stopping else "val_loss"
    curve = np.asarray(history[monitor], dtype=float)
    best = int(np.nanargmin(curve) if monitor == "val_loss" else np.nanargmax(curve))
    kernels = [np.abs(np.asarray(w)).ravel() for layer in model.layers for w in getattr(layer, "trainable_weights", [])
               if "kernel" in w.path]
    all_kernels = np.concatenate(kernels) if kernels else np.zeros(0)
    measures |= {
        "gap": measures["train_accuracy"] - measures["val_accuracy"],
        "loss_ratio": measures["val_loss"] / max(measures["train_loss"], 1e-12),
        "epochs_run": len(history["loss"]),
        "best_epoch": best + 1,
        # Restored weights reproduce the best epoch's validation score (same data, inference mode).
        "restored_best": bool(abs(measures[monitor] - curve[best]) <= 1e-4 * max(1.0, abs(curve[best]))),
        "sparsity": float(np.mean(all_kernels < SPARSE_BELOW)) if all_kernels.size else 0.0,
        "params": int(model.count_params()),
        "history": {key: [round(float(v), 5) for v in values] for key, values in history.items()},
        "seconds": round(time.perf_counter() - started, 3),
    }
    return measures


@functools.cache
def describe(loop: str) -> dict:
    """What trains in this process: backend, versions, device and loop (recorded with every verdict).

    The same for every request a process serves, so it is worked out once per loop.
    """
    import importlib.metadata
    import platform

    import keras

    backend = keras.backend.backend()
    versions = {"keras": keras.__version__}
    for package in {"jax": ("jax", "jaxlib"), "tensorflow": ("tensorflow",), "torch": ("torch",)}.get(backend, ()):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            pass
    if backend == "jax":
        import jax

        device = str(jax.devices()[0].device_kind)
    elif backend == "torch":
        import torch

        device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"
    else:
        import tensorflow as tf

        device = "gpu" if tf.config.list_logical_devices("GPU") else "cpu"
    return {"backend": backend, "loop": loop, "versions": versions, "device": device, "machine": platform.machine()}


def serve(request: dict, *, finished=lambda name, seed, measures: None) -> dict:
    """Answer one judge request in this process: every model, every seed; ``finished`` hears of each run.

    ``request["loop"]`` (optional) picks the loop; the answer says which backend and loop trained.
    """
    import keras

    from autograder.model_judge.config import UnsafeModel

    loop = request.get("loop") or default_loop(keras.backend.backend())
    if loop not in LOOPS or (loop == "compiled" and keras.backend.backend() != "jax"):
        return {"error": f"the judge cannot train with the {loop!r} loop on {keras.backend.backend()}"}
    max_epochs = int(request.get("max_epochs", DEFAULT_MAX_EPOCHS))
    runs: dict[str, Any] = {}
    for name, entry in request["models"].items():
        try:
            settings = read_settings(entry.get("settings", request.get("settings", {})), max_epochs=max_epochs,
                                     in_phases=bool(request["task"].get("phases")))
            runs[name] = []
            for seed in request["seeds"]:
                runs[name].append(train_once(entry["spec"], settings, request["task"], seed, loop=loop))
                finished(name, seed, runs[name][-1])
        except (UnsafeModel, SettingsError) as error:
            runs[name] = {"error": str(error)}
        except Exception as error:  # the model broke training (NaN shapes, bad layer options): the student's to fix
            runs[name] = {"error": f"training failed: {type(error).__name__}: {str(error)[:300]}"}
    keras.backend.clear_session()  # a warm process serves many requests: drop this one's models and names
    return {"runs": runs, "judge": describe(loop)}


def _main() -> None:
    """``python -m autograder.model_judge.train [--threads N]``: requests on stdin, one per line, until it closes.

    Each answer is a run of lines on stdout: ``{"finished": ...}`` as each run ends, then the answer.
    Keras is imported once; the backend is the one ``KERAS_BACKEND`` names (the Judge sets it).
    """
    import argparse

    from autograder.quiet import import_keras_quietly

    parser = argparse.ArgumentParser(prog="python -m autograder.model_judge.train")
    parser.add_argument("--threads", type=int, default=None, help="threads TensorFlow may use (default: all)")
    threads = parser.parse_args().threads
    keras = import_keras_quietly()
    if threads and keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(int(threads))
        tf.config.threading.set_inter_op_parallelism_threads(int(threads))

    def finished(name: str, seed: int, measures: dict) -> None:  # one line per run, as it ends
        brief = {key: measures[key] for key in ("train_accuracy", "val_accuracy", "test_accuracy", "gap", "epochs_run", "seconds")}
        sys.stdout.write("\n" + json.dumps({"finished": {"model": name, "seed": seed, **brief}}) + "\n")
        sys.stdout.flush()

    for line in sys.stdin:
        if not line.strip():
            continue
        result = serve(json.loads(line), finished=finished)
        sys.stdout.write("\n" + json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _main()
