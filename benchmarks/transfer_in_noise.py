"""A transfer candidate for 09: digits hidden in noise, pretrained features against random ones and scratch.

Not a check yet (see docs/validity.md, "09 · Transfer"): on plain 8 x 8 digits what pretraining learns
adds nothing a random network's features lack, so this measures data with more to learn. Each image's
64 pixels are joined to 448 Gaussian noise pixels of size ``sigma`` and turned by one fixed random
orthogonal matrix; an MLP 512-64-5 pretrained on digits 0-4, its hidden layer frozen, gets a fresh head
on 3 labels per digit of 5-9 (Adam 0.01, 100 full-batch epochs), against the same hidden layer left at
its random weights and frozen, and against the whole network from scratch.

Example (one thread, about 7 s a seed)::

    KERAS_BACKEND=jax OMP_NUM_THREADS=1 python benchmarks/transfer_in_noise.py --sigma 0.4 --seeds 0-19
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402

from autograder.quiet import import_keras_quietly  # noqa: E402
from course.datasets import load_digits  # noqa: E402

keras = import_keras_quietly()
WIDTH, HIDDEN, LABELS_PER_DIGIT = 512, 64, 3


def hide(x, *, sigma: float, rotation, rng):
    """Images joined to noise pixels and turned by ``rotation``: no direction marks where the digit is."""
    noise = rng.standard_normal((len(x), WIDTH - x.shape[1])).astype("float32")
    return (np.concatenate([x, sigma * noise], axis=1) @ rotation.T).astype("float32")


def head_on(hidden, *, trainable: bool):
    hidden.trainable = trainable
    return keras.Sequential([keras.Input((WIDTH,)), hidden, keras.layers.Dense(5, activation="softmax")])


def few_label_accuracy(model, x, y, x_test, y_test) -> float:
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=len(x), epochs=100, verbose=0)
    return float(model.evaluate(x_test, y_test, batch_size=512, verbose=0)[1])


def one_seed(seed: int, *, sigma: float, rotation) -> dict:
    started = time.perf_counter()
    (x_train, y_train), _, (x_test, y_test) = load_digits(seed=seed, test_size=0.3, validation_size=0.15)
    noise = np.random.default_rng(100000 + seed)
    x_train, x_test = (hide(x, sigma=sigma, rotation=rotation, rng=noise) for x in (x_train, x_test))
    draw = np.random.default_rng(seed)
    few = np.concatenate([draw.choice(np.flatnonzero(y_train == d), LABELS_PER_DIGIT, replace=False) for d in range(5, 10)])
    target = y_test >= 5
    keras.utils.set_random_seed(seed)
    hidden = keras.layers.Dense(HIDDEN, activation="relu")
    source = head_on(hidden, trainable=True)
    source.compile(optimizer=keras.optimizers.Adam(0.002), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    source.fit(x_train[y_train < 5], y_train[y_train < 5], batch_size=32, epochs=20, verbose=0)
    out = {"source_accuracy": float(source.evaluate(x_test[~target], y_test[~target], verbose=0)[1])}
    for name, layer, trainable in (("pretrained", hidden, False), ("random", None, False), ("scratch", None, True)):
        keras.utils.set_random_seed(seed)
        layer = layer or keras.layers.Dense(HIDDEN, activation="relu")
        out[name] = few_label_accuracy(head_on(layer, trainable=trainable), x_train[few], y_train[few] - 5,
                                       x_test[target], y_test[target] - 5)
    return out | {"seconds": round(time.perf_counter() - started, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sigma", type=float, default=0.4)
    parser.add_argument("--seeds", default="0-19", help="a range like 0-19")
    parser.add_argument("--out", default=None, help="write the runs as JSON here")
    options = parser.parse_args()
    first, last = (int(part) for part in options.seeds.split("-"))
    gaussian = np.random.default_rng(12345).standard_normal((WIDTH, WIDTH))
    q, r = np.linalg.qr(gaussian)
    rotation = (q * np.sign(np.diag(r))).astype("float32")  # one fixed rotation, the same for every seed
    runs = {}
    for seed in range(first, last + 1):
        runs[seed] = one_seed(seed, sigma=options.sigma, rotation=rotation)
        print(seed, runs[seed], flush=True)
    for other in ("random", "scratch"):
        gains = [run["pretrained"] - run[other] for run in runs.values()]
        print(f"pretrained - {other}: {sum(g > 0 for g in gains)} of {len(gains)} won, "
              f"mean {np.mean(gains):+.3f}, worst {min(gains):+.3f}")
    if options.out:
        with open(options.out, "w") as handle:
            json.dump(runs, handle, indent=1)


if __name__ == "__main__":
    main()
