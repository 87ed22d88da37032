"""The model judge: unsafe configs are refused before anything is built; training is seeded and measured."""

from __future__ import annotations

import copy

import course  # noqa: F401  (quiet keras import)
import keras
import pytest

from autograder.model_config import UnsafeModel, check_spec, model_spec, rebuild
from autograder.training import judge_models


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
    runs = judge_models(request)["runs"]
    good, same = runs["good"][0], runs["same"][0]
    assert good["test_accuracy"] == same["test_accuracy"] and good["history"] == same["history"]  # seeded
    assert good["test_accuracy"] > 0.5 and good["epochs_run"] == 3 and good["params"] == 1210
    assert "inputs of shape (32,)" in runs["wrong_inputs"]["error"]
    assert "epochs must be a whole number from 1 to 60" in runs["too_long"]["error"]


def test_cached_runs_are_reused_model_by_model(tmp_path, monkeypatch):
    from autograder import training

    calls = []

    def fake_judge(request, timeout):  # stands in for the training process: records what it is asked to train
        calls.append(sorted(request["models"]))
        return {"runs": {name: [{"test_accuracy": 0.5, "seconds": 0.0}] for name in request["models"]}}

    monkeypatch.setattr(training, "_judge_in_subprocess", fake_judge)
    training.use_cache(tmp_path)
    try:
        spec = model_spec(small_model())
        shared = {"task": {"name": "digits"}, "seeds": [1]}
        first = training.judge_models({"models": {"a": {"spec": spec, "settings": {}}}} | shared)
        second = training.judge_models({"models": {"b": {"spec": spec, "settings": {}},
                                                   "c": {"spec": spec, "settings": {"epochs": 2}}}} | shared)
    finally:
        training.use_cache(None)
    assert calls == [["a"], ["c"]]  # "b" is "a" under another name: served from the cache
    assert second["runs"]["b"] == first["runs"]["a"]


@pytest.mark.parametrize("layers, structure, words", [
    ([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(10, activation="softmax"), keras.layers.Dropout(0.5)],
     {"softmax_last": True}, "nothing after it"),
    ([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(10, activation="softmax")], {"hidden": [16]}, "[16] units"),
    ([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(10, activation="softmax")], {"regularizer": "L2"}, "L2"),
    ([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(10, activation="softmax")], {"dropout": True}, "Dropout"),
])
def test_structure_rules_catch_what_metrics_miss(layers, structure, words):
    from autograder.model_config import structure_problem

    spec = model_spec(keras.Sequential([keras.Input((64,))] + layers))
    problem = structure_problem(spec, structure)
    assert problem is not None and words in problem[0]


def test_a_model_with_the_required_structure_passes():
    from autograder.model_config import structure_problem

    l2 = keras.regularizers.L2(1e-2)
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(16, activation="relu", kernel_regularizer=l2),
                              keras.layers.Dropout(0.5), keras.layers.Dense(10, activation="softmax", kernel_regularizer=l2)])
    assert structure_problem(model_spec(model), {"hidden": [16], "softmax_last": True, "regularizer": "L2", "dropout": True}) is None
