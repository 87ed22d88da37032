"""Capture and compare Keras models as plain data: their layers, size and outputs."""

from __future__ import annotations

from typing import Any

from autograder.checks._base import Mismatch, compare_arrays, compare_equal, show
from autograder.plain import to_plain
from autograder.student_code import Captured, call_captured


def describe_model(model: Any, args: tuple = ()) -> dict:
    """A Keras model as plain data: input width, one entry per layer, parameter count, outputs.

    ``args`` (optional) holds one batch of inputs; the model's outputs on it are included.

    Example:
        >>> import course, keras
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="relu")])
        >>> describe_model(model)["layers"]
        [{'class': 'Dense', 'units': 2, 'activation': 'relu', 'use_bias': True}]
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"expected a keras.Model; got a {type(model).__name__}")
    if not model.built or not getattr(model, "inputs", None):
        raise ValueError("the model has no input shape yet: start it with keras.Input((n_inputs,))")
    layers = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):  # functional models list their Input as a layer
            continue
        entry = {"class": type(layer).__name__}
        if hasattr(layer, "units"):
            entry["units"] = int(layer.units)
        if hasattr(layer, "activation"):
            entry["activation"] = keras.activations.serialize(layer.activation)
            if isinstance(entry["activation"], dict):
                entry["activation"] = str(entry["activation"].get("config", entry["activation"]))
        if hasattr(layer, "use_bias"):
            entry["use_bias"] = bool(layer.use_bias)
        layers.append(entry)
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


def compare_model(got: Any, expected: Any, *, atol: float = 1e-5) -> Mismatch | None:
    """Compare the properties named in ``expected`` (a dict) with the model's description.

    ``expected`` may name ``input_dim``, ``params``, ``outputs`` (compared within ``atol``),
    ``n_layers``, and ``last_layer`` (a dict of layer fields) and ``every_layer`` (fields that
    every layer must have).
    """
    if not isinstance(got, dict):
        return Mismatch(expected="a Keras model", got=show(got))
    for key, want in expected.items():
        if key == "outputs":
            mismatch = compare_arrays(got.get("outputs"), want, atol=atol)
            if mismatch:
                return Mismatch(expected=f"outputs {mismatch.expected}", got=f"outputs {mismatch.got}")
        elif key == "n_layers":
            if len(got["layers"]) != want:
                return Mismatch(expected=f"{want} layers", got=f"{len(got['layers'])} layers: {_layer_list(got)}")
        elif key == "last_layer":
            mismatch = _compare_layer(got["layers"][-1] if got["layers"] else {}, want, "the last layer")
            if mismatch:
                return mismatch
        elif key == "every_layer":
            for index, layer in enumerate(got["layers"]):
                mismatch = _compare_layer(layer, want, f"layer {index}")
                if mismatch:
                    return mismatch
        else:
            mismatch = compare_equal(got.get(key), want)
            if mismatch:
                return Mismatch(expected=f"{key} = {mismatch.expected}", got=f"{key} = {mismatch.got}")
    return None


def _compare_layer(layer: dict, want: dict, where: str) -> Mismatch | None:
    for field, value in want.items():
        if layer.get(field) != value:
            return Mismatch(expected=f"{where} with {field} = {value!r}", got=f"{where}: {layer}")
    return None


def _layer_list(description: dict) -> str:
    return ", ".join(f"{layer['class']}({layer.get('units', '')})" for layer in description["layers"])
