"""Checks of assignment 06, "Regularization".

The four training checks share one rule, measured in docs/validity.md on assignment 05's task
(300 digits, 30% wrong labels, the 2 x 256 baseline, Adam 2e-3, 40 epochs, batches of 16): median
over 3 grader seeds of the gap (training accuracy on the noisy labels minus validation accuracy) at
most 0.10 and of the test accuracy at least 0.75. The baseline's medians are 0.23-0.29 and about
0.73; a regularizer so strong that the model underfits scores a test accuracy near 0.10.
What the tasks state and the metrics cannot see is checked before training
(:mod:`autograder.model_structure`): the baseline's layers and softmax output, and *the task's
technique alone* (an L2 model holds no dropout, a dropout model no penalty, and dropout sits right
after each hidden layer), so a second technique cannot do the work; for early stopping, the
baseline's optimizer, learning rate and batch size, and ``restore_best_weights``. Once the
technique is alone, "a strength that matters" is what the gap and accuracy rule measures.
"""

from autograder.checks.kinds import Check, TrainingCheck

CHECKS = [
    TrainingCheck(
        "06.l2", "build_l2_model()",
        "Add kernel_regularizer=keras.regularizers.L2(strength) to every Dense layer, keeping the "
        "baseline's layers. Try strengths near 1e-2: 1e-3 barely changes the gap, 1 leaves the model "
        "unable to learn.",
    ),
    TrainingCheck(
        "06.dropout", "build_dropout_model()",
        "Put keras.layers.Dropout(rate) after each hidden Dense layer (not after the output), with a rate "
        "near 0.5; a rate near 1 drops almost every unit and the model learns nothing.",
    ),
    TrainingCheck(
        "06.early_stopping", "EARLY_STOPPING_TRAINING",
        "Monitor 'val_loss' with a patience of about 10 epochs and restore_best_weights=True; without the "
        "restore you keep the last epoch's weights, which have already memorised the noise.",
    ),
    TrainingCheck(
        "06.l1_sparser", "build_l1_model() and build_l2_model()",
        "Use keras.regularizers.L1(strength) on every Dense layer of the L1 model, with a strength near "
        "1e-3; L1's pull towards 0 stays the same size for small weights, so they reach 0, while L2's "
        "fades.",
    ),
    Check(
        "06.choose_strength", "choose_strength(results)",
        "Pick the strength with the highest *validation* accuracy; the test accuracy must not influence "
        "the choice.",
    ),
]
