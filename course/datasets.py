"""Data that ships with a package or is generated: nothing here downloads.

The handwritten digits come from scikit-learn's bundled copy (1,797 images of 8x8 pixels,
values 0..16), so every lesson and graded exercise works offline.
"""

from __future__ import annotations

DIGITS_PIXELS = 64
DIGITS_CLASSES = 10


def load_digits(
    *,
    test_size: float = 0.3,
    seed: int = 0,
    flatten: bool = True,
    validation_size: float = 0.0,
    n_train: int | None = None,
    label_noise: float = 0.0,
):
    """Scikit-learn's bundled 8x8 digits, scaled to [0, 1] and split into train and test.

    The splits are stratified, so every part holds every digit in the same proportion.

    Args:
        test_size: fraction of the 1,797 images kept for testing.
        seed: seed of the splits and of the label noise; the same seed gives the same data.
        flatten: ``True`` gives rows of 64 pixels, ``False`` images of shape (8, 8).
        validation_size: fraction of the images (of all 1,797) kept for validation; when above 0,
            a third pair ``(x_val, y_val)`` is returned between train and test.
        n_train: keep only this many training images (a small training set overfits sooner).
        label_noise: fraction of *training* labels replaced by a different, random digit; the
            validation and test labels stay clean. Noisy labels make overfitting easy to see.

    Returns:
        ``(x_train, y_train), (x_test, y_test)`` with float32 pixels and int labels 0..9, or
        ``(x_train, y_train), (x_val, y_val), (x_test, y_test)`` with a validation split.

    Example:
        >>> from course import load_digits
        >>> (x_train, y_train), (x_test, y_test) = load_digits()
        >>> x_train.shape, x_test.shape
        ((1257, 64), (540, 64))
        >>> float(x_train.max()) <= 1.0
        True
        >>> train, val, test = load_digits(validation_size=0.2, n_train=300, label_noise=0.3)
        >>> len(train[0]), len(val[0]), len(test[0])
        (300, 359, 540)
    """
    from sklearn.datasets import load_digits as _sk_load_digits
    from sklearn.model_selection import train_test_split

    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must be between 0 and 1; got {test_size!r}")
    bunch = _sk_load_digits()
    x = (bunch.data / 16.0).astype("float32")
    if not flatten:
        x = x.reshape(-1, 8, 8)
    y = bunch.target.astype("int64")
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=test_size, random_state=seed, stratify=y
    )
    validation = None
    if validation_size > 0:
        if validation_size + test_size >= 1.0:
            raise ValueError("validation_size + test_size must stay below 1")
        n_val = round(validation_size * len(y))
        x_train, x_val, y_train, y_val = train_test_split(
            x_train, y_train, test_size=n_val, random_state=seed, stratify=y_train
        )
        validation = (x_val, y_val)
    if n_train is not None:
        if not 10 <= n_train <= len(y_train):
            raise ValueError(f"n_train must be between 10 and {len(y_train)}; got {n_train!r}")
        if n_train < len(y_train):
            x_train, _, y_train, _ = train_test_split(
                x_train, y_train, train_size=n_train, random_state=seed, stratify=y_train
            )
    if label_noise:
        y_train = _with_label_noise(y_train, label_noise, seed)
    if validation is not None:
        return (x_train, y_train), validation, (x_test, y_test)
    return (x_train, y_train), (x_test, y_test)


def _with_label_noise(labels, fraction: float, seed: int):
    import numpy as np

    if not 0.0 <= fraction < 1.0:
        raise ValueError(f"label_noise must be between 0 and 1; got {fraction!r}")
    rng = np.random.default_rng(seed)
    noisy = labels.copy()
    flipped = rng.choice(len(labels), size=round(fraction * len(labels)), replace=False)
    # A shift of 1..9 classes always lands on a different digit, each equally likely.
    noisy[flipped] = (noisy[flipped] + rng.integers(1, DIGITS_CLASSES, size=len(flipped))) % DIGITS_CLASSES
    return noisy


def shift_digits(images, *, max_shift: int = 2, seed: int = 0):
    """Each image moved by a random whole number of pixels, up to ``max_shift`` each way, zeros shifted in.

    Every image moves (never by (0, 0)): a digit written a little off centre, the kind of change a
    convolution's shared weights take in their stride and a dense layer must learn pixel by pixel.

    Args:
        images: an array of shape (n, 8, 8), (n, 8, 8, 1) or (n, 64).
        max_shift: the largest shift, rows and columns alike.
        seed: the seed of the shifts.

    Returns:
        The shifted images, in the shape they came in.

    Example:
        >>> import numpy as np
        >>> from course import shift_digits
        >>> one = np.zeros((1, 8, 8)); one[0, 3, 3] = 1.0
        >>> moved = shift_digits(one, max_shift=1, seed=0)
        >>> moved.shape, float(moved.sum()), bool(moved[0, 3, 3] == 0)
        ((1, 8, 8), 1.0, True)
    """
    import numpy as np

    images = np.asarray(images)
    square = images.reshape(len(images), 8, 8, -1)
    rng = np.random.default_rng(seed)
    shifts = [(a, b) for a in range(-max_shift, max_shift + 1) for b in range(-max_shift, max_shift + 1) if (a, b) != (0, 0)]
    picked = rng.integers(len(shifts), size=len(images))
    out = np.zeros_like(square)
    for index, choice in enumerate(picked):
        dy, dx = shifts[choice]
        source = square[index, max(0, -dy):8 - max(0, dy), max(0, -dx):8 - max(0, dx)]
        out[index, max(0, dy):max(0, dy) + source.shape[0], max(0, dx):max(0, dx) + source.shape[1]] = source
    return out.reshape(images.shape)


def make_checkerboard(n: int = 2000, *, board: int = 8, seed: int = 0):
    """Points of the square [-1, 1]^2 labelled by the colour of the board square they fall in.

    A ``board`` x ``board`` checkerboard needs many linear pieces to draw, which makes it a task
    where a deep network of a given size does better than a shallow one of the same size. The
    inputs are centred on 0: with inputs in [0, 1], Keras's zero initial biases leave a shallow
    ReLU network unable to place its kinks inside the square.

    Returns:
        ``(x, y)``: float32 points of shape (n, 2) and int labels 0 or 1.

    Example:
        >>> x, y = make_checkerboard(1000, board=4, seed=1)
        >>> x.shape, sorted(set(y.tolist()))
        ((1000, 2), [0, 1])
        >>> bool(abs(y.mean() - 0.5) < 0.05)
        True
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, size=(n, 2)).astype("float32")
    cells = np.floor((x + 1.0) / 2.0 * board).clip(0, board - 1).astype("int64")
    y = (cells[:, 0] + cells[:, 1]) % 2
    return x, y


def make_marked_sequences(n: int = 2000, *, length: int = 30, symbols: int = 4, min_gap: int = 0, seed: int = 0):
    """Sequences of random symbols, one step of each marked: the label is the symbol at the marked step.

    Each step is a one-hot symbol (``symbols`` channels) plus a marker channel that is 1 at exactly
    one step. To answer, a model reading the sequence in order must notice the marked symbol and
    keep it for every step that follows. ``min_gap`` puts the marker at least that many steps before
    the end: with a long gap, a plain recurrent network's memory of the symbol has faded by the time
    it answers, while a gated one (LSTM, GRU) can hold it.

    Args:
        n: how many sequences.
        length: steps per sequence.
        symbols: how many different symbols (the classes).
        min_gap: the marked step is followed by at least this many steps (0: the marker is anywhere).
        seed: the seed of the symbols and the markers.

    Returns:
        ``(x, y)``: float32 sequences of shape (n, length, symbols + 1) and int labels 0..symbols-1.

    Example:
        >>> from course import make_marked_sequences
        >>> x, y = make_marked_sequences(100, length=30, symbols=4, min_gap=25, seed=1)
        >>> x.shape, bool((x[:, :, 4].sum(axis=1) == 1).all())
        ((100, 30, 5), True)
        >>> marked = x[:, :, 4].argmax(axis=1)
        >>> bool((marked < 5).all()), bool((x[range(100), marked, :4].argmax(axis=1) == y).all())
        (True, True)
    """
    import numpy as np

    if not 0 <= min_gap < length:
        raise ValueError(f"min_gap must be from 0 to length - 1; got {min_gap!r}")
    rng = np.random.default_rng(seed)
    tokens = rng.integers(symbols, size=(n, length))
    marked = rng.integers(length - min_gap, size=n)
    x = np.zeros((n, length, symbols + 1), dtype="float32")
    x[..., :symbols] = np.eye(symbols, dtype="float32")[tokens]
    x[np.arange(n), marked, symbols] = 1.0
    return x, tokens[np.arange(n), marked].astype("int64")
