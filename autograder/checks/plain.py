"""Turn answers into plain data (numbers, strings, nested lists), refusing anything else.

What a check compares must be plain: a student's object could define ``__eq__`` to equal anything
or ``__float__`` to lie, so only built-in scalars, NumPy arrays of numbers and framework tensors are
converted; every other type is refused with a message that names it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

_TENSOR_MODULES = ("tensorflow", "keras", "jax", "jaxlib", "torch")


class NotPlainData(TypeError):
    """An answer that is not a number, a string, an array or a list of those."""


def to_plain(value: Any, *, _depth: int = 0) -> Any:
    """Convert ``value`` to JSON-able data: None, bool, int, float, str, lists and str-keyed dicts.

    Example:
        >>> import numpy as np
        >>> to_plain(np.array([[1, 2], [3, 4]], dtype="float32"))
        [[1.0, 2.0], [3.0, 4.0]]
        >>> to_plain((np.int64(3), 2.5, "relu"))
        [3, 2.5, 'relu']
        >>> to_plain(object())
        Traceback (most recent call last):
        ...
        autograder.checks.plain.NotPlainData: expected numbers, strings or arrays; got an object of type object
    """
    if _depth > 32:
        raise NotPlainData("expected numbers or arrays; got a structure nested more than 32 levels deep")
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if kind is float:
        return value
    if kind in (list, tuple):
        return [to_plain(item, _depth=_depth + 1) for item in value]
    if kind is dict and all(type(key) is str for key in value):
        return {key: to_plain(item, _depth=_depth + 1) for key, item in value.items()}
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        return to_plain(value.item(), _depth=_depth)
    if kind is np.ndarray or kind.__module__.split(".")[0] in _TENSOR_MODULES:
        array = _as_numeric_array(value)
        return array.tolist()
    raise NotPlainData(f"expected numbers, strings or arrays; got an object of type {kind.__name__}")


def _as_numeric_array(value: Any) -> np.ndarray:
    if type(value) is not np.ndarray:
        try:
            import keras

            value = keras.ops.convert_to_numpy(value)
        except Exception as error:  # a tensor type keras cannot read
            raise NotPlainData(f"could not read a {type(value).__name__} as an array: {error}") from None
    if value.dtype.kind not in "biuf":
        raise NotPlainData(f"expected an array of numbers; got an array of dtype {value.dtype}")
    if value.size > 1_000_000:
        raise NotPlainData(f"expected a small array; got {value.size} numbers")
    return value.astype(float) if value.dtype.kind == "f" else value


def has_non_finite(value: Any) -> bool:
    """True where plain data holds NaN or an infinity somewhere."""
    if type(value) is float:
        return not math.isfinite(value)
    if type(value) is list:
        return any(has_non_finite(item) for item in value)
    return False
