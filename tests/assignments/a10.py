"""Assignment 10's test data (the format: tests/assignments/__init__.py)."""

from __future__ import annotations

from tests.mutation import Assignment

ASSIGNMENT = Assignment("10_adversarial", "adversarial.ipynb", demos=False)  # its demo attacks at seven budgets

FGSM_STEP = "np.clip(x + eps * np.sign(gradient), 0.0, 1.0)"
PGD_STEP = "x_adv = x_adv + step_size * np.sign(gradient)"

MUTANTS = {
    # Task 1: FGSM.
    "the sign forgotten (the raw gradient times eps)": ("fgsm", FGSM_STEP, "np.clip(x + eps * gradient, 0.0, 1.0)", {"test_fgsm"}),
    "the gradient scaled to eps (no sign)": (
        "fgsm", FGSM_STEP, "np.clip(x + eps * gradient / (np.abs(gradient).max(axis=1, keepdims=True) + 1e-12), 0.0, 1.0)",
        {"test_fgsm"}),
    "down the gradient (the loss falls)": ("fgsm", FGSM_STEP, "np.clip(x - eps * np.sign(gradient), 0.0, 1.0)", {"test_fgsm"}),
    "random signs (noise of the same size)": (
        "fgsm", FGSM_STEP, "np.clip(x + eps * np.sign(np.random.default_rng(0).normal(size=x.shape)), 0.0, 1.0)",
        {"test_fgsm"}),
    "not clipped to [0, 1]": ("fgsm", FGSM_STEP, "x + eps * np.sign(gradient)", {"test_fgsm"}),
    "twice the budget": ("fgsm", FGSM_STEP, "np.clip(x + 2 * eps * np.sign(gradient), 0.0, 1.0)", {"test_fgsm"}),
    "one direction for every image (from the weights, not each image's gradient)": (
        "fgsm", "(gradient,) = course.gradients(loss, [x])",
        "gradient = np.tile(np.sign(model.get_weights()[0].sum(axis=1)), (len(x), 1))", {"test_fgsm"}),
    # Hostile answers: what comes back is checked, and measured on the grader's own copy of the target.
    "the sandbox's model zeroed, the images returned unchanged (a forged model)": (
        "fgsm", f"return {FGSM_STEP}", "model.set_weights([w * 0 for w in model.get_weights()])\n    return x", {"test_fgsm"}),
    "NaN images": ("fgsm", f"return {FGSM_STEP}", "return np.full(x.shape, np.nan)", {"test_fgsm"}),
    "the images flattened into one row": ("fgsm", f"return {FGSM_STEP}", f"return {FGSM_STEP}.ravel()", {"test_fgsm"}),
    "the inverted images (far outside the budget)": ("fgsm", f"return {FGSM_STEP}", "return 1.0 - x", {"test_fgsm"}),
    "a string returned": ("fgsm", f"return {FGSM_STEP}", 'return "adversarial"', {"test_fgsm"}),
    "a list of lists returned (right)": ("fgsm", FGSM_STEP, "np.clip(x + eps * np.sign(gradient), 0.0, 1.0).tolist()", set()),
    "the mean loss instead of the sum (right: the same signs)": (
        "fgsm", "return keras.ops.sum(keras.losses", "return keras.ops.mean(keras.losses", set()),
    "keras.ops.sign on the gradient (right)": (
        "fgsm", FGSM_STEP, "np.clip(x + eps * keras.ops.convert_to_numpy(keras.ops.sign(gradient)), 0.0, 1.0)", set()),
    # Task 2: PGD.
    "no projection into the budget": ("pgd", "        x_adv = np.clip(x_adv, x - eps, x + eps)\n", "", {"test_pgd"}),
    "the gradient taken once, at the start": (
        "pgd", "    for _ in range(steps):\n        (gradient,) = course.gradients(loss, [x_adv])\n",
        "    (gradient,) = course.gradients(loss, [x_adv])\n    for _ in range(steps):\n", {"test_pgd"}),
    "one step only": ("pgd", "for _ in range(steps):", "for _ in range(1):", {"test_pgd"}),
    "the raw gradient at each step": ("pgd", PGD_STEP, "x_adv = x_adv + step_size * gradient", {"test_pgd"}),
    "projected around the last step, not the original": (
        "pgd", "        x_adv = np.clip(x_adv, x - eps, x + eps)\n",
        "        x_adv = np.clip(x_adv, previous - eps, x + eps)\n", {"test_pgd"},
        ("        x_adv = x_adv + step_size", "        previous = x_adv\n        x_adv = x_adv + step_size")),
    "the pixels not kept in [0, 1]": ("pgd", "        x_adv = np.clip(x_adv, 0.0, 1.0)\n", "", {"test_pgd"}),
    "FGSM returned (eps in one step)": ("pgd", "    return x_adv", "    return fgsm(model, x, y, eps)", {"test_pgd"}),
    "steps of eps each (right: the projection keeps them inside)": ("pgd", PGD_STEP, "x_adv = x_adv + eps * np.sign(gradient)", set()),
    # Task 3: the linear bound.
    "one pixel's change": ("linear", "largest_change = 0.1 * 64 * 0.5", "largest_change = 0.1 * 0.5", {"test_linear"}),
    "the weights' size left out": ("linear", "largest_change = 0.1 * 64 * 0.5", "largest_change = 0.1 * 64", {"test_linear"}),
    "the L2 bound": ("linear", "largest_change = 0.1 * 64 * 0.5", "largest_change = 0.1 * (64 * 0.5 ** 2) ** 0.5 * 64 ** 0.5 / 8",
                     {"test_linear"}),
    "written as a sum (right)": ("linear", "largest_change = 0.1 * 64 * 0.5", "largest_change = sum(0.1 * 0.5 for _ in range(64))",
                                 set()),
}

ADVERSARIAL = ',\n                   "adversarial": {"epsilon": 0.1}}'
TRAINING_MUTANTS = {
    "no adversarial training": ("robust", ADVERSARIAL, "}", {"test_robust"}),
    "adversarial training at eps 0 (clean copies)": ("robust", '"epsilon": 0.1', '"epsilon": 0.0', {"test_robust"}),
    "a wider network (refused before training)": ("robust", "keras.layers.Dense(64,", "keras.layers.Dense(256,", {"test_robust"}),
    "an L2 penalty as well (refused before training)": (
        "robust", 'keras.layers.Dense(64, activation="relu")',
        'keras.layers.Dense(64, activation="relu", kernel_regularizer=keras.regularizers.L2(0.01))', {"test_robust"}),
    "early stopping beside adversarial training (refused before training)": (
        "robust", ADVERSARIAL, ',\n                   "adversarial": {"epsilon": 0.1}, "early_stopping": {"patience": 3}}',
        {"test_robust"}),
    # A right answer by another route: full marks.
    "FGSM training at eps 0.15": ("robust", '"epsilon": 0.1', '"epsilon": 0.15', set()),
}
REFUSED_BEFORE_TRAINING = {"a wider network (refused before training)", "an L2 penalty as well (refused before training)",
                           "early stopping beside adversarial training (refused before training)"}

# The hostile answers (a forged model, NaNs, a wrong shape, a perturbation outside the bound) go through the sandbox;
# the other mutants meet the same trusted comparison in process.
THROUGH_THE_GRADER = {"the sandbox's model zeroed, the images returned unchanged (a forged model)", "NaN images",
                      "the images flattened into one row", "the inverted images (far outside the budget)"}
