"""Checks of assignment 05, "Overfitting".

``05.kfold`` checks properties, not one particular shuffle: any correct k-fold split passes (folds
that partition the samples, sizes within one of each other, each validation fold kept out of its
training part, and, where the case says so, shuffled by the seed: the digits come sorted in places). ``05.best_epoch`` and ``05.final_gap`` read numbers off a training history, compared
within 1e-9 (they are picks and differences of the given floats; nothing is computed that could
round differently). ``05.overfits`` is a training check; its threshold is measured in docs/validity.md.
"""

from __future__ import annotations

from typing import Any

from autograder.checks.kinds import ArrayCheck, Check, TrainingCheck
from autograder.checks.student_code import Captured, call_captured
from autograder.checks.values import Outcome, show


def capture_kfold(answer: Any, args: tuple) -> Captured:
    """The student's folds for ``(n, k, seed)``, again for the same seed, and for the next seed.

    The three calls show whether the split is shuffled, and by the seed: the same seed must give the
    same folds, another seed other folds.
    """
    n, k, seed = args
    first = call_captured(answer, n, k, seed)
    if first.error:
        return first
    again, other = call_captured(answer, n, k, seed), call_captured(answer, n, k, seed + 1)
    return Captured(value={"folds": first.value, "same_seed": None if again.error else again.value,
                           "next_seed": None if other.error else other.value},
                    noise=first.noise + again.noise + other.noise)


def compare_kfold(got: Any, expected: dict) -> Outcome | None:
    """``got["folds"]``: k pairs (train indices, validation indices) of ``expected["n"]`` samples.

    With ``expected["shuffled"]``, the folds must also come from a shuffle made by the seed: not
    runs of consecutive indices, the same for the same seed, and different for the next seed.

    Example:
        >>> compare_kfold({"folds": [[[2, 3], [0, 1]], [[0, 1], [2, 3]]]}, {"n": 4, "k": 2}) is None
        True
        >>> compare_kfold({"folds": [[[0, 1, 2, 3], [0, 1]], [[0, 1, 2, 3], [2, 3]]]}, {"n": 4, "k": 2}).got
        'fold 1 trains on 2 of its own validation samples'
    """
    n, k = expected["n"], expected["k"]
    want = f"{k} (train, validation) pairs whose validation folds split the {n} samples into {k} near-equal parts"
    if type(got) is not dict or "folds" not in got:
        return Outcome.mismatch(expected=want, got=show(got))
    folds = got["folds"]
    if type(folds) is not list or len(folds) != k:
        return Outcome.mismatch(expected=want, got=f"{len(folds)} folds" if type(folds) is list else show(folds))
    everything, seen = set(range(n)), []
    for number, pair in enumerate(folds, start=1):
        if type(pair) is not list or len(pair) != 2 or not all(type(part) is list for part in pair):
            return Outcome.mismatch(expected=want, got=f"fold {number} is not a (train indices, validation indices) pair")
        train, val = pair
        if not all(type(i) is int for i in train + val):
            return Outcome.mismatch(expected=want, got=f"fold {number} holds something other than whole-number indices")
        leaked = set(train) & set(val)
        if leaked:
            return Outcome.mismatch(expected=want, got=f"fold {number} trains on {len(leaked)} of its own validation samples")
        if set(train) | set(val) != everything or len(train) + len(val) != n:
            return Outcome.mismatch(expected=want, got=f"fold {number} does not use every sample exactly once "
                                               f"({len(train)} train + {len(val)} validation for {n} samples)")
        seen.append(val)
    sizes = [len(val) for val in seen]
    if sorted(i for val in seen for i in val) != list(range(n)):
        return Outcome.mismatch(expected=want, got="the validation folds overlap or leave samples out")
    if max(sizes) - min(sizes) > 1:
        return Outcome.mismatch(expected=want, got=f"validation folds of sizes {sizes}")
    if expected.get("shuffled"):
        shuffled = f"{want}, from a shuffle made by the seed"
        if all(sorted(val) == list(range(min(val), max(val) + 1)) for val in seen if val):
            return Outcome.mismatch(expected=shuffled, got="validation folds that are runs of consecutive indices: nothing was shuffled")
        if got.get("same_seed") != folds:
            return Outcome.mismatch(expected=shuffled, got="different folds from two calls with the same seed: the shuffle ignores the seed")
        if got.get("next_seed") == folds:
            return Outcome.mismatch(expected=shuffled, got="the same folds for the next seed: the seed does not reach the shuffle")
    return None


class FoldsCheck(Check):
    """k-fold splits, called three times by the capture and judged by their properties."""

    def capture(self, answer: Any, args: tuple) -> Captured:
        return capture_kfold(answer, args)

    def compare(self, got: Any, expected: Any) -> Outcome | None:
        return compare_kfold(got, expected)


CHECKS = [
    FoldsCheck(
        "05.kfold", "kfold_splits(n, k, seed)",
        "Shuffle the indices once with a generator made from the seed, cut them into k parts of nearly "
        "equal size, and for fold i validate on part i and train on all the other parts together.",
    ),
    Check(
        "05.best_epoch", "best_epoch(history)",
        "Early stopping watches the validation loss, not the training loss: the best epoch is where it is "
        "lowest, and epochs are counted from 1.",
    ),
    ArrayCheck(
        "05.final_gap", "final_gap(history)",
        "The gap compares training and validation accuracy at the last epoch, training minus validation, "
        "so that overfitting shows as a positive number.",
        atol=1e-09,
    ),
    TrainingCheck(
        "05.overfits", "build_overfitting_model() trained with TRAINING",
        "To overfit, give the model far more capacity than 300 noisy examples need (two hidden layers of "
        "a few hundred ReLU units), no regularization, and enough epochs (around 40) for it to memorise "
        "the wrong labels too; a tiny model or a handful of epochs cannot.",
    ),
]
