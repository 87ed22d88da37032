"""The attack target of assignment 10: a small digits network with shipped weights, and the images to attack.

Every student attacks the same model, and the grader measures the attack on its own copy of it:
the weights ship in ``autograder/model_judge/attack_target.npz`` with a pool of held-out digits the network
never trained on. Nothing here trains at run time (the file was made once by :func:`make_target`).

Example:
    >>> import course
    >>> from course.target import target_model, target_images
    >>> model = target_model()
    >>> x, y = target_images(n=100, seed=0)
    >>> x.shape, model.count_params()
    ((100, 64), 4810)
    >>> accuracy = float(np.mean(np.argmax(model.predict(x, verbose=0), axis=1) == y))
    >>> accuracy > 0.9
    True
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from autograder.model_judge.attack_target import TARGET_FILE, images, stored

HIDDEN_UNITS = 64


def target_model():
    """The target as a Keras model: 64 pixels, one hidden ReLU layer of 64 units, a softmax over 10 digits."""
    import keras

    weights = stored()
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(HIDDEN_UNITS, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.set_weights([weights[key] for key in ("kernel_1", "bias_1", "kernel_2", "bias_2")])
    return model


def target_images(*, n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` held-out digits (rows of 64 pixels in [0, 1]) and their labels, drawn from the pool with ``seed``.

    The pool is the test split the target never saw in training (540 images); the grader draws its
    own images from it with seeds of its own.
    """
    return images(n=n, seed=seed)


def make_target(path: Path = TARGET_FILE, *, seed: int = 0, epochs: int = 60) -> float:
    """Train the target on the training split of ``load_digits(seed=seed)`` and store it with the test split as the pool.

    Run once, by the course's authors (``python -m course.target``); returns the pool accuracy.
    """
    import keras

    from course.datasets import load_digits

    (x_train, y_train), (x_test, y_test) = load_digits(seed=seed)
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(HIDDEN_UNITS, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=epochs, batch_size=32, verbose=0)
    kernel_1, bias_1, kernel_2, bias_2 = (np.asarray(w, dtype="float32") for w in model.get_weights())
    np.savez_compressed(path, kernel_1=kernel_1, bias_1=bias_1, kernel_2=kernel_2, bias_2=bias_2,
                        pool_x=x_test.astype("float32"), pool_y=y_test.astype("int64"))
    return float(model.evaluate(x_test, y_test, verbose=0)[1])


if __name__ == "__main__":
    import course  # noqa: F401  (Keras, quietly)

    print(f"pool accuracy {make_target():.4f}; written to {TARGET_FILE}")
