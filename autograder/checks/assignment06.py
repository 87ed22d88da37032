"""Checks of assignment 06, "Regularization".

The four training checks share one rule, measured in docs/validity.md on assignment 05's task
(300 digits, 30% wrong labels, the 2 x 256 baseline, Adam 2e-3, 40 epochs, batches of 16): median
over 3 grader seeds of the gap (training accuracy on the noisy labels minus validation accuracy) at
most 0.10 and of the test accuracy at least 0.78. The baseline's medians are 0.26-0.31 and
0.70-0.75; a regularizer so strong that the model underfits scores a test accuracy near 0.10.
Structural facts the metrics cannot see are checked before training: the baseline's hidden
layers, a softmax output with nothing after it (dropout after the softmax also shrinks the gap),
the regularizer actually present, and ``restore_best_weights`` for early stopping.
"""

from autograder.checks._base import Check, compare_equal
from autograder.checks.registry import register
from autograder.checks.training import capture_training, compare_training

register(Check(
    "06.l2", "build_l2_model()",
    "Add kernel_regularizer=keras.regularizers.L2(strength) to every Dense layer, keeping the baseline's "
    "layers. Try strengths near 1e-2: 1e-3 barely changes the gap, 1 leaves the model unable to learn.",
    capture=capture_training, compare=compare_training, trains=True,
))
register(Check(
    "06.dropout", "build_dropout_model()",
    "Put keras.layers.Dropout(rate) after each hidden Dense layer (not after the output), with a rate "
    "near 0.5; a rate near 1 drops almost every unit and the model learns nothing.",
    capture=capture_training, compare=compare_training, trains=True,
))
register(Check(
    "06.early_stopping", "EARLY_STOPPING_TRAINING",
    "Monitor 'val_loss' with a patience of about 10 epochs and restore_best_weights=True; without the "
    "restore you keep the last epoch's weights, which have already memorised the noise.",
    capture=capture_training, compare=compare_training, trains=True,
))
register(Check(
    "06.l1_sparser", "build_l1_model() and build_l2_model()",
    "Use keras.regularizers.L1(strength) on every Dense layer of the L1 model, with a strength near 1e-3; "
    "L1's pull towards 0 stays the same size for small weights, so they reach 0, while L2's fades.",
    capture=capture_training, compare=compare_training, trains=True,
))
register(Check(
    "06.choose_strength", "choose_strength(results)",
    "Pick the strength with the highest *validation* accuracy; the test accuracy must not influence the choice.",
    compare=compare_equal,
))
