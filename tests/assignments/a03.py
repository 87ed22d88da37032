"""Assignment 03's test data (the format: tests/assignments/__init__.py)."""

from __future__ import annotations

from tests.mutation import Assignment

ASSIGNMENT = Assignment("03_optimization", "optimization.ipynb", demos=False)  # its demos train models

MUTANTS = {
    "gradient ascent (sign error in the update)": (
        "gradient_descent", "x = x - learning_rate", "x = x + learning_rate", {"test_gradient_descent"}),
    "backprop without the sigmoid's derivative": (
        "backprop", "/ a2.size * a2 * (1 - a2)", "/ a2.size", {"test_backprop"}),
    "backprop with a transposed weight gradient": (
        "backprop", "dW2, db2 = delta2.T @ a1,", "dW2, db2 = (delta2.T @ a1).T,", {"test_backprop"}),
    "backprop forgetting the mean's 1/N": (
        "backprop", "2 * (a2 - y) / a2.size", "2 * (a2 - y)", {"test_backprop"}),
    "one-sided finite difference": (
        "numerical_gradient", "w[i] = old - eps\n        down = f(w)\n        w[i] = old\n        grad[i] = (up - down) / (2 * eps)",
        "w[i] = old\n        down = f(w)\n        grad[i] = (up - down) / eps", {"test_numerical_gradient"}),
    "finite difference that never restores w": (
        "numerical_gradient", "        w[i] = old\n        grad[i]", "        grad[i]", {"test_numerical_gradient"}),
    "SGD gradient summed, not averaged over the batch": (
        "train_linear_sgd", "@ error / len(batch)", "@ error", {"test_sgd_training"}),
    "SGD without shuffling": (
        "train_linear_sgd", "order = rng.permutation(len(x))", "order = np.arange(len(x))", {"test_sgd_training"}),
    "momentum that forgets its velocity": (
        "optimizers", "velocity = momentum * velocity - learning_rate", "velocity = - learning_rate", {"test_momentum"}),
    "Adam without bias correction": (
        "optimizers", "m_hat, v_hat = m / (1 - beta_1 ** t), v / (1 - beta_2 ** t)", "m_hat, v_hat = m, v", {"test_adam"}),
    "gradient descent that keeps appending the same array": (
        "gradient_descent", "x = x - learning_rate * np.asarray(grad(x), dtype=float)\n        path.append(x.copy())",
        "x -= learning_rate * np.asarray(grad(x), dtype=float)\n        path.append(x)", {"test_gradient_descent"}),
    "backprop left to autodiff (course.gradients)": (
        "backprop", "    a1 = sigmoid(x @ W1.T + b1)\n    a2 = sigmoid(a1 @ W2.T + b2)\n"
        "    delta2 = 2 * (a2 - y) / a2.size * a2 * (1 - a2)\n    dW2, db2 = delta2.T @ a1, delta2.sum(axis=0)\n"
        "    delta1 = (delta2 @ W2) * a1 * (1 - a1)\n    dW1, db1 = delta1.T @ x, delta1.sum(axis=0)\n"
        "    return [dW1, db1, dW2, db2]",
        "    def loss(W1, b1, W2, b2):\n        a1 = keras.ops.sigmoid(keras.ops.matmul(x, keras.ops.transpose(W1)) + b1)\n"
        "        a2 = keras.ops.sigmoid(keras.ops.matmul(a1, keras.ops.transpose(W2)) + b2)\n"
        "        return keras.ops.mean((a2 - y) ** 2)\n"
        "    return [np.asarray(g, dtype=float) for g in course.gradients(loss, [W1, b1, W2, b2])]",
        {"test_backprop"}),
    "Adam in Keras's form (epsilon before the bias correction)": (
        "optimizers",
        "        m_hat, v_hat = m / (1 - beta_1 ** t), v / (1 - beta_2 ** t)\n"
        "        w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)\n",
        "        alpha = learning_rate * np.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)\n"
        "        w = w - alpha * m / (np.sqrt(v) + epsilon)\n", set()),
    "finite differences on the caller's w, never put back": (
        "numerical_gradient", "    w = np.array(w, dtype=float)\n    grad = np.zeros_like(w)\n    for i in np.ndindex(w.shape):\n"
        "        old = w[i]\n        w[i] = old + eps\n        up = f(w)\n        w[i] = old - eps\n        down = f(w)\n        w[i] = old\n",
        "    grad = np.zeros_like(w, dtype=float)\n    for i in np.ndindex(w.shape):\n"
        "        old = w[i]\n        w[i] = old + eps\n        up = f(w)\n        w[i] = old - eps\n        down = f(w)\n",
        {"test_numerical_gradient"}),
}

# Training mistakes (and right answers by other routes, which break nothing): judged by the model
# judge, so they are graded through the real grader only.
TRAINING_MUTANTS = {
    "learning rate far too high": (
        "digits_model", '{"optimizer": "adam", "learning_rate": 2e-3', '{"optimizer": "sgd", "learning_rate": 8.0',
        {"test_digits_training"}),
    "a single epoch of plain SGD": (
        "digits_model", '{"optimizer": "adam", "learning_rate": 2e-3, "epochs": 30',
        '{"optimizer": "sgd", "learning_rate": 1e-2, "epochs": 1', {"test_digits_training"}),
    "sigmoid outputs instead of softmax (refused before training)": (
        "digits_model", 'keras.layers.Dense(10, activation="softmax")', 'keras.layers.Dense(10, activation="sigmoid")',
        {"test_digits_training"}),
    # Right answers by other routes: full marks.
    "the functional API with a separate Softmax layer": (
        "digits_model", 'return keras.Sequential([\n        keras.Input((64,)),\n        keras.layers.Dense(128, activation="relu"),\n'
        '        keras.layers.Dense(10, activation="softmax"),\n    ])',
        'inputs = keras.Input((64,))\n    hidden = keras.layers.Dense(128, activation="relu")(inputs)\n'
        '    return keras.Model(inputs, keras.layers.Softmax()(keras.layers.Dense(10)(hidden)))', set()),
}

# Training mutants that break a rule the task states: refused before any training.
REFUSED_BEFORE_TRAINING = {"sigmoid outputs instead of softmax (refused before training)"}

# Graded through the real grader as well (every mutant is checked in process; the trained
# training mutants always are).
THROUGH_THE_GRADER = {"backprop left to autodiff (course.gradients)", "finite differences on the caller's w, never put back", "sigmoid outputs instead of softmax (refused before training)"}
