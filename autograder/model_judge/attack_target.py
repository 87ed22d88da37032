"""The attack target in NumPy: the digits network every student attacks, the images, and the grader's own FGSM.

Trusted code, and light (NumPy only, no Keras): the grading process measures an attack's images
here, on its own copy of the weights, whatever the sandbox did with its copy. The weights and a
pool of 540 held-out digits ship in ``attack_target.npz`` beside this module (made once by
:func:`course.target.make_target`); :func:`course.target.target_model` is the same network in Keras.

Example:
    >>> x, y = images(n=200, seed=0)
    >>> x.shape, round(accuracy(x, y), 3) > 0.9
    ((200, 64), True)
    >>> attacked = fgsm(x, y, eps=0.1)
    >>> float(np.abs(attacked - x).max()) <= 0.1 + 1e-6, accuracy(attacked, y) < 0.6
    (True, True)
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

TARGET_FILE = Path(__file__).with_name("attack_target.npz")
PIXELS = 64


@functools.cache
def stored() -> dict[str, np.ndarray]:
    """The target's weights (``kernel_1``, ``bias_1``, ``kernel_2``, ``bias_2``) and the pool (``pool_x``, ``pool_y``)."""
    with np.load(TARGET_FILE) as data:
        return {key: data[key] for key in data.files}


def images(*, n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` held-out digits (rows of 64 pixels in [0, 1], float32) and their labels, drawn from the pool with ``seed``."""
    pool_x, pool_y = stored()["pool_x"], stored()["pool_y"]
    if type(n) is not int or not 1 <= n <= len(pool_y):
        raise ValueError(f"n must be a whole number from 1 to {len(pool_y)}; got {n!r}")
    chosen = np.sort(np.random.default_rng(seed).choice(len(pool_y), size=n, replace=False))
    return pool_x[chosen].copy(), pool_y[chosen].copy()


def _forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w = stored()
    z1 = np.asarray(x, dtype="float64") @ w["kernel_1"] + w["bias_1"]
    logits = np.maximum(z1, 0.0) @ w["kernel_2"] + w["bias_2"]
    logits = logits - logits.max(axis=1, keepdims=True)
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return z1, logits, probabilities


def accuracy(x: np.ndarray, y: np.ndarray) -> float:
    """The target's accuracy on ``x``: the share of images whose largest output is their label."""
    return float(np.mean(np.argmax(_forward(x)[2], axis=1) == np.asarray(y)))


def input_gradient(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The gradient of the summed cross-entropy with respect to the pixels, worked out by hand (backpropagation)."""
    w = stored()
    z1, _, probabilities = _forward(x)
    d_logits = probabilities.copy()
    d_logits[np.arange(len(y)), np.asarray(y)] -= 1.0
    d_hidden = (d_logits @ w["kernel_2"].T) * (z1 > 0)
    return d_hidden @ w["kernel_1"].T


def fgsm(x: np.ndarray, y: np.ndarray, *, eps: float) -> np.ndarray:
    """The grader's one signed step of size ``eps`` up the loss, kept inside [0, 1]: what an attack is compared with."""
    return np.clip(np.asarray(x, dtype="float64") + eps * np.sign(input_gradient(x, y)), 0.0, 1.0)
