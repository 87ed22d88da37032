"""Gradients by automatic differentiation, whichever backend Keras runs on."""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


def gradients(loss_fn: Callable[..., object], arrays: Sequence[np.ndarray]) -> list[np.ndarray]:
    """The gradient of ``loss_fn(*arrays)`` (a scalar) with respect to each array, by autodiff.

    ``loss_fn`` must compute with ``keras.ops`` (not NumPy) so the backend can trace it. Works with
    the TensorFlow, JAX and PyTorch backends.

    Example:
        >>> import course
        >>> from keras import ops
        >>> [g.tolist() for g in gradients(lambda w: ops.sum(w ** 2), [np.array([1.0, -2.0])])]
        [[2.0, -4.0]]
    """
    import keras

    backend = keras.backend.backend()
    values = [np.asarray(a, dtype="float64") for a in arrays]
    if backend == "tensorflow":
        import tensorflow as tf

        variables = [tf.Variable(v) for v in values]
        with tf.GradientTape() as tape:
            loss = loss_fn(*variables)
        return [np.asarray(g) for g in tape.gradient(loss, variables)]
    if backend == "jax":
        import jax

        jax.config.update("jax_enable_x64", True)
        grads = jax.grad(lambda *a: loss_fn(*a), argnums=tuple(range(len(values))))(*values)
        return [np.asarray(g) for g in grads]
    if backend == "torch":
        import torch

        tensors = [torch.tensor(v, requires_grad=True) for v in values]
        loss_fn(*tensors).backward()
        return [t.grad.numpy() for t in tensors]
    raise NotImplementedError(f"no autodiff helper for the {backend!r} backend")
