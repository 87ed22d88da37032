"""deepsteps course helpers: offline data, seeding and plots for lessons and exercises.

Importing ``course`` first, in a notebook's set-up cell, imports Keras with TensorFlow's start-up
log lines kept off stderr (nbgrader gives 0 to a graded cell that writes to stderr); a later
``import keras`` is then silent.

Example:
    >>> import course
    >>> (x_train, y_train), _ = course.load_digits(seed=1)
    >>> x_train.shape[1]
    64
"""

from autograder.quiet import import_keras_quietly

import_keras_quietly()

from course.autodiff import gradients  # noqa: E402
from course.datasets import load_digits, make_checkerboard, make_marked_sequences, shift_digits  # noqa: E402
from course.plots import plot_functions, show_digits  # noqa: E402
from course.seeding import seed_everything  # noqa: E402
from course.selfcheck import check_answer  # noqa: E402

__all__ = ["check_answer", "gradients", "import_keras_quietly", "load_digits", "make_checkerboard", "make_marked_sequences", "plot_functions", "seed_everything", "shift_digits", "show_digits"]
