"""Checks of assignment 09, "Forgetting, and what stops it".

``09.metrics``: the average accuracy and the backward transfer of an accuracy matrix, within 1e-6.
The hidden cases (3 x 3 and 4 x 4, no symmetry, a positive backward transfer in one) see every
usual slip by more than 0.02: the mean of the whole matrix or of its diagonal for the average, the
matrix transposed, the sign of the transfer flipped, the last phase counted in its mean, the first
row instead of the diagonal as the "before".
``09.replay`` is a training check: the grader trains the network through both phases with the
student's buffer; thresholds measured in docs/validity.md.
"""

from autograder.checks.kinds import ArrayCheck, TrainingCheck

CHECKS = [
    ArrayCheck(
        "09.metrics", "forgetting_metrics(R)",
        "Row i of R is measured after phase i. The average accuracy reads the last row only (where the run "
        "ended); the backward transfer compares, for each earlier phase j, the last row's R[T-1, j] with "
        "R[j, j], measured right after phase j was learned, and averages over the T - 1 earlier phases.",
        atol=1e-6,
    ),
    TrainingCheck(
        "09.replay", "build_continual_model() trained by the grader on digits 0-4, then 5-9, with continual_settings",
        "Phase B's gradients only see digits 5 to 9, so nothing keeps the output layer from giving up 0 to 4. "
        "Stored images of the old digits, trained on again beside the new ones, keep those classes in every "
        "batch's loss: the more you store (up to the memory the task allows), the less is forgotten.",
    ),
]
