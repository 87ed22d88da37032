"""Assignment 08's test data (the format: tests/assignments/__init__.py)."""

from __future__ import annotations

from tests.mutation import Assignment

ASSIGNMENT = Assignment("08_sequences", "sequences.ipynb", demos=False)  # its demo trains two models

STEP = "np.tanh(x_t @ kernel + h @ recurrent_kernel + bias)"
BOTH = {"test_rnn_step", "test_rnn_forward"}  # rnn_forward is built on rnn_step
KERAS_CELL = """cell = keras.layers.SimpleRNNCell(kernel.shape[1])
    cell.build(x_t.shape)
    cell.set_weights([kernel, recurrent_kernel, bias])
    return keras.ops.convert_to_numpy(cell(x_t, [h])[0])"""
LSTM_PARAMS = "4 * (10 * 32 + 32 * 32 + 32)"

MUTANTS = {
    # Task 1: one step.
    "tanh forgotten": ("rnn_step", STEP, "x_t @ kernel + h @ recurrent_kernel + bias", BOTH),
    "a sigmoid instead of tanh": ("rnn_step", STEP, "1.0 / (1.0 + np.exp(-(x_t @ kernel + h @ recurrent_kernel + bias)))", BOTH),
    "the recurrent kernel transposed": ("rnn_step", "h @ recurrent_kernel", "h @ recurrent_kernel.T", BOTH),
    "the bias forgotten": ("rnn_step", " + bias)", ")", BOTH),
    "the old state ignored": ("rnn_step", " + h @ recurrent_kernel", "", BOTH),
    "Keras's SimpleRNNCell called inside (right numbers)": ("rnn_step", f"return {STEP}", KERAS_CELL, BOTH),
    "np.dot instead of @ (right)": ("rnn_step", STEP, "np.tanh(np.dot(x_t, kernel) + np.dot(h, recurrent_kernel) + bias)", set()),
    # Task 2: the sequence.
    "starting from a state of ones": ("rnn_forward", "h = np.zeros(", "h = np.ones(", {"test_rnn_forward"}),
    "the state not carried (every step from zeros)": ("rnn_forward", "rnn_step(x[:, t], h,", "rnn_step(x[:, t], np.zeros_like(h),",
                                                      {"test_rnn_forward"}),
    "the steps read backwards": ("rnn_forward", "for t in range(x.shape[1]):", "for t in reversed(range(x.shape[1])):",
                                 {"test_rnn_forward"}),
    "the first state returned": ("rnn_forward", "else h", "else states[0]", {"test_rnn_forward"}),
    "time stacked first": ("rnn_forward", "np.stack(states, axis=1)", "np.stack(states, axis=0)", {"test_rnn_forward"}),
    "the starting zeros in the sequence": ("rnn_forward", "states = []", "states = [h]", {"test_rnn_forward"}),
    "batch and time axes confused": ("rnn_forward", "x[:, t]", "x[t]", {"test_rnn_forward"}),
    "the steps taken from np.moveaxis (right)": ("rnn_forward", "for t in range(x.shape[1]):\n        h = rnn_step(x[:, t], h,",
                                                 "for x_t in np.moveaxis(x, 1, 0):\n        h = rnn_step(x_t, h,", set()),
    # Task 3: the LSTM step.
    "gates in the order i, f, o, g": ("lstm_step", "i, f, g, o = np.split", "i, f, o, g = np.split", {"test_lstm_step"}),
    "forget and input gates swapped": ("lstm_step", "i, f, g, o = np.split", "f, i, g, o = np.split", {"test_lstm_step"}),
    "the forget gate left out (the old cell kept whole)": ("lstm_step", "sigmoid(f) * c + ", "c + ", {"test_lstm_step"}),
    "the input gate left out": ("lstm_step", "sigmoid(i) * np.tanh(g)", "np.tanh(g)", {"test_lstm_step"}),
    "the old cell dropped": ("lstm_step", "sigmoid(f) * c + ", "", {"test_lstm_step"}),
    "the new cell not squashed": ("lstm_step", "sigmoid(o) * np.tanh(c_new)", "sigmoid(o) * c_new", {"test_lstm_step"}),
    "the candidate through a sigmoid": ("lstm_step", "np.tanh(g)", "sigmoid(g)", {"test_lstm_step"}),
    "returned as (c, h)": ("lstm_step", "return h_new, c_new", "return c_new, h_new", {"test_lstm_step"}),
    "the state left out of z": ("lstm_step", " + h @ recurrent_kernel", "", {"test_lstm_step"}),
    "SciPy's expit for the sigmoid": ("lstm_step", "sigmoid = lambda v: 1.0 / (1.0 + np.exp(-v))",
                                      "from scipy.special import expit as sigmoid", {"test_lstm_step"}),
    "the blocks sliced by hand (right)": ("lstm_step", "i, f, g, o = np.split(z, 4, axis=-1)",
                                          "u = h.shape[-1]\n    i, f, g, o = z[:, :u], z[:, u:2 * u], z[:, 2 * u:3 * u], z[:, 3 * u:]",
                                          set()),
    # Task 4: parameters.
    "one block only": ("lstm_params", LSTM_PARAMS, "10 * 32 + 32 * 32 + 32", {"test_lstm_params"}),
    "LSTM biases forgotten": ("lstm_params", LSTM_PARAMS, "4 * (10 * 32 + 32 * 32)", {"test_lstm_params"}),
    "the recurrent weights forgotten": ("lstm_params", LSTM_PARAMS, "4 * (10 * 32 + 32)", {"test_lstm_params"}),
    "three blocks": ("lstm_params", LSTM_PARAMS, "3 * (10 * 32 + 32 * 32 + 32)", {"test_lstm_params"}),
    "counted by Keras (right)": ("lstm_params", f"lstm_params = {LSTM_PARAMS}",
                                 "layer = keras.layers.LSTM(32)\nlayer.build((None, None, 10))\nlstm_params = layer.count_params()",
                                 set()),
}

TRAINING_MUTANTS = {
    "a SimpleRNN (its memory fades)": ("recall", "keras.layers.LSTM(16),", "keras.layers.SimpleRNN(16),", {"test_recall"}),
    "the sequence flattened into a dense network (refused before training)": (
        "recall", "keras.layers.LSTM(16),", 'keras.layers.Flatten(),\n        keras.layers.Dense(32, activation="relu"),',
        {"test_recall"}),
    "read backwards (refused before training)": (
        "recall", "keras.layers.LSTM(16),", "keras.layers.SimpleRNN(16, go_backwards=True),", {"test_recall"}),
    "every step's state flattened (refused before training)": (
        "recall", "keras.layers.LSTM(16),", "keras.layers.LSTM(16, return_sequences=True),\n        keras.layers.Flatten(),",
        {"test_recall"}),
    "over the budget: LSTM(32) (refused before training)": ("recall", "keras.layers.LSTM(16),", "keras.layers.LSTM(32),",
                                                            {"test_recall"}),
    # A right answer by another route: full marks.
    "a GRU": ("recall", "keras.layers.LSTM(16),", "keras.layers.GRU(16),", set()),
}

REFUSED_BEFORE_TRAINING = {"the sequence flattened into a dense network (refused before training)",
                           "read backwards (refused before training)",
                           "every step's state flattened (refused before training)",
                           "over the budget: LSTM(32) (refused before training)"}

THROUGH_THE_GRADER = {"the recurrent kernel transposed", "gates in the order i, f, o, g"}
