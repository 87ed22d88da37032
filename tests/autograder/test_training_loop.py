"""The judge's compiled JAX loop trains exactly as Keras's fit: same steps, same numbers, epoch by epoch.

Both run in one JAX process (this test process keeps TensorFlow, as a student's kernel does), on
the same model, seed and data, with the samples in their given order (the one thing the loop does
its own way is the shuffling order). Tolerance: 1e-4 on every per-epoch number, measured: the two
differ by float32 round-off only (the same train_step; fit groups steps differently).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("jax")

SCRIPT = textwrap.dedent('''
    import json, sys
    import keras, numpy as np
    from autograder.model_judge.loop import CompiledTrainer
    from autograder.model_judge.train import load_task

    data = load_task({"name": "digits", "n_train": 203}, 3)  # 203: the last batch of 32 has 11 samples

    def build(case):
        layers = [keras.Input((64,))]
        for options in map(dict, case["layers"]):
            kind = options.pop("kind")
            if "l2" in options:
                options["kernel_regularizer"] = keras.regularizers.L2(options.pop("l2"))
            layers.append(getattr(keras.layers, kind)(**options))
        model = keras.Sequential(layers + [keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        return model

    def compare(case):
        stopping = case.get("stopping")
        keras.utils.set_random_seed(7)
        reference = build(case)
        callbacks = [keras.callbacks.EarlyStopping(mode="min" if stopping["monitor"] == "val_loss" else "max",
                                                   **stopping)] if stopping else []
        fitted = reference.fit(data["x_train"], data["y_train"], epochs=case["epochs"], batch_size=32, shuffle=False,
                               validation_data=(data["x_val"], data["y_val"]), callbacks=callbacks, verbose=0).history
        keras.utils.set_random_seed(7)
        model = build(case)
        trainer = CompiledTrainer(template=build(case), batch_size=32, n_train=len(data["x_train"]))
        looped = trainer.fit(model, data["x_train"], data["y_train"], validation=(data["x_val"], data["y_val"]),
                             epochs=case["epochs"], seed=7, stopping=stopping, shuffle=False)
        weights = max(float(np.max(np.abs(a - b))) for a, b in zip(reference.get_weights(), model.get_weights()))
        test = [reference.evaluate(data["x_test"], data["y_test"], verbose=0)[1],
                trainer.evaluate(model, data["x_test"], data["y_test"])["accuracy"]]
        return {"fit": fitted, "loop": looped, "weights": weights, "test": test}

    # Every case in one process: JAX and Keras start once, not once per case.
    print(json.dumps({name: compare(case) for name, case in json.loads(sys.argv[1]).items()}))
''')

CASES = {
    "plain, last batch smaller": {"layers": [{"kind": "Dense", "units": 32, "activation": "relu"}], "epochs": 6},
    "dropout and L2": {"layers": [{"kind": "Dense", "units": 32, "activation": "relu", "l2": 1e-3},
                                  {"kind": "Dropout", "rate": 0.3}], "epochs": 6},
    "batch normalization": {"layers": [{"kind": "Dense", "units": 32}, {"kind": "BatchNormalization"},
                                       {"kind": "Activation", "activation": "relu"}], "epochs": 5},
    "early stopping, best weights restored": {
        "layers": [{"kind": "Dense", "units": 64, "activation": "relu"}], "epochs": 40,
        "stopping": {"monitor": "val_loss", "patience": 2, "restore_best_weights": True, "min_delta": 0.01}},
    "early stopping on accuracy with min_delta": {
        "layers": [{"kind": "Dense", "units": 64, "activation": "relu"}], "epochs": 40,
        "stopping": {"monitor": "val_accuracy", "patience": 1, "restore_best_weights": False, "min_delta": 0.02}},
}


@pytest.fixture(scope="module")
def results():
    env = dict(os.environ, KERAS_BACKEND="jax", TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(CASES)], capture_output=True, text=True,
                          env=env, timeout=1200)  # a hang guard
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_the_compiled_loop_matches_fit_epoch_by_epoch(name, results):
    result = results[name]
    fitted, looped = result["fit"], result["loop"]
    assert len(looped["loss"]) == len(fitted["loss"])  # early stopping stops at the same epoch
    if "stopping" in CASES[name]:
        assert len(fitted["loss"]) < CASES[name]["epochs"]  # the case really stops early
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert looped[key] == pytest.approx(fitted[key], abs=1e-4), key
    assert result["weights"] < 1e-4  # the final (or restored) weights are the same
    assert result["test"][1] == pytest.approx(result["test"][0], abs=1e-6)
