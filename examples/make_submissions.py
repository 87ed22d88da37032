"""Rebuild examples/submissions/: the example class that `deepsteps grade examples/submissions` grades.

Each student starts from the released notebook in exercises/ and edits answer cells, as a real
student would. Run after changing an assignment: ``python examples/make_submissions.py``.

| student   | what they did                                              | assignment 01 |
|-----------|------------------------------------------------------------|---------------|
| reference | the reference solution, typed into the release             | 11 / 11       |
| untouched | submitted the release as it came                           | 0 / 11        |
| alice     | right by other routes; scratch cells, prints, a warning,   | 11 / 11       |
|           | saved under another kernel name                            |               |
| bob       | gave Keras the lecture's W instead of its transpose        | 9 / 11        |
| carol     | a typo makes forward() crash; the lecture task fails too   | 8 / 11        |
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from autograder.authoring.notebooks import code, find_cell, read, replace_source, write

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "01_define_network"
NOTEBOOK = "define_network.ipynb"
SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*(\n|\Z)", re.MULTILINE)

ALICE = {
    "activations": '''
import warnings


def sigmoid(z):
    # tanh form of the logistic function: no overflow warning for large negative z
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def relu(z):
    z = np.asarray(z, dtype=float)
    warnings.warn("relu: I still want to try leaky ReLU", UserWarning)
    return z * (z > 0)
''',
    "dense": '''
def dense_layer(x, W, b):
    print("debug: x", np.shape(x), "W", np.shape(W))
    return sigmoid(np.einsum("sn,mn->sm", x, W) + b)
''',
    "forward": '''
from functools import reduce


def forward(x, weights, biases):
    return reduce(lambda a, layer: dense_layer(a, *layer), zip(weights, biases), np.asarray(x, dtype=float))
''',
    "lecture": '''
inputs = np.array([[1, -1], [0, 0]], dtype=float)
lecture_outputs = forward(inputs, LECTURE_WEIGHTS, LECTURE_BIASES)
print(lecture_outputs)
''',
    "keras_network": '''
def build_keras_network():
    inputs = keras.Input(shape=(2,))
    h = inputs
    for W, b in zip(LECTURE_WEIGHTS, LECTURE_BIASES):
        h = keras.layers.Dense(
            2, activation="sigmoid",
            kernel_initializer=keras.initializers.Constant(W.T),
            bias_initializer=keras.initializers.Constant(b),
        )(h)
    return keras.Model(inputs, h)
''',
    "params": '''
def count_dense_params(layer_sizes):
    total = 0
    for i in range(len(layer_sizes) - 1):
        total += (layer_sizes[i] + 1) * layer_sizes[i + 1]
    return total


def build_digits_classifier():
    inputs = keras.Input((64,))
    x = keras.layers.Dense(128, activation="tanh")(inputs)
    x = keras.layers.Dense(64, activation="relu")(x)
    return keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))
''',
}

BOB_KERAS = '''
def build_keras_network():
    model = keras.Sequential([keras.Input((2,))] + [keras.layers.Dense(2, activation="sigmoid") for _ in range(3)])
    for layer, W, b in zip(model.layers, LECTURE_WEIGHTS, LECTURE_BIASES):
        layer.set_weights([W, b])  # the lecture's W as it is: not transposed
    return model
'''

CAROL_FORWARD = '''
def forward(x, weights, biases):
    a = x
    for W, b in zip(weigths, biases):
        a = dense_layer(a, W, b)
    return a
'''


def reference_answers(source_nb) -> dict[str, str]:
    """The reference solution's answer cells, without nbgrader's solution markers."""
    answers = {}
    for cell in source_nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            answers[meta["grade_id"]] = SOLUTION_MARKERS.sub("", cell.source)
    return answers


def answered(release_nb, answers: dict[str, str]):
    nb = release_nb
    for cell_grade_id, source in answers.items():
        nb = replace_source(nb, cell_grade_id, source)
    return nb


def main() -> None:
    release_nb = read(ROOT / "exercises" / ASSIGNMENT / NOTEBOOK)
    reference = answered(release_nb, reference_answers(read(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK)))

    alice = answered(reference, ALICE)
    alice.cells.insert(3, code("# scratch: trying things out\nprint(np.__version__)\nx_try = np.linspace(-3, 3, 5)"))
    alice.metadata["kernelspec"] = {"name": "conda-env-dl-py", "display_name": "Python [conda env:dl]", "language": "python"}
    find_cell(alice, "activations")  # the scratch cell must not have displaced an answer

    students = {
        "reference": reference,
        "untouched": release_nb,
        "alice": alice,
        "bob": answered(reference, {"keras_network": BOB_KERAS}),
        "carol": answered(reference, {"forward": CAROL_FORWARD}),
    }
    out = ROOT / "examples" / "submissions"
    if out.exists():
        shutil.rmtree(out)
    for student, nb in students.items():
        write(nb, out / student / ASSIGNMENT / NOTEBOOK)
    print(f"wrote {len(students)} submissions to {out}")


if __name__ == "__main__":
    main()
