"""Capture and compare Keras models as plain data: their layers, size and outputs."""

from __future__ import annotations

from typing import Any

from autograder.checks.values import Outcome, compare_arrays, compare_equal, show
from autograder.checks.plain import to_plain
from autograder.checks.student_code import Captured, call_captured


def describe_model(model: Any, args: tuple = ()) -> dict:
    """A Keras model as plain data: input width, one entry per layer, parameter count, outputs.

    ``args`` (optional) holds one batch of inputs; the model's outputs on it are included. Layers
    are described by :func:`autograder.model_judge.structure.layer_facts`, as the model judge reads them.

    Example:
        >>> import course, keras
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="relu")])
        >>> describe_model(model)["layers"]
        [{'class': 'Dense', 'units': 2, 'use_bias': True, 'activation': 'relu'}]
    """
    import keras

    from autograder.model_judge.structure import layer_facts

    if not isinstance(model, keras.Model):
        raise TypeError(f"expected a keras.Model; got a {type(model).__name__}")
    if not model.built or not getattr(model, "inputs", None):
        raise ValueError("the model has no input shape yet: start it with keras.Input((n_inputs,))")
    layers = [layer_facts(type(layer).__name__, layer.get_config()) for layer in model.layers
              if not isinstance(layer, keras.layers.InputLayer)]  # functional models list their Input as a layer
    description = {
        "input_dim": int(model.inputs[0].shape[-1]),
        "layers": layers,
        "params": int(model.count_params()),
    }
    if args:
        import numpy as np

        description["outputs"] = to_plain(model(np.asarray(args[0], dtype="float32"), training=False))
    return description


def capture_model(answer: Any, args: tuple) -> Captured:
    """Describe the student's model, or the model their function returns."""
    if callable(answer) and not hasattr(answer, "layers"):
        built = call_captured(answer, to_data=lambda value: value)
        if built.error:
            return built
        answer = built.value
    return call_captured(describe_model, answer, args)


def compare_model(got: Any, expected: Any, *, atol: float = 1e-5) -> Outcome | None:
    """Compare the properties named in ``expected`` (a dict) with the model's description.

    Layers are compared normalized (:func:`autograder.model_judge.structure.normalized`): a linear
    Dense layer followed by a Softmax or Activation layer counts as one Dense layer with that
    activation. ``expected`` may name ``input_dim``, ``params``, ``outputs`` (compared within
    ``atol``), ``n_layers``, ``layers`` (a list of layer-field dicts: every layer, in order),
    ``last_layer`` (a dict of layer fields), ``every_layer`` (fields every layer must have), ``min_hidden`` (hidden Dense layers before the output), and
    ``probabilities: n`` (the outputs are rows of ``n`` probabilities that sum to 1).
    """
    from autograder.model_judge.structure import normalized

    if not isinstance(got, dict) or type(got.get("layers")) is not list:
        return Outcome.mismatch(expected="a Keras model", got=show(got))
    try:
        layers = normalized(got["layers"])
    except (KeyError, TypeError):
        return Outcome.mismatch(expected="a Keras model", got=show(got))
    for key, want in expected.items():
        if key == "outputs":
            mismatch = compare_arrays(got.get("outputs"), want, atol=atol)
            if mismatch:
                return Outcome.mismatch(expected=f"outputs {mismatch.expected}", got=f"outputs {mismatch.got}")
        elif key == "probabilities":
            mismatch = _probabilities(got.get("outputs"), want)
            if mismatch:
                return mismatch
        elif key == "n_layers":
            if len(layers) != want:
                return Outcome.mismatch(expected=f"{want} layers", got=f"{len(layers)} layers: {_layer_list(layers)}")
        elif key == "min_hidden":
            hidden = [layer for layer in layers if layer["class"] == "Dense"][:-1]
            if len(hidden) < want:
                return Outcome.mismatch(expected=f"at least {want} hidden Dense layer{'s' if want > 1 else ''} before the output layer",
                                got=f"{len(hidden)}: {_layer_list(layers)}")
        elif key == "layers":
            # Every layer, in order, with the fields each pattern names (fields left out are free).
            if len(layers) != len(want) or any(_compare_layer(layer, pattern, "") for layer, pattern in zip(layers, want)):
                return Outcome.mismatch(expected=f"these layers, in this order: {_layer_list(want)}", got=_layer_list(layers))
        elif key == "last_layer":
            mismatch = _compare_layer(layers[-1] if layers else {}, want, "the last layer")
            if mismatch:
                return mismatch
        elif key == "every_layer":
            for index, layer in enumerate(layers):
                mismatch = _compare_layer(layer, want, f"layer {index}")
                if mismatch:
                    return mismatch
        else:
            mismatch = compare_equal(got.get(key), want)
            if mismatch:
                return Outcome.mismatch(expected=f"{key} = {mismatch.expected}", got=f"{key} = {mismatch.got}")
    return None


def _probabilities(outputs: Any, n: int) -> Outcome | None:
    import numpy as np

    want = f"outputs that are rows of {n} probabilities (each row at least 0 and summing to 1, as softmax gives)"
    try:
        array = np.asarray(outputs, dtype=float)
    except (ValueError, TypeError):
        return Outcome.mismatch(expected=want, got=show(outputs))
    if array.ndim != 2 or array.shape[1] != n:
        return Outcome.mismatch(expected=want, got=f"outputs of shape {array.shape}")
    if not np.all(np.isfinite(array)) or array.min() < -1e-6 or not np.allclose(array.sum(axis=1), 1.0, atol=1e-4):
        return Outcome.mismatch(expected=want, got=f"rows summing to {show(array.sum(axis=1).round(4).tolist())}")
    return None


def _compare_layer(layer: dict, want: dict, where: str) -> Outcome | None:
    for field, value in want.items():
        if layer.get(field) != value:
            return Outcome.mismatch(expected=f"{where} with {field} = {value!r}", got=f"{where}: {_layer_list([layer])}")
    return None


def _layer_list(layers: list[dict]) -> str:
    shown = []
    for layer in layers:
        inside = [str(layer["units"])] if "units" in layer else []
        if layer.get("activation") not in (None, "linear"):
            inside.append(f"activation={layer['activation']!r}")
        shown.append(f"{layer.get('class')}({', '.join(inside)})")
    return ", ".join(shown) or "no layers"
