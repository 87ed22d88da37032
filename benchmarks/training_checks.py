"""How long one graded verdict of each training check takes, against the judge's own start-up.

Each check's hidden test (3 seeds) is judged once for the reference answer, exactly as the grader
does (a fresh judge process, no cache), and timed. The baseline, measured in the same run, is the
judge's floor: starting Python and importing Keras. Run on a quiet machine:

    python benchmarks/training_checks.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from validity import STUDIES, hidden_expected  # noqa: E402

from autograder.checks import decide  # noqa: E402
from autograder.model_judge.config import model_spec  # noqa: E402


def floor_seconds() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import autograder.quiet as q; q.import_keras_quietly()"], check=True)
    return time.perf_counter() - started


def main() -> None:
    floor = min(floor_seconds() for _ in range(2))
    print(f"judge floor (python + import keras): {floor:.1f} s")
    print(f"{'check':<22} {'verdict s':>9} {'x floor':>8}  result")
    for check_id, study in STUDIES.items():
        expected = hidden_expected(study)
        name, variant = next((n, v) for n, v in study.variants.items() if v.should_pass)
        got = {"models": {model: model_spec(build()) for model, build in variant.models.items()}, "settings": variant.settings}
        started = time.perf_counter()
        verdict = decide(check_id, [{"value": got}], [expected])  # a fresh Judge: no cache, a cold process
        seconds = time.perf_counter() - started
        print(f"{check_id:<22} {seconds:>9.1f} {seconds / floor:>8.1f}  {'passed' if verdict.passed else 'FAILED'}: {name}")


if __name__ == "__main__":
    main()
