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
        "Each step moves from the current point against the gradient there, scaled by the learning rate. "
        "Keep every position, the start included, each as its own copy: one row per position.",
    ),
    PartsCheck(
        "03.backprop", "backprop(x, y, weights, biases)",
        "Go forward keeping every layer's output, then backward with the chain rule: the loss's "
        "derivative times the sigmoid's derivative (written from the sigmoid's own output) gives each "
        "layer's error signal; a weight's gradient pairs that signal with the layer's input, summed over "
        "the samples, and the signal passes back through the same weights. Every gradient has the shape "
        "of what it is the gradient of.",
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
        "One generator for the whole run and a fresh shuffle of the sample order at the start of each "
        "epoch; each batch's gradient is the mean over its own samples (the last batch may be smaller), "
        "and each step goes against it.",
        names=('w', 'b'),
    ),
    ArrayCheck(
        "03.momentum", "sgd_momentum(grad, w0, learning_rate, momentum, steps)",
        "The velocity remembers past steps: it decays by the momentum factor and gains the newest "
        "downhill step, and the position moves by the velocity. It starts at 0 and carries over from step "
        "to step.",
    ),
    ArrayCheck(
        "03.adam", "adam(grad, w0, learning_rate, beta_1, beta_2, epsilon, steps)",
        "Adam keeps running means of the gradient and of its square. Both start at 0, so early on they "
        "are too small: divide each by one minus its decay rate to the power of the step count (steps "
        "counted from 1) before taking the step.",
    ),
    SourceCheck(
        "03.numpy_only", "the function, written with NumPy only",
        "Tasks 1 to 5 are about the arithmetic itself: write it with NumPy arrays and operations, without "
        "Keras, TensorFlow, autodiff (course.gradients) or SciPy doing the work.",
        rule="numpy_only",
    ),
    TrainingCheck(
        "03.digits_training", "build_digits_model() trained with TRAINING",
        "A hidden layer or two of ReLU units gives enough capacity, and a 10-unit softmax gives the "
        "probabilities. Accuracy stuck near 0.1 means a learning rate far too high or training far too "
        "short; Adam near 1e-3 for a few dozen epochs converges.",
    ),
]
