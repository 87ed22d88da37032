"""Checks of assignment 08, "Sequences".

Tolerances: the reference computes in float64 with NumPy; Keras's SimpleRNN and LSTM in float32.
Measured on random normal inputs and weights (2 x 5 x 3 sequences, 4 units; one LSTM step from a
random state): the largest difference between Keras and the reference was 2.2e-7 (SimpleRNN over
five steps) and 7.4e-8 (LSTM, h and c). Every mutant (tanh forgotten, the recurrent kernel
transposed, the state not carried, the time axis confused, the gates in another order, a gate
left out) is off by more than 0.01 on the hidden cases. ATOL = 1e-5.
``08.recall`` is a training check; its threshold is measured in docs/validity.md.
"""

from autograder.checks.kinds import ArrayCheck, Check, PartsCheck, SourceCheck, TrainingCheck

CHECKS = [
    ArrayCheck(
        "08.rnn_step", "rnn_step(x_t, h, kernel, recurrent_kernel, bias)",
        "The new state mixes the step's input (through the kernel) with the old state (through the "
        "recurrent kernel), adds the bias and squashes the sum with tanh. Keras stores each weight matrix "
        "as (what comes in, units), so the inputs multiply from the left.",
    ),
    SourceCheck(
        "08.numpy_only", "written with NumPy only",
        "The point is to see what a recurrent layer computes: write it with NumPy's products and functions "
        "instead of calling Keras's layers or cells.",
        rule="numpy_only",
    ),
    ArrayCheck(
        "08.rnn_forward", "rnn_forward(x, kernel, recurrent_kernel, bias, return_sequences)",
        "Start from a state of zeros and go through the steps in order (the second axis of x is time): each "
        "step takes the state the previous step left. Return the last state, or every state after a step "
        "(not the starting zeros), stacked so that time is the second axis again.",
    ),
    PartsCheck(
        "08.lstm_step", "lstm_step(x_t, h, c, kernel, recurrent_kernel, bias)",
        "The four blocks of the pre-activations come in Keras's order: input gate, forget gate, candidate, "
        "output gate. The gates are sigmoids (numbers between 0 and 1 that let through or hold back); the "
        "forget gate scales the old cell, the input gate scales the tanh of the candidate, and the output "
        "gate scales the tanh of the new cell.",
        names=("h_new", "c_new"),
    ),
    Check(
        "08.lstm_params", "lstm_params",
        "Each of the four blocks is a small dense layer that reads the step's input and the state together, "
        "with a bias of its own.",
        value=True,
    ),
    TrainingCheck(
        "08.recall", "build_recall_model() trained by the grader to recall a symbol 25 steps back",
        "A plain recurrent layer rewrites its whole state at every step through the same weights, so what it "
        "saw 25 steps ago has faded (its gradient vanishes on the way back, too). A gated layer can keep a "
        "value in its cell for as long as its forget gate stays open and its input gate closed.",
    ),
]
