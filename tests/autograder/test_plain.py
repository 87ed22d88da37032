import math

import numpy as np
import pytest

from autograder.checks.plain import NotPlainData, has_non_finite, to_plain


@pytest.mark.parametrize(
    "value, plain",
    [
        (3, 3),
        (2.5, 2.5),
        ("relu", "relu"),
        (None, None),
        (np.float32(0.5), 0.5),
        (np.int64(7), 7),
        ((1, [2.0, 3]), [1, [2.0, 3]]),
        (np.array([[1, 2]], dtype="int32"), [[1, 2]]),
        ({"units": np.int64(2)}, {"units": 2}),
    ],
)
def test_to_plain_converts_numbers_and_arrays(value, plain):
    assert to_plain(value) == plain
    assert type(to_plain(value)) is type(plain)


def test_to_plain_reads_keras_tensors():
    import course  # noqa: F401  (quiet keras import)
    import keras

    assert to_plain(keras.ops.ones((1, 2))) == [[1.0, 1.0]]


class AlwaysEqual(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class ArrayLike(np.ndarray):
    pass


@pytest.mark.parametrize(
    "value, message",
    [
        (object(), "got an object of type object"),
        (AlwaysEqual(1.0), "got an object of type AlwaysEqual"),
        (np.array(["a"], dtype=object), "array of dtype object"),
        ({1: 2}, "got an object of type dict"),
        (lambda: 0, "got an object of type function"),
    ],
)
def test_to_plain_rejects_objects_that_could_lie(value, message):
    with pytest.raises(NotPlainData, match=message):
        to_plain(value)


def test_to_plain_rejects_ndarray_subclasses():
    # A subclass could override __eq__ or tolist, so only exact ndarrays are read.
    value = np.zeros(2).view(ArrayLike)
    with pytest.raises(NotPlainData, match="ArrayLike"):
        to_plain(value)


def test_has_non_finite_finds_nan_deep_inside():
    assert has_non_finite([[1.0, math.nan]])
    assert has_non_finite(math.inf)
    assert not has_non_finite([[1.0, 2.0], [3, 4]])
