"""Plots the lessons share, so each lesson stays about the idea and not about matplotlib."""

from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

ActivationFn = Callable[[np.ndarray], np.ndarray]


def plot_functions(functions: Mapping[str, ActivationFn], *, lo: float = -5.0, hi: float = 5.0, ax=None):
    """Draw each function of one variable on one set of axes.

    Example:
        >>> import numpy as np
        >>> from course.plots import plot_functions
        >>> ax = plot_functions({"tanh": np.tanh})
        >>> ax.get_legend_handles_labels()[1]
        ['tanh']
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    z = np.linspace(lo, hi, 401)
    for name, fn in functions.items():
        ax.plot(z, fn(z), label=name)
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.axvline(0, color="grey", linewidth=0.5)
    ax.set_xlabel("z (weighted sum of inputs plus bias)")
    ax.set_ylabel("activation(z)")
    ax.legend()
    return ax


def show_digits(images: np.ndarray, labels: np.ndarray, *, n: int = 10, ax_row=None):
    """Show the first ``n`` digit images with their labels."""
    import matplotlib.pyplot as plt

    images = np.asarray(images).reshape(-1, 8, 8)
    if ax_row is None:
        _, ax_row = plt.subplots(1, n, figsize=(n * 0.9, 1.3))
    for ax, image, label in zip(ax_row, images[:n], labels[:n]):
        ax.imshow(image, cmap="gray_r")
        ax.set_title(str(label))
        ax.axis("off")
    return ax_row
