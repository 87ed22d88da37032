"""Checks of assignment 07, "Convolutions".

Tolerances: the reference computes in float64 with NumPy; Keras's Conv2D and MaxPooling2D in
float32. Measured on random normal inputs (five conv shapes with strides 1-3, paddings 0-1, 1-3
channels; three pooling shapes): the largest difference between Keras and the reference was
1.2e-6 (conv) and 8e-8 (pooling). The graded cases use small whole numbers, so the reference is
exact on them, and every mutant (flipped kernel, one-sided padding, windows off by one, channels
read the other way, average pooling, the stride ignored) is off by at least 0.5. ATOL = 1e-5.
``07.cnn`` is a training check; its thresholds are measured in docs/validity.md.
"""

from autograder.checks.kinds import ArrayCheck, Check, SourceCheck, TrainingCheck

CHECKS = [
    ArrayCheck(
        "07.conv2d", "conv2d(x, kernel, bias, stride, padding)",
        "Each output number is one window of the padded image times the kernel, summed over the window's rows, "
        "columns and input channels, plus the output channel's bias. The kernel is not flipped; zeros go on every "
        "side; the first window starts at the corner and the next one `stride` pixels on; the kernel's last axis "
        "is the output channel.",
    ),
    SourceCheck(
        "07.numpy_only", "conv2d, written with NumPy only",
        "The point is to see what a convolution computes: write it with NumPy's padding, windows and sums "
        "instead of calling Keras's or SciPy's convolution.",
        rule="numpy_only",
    ),
    SourceCheck(
        "07.conv_vectorized", "conv2d without Python loops",
        "A view of every window at once turns the convolution into one sum of products over the window's "
        "three axes; loops over pixels give the same numbers hundreds of times slower.",
        rule="no_loops",
    ),
    ArrayCheck(
        "07.max_pool", "max_pool2d(x, size, stride)",
        "Pooling keeps the largest value of each window, for each channel on its own (the channels are not "
        "mixed), with windows `stride` apart, `size` apart when no stride is given.",
    ),
    Check(
        "07.output_size", "conv_output_size(n, k, stride, padding)",
        "Padding adds to both sides; the first window fits at position 0, then one more for every full stride "
        "that still fits: count the windows, do not divide the side by the stride.",
    ),
    Check(
        "07.conv_params", "conv_params(k, c_in, c_out)",
        "Each output channel has one k x k weight for every input channel, and one bias of its own; the same "
        "weights serve every position, so the image's size does not appear.",
    ),
    Check(
        "07.dense_params", "dense_params",
        "A Dense layer connects every one of its inputs to every one of its units and gives each unit a bias: "
        "here the inputs are the 64 pixels and the units the numbers of the 6 x 6 x 8 map.",
        value=True,
    ),
    TrainingCheck(
        "07.cnn", "build_cnn() trained by the grader on 100 digits",
        "A convolution looks at small windows with weights shared by every position, so it needs few examples "
        "to learn a pattern and finds it wherever it is; pooling then keeps the strongest response of a "
        "neighbourhood, which is what tolerates a digit moved by a pixel. A kernel as large as the image, or no "
        "pooling, loses those advantages.",
    ),
]
