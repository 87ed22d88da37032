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
        "sigmoid(z) = 1 / (1 + exp(-z)); mind the minus sign, and use np.exp so arrays work element by "
        "element.",
    ),
    ArrayCheck(
        "01.relu", "relu(z)",
        "relu(z) is z where z > 0 and 0 elsewhere; np.maximum(z, 0) works on arrays of any shape.",
    ),
    SourceCheck(
        "01.elementwise", "sigmoid(z) and relu(z) without Python loops",
        "NumPy's functions (np.exp, np.maximum) and operators already work element by element on arrays "
        "of any shape; a loop over the elements gives the same numbers far more slowly.",
        rule="no_loops",
    ),
    ArrayCheck(
        "01.dense_layer", "dense_layer(x, W, b)",
        "Rows of x are samples and row i of W holds the weights into neuron i, so the weighted sums of a "
        "batch are x @ W.T + b (shape: samples x neurons); then apply sigmoid.",
    ),
    SourceCheck(
        "01.dense_vectorized", "dense_layer(x, W, b) without Python loops",
        "One matrix product computes every neuron for every sample at once: x @ W.T + b. Loops over "
        "samples or neurons give the same numbers, but thousands of times slower on real batches.",
        rule="no_loops",
    ),
    ArrayCheck(
        "01.forward", "forward(x, weights, biases)",
        "Feed the output of each layer into the next: start with a = x, then a = dense_layer(a, W, b) for "
        "each (W, b) pair in order, and return the last a.",
    ),
    ArrayCheck(
        "01.lecture_outputs", "lecture_outputs",
        "Stack the two inputs as rows, x = np.array([[1, -1], [0, 0]]), and run forward with the "
        "lecture's three weight matrices and bias vectors.",
        value=True,
    ),
    ModelCheck(
        "01.keras_network", "build_keras_network()",
        "A Dense kernel has shape (inputs, units), the transpose of the lecture's W: use "
        "layer.set_weights([W.T, b]); every layer needs activation='sigmoid'.",
    ),
    Check(
        "01.count_params", "count_dense_params(layer_sizes)",
        "A Dense layer from n inputs to m units has n * m weights plus m biases; add this up over each "
        "pair of neighbouring sizes.",
    ),
    ModelCheck(
        "01.digits_model", "build_digits_classifier()",
        "Start with keras.Input((64,)) (8 x 8 pixels), put at least one hidden Dense layer in between, "
        "and end with a 10-unit softmax layer: one probability per digit, each row summing to 1.",
    ),
]
