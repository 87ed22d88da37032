"""Data that ships with a package or is generated: nothing here downloads.

The handwritten digits come from scikit-learn's bundled copy (1,797 images of 8x8 pixels,
values 0..16), so every lesson and graded exercise works offline.
"""

from __future__ import annotations

DIGITS_PIXELS = 64
DIGITS_CLASSES = 10


def load_digits(*, test_size: float = 0.3, seed: int = 0, flatten: bool = True):
    """Scikit-learn's bundled 8x8 digits, scaled to [0, 1] and split into train and test.

    The split is stratified, so both parts hold every digit in the same proportion.

    Args:
        test_size: fraction of the 1,797 images kept for testing.
        seed: seed of the split; the same seed gives the same split.
        flatten: ``True`` gives rows of 64 pixels, ``False`` images of shape (8, 8).

    Returns:
        ``(x_train, y_train), (x_test, y_test)`` with float32 pixels and int labels 0..9.

    Example:
        >>> from course import load_digits
        >>> (x_train, y_train), (x_test, y_test) = load_digits()
        >>> x_train.shape, x_test.shape
        ((1257, 64), (540, 64))
        >>> float(x_train.max()) <= 1.0
        True
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
    return (x_train, y_train), (x_test, y_test)
