"""Assignment 01's test data (the format: tests/assignments/__init__.py)."""

from __future__ import annotations

from tests.mutation import WHOLE, Assignment

ASSIGNMENT = Assignment("01_define_network", "define_network.ipynb")
USES_SIGMOID = {"test_sigmoid", "test_dense", "test_forward", "test_lecture"}
USES_DENSE = {"test_dense", "test_forward", "test_lecture"}
USES_FORWARD = {"test_forward", "test_lecture"}

REF_RELU = "def relu(z):\n    return np.maximum(z, 0.0)\n"
REF_SIGMOID = "def sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-z))\n"
KERAS_WITH = '''
def build_keras_network():
    model = keras.Sequential([keras.Input((2,))] + [keras.layers.Dense(2, activation="{act}") for _ in range(3)])
    for layer, W, b in zip(model.layers, LECTURE_WEIGHTS, LECTURE_BIASES):
        layer.set_weights([{kernel}, b])
    return model
'''
DIGITS_WITH = '''
def count_dense_params(layer_sizes):
    return sum(i * o + o for i, o in zip(layer_sizes[:-1], layer_sizes[1:]))

def build_digits_classifier():
    return keras.Sequential([keras.Input(({n_in},)), keras.layers.Dense(16, activation="relu"),
                             keras.layers.Dense({n_out}, activation="{act}")])
'''

_WHOLE_CELL_MUTANTS = {
    "sigmoid sign error": ("activations", "def sigmoid(z):\n    return 1 / (1 + np.exp(z))\n" + REF_RELU, USES_SIGMOID),
    "relu with np.max instead of np.maximum": ("activations", REF_SIGMOID + "def relu(z):\n    return np.max(z, 0)\n", {"test_relu"}),
    "relu that clips at 1": ("activations", REF_SIGMOID + "def relu(z):\n    return np.clip(z, 0, 1)\n", {"test_relu"}),
    "dense without transposing W": ("dense", "def dense_layer(x, W, b):\n    return sigmoid(x @ W + b)\n", USES_DENSE),
    "dense with a loop over samples": (
        "dense", "def dense_layer(x, W, b):\n    return np.array([sigmoid(W @ row + b) for row in x])\n", {"test_dense"},
    ),
    "dense with a loop over neurons": (
        "dense",
        "def dense_layer(x, W, b):\n    out = np.zeros((len(x), len(W)))\n    for i in range(len(W)):\n"
        "        out[:, i] = sigmoid(x @ W[i] + b[i])\n    return out\n",
        {"test_dense"},
    ),
    "dense without the bias": ("dense", "def dense_layer(x, W, b):\n    return sigmoid(x @ W.T)\n", USES_DENSE),
    "dense that forgets the activation": ("dense", "def dense_layer(x, W, b):\n    return x @ W.T + b\n", USES_DENSE),
    "forward that applies the layers in reverse": (
        "forward",
        "def forward(x, weights, biases):\n    for W, b in zip(weights[::-1], biases[::-1]):\n        x = dense_layer(x, W, b)\n    return x\n",
        USES_FORWARD,
    ),
    "forward that returns only the first layer": (
        "forward", "def forward(x, weights, biases):\n    return dense_layer(x, weights[0], biases[0])\n", USES_FORWARD,
    ),
    "lecture outputs for one input only": (
        "lecture", "lecture_outputs = forward(np.array([[1.0, -1.0]]), LECTURE_WEIGHTS, LECTURE_BIASES)\n", {"test_lecture"},
    ),
    "lecture outputs transposed": (
        "lecture", "lecture_outputs = forward(np.array([[1.0, -1.0], [0.0, 0.0]]), LECTURE_WEIGHTS, LECTURE_BIASES).T\n",
        {"test_lecture"},
    ),
    "keras kernel not transposed": ("keras_network", KERAS_WITH.format(act="sigmoid", kernel="W"), {"test_keras"}),
    "keras layers with relu": ("keras_network", KERAS_WITH.format(act="relu", kernel="W.T"), {"test_keras"}),
    "keras weights never set": (
        "keras_network",
        'def build_keras_network():\n    return keras.Sequential([keras.Input((2,))] + [keras.layers.Dense(2, activation="sigmoid") for _ in range(3)])\n',
        {"test_keras"},
    ),
    "parameter count without biases": (
        "params",
        DIGITS_WITH.format(n_in=64, n_out=10, act="softmax").replace("i * o + o", "i * o"),
        {"test_count_params"},
    ),
    "digits model without softmax": ("params", DIGITS_WITH.format(n_in=64, n_out=10, act="linear"), {"test_digits_model"}),
    "digits model with 8 inputs": ("params", DIGITS_WITH.format(n_in=8, n_out=10, act="softmax"), {"test_digits_model"}),
    "digits model with one output": ("params", DIGITS_WITH.format(n_in=64, n_out=1, act="sigmoid"), {"test_digits_model"}),
    "digits model with sigmoid outputs": ("params", DIGITS_WITH.format(n_in=64, n_out=10, act="sigmoid"), {"test_digits_model"}),
    "digits model without a hidden layer": (
        "params", DIGITS_WITH.format(n_in=64, n_out=10, act="softmax").replace(
            'keras.layers.Dense(16, activation="relu"),\n                             ', ""), {"test_digits_model"}),
    "sigmoid with a loop over the elements": (
        "activations",
        "def sigmoid(z):\n    z = np.asarray(z, dtype=float)\n"
        "    return np.array([1 / (1 + np.exp(-v)) for v in z.ravel()]).reshape(z.shape)\n" + REF_RELU,
        {"test_sigmoid", "test_dense"}),  # dense_layer calls it: its computation loops too
    "relu as a list comprehension": (
        "activations", REF_SIGMOID + "def relu(z):\n    z = np.asarray(z, dtype=float)\n"
        "    return np.array([max(v, 0.0) for v in z.ravel()]).reshape(z.shape)\n", {"test_relu"}),
}

# Right answers by other routes: each must pass every check.
_WHOLE_CELL_ROUTES = {
    "dense with einsum": ("dense", 'def dense_layer(x, W, b):\n    return sigmoid(np.einsum("sn,mn->sm", x, W) + b)\n'),
    "digits model ending in a separate Softmax layer": (
        "params", DIGITS_WITH.format(n_in=64, n_out=10, act="linear") .replace(
            'activation="linear")])', 'activation="linear"), keras.layers.Softmax()])')),
    "functional digits model with an Activation layer": (
        "params", DIGITS_WITH.split("def build_digits_classifier")[0] + "def build_digits_classifier():\n"
        "    inputs = keras.Input((64,))\n    hidden = keras.layers.Dense(24, activation='tanh')(inputs)\n"
        "    scores = keras.layers.Dense(10)(hidden)\n    return keras.Model(inputs, keras.layers.Activation('softmax')(scores))\n"),
    "keras network with separate sigmoid layers": (
        "keras_network",
        "def build_keras_network():\n    layers = [keras.Input((2,))]\n"
        "    for _ in range(3):\n        layers += [keras.layers.Dense(2), keras.layers.Activation('sigmoid')]\n"
        "    model = keras.Sequential(layers)\n"
        "    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]\n"
        "    for layer, W, b in zip(dense, LECTURE_WEIGHTS, LECTURE_BIASES):\n        layer.set_weights([W.T, b])\n"
        "    return model\n"),
    "sigmoid as a lambda": ("activations", "sigmoid = lambda z: 1 / (1 + np.exp(-z))\n\n\n" + REF_RELU),
}


MUTANTS = {name: (cell, WHOLE, source, broken) for name, (cell, source, broken) in _WHOLE_CELL_MUTANTS.items()}
MUTANTS |= {name: (cell, WHOLE, source, set()) for name, (cell, source) in _WHOLE_CELL_ROUTES.items()}
TRAINING_MUTANTS: dict = {}
REFUSED_BEFORE_TRAINING: set = set()

# Graded through the real grader as well (every mutant is checked in process; the trained
# training mutants always are).
THROUGH_THE_GRADER = {"dense with a loop over neurons"}
