"""The model judge as an object: it trains models in warm Python processes of its own and keeps their runs.

Trusted code. One :class:`Judge` serves a grading run (its cache folder, threads and backend are its
own, passed in, never read from the environment); a self-check in a student's notebook makes its own.
Each judge process imports Keras once and then answers request after request; a process that
crashes, times out or answers nonsense is killed and the next request starts a fresh one.

Example, in a test or a notebook::

    judge = Judge()
    result = judge.train({"models": {"m": {"spec": spec, "settings": {"optimizer": "adam", "epochs": 20}}},
                          "task": {"name": "digits"}, "seeds": [1, 2, 3]})
    result["runs"]["m"][0]["test_accuracy"], result["judge"]["backend"]
    judge.close()
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

BACKENDS = ("jax", "tensorflow", "torch")
# Fastest first, measured on the course's models (benchmarks/training_checks.py): JAX with the
# compiled loop, then TensorFlow's fit, then PyTorch's fit.
JUDGE_TIMEOUT_S = 300


def default_backend() -> str:
    """The fastest Keras backend installed here (found without importing it)."""
    for backend in BACKENDS:
        if importlib.util.find_spec(backend) is not None:
            return backend
    raise RuntimeError("the judge needs one of these installed: " + ", ".join(BACKENDS))


@dataclass
class Judge:
    """Trains the models of requests in warm processes (``python -m autograder.model_judge.train``).

    Several threads may call :meth:`train` at once: each request takes an idle process or starts one,
    so a grading run with N workers keeps about N processes warm. :meth:`close` ends them (they also
    end when this Python exits: their stdin closes).

    Attributes:
        cache_dir: each model's judged runs are kept here, keyed by model, settings, task and seeds.
            Training is seeded, so the same key gives the same numbers: a model that two checks train,
            that many students submit, or that a regrade meets again, trains once. None: no disk cache.
        in_memory: keep the runs in this process only, never on disk (when student code runs without
            a sandbox it could rewrite a cache on disk, and with it other students' verdicts).
        threads: threads each training process may use (None: all); parallel judges share the cores.
        timeout: seconds one request may take; then its process is killed and the verdict says so.
        backend: the Keras backend the judge trains on (jax, tensorflow or torch; None: the fastest
            installed). The student's own kernel keeps whichever backend it has.
        loop: ``"fit"`` or ``"compiled"`` (JAX only); None: the backend's fastest.
    """

    cache_dir: Path | None = None
    in_memory: bool = False
    threads: int | None = None
    timeout: float = JUDGE_TIMEOUT_S
    backend: str | None = None
    loop: str | None = None
    _memory: dict[str, str] = field(default_factory=dict, repr=False)
    _idle: list = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    started: int = field(default=0, repr=False)  # processes started so far (a warm judge starts few)

    def __post_init__(self) -> None:
        if self.backend is None:
            self.backend = default_backend()
        if self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}; got {self.backend!r}")
        if self.loop is None:
            from autograder.model_judge.train import default_loop  # light: train.py imports Keras only inside functions

            self.loop = default_loop(self.backend)

    def train(self, request: dict, *, progress: Callable[[dict], None] | None = None) -> dict:
        """Every model of ``request``, trained with every seed (or from the cache); ``{"error": ...}`` if the process failed.

        ``request``: ``{"models": {name: {"spec": ..., "settings": ...}}, "task": {...}, "seeds": [...],
        "max_epochs": n}``. The answer: ``{"runs": {name: [one dict of measures per seed] or {"error": ...}},
        "judge": {"backend", "loop", "versions", "device", "machine"}}`` (what trained them).
        ``progress`` hears of each run as it finishes (model, seed, accuracies, gap, epochs, seconds).
        """
        shared = {key: value for key, value in request.items() if key != "models"} | {
            "backend": self.backend, "loop": self.loop}
        keys = {name: hashlib.sha256(json.dumps({"model": entry, **shared}, sort_keys=True).encode()).hexdigest()
                for name, entry in request["models"].items()}
        runs, missing, described = {}, {}, None
        for name, entry in request["models"].items():
            kept = self._kept(keys[name])
            if kept is not None:
                kept = json.loads(kept)
                runs[name], described = kept["runs"], kept["judge"]
            else:
                missing[name] = entry
        if missing:
            answer = self._ask({key: value for key, value in shared.items() if key != "backend"} | {"models": missing},
                               progress)
            if "error" in answer:
                return answer
            described = answer["judge"]
            for name, result in answer["runs"].items():
                runs[name] = result
                self._keep(keys[name], json.dumps({"runs": result, "judge": described}))
        return {"runs": {name: runs[name] for name in request["models"]}, "judge": described}

    def close(self) -> None:
        """End the warm processes (a later :meth:`train` starts new ones)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def __del__(self) -> None:  # a judge dropped without close() must not leave processes behind
        for worker in getattr(self, "_idle", []):
            worker.stop()

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

    def _ask(self, request: dict, progress: Callable[[dict], None] | None) -> dict:
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        if worker is not None and not worker.alive():  # it died while idle (killed, out of memory)
            worker.stop()
            worker = None
        reused = worker is not None
        if worker is None:
            worker = self._start()
        answer = worker.ask(request, timeout=self.timeout, progress=progress)
        if reused and worker.failed and not worker.timed_out:
            # A warm process that died while idle (killed, out of memory) fails the request it is
            # handed before training anything: that is not the model's doing, so a fresh one retries.
            worker = self._start()
            answer = worker.ask(request, timeout=self.timeout, progress=progress)
        if worker.alive():
            with self._lock:
                self._idle.append(worker)
        return answer

    def _start(self) -> "_Worker":
        with self._lock:
            self.started += 1
        return _Worker(backend=self.backend, threads=self.threads)


class _Worker:
    """One warm judge process: requests in, answers out, killed on a timeout or any failure."""

    def __init__(self, *, backend: str, threads: int | None):
        from autograder.quiet import QUIET_ENV

        env = dict(os.environ) | QUIET_ENV | {"KERAS_BACKEND": backend}
        env.setdefault("TF_FORCE_GPU_ALLOW_GROWTH", "true")  # several judges may share one GPU
        env.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")
        command = [sys.executable, "-m", "autograder.model_judge.train"]
        if threads:
            command += ["--threads", str(threads)]
            if backend == "jax" and threads == 1:  # parallel judges share the cores: one thread each
                env["XLA_FLAGS"] = (env.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false"
                                    " intra_op_parallelism_threads=1").strip()
        self.errors = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: a chatty stderr cannot block it
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
                                        text=True, env=env)
        self.failed = self.timed_out = False

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()
        self.errors.close()

    def ask(self, request: dict, *, timeout: float, progress: Callable[[dict], None] | None) -> dict:
        """Send one request and read its answer; on any failure the process is stopped and the answer says why."""
        timed_out = threading.Event()

        def expire() -> None:
            timed_out.set()
            self.process.kill()

        timer = threading.Timer(timeout, expire)
        timer.start()
        answer = None
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            for line in self.process.stdout:  # one line per finished run, then the answer
                if line.startswith('{"finished"'):
                    if progress is not None:
                        progress(json.loads(line)["finished"])
                elif line.startswith(('{"runs"', '{"error"')):
                    answer = json.loads(line)
                    break
        except (OSError, ValueError):  # the process died mid-request (a broken pipe) or wrote garbage
            answer = None
        finally:
            timer.cancel()
        if timed_out.is_set():
            self.failed = self.timed_out = True
            self.stop()
            return {"error": f"training took longer than the grader's limit of {timeout:.0f} s"}
        if answer is None:
            self.failed = True
            self.process.kill()
            code = self.process.wait()
            self.errors.seek(0)
            tail = self.errors.read().strip().splitlines()[-1:]
            self.errors.close()
            reason = "it ran out of memory" if code in (-9, 137) else f"exit status {code}"
            return {"error": f"the training process failed ({reason}) {' '.join(tail)[:300]}".strip()}
        return answer
