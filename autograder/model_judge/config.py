"""A student's Keras model as plain data, and its safe rebuilding on the trusted side.

The sandbox sends the model's serialized config (``keras.saving.serialize_keras_object``), never
its weights or its Python objects. The judge rebuilds it only after every object in the config has
been matched against an allowlist of Keras classes: a Lambda layer, a custom class or any module
outside Keras is refused with a message, so no student code runs in the judge.
"""

from __future__ import annotations

import copy
import json
from typing import Any

MAX_SPEC_CHARS = 200_000

# Every class a course model may contain, by the module Keras records for it.
ALLOWED_CLASSES = {
    "keras": {"Sequential", "DTypePolicy", "FloatDTypePolicy"},
    "keras.src.models.functional": {"Functional"},
    "keras.layers": {
        "InputLayer", "Dense", "Dropout", "BatchNormalization", "LayerNormalization", "GaussianNoise",
        "GaussianDropout", "Activation", "ReLU", "LeakyReLU", "Softmax", "Flatten", "Reshape",
        "Conv1D", "Conv2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D",
        "GlobalMaxPooling2D", "SimpleRNN", "LSTM", "GRU", "Embedding", "Add", "Concatenate",
        "SpatialDropout2D", "ActivityRegularization", "RandomFlip", "RandomTranslation", "RandomRotation",
    },
    "keras.initializers": {
        "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal", "Zeros",
        "Ones", "Constant", "RandomNormal", "RandomUniform", "TruncatedNormal", "Orthogonal", "VarianceScaling",
    },
    "keras.regularizers": {"L1", "L2", "L1L2", "OrthogonalRegularizer"},
    "keras.constraints": {"MaxNorm", "NonNeg", "UnitNorm", "MinMaxNorm"},
}
ALLOWED_ACTIVATIONS = {
    "linear", "relu", "sigmoid", "softmax", "tanh", "elu", "selu", "gelu", "silu", "swish", "softplus",
    "softsign", "leaky_relu", "relu6", "hard_sigmoid", "exponential", "mish", "log_softmax",
}
INTERNAL_MARKERS = {"__keras_tensor__"}  # references between layers of a functional model


class UnsafeModel(ValueError):
    """The model's config holds something the judge will not rebuild; the text says what."""


def model_spec(model: Any) -> dict:
    """A Keras model's serialized config as plain JSON data (capture side; no weights).

    Example:
        >>> import course, keras
        >>> spec = model_spec(keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)]))
        >>> spec["class_name"], [layer["class_name"] for layer in spec["config"]["layers"]]
        ('Sequential', ['InputLayer', 'Dense'])
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"expected a keras.Model; got a {type(model).__name__}")
    spec = json.loads(json.dumps(keras.saving.serialize_keras_object(model)))
    spec.pop("compile_config", None)  # the judge compiles with the task's loss and the student's settings
    return spec


def check_spec(spec: Any) -> None:
    """Raise :class:`UnsafeModel` unless every object in ``spec`` is an allowed Keras class.

    Example:
        >>> lambda_layer = {"module": "keras.layers", "class_name": "Lambda", "config": {}}
        >>> check_spec({"module": "keras", "class_name": "Sequential", "config": {"layers": [lambda_layer]}})
        Traceback (most recent call last):
        ...
        autograder.model_judge.config.UnsafeModel: the model uses keras.layers.Lambda, which the grader does not rebuild (it runs arbitrary code); build the model from standard Keras layers
    """
    if type(spec) is not dict or len(json.dumps(spec)) > MAX_SPEC_CHARS:
        raise UnsafeModel("the model description is not a Keras model config of a reasonable size")
    if spec.get("class_name") not in ("Sequential", "Functional"):
        raise UnsafeModel("expected a Sequential or functional Keras model")
    _walk(spec)


def _walk(node: Any) -> None:
    if type(node) is list:
        for item in node:
            _walk(item)
        return
    if type(node) is not dict:
        if type(node) not in (str, int, float, bool, type(None)):
            raise UnsafeModel("the model config holds something that is not plain data")
        return
    if "class_name" in node:
        name, module = node.get("class_name"), node.get("module")
        if name in INTERNAL_MARKERS and module is None:
            pass
        elif not (type(module) is str and type(name) is str and name in ALLOWED_CLASSES.get(module, ())):
            raise UnsafeModel(
                f"the model uses {module}.{name}, which the grader does not rebuild"
                + (" (it runs arbitrary code)" if name == "Lambda" else "")
                + "; build the model from standard Keras layers"
            )
        registered = node.get("registered_name")
        if registered not in (None, name):
            raise UnsafeModel(f"the model uses a custom registered object {registered!r}")
    if "activation" in node and type(node["activation"]) is str and node["activation"] not in ALLOWED_ACTIVATIONS:
        raise UnsafeModel(f"unknown activation {node['activation']!r}")
    for key, value in node.items():
        if key == "function" or (type(value) is str and value.startswith("__lambda__")):
            raise UnsafeModel("the model holds a Python function, which the grader does not rebuild")
        _walk(value)


def rebuild(spec: Any):
    """A fresh, untrained Keras model from a checked spec (trusted side).

    Example:
        >>> import course, keras
        >>> original = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu")])
        >>> rebuild(model_spec(original)).count_params()
        15
    """
    import keras

    check_spec(spec)
    try:
        # A copy: deserializing a functional model empties the config it is given, and the judge
        # rebuilds the same spec once per seed.
        model = keras.saving.deserialize_keras_object(copy.deepcopy(spec), safe_mode=True)
    except Exception as error:
        said = (str(error).strip().splitlines() or [""])[0][:200]
        raise UnsafeModel(f"the model could not be rebuilt from its config ({type(error).__name__}: {said})") from None
    if not isinstance(model, keras.Model):
        raise UnsafeModel("the config did not describe a Keras model")
    return model


def baseline_spec(*, inputs: int | tuple[int, ...], hidden: list[int], n_classes: int, activation: str = "relu") -> dict:
    """The config of the grader's own baseline: a dense network (flattened inputs, ``hidden`` layers, softmax).

    Written as plain data on the trusted side, so a task can compare the student's model with a
    baseline that nothing in the student's notebook can change.

    Example:
        >>> spec = baseline_spec(inputs=(8, 8, 1), hidden=[36], n_classes=10)
        >>> [layer["class_name"] for layer in spec["config"]["layers"]]
        ['InputLayer', 'Flatten', 'Dense', 'Dense']
    """
    shape = [inputs] if type(inputs) is int else list(inputs)

    def layer(class_name: str, **config) -> dict:
        return {"module": "keras.layers", "class_name": class_name, "config": config, "registered_name": None}

    layers = [layer("InputLayer", batch_shape=[None, *shape]), layer("Flatten")]
    layers += [layer("Dense", units=int(units), activation=activation) for units in hidden]
    layers.append(layer("Dense", units=int(n_classes), activation="softmax"))
    return {"module": "keras", "class_name": "Sequential", "config": {"name": "baseline", "layers": layers}}


def checked_structure_problem(spec: Any, structure: dict):
    """:func:`autograder.model_judge.structure.structure_problem` on a spec that passed the allowlist first."""
    from autograder.model_judge.structure import structure_problem

    check_spec(spec)
    return structure_problem(spec, structure)
