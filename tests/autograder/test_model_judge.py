"""The model judge: unsafe configs are refused before anything is built; training is seeded and measured."""

from __future__ import annotations

import copy
import importlib.util

import course  # noqa: F401  (quiet keras import)
import keras
import numpy as np
import pytest

from autograder.model_judge.config import UnsafeModel, check_spec, model_spec, rebuild
from autograder.model_judge.judge import Judge


def small_model(inputs=64, activation="relu"):
    return keras.Sequential([keras.Input((inputs,)), keras.layers.Dense(16, activation=activation),
                             keras.layers.Dense(10, activation="softmax")])


def test_a_standard_model_round_trips_without_weights():
    spec = model_spec(small_model())
    assert "compile_config" not in spec
    rebuilt = rebuild(spec)
    assert rebuilt.count_params() == small_model().count_params()


@pytest.mark.parametrize("edit, words", [
    (lambda s: s["config"]["layers"][1].update(class_name="Lambda"), "Lambda"),
    (lambda s: s["config"]["layers"][1].update(module="os", class_name="system"), "os.system"),
    (lambda s: s["config"]["layers"][1].update(registered_name="my_package>Evil"), "custom registered"),
    (lambda s: s["config"]["layers"][1]["config"].update(activation="my_module.evil"), "unknown activation"),
    (lambda s: s["config"]["layers"][1]["config"].update(function="print"), "Python function"),
    (lambda s: s.update(class_name="Functional", module="keras.src.models.functional", config=[object.__name__]), "Functional"),
])
def test_configs_outside_the_allowlist_are_refused_with_a_reason(edit, words):
    spec = copy.deepcopy(model_spec(small_model()))
    edit(spec)
    with pytest.raises(UnsafeModel) as raised:
        check_spec(spec)
        rebuild(spec)
    assert words in str(raised.value) or "could not be rebuilt" in str(raised.value)


def test_a_lambda_layer_is_refused():
    model = keras.Sequential([keras.Input((64,)), keras.layers.Lambda(lambda x: x * 2), keras.layers.Dense(10)])
    with pytest.raises(UnsafeModel, match="Lambda"):
        check_spec(model_spec(model))


def test_judge_trains_repeatably_and_explains_models_it_cannot_train():
    settings = {"optimizer": "adam", "learning_rate": 3e-3, "epochs": 3, "batch_size": 64}
    request = {
        "models": {
            "good": {"spec": model_spec(small_model()), "settings": settings},
            "same": {"spec": model_spec(small_model()), "settings": settings},
            "wrong_inputs": {"spec": model_spec(small_model(inputs=32)), "settings": settings},
            "too_long": {"spec": model_spec(small_model()), "settings": settings | {"epochs": 500}},
        },
        "task": {"name": "digits"}, "seeds": [5], "max_epochs": 60,
    }
    runs = Judge().train(request)["runs"]
    good, same = runs["good"][0], runs["same"][0]
    assert good["test_accuracy"] == same["test_accuracy"] and good["history"] == same["history"]  # seeded
    assert good["test_accuracy"] > 0.5 and good["epochs_run"] == 3 and good["params"] == 1210
    assert "inputs of shape (32,)" in runs["wrong_inputs"]["error"]
    assert "epochs must be a whole number from 1 to 60" in runs["too_long"]["error"]


def test_cached_runs_are_reused_model_by_model(tmp_path, monkeypatch):
    calls = []

    def fake_process(self, request, progress=None):  # stands in for the training process: records what it is asked to train
        calls.append(sorted(request["models"]))
        return {"runs": {name: [{"test_accuracy": 0.5, "seconds": 0.0}] for name in request["models"]}, "judge": {}}

    monkeypatch.setattr(Judge, "_ask", fake_process)
    for judge in (Judge(cache_dir=tmp_path), Judge(in_memory=True)):
        calls.clear()
        spec = model_spec(small_model())
        shared = {"task": {"name": "digits"}, "seeds": [1]}
        first = judge.train({"models": {"a": {"spec": spec, "settings": {}}}} | shared)
        second = judge.train({"models": {"b": {"spec": spec, "settings": {}},
                                          "c": {"spec": spec, "settings": {"epochs": 2}}}} | shared)
        assert calls == [["a"], ["c"]]  # "b" is "a" under another name: served from the cache
        assert second["runs"]["b"] == first["runs"]["a"]
    assert not any(tmp_path.glob("*.tmp")) and len(list(tmp_path.glob("*.json"))) == 2


def functional(*layers, inputs=64):
    x = start = keras.Input((inputs,))
    for layer in layers:
        x = layer(x)
    return keras.Model(start, x)


def test_a_functional_model_rebuilds_once_per_seed():
    # Deserializing a functional config used to empty it: the second seed's rebuild failed.
    spec = model_spec(functional(keras.layers.Dense(16, activation="relu"), keras.layers.Dense(10), keras.layers.Softmax()))
    assert rebuild(spec).count_params() == rebuild(spec).count_params() == 1210


@pytest.mark.slow
def test_a_functional_model_trains_exactly_like_the_same_sequential_one():
    settings = {"optimizer": "adam", "learning_rate": 3e-3, "epochs": 2, "batch_size": 64}
    models = {
        "sequential": small_model(),
        "functional": functional(keras.layers.Dense(16, activation="relu"), keras.layers.Dense(10, activation="softmax")),
        "softmax_layer": functional(keras.layers.Dense(16, activation="relu"), keras.layers.Dense(10), keras.layers.Softmax()),
    }
    request = {"models": {name: {"spec": model_spec(model), "settings": settings} for name, model in models.items()},
               "task": {"name": "digits"}, "seeds": [5, 6], "max_epochs": 60}
    runs = Judge().train(request)["runs"]
    for name in ("functional", "softmax_layer"):
        assert [run["history"] for run in runs[name]] == [run["history"] for run in runs["sequential"]]


def _spec(*layers, inputs=64):
    return model_spec(keras.Sequential([keras.Input((inputs,))] + list(layers)))


BASELINE = {"hidden": [16], "hidden_activation": "relu", "softmax_output": 10}
Dense, Dropout, L1, L2 = keras.layers.Dense, keras.layers.Dropout, keras.regularizers.L1, keras.regularizers.L2


@pytest.mark.parametrize("layers, structure, rule, words", [
    ([Dense(16, activation="relu"), Dense(10, activation="softmax"), Dropout(0.5)], {"softmax_output": 10}, "softmax output", "nothing after it"),
    ([Dense(16, activation="relu"), Dense(10, activation="sigmoid")], {"softmax_output": 10}, "softmax output", "Dense(10, sigmoid)"),
    ([Dense(8, activation="relu"), Dense(10, activation="softmax")], BASELINE, "baseline layers", "[16] units"),
    ([Dense(16, activation="relu"), Dense(10, activation="softmax")], BASELINE | {"technique": "l2"}, "technique", "kernel penalties None, None"),
    ([Dense(16, activation="relu", kernel_regularizer=L2(1e-9)), Dropout(0.5), Dense(10, activation="softmax", kernel_regularizer=L2(1e-9))],
     BASELINE | {"technique": "l2"}, "technique", "a Dropout layer"),
    ([Dense(16, activation="relu", kernel_regularizer=L1(1e-3)), Dense(10, activation="softmax", kernel_regularizer=L2(1e-3))],
     BASELINE | {"technique": "l1"}, "technique", "kernel penalties L1, L2"),
    ([Dense(16, activation="relu", kernel_constraint=keras.constraints.MaxNorm(2)), Dense(10, activation="softmax")],
     BASELINE | {"technique": "none"}, "technique", "a weight constraint"),
    ([Dense(16, activation="relu", kernel_regularizer=L2(1e-2)), Dense(10, activation="softmax", kernel_regularizer=L2(1e-2))],
     BASELINE | {"technique": "elastic_net"}, "technique", "kernel penalties L2, L2"),
    ([Dense(16, activation="relu", kernel_regularizer=keras.regularizers.L1L2(l1=1e-5, l2=1e-2)), Dense(10, activation="softmax")],
     BASELINE | {"technique": "elastic_net"}, "technique", "kernel penalties L1L2, None"),
    ([Dense(16, activation="relu"), Dense(10, activation="softmax")], BASELINE | {"technique": "dropout"}, "technique", "not followed by Dropout"),
    ([Dense(16, activation="relu"), Dropout(0.5), Dropout(0.5), Dense(10, activation="softmax")], BASELINE | {"technique": "dropout"},
     "technique", "does not follow a hidden layer"),
    ([Dense(16, activation="relu"), Dense(10, activation="softmax")], {"min_hidden": 2}, "depth", "1 hidden"),
    ([Dense(16, activation="relu"), Dense(16, activation="relu"), Dense(10, activation="softmax")], {"max_hidden": 1}, "depth", "2 hidden"),
    ([Dense(16, activation="tanh"), Dense(10, activation="softmax")], {"hidden_activation": "relu"}, "hidden activation", "tanh"),
    ([Dense(16, activation="relu"), Dense(10, activation="softmax")], {"params": [850, 950]}, "parameter budget", "1210 parameters"),
])
def test_structure_rules_name_the_rule_a_model_breaks(layers, structure, rule, words):
    from autograder.model_judge.structure import structure_problem

    problem = structure_problem(_spec(*layers), structure)
    assert problem is not None and problem.rule == rule and words in problem.expected + " | " + problem.got


@pytest.mark.parametrize("layers, structure", [
    ([Dense(16, activation="relu", kernel_regularizer=L2(1e-2)), Dense(10, activation="softmax", kernel_regularizer=L2(1e-2))],
     BASELINE | {"technique": "l2"}),
    ([Dense(16), keras.layers.ReLU(), Dense(10), keras.layers.Softmax()], BASELINE | {"technique": "none"}),
    ([keras.layers.Flatten(), Dense(16), keras.layers.Activation("relu"), Dropout(0.3), Dense(10), keras.layers.Activation("softmax")],
     BASELINE | {"technique": "dropout"}),
    ([Dense(16, activation="relu", kernel_regularizer=keras.regularizers.L1L2(l1=0.0, l2=1e-2)),
      Dense(10, activation="softmax", kernel_regularizer=L2(1e-2))], BASELINE | {"technique": "l2"}),
    ([Dense(16, activation="relu", kernel_regularizer=keras.regularizers.l1_l2(l1=1e-5, l2=1e-2)),
      Dense(10, activation="softmax", kernel_regularizer=keras.regularizers.L1L2(l1=1e-4, l2=1e-3))], BASELINE | {"technique": "elastic_net"}),
])
def test_the_same_network_written_another_way_meets_the_rules(layers, structure):
    from autograder.model_judge.structure import structure_problem

    assert structure_problem(_spec(*layers), structure) is None


@pytest.mark.parametrize("layers", [
    [Dense(16, activation="relu"), Dense(10, activation="softmax")],
    [Dense(16, use_bias=False), keras.layers.BatchNormalization(), keras.layers.ReLU(), Dropout(0.2), Dense(10), keras.layers.Softmax()],
])
def test_parameters_counted_from_the_config_match_keras(layers):
    from autograder.model_judge.structure import count_params, normalized, spec_layers

    spec = _spec(*layers)
    input_dim, facts = spec_layers(spec)
    assert count_params(input_dim, normalized(facts)) == rebuild(spec).count_params()


def test_a_rule_that_needs_no_training_refuses_without_starting_the_judge(monkeypatch):
    from autograder.checks import decide

    monkeypatch.setattr(Judge, "train", lambda *a, **k: pytest.fail("the judge was started"))
    expected = {"task": {"name": "checkerboard"}, "seeds": [1, 2, 3], "settings": {"epochs": 2},
                "require": [{"model": "deep", "metric": "params", "over": "fat", "min": 0.95, "max": 1.05}]}
    got = {"models": {"deep": _spec(Dense(16, activation="relu"), Dense(2, activation="softmax"), inputs=2),
                      "fat": _spec(Dense(300, activation="relu"), Dense(2, activation="softmax"), inputs=2)}, "settings": {}}
    refusal = decide("04.deep_vs_fat", [{"value": got}], [expected], judge=Judge())
    assert "rule: parameters; checked before any training" in refusal.expected and refusal.got == "0.0546 (parameters: deep 82, fat 1502)"
    assert refusal.hint.startswith("Count weights and biases layer by layer")  # its own hint, not the check's
    got["settings"] = {"lr": 0.1}
    refusal = decide("04.deep_vs_fat", [{"value": got}], [expected | {"settings": {"lr": 0.1}}], judge=Judge())
    assert "unknown training settings ['lr']; the keys are optimizer, learning_rate" in refusal.got


SMALL = {"optimizer": "adam", "learning_rate": 3e-3, "epochs": 3, "batch_size": 64}


def _request(seeds, epochs=3):
    return {"models": {"m": {"spec": model_spec(small_model()), "settings": SMALL | {"epochs": epochs}}},
            "task": {"name": "digits"}, "seeds": seeds, "max_epochs": 200}


@pytest.mark.slow
@pytest.mark.parametrize("backend", [b for b in ("jax", "tensorflow", "torch") if importlib.util.find_spec(b)])
def test_a_warm_judge_reuses_its_process_and_gives_a_fresh_process_s_numbers(backend):
    warm = Judge(backend=backend)
    first = warm.train(_request([1]))
    second = warm.train(_request([2]))
    assert warm.started == 1  # one process, Keras imported once, two requests
    fresh = Judge(backend=backend)
    again = fresh.train(_request([2]))["runs"]["m"][0]
    for key, value in second["runs"]["m"][0].items():  # what came before changes nothing (but the time taken)
        assert key == "seconds" or again[key] == value, key
    assert first["judge"]["backend"] == warm.backend and first["judge"]["versions"]["keras"] == keras.__version__
    warm.close()
    fresh.close()


@pytest.mark.slow
def test_a_timeout_or_a_crash_never_poisons_the_next_request():
    judge = Judge(timeout=0.5)
    timed_out = judge.train(_request([1], epochs=100))
    assert "longer than the grader's limit" in timed_out["error"]
    judge.timeout = 300
    assert judge.train(_request([1]))["runs"]["m"][0]["epochs_run"] == 3
    assert judge.started == 2  # the process that timed out was killed; a fresh one answered
    judge._idle[0].process.kill()  # the warm process dies while idle (e.g. the kernel's OOM killer)
    assert judge.train(_request([2]))["runs"]["m"][0]["epochs_run"] == 3
    assert judge.started == 3
    judge.close()
    assert not judge._idle


@pytest.mark.parametrize("layers", [
    [keras.layers.Conv2D(8, 3, activation="relu"), keras.layers.MaxPooling2D(2), keras.layers.Flatten(), Dense(10, activation="softmax")],
    [keras.layers.Conv2D(4, 3, padding="same", use_bias=False), keras.layers.ReLU(), keras.layers.MaxPooling2D(3, strides=2),
     keras.layers.Conv2D(6, (2, 3), strides=2, padding="same"), keras.layers.GlobalAveragePooling2D(), Dense(10)],
    [keras.layers.Conv2D(5, 3, strides=2), keras.layers.BatchNormalization(), keras.layers.AveragePooling2D(2, padding="same"),
     keras.layers.Flatten(), Dense(7), Dense(10)],
])
def test_convolution_parameters_counted_from_the_config_match_keras(layers):
    from autograder.model_judge.structure import count_params, spec_layers

    spec = model_spec(keras.Sequential([keras.Input((8, 8, 1)), *layers]))
    input_shape, facts = spec_layers(spec)
    assert input_shape == (8, 8, 1)
    assert count_params(input_shape, facts) == rebuild(spec).count_params()


def test_the_graders_baseline_is_its_own_and_cannot_be_replaced_by_the_student():
    from autograder.checks.training import check_before_training, training_request
    from autograder.model_judge.config import baseline_spec

    expected = {"task": {"name": "digits", "images": True}, "seeds": [1], "settings": {"epochs": 2},
                "baselines": {"mlp": {"hidden": [12]}},
                "structure": {"cnn": {"softmax_output": 10, "min_conv": 1, "conv_activation": "relu", "params": [1, 1000]}},
                "require": [{"model": "cnn", "metric": "test_accuracy", "minus": "mlp", "min": 0.0}]}
    cnn = model_spec(keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(8, 3), keras.layers.ReLU(),
                                       keras.layers.MaxPooling2D(2), keras.layers.Flatten(), Dense(10, activation="softmax")]))
    weak = model_spec(keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), Dense(10, activation="softmax")]))
    got = {"models": {"cnn": cnn, "mlp": weak}, "settings": {}}  # a student's own "mlp" is ignored
    assert check_before_training(got, expected) is None
    request = training_request(got, expected)
    assert request["models"]["mlp"]["spec"] == baseline_spec(inputs=(8, 8, 1), hidden=[12], n_classes=10)
    assert rebuild(request["models"]["mlp"]["spec"]).count_params() == 910
    dense_first = model_spec(keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), Dense(64), keras.layers.Reshape((8, 8, 1)),
                                               keras.layers.Conv2D(2, 3, activation="relu"), keras.layers.Flatten(), Dense(10, activation="softmax")]))
    refusal = check_before_training({"models": {"cnn": dense_first}, "settings": {}}, expected)
    assert "before any Dense layer" in refusal.expected
    no_channel = model_spec(keras.Sequential([keras.Input((8, 8)), keras.layers.Reshape((8, 8, 1)), keras.layers.Conv2D(2, 3, activation="relu"),
                                              keras.layers.Flatten(), Dense(10, activation="softmax")]))
    refusal = check_before_training({"models": {"cnn": no_channel}, "settings": {}}, expected)
    assert "images of shape (8, 8, 1)" in refusal.expected and "takes (8, 8)" in refusal.got


def test_an_image_task_measures_the_shifted_test_images():
    from autograder.model_judge.train import load_task

    data = load_task({"name": "digits", "images": True, "n_train": 50, "shift": 1}, 3)
    assert data["x_train"].shape == (50, 8, 8, 1) and data["x_shifted"].shape == data["x_test"].shape
    moved = (data["x_shifted"] != data["x_test"]).reshape(len(data["x_test"]), -1).any(axis=1)
    assert moved.all()  # every test image is moved


def test_a_convolution_rule_of_zero_accepts_a_model_without_convolutions():
    from autograder.model_judge.structure import structure_problem

    assert structure_problem(_spec(Dense(10, activation="softmax")), {"min_conv": 0}) is None


LSTM, GRU, RNN = keras.layers.LSTM, keras.layers.GRU, keras.layers.SimpleRNN


@pytest.mark.parametrize("layers", [
    [LSTM(16), Dense(4, activation="softmax")],
    [GRU(8, return_sequences=True), GRU(6, reset_after=False, use_bias=False), Dense(4)],
    [Dense(6), keras.layers.LayerNormalization(), RNN(9, return_sequences=True), LSTM(5, use_bias=False), Dense(4)],
])
def test_recurrent_parameters_counted_from_the_config_match_keras(layers):
    from autograder.model_judge.structure import count_params, spec_layers

    spec = model_spec(keras.Sequential([keras.Input((30, 5)), *layers]))
    input_shape, facts = spec_layers(spec)
    assert input_shape == (30, 5)
    assert count_params(input_shape, facts) == rebuild(spec).count_params()


RECALL = {"softmax_output": 4, "recurrent": True}


@pytest.mark.parametrize("layers, words", [
    ([keras.layers.Flatten(), Dense(16, activation="relu")], "no recurrent layer"),
    ([keras.layers.Conv1D(8, 3, strides=3), LSTM(8)], "a Conv1D layer before the last recurrent one"),
    ([LSTM(8, return_sequences=True), keras.layers.Flatten()], "returns every step"),
    ([RNN(8, go_backwards=True)], "reads the sequence backwards"),
    ([RNN(8, go_backwards=True, return_sequences=True), LSTM(4)], "reads the sequence backwards"),
])
def test_the_recurrence_rule_refuses_models_that_skip_the_gap(layers, words):
    from autograder.model_judge.structure import structure_problem

    spec = model_spec(keras.Sequential([keras.Input((30, 5)), *layers, Dense(4, activation="softmax")]))
    problem = structure_problem(spec, RECALL)
    assert problem.rule == "recurrence" and words in problem.got


@pytest.mark.parametrize("layers", [
    [LSTM(16)], [GRU(8)], [RNN(16)], [Dense(8), keras.layers.Dropout(0.1), LSTM(8, return_sequences=True), GRU(8)],
])
def test_the_recurrence_rule_accepts_a_sequence_read_in_order(layers):
    from autograder.model_judge.structure import structure_problem

    spec = model_spec(keras.Sequential([keras.Input((30, 5)), *layers, Dense(4, activation="softmax")]))
    assert structure_problem(spec, RECALL) is None


def test_the_recall_task_tests_on_long_gaps_only_and_refuses_a_model_of_the_wrong_shape():
    from autograder.checks.training import check_before_training
    from autograder.model_judge.train import load_task

    task = {"name": "recall", "length": 12, "symbols": 3, "n_train": 300, "n_val": 50, "n_test": 200, "min_gap": 8}
    data = load_task(task, 4)
    assert data["x_train"].shape == (300, 12, 4) and data["x_test"].shape == (200, 12, 4) and data["n_classes"] == 3
    after_marker = 12 - 1 - data["x_test"][:, :, 3].argmax(axis=1)
    assert after_marker.min() >= 8  # the test's marked symbol is followed by at least 8 steps
    assert (12 - 1 - data["x_train"][:, :, 3].argmax(axis=1)).min() < 8  # training markers fall anywhere
    assert not np.array_equal(data["x_train"][:50], load_task(task, 5)["x_train"][:50])
    expected = {"task": task, "seeds": [1], "settings": {"epochs": 1}, "structure": {"model": {"recurrent": True}},
                "require": [{"model": "model", "metric": "test_accuracy", "min": 0.9}]}
    wrong = model_spec(keras.Sequential([keras.Input((12, 3)), LSTM(4), Dense(3, activation="softmax")]))
    refusal = check_before_training({"models": {"model": wrong}, "settings": {}}, expected)
    assert "sequences of shape (12, 4)" in refusal.expected and "takes (12, 3)" in refusal.got
