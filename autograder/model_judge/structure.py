"""What a model is made of, as plain facts, and the structure rules a task states about it.

Pure functions over plain data (no Keras): the trusted side applies them to a model's config
before any training, and assignment 01's model checks to a model's description. Layers are first
*normalized*, so that the same network written another way gets the same facts: a ``Softmax``,
``ReLU`` or ``Activation`` layer after a linear ``Dense`` becomes that Dense layer's activation,
and ``Flatten`` on flat inputs (a no-op) is dropped.

Example:
    >>> layers = [layer_facts("Dense", {"units": 10, "activation": "linear"}), layer_facts("Softmax", {"axis": -1})]
    >>> [(layer["class"], layer["units"], layer["activation"]) for layer in normalized(layers)]
    [('Dense', 10, 'softmax')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

ACTIVATION_LAYERS = {"Activation", "ReLU", "Softmax", "LeakyReLU"}
NO_OP_LAYERS = {"InputLayer", "Flatten"}  # Flatten changes nothing on the flat inputs of these tasks
# Layers with no parameters that keep their input's shape.
SHAPE_KEEPING = ACTIVATION_LAYERS | {"Dropout", "GaussianNoise", "GaussianDropout", "SpatialDropout2D"}
RECURRENT = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}  # recurrent layers and their weight blocks (gates)
# Layers that work on each step of a sequence alone, so they may come before the recurrence.
PER_STEP = SHAPE_KEEPING | {"Dense", "LayerNormalization", "BatchNormalization"}
TECHNIQUES = {
    "none": "no regularization: Dense layers only, no penalties, dropout or constraints",
    "l2": "an L2 penalty on every Dense kernel and no other technique (no dropout, no L1, no constraints)",
    "l1": "an L1 penalty on every Dense kernel and no other technique (no dropout, no L2, no constraints)",
    "elastic_net": "an L1 and an L2 penalty together (both above 0) on every Dense kernel and no other technique "
                   "(no dropout, no constraints)",
    "dropout": "a Dropout layer (rate above 0) right after each hidden layer and no other technique (no penalties, "
               "no constraints, no dropout before the first hidden layer or after the output)",
}


@dataclass(frozen=True)
class Problem:
    """A model that breaks a rule of the task: the rule's name, what it requires, what the model has."""

    rule: str
    expected: str
    got: str


def regularizer_facts(config: Any) -> dict | None:
    """``{"kind": "L1" | "L2" | "L1L2" | other class, "l1": ..., "l2": ...}``, or None when it penalizes nothing.

    Example:
        >>> regularizer_facts({"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01}})
        {'kind': 'L2', 'l1': 0.0, 'l2': 0.01}
    """
    if not isinstance(config, dict):
        return None
    strengths = config.get("config") or {}
    l1, l2 = float(strengths.get("l1", 0) or 0), float(strengths.get("l2", 0) or 0)
    if config.get("class_name") not in ("L1", "L2", "L1L2"):
        return {"kind": str(config.get("class_name")), "l1": l1, "l2": l2}
    if l1 == 0 and l2 == 0:
        return None
    kind = "L1L2" if l1 and l2 else ("L1" if l1 else "L2")
    return {"kind": kind, "l1": l1, "l2": l2}


def layer_facts(class_name: str, config: dict) -> dict:
    """One layer's facts from its class name and (serialized) config."""
    facts: dict[str, Any] = {"class": class_name}
    for key in ("units", "rate", "axis", "stddev", "filters", "kernel_size", "strides", "padding", "pool_size",
                "return_sequences", "go_backwards", "reset_after"):
        if key in config:
            facts[key] = config[key]
    if "units" in config or "filters" in config:
        facts["use_bias"] = bool(config.get("use_bias", True))
    if class_name == "Activation":
        facts["activation"] = config.get("activation")
    elif class_name == "ReLU":
        plain = not config.get("max_value") and not config.get("negative_slope") and not config.get("threshold")
        facts["activation"] = "relu" if plain else "relu (with max_value, negative_slope or threshold)"
    elif class_name == "Softmax":
        facts["activation"] = "softmax" if config.get("axis", -1) in (-1, 1, [-1], [1]) else "softmax over another axis"
    elif class_name == "LeakyReLU":
        facts["activation"] = "leaky_relu"
    elif "activation" in config:
        facts["activation"] = config["activation"] if isinstance(config["activation"], str) else str(config["activation"])
    for key in ("kernel_regularizer", "bias_regularizer", "activity_regularizer"):
        found = regularizer_facts(config.get(key))
        if found:
            facts[key] = found
    if any(config.get(key) for key in ("kernel_constraint", "bias_constraint")):
        facts["constraint"] = True
    return facts


def spec_layers(spec: dict) -> tuple[int | tuple[int, ...] | None, list[dict]]:
    """The input width (a tuple for images: ``(8, 8, 1)``) and the layer facts of a model config
    (``keras.saving.serialize_keras_object``)."""
    input_dim, layers = None, []
    for layer in spec["config"]["layers"]:
        config = layer.get("config", {})
        if layer["class_name"] == "InputLayer":
            shape = config.get("batch_shape") or config.get("batch_input_shape")
            if isinstance(shape, list) and len(shape) >= 2 and all(type(n) is int for n in shape[1:]):
                input_dim = shape[1] if len(shape) == 2 else tuple(shape[1:])
            continue
        layers.append(layer_facts(layer["class_name"], config))
    return input_dim, layers


def normalized(layers: list[dict]) -> list[dict]:
    """The layers with activation layers folded into the linear Dense or Conv2D layer before them, no-ops dropped."""
    out: list[dict] = []
    for layer in layers:
        if layer["class"] in NO_OP_LAYERS:
            continue
        if layer["class"] in ACTIVATION_LAYERS:
            previous = out[-1] if out else None
            if previous is not None and previous["class"] in ("Dense", "Conv2D") and previous.get("activation") == "linear":
                out[-1] = previous | {"activation": layer["activation"]}
            else:
                out.append({"class": "Activation", "activation": layer["activation"]})
            continue
        out.append(dict(layer))
    return out


def count_params(input_dim: int | tuple[int, ...] | None, layers: list[dict]) -> int | None:
    """Trainable and non-trainable parameters of a chain of layers, as ``model.count_params()`` counts them.

    ``input_dim`` is the input width, or the input shape of images (``(8, 8, 1)``). None when a
    layer's size cannot be known from its facts alone (the judge then counts after rebuilding the
    model).

    Example:
        >>> count_params(2, normalized([layer_facts("Dense", {"units": 16}), layer_facts("Dense", {"units": 2})]))
        82
        >>> conv = layer_facts("Conv2D", {"filters": 8, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid"})
        >>> count_params((8, 8, 1), [conv, layer_facts("Flatten", {}), layer_facts("Dense", {"units": 10})])
        2970
        >>> count_params((30, 5), [layer_facts("LSTM", {"units": 16}), layer_facts("Dense", {"units": 4})])
        1476
    """
    if input_dim is None:
        return None
    shape, total = (input_dim,) if type(input_dim) is int else tuple(input_dim), 0
    for layer in layers:
        kind = layer["class"]
        if kind == "Dense":
            total += shape[-1] * layer["units"] + (layer["units"] if layer.get("use_bias", True) else 0)
            shape = shape[:-1] + (layer["units"],)
        elif kind == "BatchNormalization":
            total += 4 * shape[-1]  # scale, offset, moving mean and moving variance
        elif kind == "LayerNormalization":
            total += 2 * shape[-1]  # scale and offset
        elif kind in RECURRENT and len(shape) == 2:
            units, gates = layer["units"], RECURRENT[kind]
            # Keras's GRU (reset_after=True, its default) keeps two biases per gate: one for the input, one for the state.
            biases = (2 if kind == "GRU" and layer.get("reset_after", True) else 1) * units if layer.get("use_bias", True) else 0
            total += gates * (units * (shape[-1] + units) + biases)
            shape = (shape[0], units) if layer.get("return_sequences") else (units,)
        elif kind in ("Conv2D", "MaxPooling2D", "AveragePooling2D") and len(shape) == 3:
            window = _pair(layer.get("kernel_size", layer.get("pool_size")))
            step = _pair(layer.get("strides") or window)
            if window is None or step is None:
                return None
            size = [_out(n, k, s, layer.get("padding", "valid")) for n, k, s in zip(shape[:2], window, step)]
            if kind == "Conv2D":
                total += window[0] * window[1] * shape[2] * layer["filters"] + (layer["filters"] if layer.get("use_bias", True) else 0)
            shape = (size[0], size[1], layer["filters"] if kind == "Conv2D" else shape[2])
        elif kind == "Flatten":
            shape = (math.prod(shape),)
        elif kind in ("GlobalAveragePooling2D", "GlobalMaxPooling2D") and len(shape) == 3:
            shape = (shape[2],)
        elif kind not in SHAPE_KEEPING:
            return None
    return total


def _pair(value: Any) -> tuple[int, int] | None:
    if type(value) is int:
        return value, value
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(type(n) is int for n in value):
        return value[0], value[1]
    return None


def _out(n: int, k: int, s: int, padding: str) -> int:
    """An output side: Keras's ``valid`` (no padding) and ``same`` (ceil(n / s)) rules."""
    return -(-n // s) if padding == "same" else (n - k) // s + 1


def _names(layers: list[dict]) -> str:
    shown = []
    for layer in layers:
        detail = layer.get("units", layer.get("filters", layer.get("rate", "")))
        activation = (f", {layer['activation']}" if layer.get("activation") not in (None, "linear")
                      and layer["class"] in ("Dense", "Conv2D") else "")
        if layer["class"] == "Activation":
            detail = layer["activation"]
        shown.append(f"{layer['class']}({detail}{activation})")
    return ", ".join(shown) or "no layers"


def structure_problem(spec: dict, structure: dict) -> Problem | None:
    """The first rule of ``structure`` that the model breaks, or None.

    Rules (each optional), checked in this order:

    * ``softmax_output: n``: the last layer applies softmax to ``n`` units, nothing after it;
    * ``technique``: one of :data:`TECHNIQUES`: the layers and penalties allowed, and where;
    * ``hidden: [units, ...]``: the hidden Dense layers, exactly (the baseline of the task);
    * ``min_hidden`` / ``max_hidden``: how many hidden Dense layers;
    * ``hidden_activation``: the activation of every hidden Dense layer;
    * ``min_conv``: how many Conv2D layers at least, all before any Dense layer; ``conv_activation``:
      the activation of every Conv2D layer;
    * ``recurrent: True``: the sequence is read in order by recurrent layers (SimpleRNN, LSTM, GRU):
      before the last of them only layers that work on each step alone, or recurrent layers that
      return their sequence; the last returns its final state only; none reads backwards;
    * ``params: [low, high]``: the parameter count.

    Example:
        >>> spec = {"class_name": "Sequential", "config": {"layers": [
        ...     {"class_name": "InputLayer", "config": {"batch_shape": [None, 64]}},
        ...     {"class_name": "Dense", "config": {"units": 10, "activation": "sigmoid"}}]}}
        >>> structure_problem(spec, {"softmax_output": 10}).rule
        'softmax output'
    """
    input_dim, raw = spec_layers(spec)
    layers = normalized(raw)
    dense = [layer for layer in layers if layer["class"] == "Dense"]
    hidden = dense[:-1]
    names = _names(layers)
    if "softmax_output" in structure:
        n = structure["softmax_output"]
        after = layers[max(i for i, layer in enumerate(layers) if layer["class"] == "Dense") + 1:] if dense else []
        if not (dense and dense[-1]["units"] == n and layers[-1].get("activation") == "softmax"
                and all(layer["class"] == "Activation" for layer in after)):
            return Problem("softmax output", f"a model that ends with a softmax over {n} units (Dense({n}, "
                           f"activation='softmax'), or a linear Dense({n}) and a Softmax layer), with nothing after it", names)
    technique = structure.get("technique")
    if technique is not None:
        problem = _technique_problem(technique, layers, names)
        if problem:
            return problem
    if "hidden" in structure and [layer["units"] for layer in hidden] != list(structure["hidden"]):
        return Problem("baseline layers", f"hidden Dense layers of {list(structure['hidden'])} units, as in the baseline", names)
    if len(hidden) < structure.get("min_hidden", 0):
        want = structure["min_hidden"]
        return Problem("depth", f"at least {want} hidden Dense layer{'s' if want > 1 else ''} (before the output layer)",
                       f"{len(hidden)} hidden: {names}")
    if "max_hidden" in structure and len(hidden) > structure["max_hidden"]:
        want = structure["max_hidden"]
        return Problem("depth", f"at most {want} hidden Dense layer{'s' if want > 1 else ''}", f"{len(hidden)} hidden: {names}")
    wanted_activation = structure.get("hidden_activation")
    if wanted_activation and any(layer.get("activation") != wanted_activation for layer in hidden):
        return Problem("hidden activation", f"activation='{wanted_activation}' on every hidden Dense layer",
                       "hidden activations " + ", ".join(str(layer.get("activation")) for layer in hidden))
    if "min_conv" in structure:
        convs = [layer for layer in layers if layer["class"] == "Conv2D"]
        want = structure["min_conv"]
        dense_first = bool(convs) and any(layer["class"] == "Dense" for layer in layers[:layers.index(convs[0])])
        if len(convs) < want or dense_first:
            return Problem("convolution", f"at least {want} Conv2D layer{'s' if want > 1 else ''} on the image, "
                           "before any Dense layer", f"{len(convs)} Conv2D: {names}")
        wanted = structure.get("conv_activation")
        if wanted and any(layer.get("activation") != wanted for layer in convs):
            return Problem("convolution activation", f"activation='{wanted}' on every Conv2D layer",
                           "Conv2D activations " + ", ".join(str(layer.get("activation")) for layer in convs))
    if structure.get("recurrent"):
        problem = _recurrent_problem(layers, names)
        if problem:
            return problem
    if "params" in structure:
        low, high = structure["params"]
        count = count_params(input_dim, raw)
        if count is not None and not low <= count <= high:
            return Problem("parameter budget", f"between {low} and {high} parameters", f"{count} parameters: {names}")
    return None


def _technique_problem(technique: str, layers: list[dict], names: str) -> Problem | None:
    expected = TECHNIQUES[technique]
    allowed = {"Dense", "Dropout"} if technique == "dropout" else {"Dense"}
    for layer in layers:
        if layer["class"] not in allowed:
            what = f"a {layer['class']} layer" + (f" ({layer['activation']})" if layer["class"] == "Activation" else "")
            return Problem("technique", expected, f"{what}: {names}")
        if layer.get("constraint"):
            return Problem("technique", expected, f"a weight constraint: {names}")
        if layer.get("activity_regularizer"):
            return Problem("technique", expected, f"an activity regularizer: {names}")
    dense = [layer for layer in layers if layer["class"] == "Dense"]
    want_kind = {"l2": "L2", "l1": "L1", "elastic_net": "L1L2"}.get(technique)
    for index, layer in enumerate(dense):
        kernel, bias = layer.get("kernel_regularizer"), layer.get("bias_regularizer")
        kinds = {r["kind"] for r in (kernel, bias) if r}
        if want_kind is None and kinds:
            return Problem("technique", expected, f"an {'/'.join(sorted(kinds))} penalty on Dense layer {index + 1}")
        if want_kind is not None and (kernel is None or kernel["kind"] != want_kind or kinds - {want_kind}):
            found = ", ".join(str((d.get("kernel_regularizer") or {}).get("kind")) for d in dense)
            return Problem("technique", expected, f"kernel penalties {found}" + (
                f" (and a {'/'.join(sorted(kinds - {want_kind}))} penalty)" if kinds - {want_kind, None} else ""))
    if technique == "dropout":
        positions = [i for i, layer in enumerate(layers) if layer["class"] == "Dense"]
        for number, position in enumerate(positions[:-1], start=1):
            after = layers[position + 1] if position + 1 < len(layers) else {}
            if after.get("class") != "Dropout" or not after.get("rate", 0) > 0:
                return Problem("technique", expected, f"hidden layer {number} is not followed by Dropout: {names}")
        for index, layer in enumerate(layers):
            if layer["class"] == "Dropout" and (index == 0 or layers[index - 1]["class"] != "Dense"
                                                or index - 1 == positions[-1]):
                return Problem("technique", expected, f"a Dropout layer that does not follow a hidden layer: {names}")
    return None


def _recurrent_problem(layers: list[dict], names: str) -> Problem | None:
    expected = ("the sequence read step by step, in order, by a SimpleRNN, LSTM or GRU layer that returns its final "
                "state; before it only layers that work on each step alone (Dense, normalization, dropout) or "
                "recurrent layers with return_sequences=True")
    recurrent = [i for i, layer in enumerate(layers) if layer["class"] in RECURRENT]
    if not recurrent:
        return Problem("recurrence", expected, f"no recurrent layer: {names}")
    last = recurrent[-1]
    for layer in layers[:last]:
        if layer["class"] not in PER_STEP and not (layer["class"] in RECURRENT and layer.get("return_sequences")):
            return Problem("recurrence", expected, f"a {layer['class']} layer before the last recurrent one: {names}")
    if layers[last].get("return_sequences"):
        return Problem("recurrence", expected, f"the last recurrent layer returns every step (return_sequences=True): {names}")
    if any(layers[i].get("go_backwards") for i in recurrent):
        return Problem("recurrence", expected, f"a recurrent layer that reads the sequence backwards (go_backwards=True): {names}")
    return None
