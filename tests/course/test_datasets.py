import numpy as np
import pytest

from course import load_digits


def test_load_digits_shapes_and_range():
    (x_train, y_train), (x_test, y_test) = load_digits(test_size=0.25, seed=3)
    assert x_train.shape == (1347, 64) and x_test.shape == (450, 64)
    assert x_train.dtype == np.float32
    assert 0.0 <= x_train.min() and x_train.max() <= 1.0
    assert set(np.unique(y_train)) == set(range(10))


def test_load_digits_same_seed_same_split_other_seed_other_split():
    (a, _), _ = load_digits(seed=1)
    (b, _), _ = load_digits(seed=1)
    (c, _), _ = load_digits(seed=2)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_load_digits_is_stratified():
    (_, y_train), (_, y_test) = load_digits(seed=0)
    train_share = np.bincount(y_train) / len(y_train)
    test_share = np.bincount(y_test) / len(y_test)
    assert np.abs(train_share - test_share).max() < 0.01


def test_load_digits_images():
    (x_train, _), _ = load_digits(flatten=False)
    assert x_train.shape[1:] == (8, 8)


def test_load_digits_rejects_bad_test_size():
    with pytest.raises(ValueError, match="test_size must be between 0 and 1; got 1.5"):
        load_digits(test_size=1.5)


def test_shifted_digits_move_every_image_by_at_most_the_shift():
    import numpy as np

    from course import shift_digits

    images = np.zeros((200, 8, 8))
    images[:, 3:5, 3:5] = 1.0  # a blob in the middle: no ink falls off the edge
    moved = shift_digits(images, max_shift=2, seed=1)
    assert moved.shape == images.shape
    offsets = set()
    for index in range(len(images)):
        ys, xs = np.nonzero(moved[index])
        dy, dx = int(ys.min()) - 3, int(xs.min()) - 3
        assert np.array_equal(moved[index], np.roll(images[index], (dy, dx), axis=(0, 1)))
        offsets.add((dy, dx))
    assert (0, 0) not in offsets and max(max(abs(a), abs(b)) for a, b in offsets) == 2
    assert len(offsets) == 24  # every other shift within 2 pixels occurs
    assert np.array_equal(shift_digits(images.reshape(200, 64), max_shift=2, seed=1), moved.reshape(200, 64))


def test_marked_sequences_label_the_marked_symbol_and_keep_the_gap():
    import numpy as np

    from course import make_marked_sequences

    x, y = make_marked_sequences(3000, length=12, symbols=3, min_gap=8, seed=2)
    assert x.shape == (3000, 12, 4) and x.dtype == np.float32
    assert np.array_equal(x[:, :, :3].sum(axis=2), np.ones((3000, 12)))  # one symbol per step
    marked = x[:, :, 3].argmax(axis=1)
    assert np.array_equal(x[:, :, 3].sum(axis=1), np.ones(3000))  # one marker per sequence
    assert set(marked.tolist()) == {0, 1, 2, 3}  # at least 8 steps follow the marked one, every such place used
    assert np.array_equal(x[np.arange(3000), marked, :3].argmax(axis=1), y)
    assert sorted(set(y.tolist())) == [0, 1, 2]
    anywhere = make_marked_sequences(3000, length=12, symbols=3, seed=2)[0][:, :, 3].argmax(axis=1)
    assert set(anywhere.tolist()) == set(range(12))
    again = make_marked_sequences(3000, length=12, symbols=3, min_gap=8, seed=2)
    assert np.array_equal(again[0], x) and np.array_equal(again[1], y)
