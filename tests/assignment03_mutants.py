"""Mistakes students make in assignment 03, as edits of the reference answer cells.

Each mutant: (answer cell, text in the reference answer, its replacement, test cells it breaks).
Shared by the fast conformance tests and the test through the real grader.
"""

from __future__ import annotations

from tests.mutation import Assignment

ASSIGNMENT = Assignment("03_optimization", "optimization.ipynb")
SOURCE, RELEASE, REFERENCE, mutated = ASSIGNMENT.source, ASSIGNMENT.release, ASSIGNMENT.reference, ASSIGNMENT.mutated

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
}

# Training mistakes: judged by the model judge, so they are graded through the real grader only.
TRAINING_MUTANTS = {
    "learning rate far too high": (
        "digits_model", '{"optimizer": "adam", "learning_rate": 2e-3', '{"optimizer": "sgd", "learning_rate": 8.0',
        {"test_digits_training"}),
    "a single epoch of plain SGD": (
        "digits_model", '{"optimizer": "adam", "learning_rate": 2e-3, "epochs": 30',
        '{"optimizer": "sgd", "learning_rate": 1e-2, "epochs": 1', {"test_digits_training"}),
}
