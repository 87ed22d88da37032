"""Assignment 07's test data (the format: tests/assignments/__init__.py)."""

from __future__ import annotations

from tests.mutation import WHOLE, Assignment

ASSIGNMENT = Assignment("07_convolutions", "convolutions.ipynb", demos=False)  # its demo trains a model

CONV = "conv2d"
EINSUM = 'np.einsum("nhwcij,ijcf->nhwf", windows, kernel) + bias'
LOOPED = '''def conv2d(x, kernel, bias, stride=1, padding=0):
    x = np.pad(x, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    kh, kw, _, c_out = kernel.shape
    n, h, w, _ = x.shape
    out = np.zeros((n, (h - kh) // stride + 1, (w - kw) // stride + 1, c_out))
    for r in range(out.shape[1]):
        for s in range(out.shape[2]):
            window = x[:, r * stride:r * stride + kh, s * stride:s * stride + kw, :]
            out[:, r, s, :] = np.tensordot(window, kernel, axes=([1, 2, 3], [0, 1, 2])) + bias
    return out
'''

MUTANTS = {
    # Task 1: the convolution.
    "the kernel flipped (a textbook convolution, not Keras's)": (CONV, EINSUM, EINSUM.replace("kernel)", "kernel[::-1, ::-1])"),
                                                                 {"test_conv2d", "test_conv_vectorized"}),
    "padding on one side only": (CONV, "((0, 0), (padding, padding), (padding, padding), (0, 0))",
                                 "((0, 0), (padding, 0), (padding, 0), (0, 0))", {"test_conv2d", "test_conv_vectorized"}),
    "windows starting one stride late": (CONV, "windows[:, ::stride, ::stride]", "windows[:, stride - 1::stride, stride - 1::stride]",
                                         {"test_conv2d", "test_conv_vectorized"}),
    "channels read the other way (kernel as out, in)": (CONV, EINSUM, 'np.einsum("nhwcij,ijfc->nhwf", windows, kernel) + bias',
                                                        {"test_conv2d", "test_conv_vectorized"}),
    "the bias forgotten": (CONV, EINSUM, EINSUM.replace(" + bias", ""), {"test_conv2d", "test_conv_vectorized"}),
    "input channels not summed (each kept apart)": (CONV, EINSUM, 'np.einsum("nhwcij,ijcf->nhwf", windows[..., :1, :, :], kernel[:, :, :1]) + bias',
                                                    {"test_conv2d", "test_conv_vectorized"}),
    # Right numbers (the image is padded before), the wrong way: only the NumPy-only rule sees it.
    "Keras called inside (no NumPy convolution)": (
        CONV, EINSUM, 'np.asarray(keras.ops.conv(x, kernel, strides=stride)) + bias', {"test_conv2d"}),
    "a loop over output pixels (right numbers)": (CONV, WHOLE, LOOPED, {"test_conv_vectorized"}),
    # Task 2: pooling.
    "average pooling": ("max_pool", "windows.max(axis=(-2, -1))", "windows.mean(axis=(-2, -1))", {"test_max_pool"}),
    "the stride ignored": ("max_pool", "[:, ::stride, ::stride]", "", {"test_max_pool"}),
    "pooling across channels too": ("max_pool", "windows.max(axis=(-2, -1))", "windows.max(axis=(-3, -2, -1), keepdims=True)[..., 0, 0]",
                                    {"test_max_pool"}),
    # Task 3: shapes and parameters.
    "output size without the first window": ("shapes", "(n + 2 * padding - k) // stride + 1", "(n + 2 * padding - k) // stride",
                                             {"test_output_size"}),
    "padding counted once": ("shapes", "(n + 2 * padding - k) // stride + 1", "(n + padding - k) // stride + 1", {"test_output_size"}),
    "the side divided by the stride": ("shapes", "(n + 2 * padding - k) // stride + 1", "(n + 2 * padding - k + 1) // stride",
                                       {"test_output_size"}),
    "windows rounded up": ("shapes", "(n + 2 * padding - k) // stride + 1", "-(-(n + 2 * padding - k) // stride) + 1",
                           {"test_output_size"}),
    "conv parameters without biases": ("shapes", "k * k * c_in * c_out + c_out", "k * k * c_in * c_out", {"test_conv_params"}),
    "one bias per input channel": ("shapes", "k * k * c_in * c_out + c_out", "k * k * c_in * c_out + c_in", {"test_conv_params"}),
    "the input channels forgotten": ("shapes", "k * k * c_in * c_out + c_out", "k * k * c_out + c_out", {"test_conv_params"}),
    # Task 4: what sharing saves.
    "dense parameters without biases": ("sharing", "64 * (6 * 6 * 8) + 6 * 6 * 8", "64 * (6 * 6 * 8)", {"test_dense_params"}),
    "a dense map of the image's size (8 x 8 x 8)": ("sharing", "64 * (6 * 6 * 8) + 6 * 6 * 8", "64 * (8 * 8 * 8) + 8 * 8 * 8",
                                                     {"test_dense_params"}),
    "one unit per output channel": ("sharing", "64 * (6 * 6 * 8) + 6 * 6 * 8", "64 * 8 + 8", {"test_dense_params"}),
}

TRAINING_MUTANTS = {
    "a kernel as large as the image (12 x 8x8)": (
        "cnn", 'keras.layers.Conv2D(8, 3, activation="relu"),\n        keras.layers.MaxPooling2D(2),',
        'keras.layers.Conv2D(12, 8, activation="relu"),', {"test_cnn"}),
    "a linear convolution (refused before training)": (
        "cnn", 'keras.layers.Conv2D(8, 3, activation="relu")', "keras.layers.Conv2D(8, 3)", {"test_cnn"}),
    "a dense network (refused before training)": (
        "cnn", 'keras.layers.Conv2D(8, 3, activation="relu"),\n        keras.layers.MaxPooling2D(2),\n        keras.layers.Flatten(),',
        'keras.layers.Flatten(),\n        keras.layers.Dense(12, activation="relu"),', {"test_cnn"}),
    "over the budget: 12 filters (refused before training)": (
        "cnn", "keras.layers.Conv2D(8, 3,", "keras.layers.Conv2D(12, 3,", {"test_cnn"}),
    # A right answer by another route: full marks.
    "a ReLU layer after a linear convolution": (
        "cnn", 'keras.layers.Conv2D(8, 3, activation="relu"),', "keras.layers.Conv2D(8, 3),\n        keras.layers.ReLU(),", set()),
}

REFUSED_BEFORE_TRAINING = {"a linear convolution (refused before training)", "a dense network (refused before training)",
                           "over the budget: 12 filters (refused before training)"}

THROUGH_THE_GRADER = {"the kernel flipped (a textbook convolution, not Keras's)", "a loop over output pixels (right numbers)"}
