import numpy as np
import pytest

import course


def test_seed_everything_repeats_numpy_and_keras():
    import keras

    course.seed_everything(7)
    first = (np.random.rand(), keras.random.uniform((2,)).numpy().tolist())
    course.seed_everything(7)
    assert (np.random.rand(), keras.random.uniform((2,)).numpy().tolist()) == first


def test_seed_everything_rejects_non_int():
    with pytest.raises(TypeError, match="seed must be an int; got 1.5"):
        course.seed_everything(1.5)


def test_plot_functions_draws_one_line_per_function():
    ax = course.plot_functions({"tanh": np.tanh, "id": lambda z: z}, lo=-1, hi=1)
    lines = ax.get_lines()
    labels = [line.get_label() for line in lines if not line.get_label().startswith("_")]
    assert labels == ["tanh", "id"]
    x, y = lines[0].get_data()
    assert np.allclose(y, np.tanh(x))


def test_show_digits_titles_are_labels():
    (x, y), _ = course.load_digits()
    axes = course.show_digits(x, y, n=4)
    assert [ax.get_title() for ax in axes] == [str(label) for label in y[:4]]
