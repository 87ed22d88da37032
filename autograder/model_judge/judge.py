"""The model judge as an object: it trains models in separate Python processes and keeps their runs.

Trusted code. One :class:`Judge` serves a grading run (its cache folder and threads are its own,
passed in, never read from the environment); a self-check in a student's notebook makes its own.

Example, in a test or a notebook::

    judge = Judge()
    result = judge.train({"models": {"m": {"spec": spec, "settings": {"optimizer": "adam", "epochs": 20}}},
                          "task": {"name": "digits"}, "seeds": [1, 2, 3]})
    result["runs"]["m"][0]["test_accuracy"]
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

JUDGE_TIMEOUT_S = 300


@dataclass
class Judge:
    """Trains the models of a request (``python -m autograder.model_judge.train``), one request at a time each.

    Attributes:
        cache_dir: each model's judged runs are kept here, keyed by model, settings, task and seeds.
            Training is seeded, so the same key gives the same numbers: a model that two checks train,
            that many students submit, or that a regrade meets again, trains once. None: no disk cache.
        in_memory: keep the runs in this process only, never on disk (when student code runs without
            a sandbox it could rewrite a cache on disk, and with it other students' verdicts).
        threads: threads each training process may use (None: all); parallel judges share the cores.
        timeout: seconds one request may take; then its process is killed and the verdict says so.
    """

    cache_dir: Path | None = None
    in_memory: bool = False
    threads: int | None = None
    timeout: float = JUDGE_TIMEOUT_S
    _memory: dict[str, str] = field(default_factory=dict, repr=False)

    def train(self, request: dict, *, progress: Callable[[dict], None] | None = None) -> dict:
        """Every model of ``request``, trained with every seed (or from the cache); ``{"error": ...}`` if the process failed.

        ``request``: ``{"models": {name: {"spec": ..., "settings": ...}}, "task": {...}, "seeds": [...],
        "max_epochs": n}``. The answer: ``{"runs": {name: [one dict of measures per seed] or {"error": ...}}}``.
        ``progress`` hears of each run as it finishes (model, seed, accuracies, gap, epochs, seconds).
        """
        shared = {key: value for key, value in request.items() if key != "models"}
        keys = {name: hashlib.sha256(json.dumps({"model": entry, **shared}, sort_keys=True).encode()).hexdigest()
                for name, entry in request["models"].items()}
        runs, missing = {}, {}
        for name, entry in request["models"].items():
            kept = self._kept(keys[name])
            if kept is not None:
                runs[name] = json.loads(kept)
            else:
                missing[name] = entry
        if missing:
            answer = self._in_subprocess(shared | {"models": missing}, progress)
            if "error" in answer:
                return answer
            for name, result in answer["runs"].items():
                runs[name] = result
                self._keep(keys[name], json.dumps(result))
        return {"runs": {name: runs[name] for name in request["models"]}}

    def _kept(self, key: str) -> str | None:
        if self.in_memory:
            return self._memory.get(key)
        path = self.cache_dir / f"{key}.json" if self.cache_dir else None
        return path.read_text() if path is not None and path.exists() else None

    def _keep(self, key: str, text: str) -> None:
        if self.in_memory:
            self._memory[key] = text
        elif self.cache_dir is not None:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            partial = self.cache_dir / f"{key}.{os.getpid()}.{threading.get_ident()}.tmp"
            partial.write_text(text)
            partial.replace(self.cache_dir / f"{key}.json")  # atomic: parallel judges never read half a file

    def _in_subprocess(self, request: dict, progress: Callable[[dict], None] | None = None) -> dict:
        from autograder.quiet import QUIET_ENV

        env = dict(os.environ) | QUIET_ENV
        env.setdefault("TF_FORCE_GPU_ALLOW_GROWTH", "true")  # several judges may share one GPU
        env.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")
        command = [sys.executable, "-m", "autograder.model_judge.train"]
        if self.threads:
            command += ["--threads", str(self.threads)]
        errors = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: a chatty stderr cannot block the child
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
        timed_out = threading.Event()

        def stop() -> None:
            timed_out.set()
            process.kill()

        timer = threading.Timer(self.timeout, stop)
        timer.start()
        try:
            process.stdin.write(json.dumps(request))
            process.stdin.close()
            last = ""
            for line in process.stdout:  # one line per finished run, then the answer
                if not line.strip():
                    continue
                last = line
                if progress is not None and line.startswith('{"finished"'):
                    progress(json.loads(line)["finished"])
            process.wait()
            errors.seek(0)
            stderr = errors.read()
        finally:
            timer.cancel()
            errors.close()
        if timed_out.is_set():
            return {"error": f"training took longer than the grader's limit of {self.timeout:.0f} s"}
        if process.returncode != 0 or not last.startswith('{"runs"'):
            reason = "it ran out of memory" if process.returncode in (-9, 137) else f"exit status {process.returncode}"
            tail = stderr.strip().splitlines()[-1:] if stderr.strip() else []
            return {"error": f"the training process failed ({reason}) {' '.join(tail)[:300]}".strip()}
        return json.loads(last)
