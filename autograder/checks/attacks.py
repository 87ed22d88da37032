"""Attack checks: the student's attack runs on the grader's target, and only the images it makes come back.

A case's argument is the attack problem, plain data: which held-out digits (``n``, ``seed``), the
budget ``eps`` and, for an iterative attack, ``steps`` and ``step_size``. Next to the student's code
(:func:`capture_attack`) the target is built in Keras from the shipped weights
(:func:`course.target.target_model`) and the attack is called on it; what crosses the boundary is
the perturbed images, as numbers. The trusted side (:func:`compare_attack`) draws the same digits
from its own copy of the pool, checks that every image is still an image (pixels in [0, 1]) inside
the budget (no pixel moved more than ``eps``), and measures the accuracy of its own copy of the
target (:mod:`autograder.model_judge.attack_target`) on them. The rules, in the expected dict:

* ``max_accuracy``: the target's accuracy on the attacked images is at most this;
* ``below_fgsm``: it is at least this much below the accuracy after the grader's own FGSM on the
  same images with the same ``eps`` (an iterative attack must do better than one step).

Example:
    >>> from autograder.model_judge.attack_target import fgsm, images
    >>> problem = {"n": 200, "seed": 3, "eps": 0.1}
    >>> x, y = images(n=200, seed=3)
    >>> compare_attack({"x_adv": fgsm(x, y, eps=0.1).tolist()}, problem | {"max_accuracy": 0.6}).passed
    True
    >>> compare_attack({"x_adv": (x + 0.2).tolist()}, problem | {"max_accuracy": 0.6}).got
    'pixels up to 1.2; the largest change 0.2'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checks.student_code import Captured, call_captured
from autograder.checks.values import Outcome

PROBLEM_KEYS = ("n", "seed", "eps", "steps", "step_size")
TOLERANCE = 1e-5  # float32 pixels: x + eps - x is eps within a few 1e-8; anything past this moved too far


def capture_attack(answer: Any, args: tuple) -> Captured:
    """Run the student's attack on the target and the problem's digits (next to the student's code).

    The attack is called as ``answer(model, x, y, eps)``, or ``answer(model, x, y, eps, steps,
    step_size)`` when the problem has steps; the value is ``{"x_adv": the images as lists}``.
    """
    if not callable(answer):
        return Captured(error=f"expected a function; got a {type(answer).__name__}")
    if len(args) != 1 or type(args[0]) is not dict:
        return Captured(error="an attack check's case is one dict: the attack problem")
    problem = args[0]
    from course.target import target_images, target_model

    x, y = target_images(n=problem["n"], seed=problem["seed"])
    extra = (problem["steps"], problem["step_size"]) if "steps" in problem else ()
    captured = call_captured(answer, target_model(), x, y, problem["eps"], *extra)
    if captured.error:
        return captured
    return Captured(value={"x_adv": captured.value}, noise=captured.noise)


def compare_attack(got: Any, expected: dict) -> Outcome | None:
    """The verdict on an attack's images, on the trusted side (see the module's rules)."""
    from autograder.model_judge.attack_target import accuracy, fgsm, images

    n, eps = expected["n"], expected["eps"]
    x, y = images(n=n, seed=expected["seed"])
    budget = f"{n} images of 64 pixels, each pixel in [0, 1] and within eps = {eps:g} of the original"
    adv = _numbers(got.get("x_adv") if type(got) is dict else None)
    if adv is None or adv.shape != x.shape:
        shape = "something that is not an array of numbers" if adv is None else f"an array of shape {adv.shape}"
        return Outcome.mismatch(expected=f"the perturbed images, shape {x.shape}", got=shape,
                                hint="Return the images themselves, perturbed, one row per input image, in the order they came.")
    if not np.all(np.isfinite(adv)):
        return Outcome.mismatch(expected=budget, got=f"{int(np.sum(~np.isfinite(adv)))} values that are NaN or infinite",
                                hint="A division by a gradient that can be zero, or a loss of log(0), gives NaN: the sign "
                                     "of the gradient needs neither.")
    change = float(np.max(np.abs(adv - x)))
    if adv.min() < -TOLERANCE or adv.max() > 1 + TOLERANCE:
        return Outcome.mismatch(expected=budget, got=f"pixels from {adv.min():.3g} to {adv.max():.3g}; the largest change {change:.3g}"
                                if adv.min() < -TOLERANCE else f"pixels up to {adv.max():.3g}; the largest change {change:.3g}",
                                hint="An adversarial example must still be an image: after each step, clip the pixels "
                                     "back into [0, 1], the range the network was trained on.")
    if change > eps + TOLERANCE:
        return Outcome.mismatch(expected=budget, got=f"a pixel moved by {change:.3g}",
                                hint="The budget bounds every pixel's change (the L-infinity norm): after each step, clip "
                                     "the images back into the box from x - eps to x + eps around the originals.")
    clean, attacked = accuracy(x, y), accuracy(adv, y)
    measured = f"the target's accuracy {clean:.3f} before, {attacked:.3f} after (eps {eps:g}, {n} held-out digits)"
    judged = {"clean_accuracy": clean, "attacked_accuracy": attacked, "largest_change": change}
    if "max_accuracy" in expected and not attacked <= expected["max_accuracy"]:
        return Outcome.mismatch(expected=f"the target's accuracy on the attacked images at most {expected['max_accuracy']:g}",
                                got=measured, judged=judged)
    if "below_fgsm" in expected:
        one_step = accuracy(fgsm(x, y, eps=eps), y)
        judged["fgsm_accuracy"] = one_step
        measured += f"; one FGSM step leaves {one_step:.3f}"
        if not attacked <= one_step - expected["below_fgsm"]:
            return Outcome.mismatch(expected=f"an accuracy at least {expected['below_fgsm']:g} below what one FGSM step "
                                             f"leaves on the same images ({one_step:.3f})", got=measured, judged=judged)
    return Outcome.measured(got=measured, judged=judged)


def _numbers(value: Any) -> np.ndarray | None:
    try:
        array = np.asarray(value, dtype="float64")
    except (TypeError, ValueError):
        return None
    return array
