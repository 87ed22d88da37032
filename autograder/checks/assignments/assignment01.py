"""Checks of assignment 01, "Step 1: define the network".

Tolerances: the reference computes in float64 with NumPy, Keras in float32. Measured on the
lecture network over 1,000 random inputs (N(0, 9)): the largest difference between the Keras
float32 and the NumPy float64 outputs was 1.7e-7, while the untransposed-kernel mistake moved every
one of those 1,000 outputs by at least 2.9e-3. ATOL = 1e-5 sits between the two with a wide
margin on both sides; every mutant in tests/autograder/test_assignment01_checks.py fails at it.
"""

from autograder.checks.kinds import ArrayCheck, Check, ModelCheck, SourceCheck

CHECKS = [
    ArrayCheck(
        "01.sigmoid", "sigmoid(z)",
        "The sigmoid squashes any number into (0, 1) and gives 0.5 at 0; check the sign inside the "
        "exponential, and use NumPy's functions so that whole arrays go through at once.",
    ),
    ArrayCheck(
        "01.relu", "relu(z)",
        "ReLU keeps positive numbers as they are and turns negative ones into 0, entry by entry, whatever "
        "the array's shape: no upper limit, and the result has the input's shape (it is not one number).",
    ),
    SourceCheck(
        "01.elementwise", "sigmoid(z) and relu(z) without Python loops",
        "NumPy's functions and operators already work element by element on arrays of any shape; a loop "
        "over the elements gives the same numbers far more slowly.",
        rule="no_loops",
    ),
    ArrayCheck(
        "01.dense_layer", "dense_layer(x, W, b)",
        "Each neuron takes a weighted sum of one sample's inputs plus its bias, then the sigmoid. Row i "
        "of W belongs to neuron i and row s of x to sample s: work out which product of x and W gives a "
        "table of weighted sums with one row per sample and one column per neuron.",
    ),
    SourceCheck(
        "01.dense_vectorized", "dense_layer(x, W, b) without Python loops",
        "One matrix product computes every weighted sum of every sample at once; loops over samples or "
        "neurons give the same numbers, thousands of times slower on real batches.",
        rule="no_loops",
    ),
    ArrayCheck(
        "01.forward", "forward(x, weights, biases)",
        "A network is its layers applied one after the other: each layer's output is the next layer's "
        "input, in the order the lists give them, and the last layer's output is the network's.",
    ),
    ArrayCheck(
        "01.lecture_outputs", "lecture_outputs",
        "The lecture's network applied to both inputs: a batch holds one input per row, so the outputs "
        "come back one row per input (2 x 2).",
        value=True,
    ),
    ModelCheck(
        "01.keras_network", "build_keras_network()",
        "A Keras Dense layer stores its kernel as (inputs, units): the other way round from the lecture's "
        "W, which has one row per neuron. Every layer of the lecture's network is a sigmoid layer.",
    ),
    Check(
        "01.count_params", "count_dense_params(layer_sizes)",
        "Between two neighbouring layers every input connects to every unit, and each unit has one bias: "
        "count both for each pair of neighbouring sizes, and add them up.",
    ),
    ModelCheck(
        "01.digits_model", "build_digits_classifier()",
        "8 x 8 pixels make 64 inputs; at least one hidden layer sits between them and the output; the "
        "output gives one probability per digit, so its 10 values are non-negative and sum to 1, which is "
        "what softmax does.",
    ),
]
