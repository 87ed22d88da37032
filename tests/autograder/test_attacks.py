"""Attack checks: only images cross the boundary, and the trusted side measures its own copy of the target."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.attacks import capture_attack, compare_attack
from autograder.checks.call import decide
from autograder.model_judge import attack_target

PROBLEM = {"n": 120, "seed": 5, "eps": 0.1}
FGSM_RULE = PROBLEM | {"max_accuracy": 0.6}
PGD_PROBLEM = PROBLEM | {"steps": 10, "step_size": 0.025}


def images():
    return attack_target.images(n=PROBLEM["n"], seed=PROBLEM["seed"])


def test_the_numpy_target_is_the_keras_target():
    import course  # noqa: F401
    from course.target import target_model

    x, y = images()
    keras_probabilities = target_model().predict(x, verbose=0)
    assert np.array_equal(np.argmax(keras_probabilities, axis=1), np.argmax(attack_target._forward(x)[2], axis=1))
    assert attack_target.accuracy(x, y) > 0.95


def test_the_grader_fgsm_gradient_is_the_autodiff_gradient():
    import course
    import keras
    from course.target import target_model

    x, y = images()
    model = target_model()
    (autodiff,) = course.gradients(lambda v: keras.ops.sum(keras.losses.sparse_categorical_crossentropy(y, model(v))), [x])
    assert np.allclose(autodiff, attack_target.input_gradient(x, y), atol=1e-4)


def test_the_grader_fgsm_passes_and_the_clean_images_fail_with_their_numbers():
    x, y = images()
    assert compare_attack({"x_adv": attack_target.fgsm(x, y, eps=0.1).tolist()}, FGSM_RULE).passed
    unchanged = compare_attack({"x_adv": x.tolist()}, FGSM_RULE)
    assert not unchanged.passed and "at most 0.6" in unchanged.expected
    assert f"{attack_target.accuracy(x, y):.3f} before, {attack_target.accuracy(x, y):.3f} after" in unchanged.got


@pytest.mark.parametrize("images_back, words", [
    (lambda x: x + 0.2, "pixels up to 1.2"),
    (lambda x: np.clip(x - 0.3, -1, 1), "pixels from -0.3"),
    (lambda x: np.clip(x + 0.15, 0, 1), "a pixel moved by 0.15"),
    (lambda x: np.full(x.shape, np.nan), "NaN or infinite"),
    (lambda x: x[:10], "an array of shape (10, 64)"),
    (lambda x: x.ravel(), "an array of shape (7680,)"),
    (lambda x: "adversarial", "not an array of numbers"),
    (lambda x: [[1.0, 2.0], [3.0]], "not an array of numbers"),
])
def test_images_that_break_the_rules_are_refused_with_a_reason(images_back, words):
    x, _ = images()
    value = images_back(x)
    outcome = compare_attack({"x_adv": value.tolist() if isinstance(value, np.ndarray) else value}, FGSM_RULE)
    assert not outcome.passed and words in outcome.got and outcome.hint


def test_pgd_must_beat_one_grader_fgsm_step_on_the_same_images():
    x, y = images()
    one_step = attack_target.fgsm(x, y, eps=0.1)
    outcome = compare_attack({"x_adv": one_step.tolist()}, PGD_PROBLEM | {"below_fgsm": 0.01})
    assert not outcome.passed and "below what one FGSM step leaves" in outcome.expected


def test_capture_calls_the_attack_on_the_problems_digits_and_returns_only_images():
    import course  # noqa: F401

    seen = {}

    def attack(model, x, y, eps, steps, step_size):
        seen.update(n=len(x), eps=eps, steps=steps, step_size=step_size, params=model.count_params())
        model.set_weights([w * 0 for w in model.get_weights()])  # a forged model changes nothing outside
        return x

    captured = capture_attack(attack, (PGD_PROBLEM,))
    assert captured.error == "" and set(captured.value) == {"x_adv"}
    assert seen == {"n": 120, "eps": 0.1, "steps": 10, "step_size": 0.025, "params": 4810}
    verdict = decide("10.pgd", [{"value": captured.value}], [PGD_PROBLEM | {"below_fgsm": 0.01}])
    assert not verdict.passed and "before" in verdict.got  # measured on the grader's own, untouched copy


def test_an_attack_that_raises_is_reported_with_its_line():
    import course  # noqa: F401

    def attack(model, x, y, eps):
        raise ValueError("no gradient")

    assert capture_attack(attack, (PROBLEM,)).error.startswith("ValueError: no gradient")


def test_the_judge_input_gradient_is_the_hand_written_one_on_this_kernels_backend():
    import course  # noqa: F401
    from course.target import target_model
    from autograder.model_judge.train import fgsm_images, input_gradient

    x, y = images()
    model = target_model()
    assert np.allclose(input_gradient(model, x, y), attack_target.input_gradient(x, y), atol=1e-4)
    # Float32 against float64: a pixel whose gradient is next to 0 may take the other sign; almost none do.
    same = np.isclose(fgsm_images(model, x, y, eps=0.1), attack_target.fgsm(x, y, eps=0.1), atol=1e-6)
    assert same.mean() > 0.99


@pytest.mark.parametrize("adversarial, words", [
    ({"epsilon": -0.1}, "from 0 to 0.5"),
    ({"epsilon": 0.9}, "from 0 to 0.5"),
    ({"eps": 0.1}, 'a dict {"epsilon"'),
    (0.1, 'a dict {"epsilon"'),
])
def test_adversarial_settings_outside_the_caps_are_refused(adversarial, words):
    from autograder.model_judge.train import SettingsError, read_settings

    with pytest.raises(SettingsError, match=words.replace("{", r"\{").replace("(", r"\(")):
        read_settings({"adversarial": adversarial})


def test_adversarial_training_runs_its_epochs_in_full():
    from autograder.model_judge.train import SettingsError, read_settings

    assert read_settings({"adversarial": {"epsilon": 0.1}})["adversarial"] == {"epsilon": 0.1}
    with pytest.raises(SettingsError, match="early_stopping must be None"):
        read_settings({"adversarial": {"epsilon": 0.1}, "early_stopping": {"patience": 3}})


@pytest.mark.slow
def test_the_judge_trains_adversarially_and_attacks_what_it_trained():
    import keras

    from autograder.model_judge.config import model_spec
    from autograder.model_judge.judge import Judge

    spec = model_spec(keras.Sequential([keras.Input((64,)), keras.layers.Dense(64, activation="relu"),
                                        keras.layers.Dense(10, activation="softmax")]))
    settings = {"optimizer": "adam", "learning_rate": 0.002, "epochs": 30, "batch_size": 32}
    judge = Judge(in_memory=True)
    try:
        answer = judge.train({"models": {"plain": {"spec": spec, "settings": settings},
                                         "robust": {"spec": spec, "settings": settings | {"adversarial": {"epsilon": 0.1}}}},
                              "task": {"name": "digits", "attack": {"eps": 0.1, "pgd_steps": 5}}, "seeds": [7]})
    finally:
        judge.close()
    plain, robust = answer["runs"]["plain"][0], answer["runs"]["robust"][0]
    # Measured (docs/validity.md): about 0.4-0.55 plain, 0.75-0.8 trained on attacked copies; PGD no kinder.
    assert robust["fgsm_accuracy"] > plain["fgsm_accuracy"] + 0.15
    assert robust["pgd_accuracy"] <= robust["fgsm_accuracy"] + 0.02 and robust["test_accuracy"] > 0.9
