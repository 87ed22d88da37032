"""Checks of assignment 06, "Regularization".

The training checks of tasks 1-3 and 7 (L2, dropout, early stopping, Elastic Net) share one rule,
measured in docs/validity.md on assignment 05's task (300 digits, 30% wrong labels, the 2 x 256
baseline, Adam 2e-3, 40 epochs, batches of 16): median over 3 grader seeds of the gap (training
accuracy on the noisy labels minus validation accuracy) at most 0.10 and of the test accuracy at
least 0.75. The baseline's medians are 0.23-0.29 and about 0.73; a regularizer so strong that the
model underfits scores a test accuracy near 0.10.
What the tasks state and the metrics cannot see is checked before training
(:mod:`autograder.model_structure`): the baseline's layers and softmax output, and *the task's
technique alone* (an L2 model holds no dropout, a dropout model no penalty, and dropout sits right
after each hidden layer), so a second technique cannot do the work; for early stopping, the
baseline's optimizer, learning rate and batch size, and ``restore_best_weights``. Once the
technique is alone, "a strength that matters" is what the gap and accuracy rule measures.
"""

from autograder.checks.kinds import Check, ChoiceCheck, ModelCheck, TrainingCheck

CHECKS = [
    TrainingCheck(
        "06.l2", "build_l2_model()",
        "An L2 penalty on every Dense layer's kernel and nothing else added to the baseline. The strength "
        "decides everything: around 1e-3 barely changes the gap, around 1 leaves the model unable to "
        "learn; look in between.",
    ),
    TrainingCheck(
        "06.dropout", "build_dropout_model()",
        "Dropout goes right after each hidden layer (not before the first, not after the output), with "
        "nothing else added. A rate near 1 drops almost every unit and the model learns nothing; a tiny "
        "rate changes nothing.",
    ),
    TrainingCheck(
        "06.early_stopping", "EARLY_STOPPING_TRAINING",
        "Watch a validation measure with a patience of several epochs and ask for the best epoch's "
        "weights back: without that you keep the last epoch's weights, which have already memorised the "
        "noise. Keep the baseline's optimizer, learning rate and batch size.",
    ),
    TrainingCheck(
        "06.l1_sparser", "build_l1_model() and build_l2_model()",
        "L1 on every Dense kernel of the L1 model, and nothing else: its pull towards 0 stays the same "
        "size as a weight shrinks, so many weights end at (nearly) 0, while L2's pull fades. Too weak a "
        "strength leaves no weight small.",
    ),
    Check(
        "06.choose_strength", "choose_strength(results)",
        "Pick the strength with the highest validation accuracy; the test accuracy must not influence the "
        "choice.",
    ),
    TrainingCheck(
        "06.elastic_net", "build_elastic_net_model()",
        "Both parts of the L1L2 penalty must be above 0, on every Dense kernel, with nothing else added. "
        "Too weak and the model still memorises the wrong labels; too strong and it cannot fit the real "
        "digits. L1's pull keeps its size near 0, so it needs a much smaller strength than L2.",
    ),
    ChoiceCheck(
        "06.l1_histogram", "l1_histogram",
        "Compare the two penalties' pull on a weight that is already tiny: L2's slope, 2 lambda w, fades "
        "with w, while L1's, lambda times the sign of w, stays the same size all the way to 0.",
    ),
    ModelCheck(
        "06.batch_norm", "build_batch_norm_model()",
        "The task names one place: between each hidden Dense layer and its ReLU. So the hidden Dense layers "
        "lose their activation, a BatchNormalization layer follows each, then the ReLU as a layer of its "
        "own; the output layer stays as it was, and nothing else is added.",
    ),
    ChoiceCheck(
        "06.bn_at_inference", "bn_at_inference",
        "A prediction for one image must not depend on which other images share its batch, or on there "
        "being a batch at all: at inference batch normalization uses statistics gathered during training.",
    ),
]
