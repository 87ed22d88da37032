"""How long one graded verdict of each training check takes: today's judge against the warm, compiled one.

Each check's hidden test (3 seeds) is judged for the reference answer exactly as the grader does
(no cache), four ways, in the same run:

* **baseline**: a fresh judge process on TensorFlow training with ``fit`` (the judge before issue 12);
* **TF warm**: the same, in a judge process that already imported Keras;
* **JAX new model**: a warm JAX judge meeting this architecture for the first time (it compiles);
* **JAX warm**: the same verdict again (what every later student with this architecture costs).

Ratios are baseline / that column. The target (issue 12): a warm 3-seed verdict in at most 3 s on a
2-core CPU. Run on a quiet machine:

    python benchmarks/training_checks.py            # every training check
    python benchmarks/training_checks.py 07 08      # the checks whose ids start so
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from validity import STUDIES, hidden_expected  # noqa: E402

from autograder.checks import decide  # noqa: E402
from autograder.model_judge.config import model_spec  # noqa: E402
from autograder.model_judge.judge import Judge  # noqa: E402


def timed(check_id: str, got: dict, expected: dict, judge: Judge) -> tuple[float, bool]:
    started = time.perf_counter()
    verdict = decide(check_id, [{"value": got}], [expected], judge=judge)
    return time.perf_counter() - started, verdict.passed


def main() -> None:
    tf_warm, jax_warm = Judge(backend="tensorflow"), Judge(backend="jax")
    warm_up = {"models": {}, "task": {"name": "digits"}, "seeds": [1]}
    for judge in (tf_warm, jax_warm):  # import Keras once in each warm process, outside the timings
        judge.train(warm_up | {"models": {"w": {"spec": model_spec(STUDIES["03.digits_training"].variants[
            next(iter(STUDIES["03.digits_training"].variants))].models["model"]()), "settings": {"epochs": 1}}}})
    print(f"{'check':<22} {'baseline s':>10} {'TF warm':>14} {'JAX new model':>14} {'JAX warm':>14}  verdicts")
    for check_id, study in STUDIES.items():
        if sys.argv[1:] and not any(check_id.startswith(prefix) for prefix in sys.argv[1:]):
            continue
        expected = hidden_expected(study)
        variant = next(v for v in study.variants.values() if v.should_pass)
        got = {"models": {model: model_spec(build()) for model, build in variant.models.items()}, "settings": variant.settings}
        cold = Judge(backend="tensorflow")
        baseline, passed = timed(check_id, got, expected, cold)
        cold.close()
        columns, verdicts = [], [passed]
        for judge in (tf_warm, jax_warm, jax_warm):
            seconds, passed = timed(check_id, got, expected, judge)
            columns.append(f"{seconds:6.1f} ({baseline / seconds:4.1f}x)")
            verdicts.append(passed)
        print(f"{check_id:<22} {baseline:>10.1f} " + " ".join(f"{c:>14}" for c in columns)
              + "  " + ("all passed" if all(verdicts) else f"NOT ALL PASSED {verdicts}"), flush=True)
    tf_warm.close()
    jax_warm.close()


if __name__ == "__main__":
    main()
