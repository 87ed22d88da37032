"""Checks of assignment 03, "Step 3: pick the best function" (gradient descent, backpropagation, optimizers).

Tolerance: the reference computes in float64 with NumPy, as the students do. Correct variants stay
close: Keras's form of Adam (epsilon added to sqrt(v) before the bias correction) differs from the
textbook form by at most 5.6e-7 on the graded cases. Every mutant in
tests/autograder/test_assignment03_checks.py (a sign error in the update, a one-sided difference, a
gradient summed instead of averaged, a transposed weight gradient, no bias correction, no sigmoid
derivative) is off by more than 1e-4 there. ATOL = 1e-5 leaves a factor of 10 on both sides.

The training check ``03.digits_training`` is judged by the model judge; its threshold (median test
accuracy of 3 grader runs >= 0.95, as the issue asks) was measured in docs/validity.md.
"""

from autograder.checks.kinds import ArrayCheck, PartsCheck, SourceCheck, TrainingCheck

CHECKS = [
    ArrayCheck(
        "03.gradient_descent", "gradient_descent(grad, x0, learning_rate, steps)",
        "Each step moves against the gradient: x = x - learning_rate * grad(x). Return every position, x0 "
        "included: an array of shape (steps + 1, dimensions).",
    ),
    PartsCheck(
        "03.backprop", "backprop(x, y, weights, biases)",
        "Forward: keep every layer's output a. Backward: start with dL/da2 = 2 (a2 - y) / a2.size, "
        "multiply by the sigmoid's derivative a (1 - a) to get delta, then dW = delta.T @ a_prev (same "
        "shape as W), db = delta.sum(axis=0), and pass delta @ W back to the layer before.",
        names=('dW1', 'db1', 'dW2', 'db2'),
    ),
    ArrayCheck(
        "03.numerical_gradient", "numerical_gradient(f, w, eps)",
        "Nudge one entry at a time both ways and divide the change of f by the distance between the two "
        "points (a central difference); put each entry back before the next, and work on a copy so the "
        "caller's w is never changed.",
        keeps_inputs=True, names=('f', 'w', 'eps'),
    ),
    PartsCheck(
        "03.sgd_training", "train_linear_sgd(x, y, learning_rate, epochs, batch_size, seed)",
        "Once per epoch, order = rng.permutation(len(x)) with rng = np.random.default_rng(seed) made once "
        "before the loop; for each batch, average the gradient over the batch (divide by the batch's "
        "length), then step against it: w -= learning_rate * grad_w.",
        names=('w', 'b'),
    ),
    ArrayCheck(
        "03.momentum", "sgd_momentum(grad, w0, learning_rate, momentum, steps)",
        "Keep a velocity v (start at 0): v = momentum * v - learning_rate * grad(w), then w = w + v. The "
        "velocity carries on from step to step; do not reset it.",
    ),
    ArrayCheck(
        "03.adam", "adam(grad, w0, learning_rate, beta_1, beta_2, epsilon, steps)",
        "Count steps from t = 1. m = beta_1 m + (1 - beta_1) g, v = beta_2 v + (1 - beta_2) g**2; correct "
        "the bias of both, m / (1 - beta_1**t) and v / (1 - beta_2**t), before the step w -= "
        "learning_rate * m_hat / (sqrt(v_hat) + epsilon).",
    ),
    SourceCheck(
        "03.numpy_only", "the function, written with NumPy only",
        "Tasks 1 to 5 are about the arithmetic itself: write it with NumPy arrays and operations, without "
        "Keras, TensorFlow, autodiff (course.gradients) or SciPy doing the work.",
        rule="numpy_only",
    ),
    TrainingCheck(
        "03.digits_training", "build_digits_model() trained with TRAINING",
        "Give the network enough capacity (e.g. one or two hidden ReLU layers of 64-128 units), end with "
        "a 10-unit softmax, and pick settings that converge: e.g. Adam with a learning rate near 1e-3 for "
        "20-40 epochs with batches of 32. A learning rate near 1 or a single epoch will not do.",
    ),
]
