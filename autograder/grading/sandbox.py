"""Run untrusted notebook code in a sandbox with limits, and read its answers back as validated data.

The sandbox is bubblewrap (``bwrap``): no network, new PID/IPC/UTS namespaces, a read-only view of
the system, the Python environment and the ``course``/``autograder`` packages only (not
``solutions/``, the gradebook, other submissions or the instructor's home), and a size-limited tmpfs
as the only writable place. Limits: memory and process count through cgroup v1 where it is
writable, CPU seconds, file size and open files through rlimits, wall time by killing the whole
process group. :func:`sandbox_problem` probes that the sandbox really starts on this machine;
grading refuses to run student code when it does not, unless the instructor opts out explicitly
(``isolated=False``: the code then runs with the limits only, and every result says so).
"""

from __future__ import annotations

import importlib.util
import json
import os
import queue
import secrets
import resource
import shutil
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from autograder.grading.protocol import collect_step, read_channel, wait_for

CGROUP_ROOT = Path("/sys/fs/cgroup")


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed run.

    Attributes:
        wall_seconds: the whole run; then every process in it is killed.
        cell_seconds: one cell; then the cell is interrupted and the next one runs.
        memory_bytes: resident memory (cgroup); past it the run is killed.
        cpu_seconds: CPU time (rlimit).
        processes: processes and threads (cgroup pids; TensorFlow alone starts about 60 threads).
        disk_bytes: size of the writable scratch folder.
    """

    wall_seconds: float = 300.0
    cell_seconds: float = 60.0
    memory_bytes: int = 3 * 1024**3
    cpu_seconds: int = 600
    processes: int = 512
    disk_bytes: int = 256 * 1024**2


@dataclass
class RunResult:
    """What came back from one sandboxed run."""

    messages: list[dict] = field(default_factory=list)
    status: str = "ok"  # ok, timeout, memory, crashed, flooded
    reason: str = ""
    seconds: float = 0.0
    isolated: bool = True
    stopped_at: int | None = None  # the step during which the run ended early
    forged: int = 0  # channel lines that did not belong to the step being run


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def sandbox_problem(limits: Limits = Limits()) -> str | None:
    """Why student code cannot be sandboxed on this machine, or None when the sandbox works.

    Probed, not looked up: the real bwrap command (same binds and namespaces as a graded run) must
    start this Python and print a token. A bwrap that is installed but cannot create namespaces
    (some containers) fails here, not in the middle of a class.

    Example:
        >>> sandbox_problem() in (None, "bubblewrap (bwrap) is not installed")  # doctest: +SKIP
        True
    """
    if bwrap_path() is None:
        return "bubblewrap (bwrap) is not installed"
    probe = _bwrap_command(limits, [sys.executable, "-c", "print('deepsteps-sandbox-ok')"])
    try:
        done = subprocess.run(probe, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bubblewrap did not start a sandbox ({type(error).__name__}: {error})"
    if done.returncode != 0 or "deepsteps-sandbox-ok" not in done.stdout:
        said = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1][:200]
        return f"bubblewrap is installed but cannot start a sandbox here ({said})"
    return None


def _package_dirs() -> list[str]:
    # Found without importing them: importing course would import Keras into the grading process.
    dirs = []
    for name in ("autograder", "course"):
        spec = importlib.util.find_spec(name)
        dirs.append(str(Path(next(iter(spec.submodule_search_locations))).resolve()))
    return dirs


def _python_dirs() -> list[str]:
    dirs = {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}
    return sorted(d for d in dirs if d not in ("/usr", "/"))


def _bwrap_command(limits: Limits, runner: list[str]) -> list[str]:
    command = [
        bwrap_path(), "--unshare-all", "--die-with-parent", "--new-session",
        "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
        "--proc", "/proc", "--dev", "/dev",
        "--size", str(limits.disk_bytes), "--tmpfs", "/tmp",
        "--chdir", "/tmp", "--clearenv",
    ]
    for name in ("bin", "lib", "lib64", "lib32", "sbin"):
        target = Path("/") / name
        if target.is_symlink():
            command += ["--symlink", os.readlink(target), str(target)]
        elif target.is_dir():
            command += ["--ro-bind", str(target), str(target)]
    for path in _python_dirs() + _package_dirs():
        command += ["--ro-bind", path, path]
    for gpu in sorted(Path("/dev").glob("nvidia*")):  # workers share the GPU when there is one
        command += ["--dev-bind", str(gpu), str(gpu)]
    for key, value in _sandbox_env("/tmp").items():
        command += ["--setenv", key, value]
    return command + runner


# One thread for NumPy's and TensorFlow's pools: programs that share the cores (sandboxed
# notebooks, a parallel test run's kernels) run faster that way than each with a pool of all of them.
ONE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}


def _sandbox_env(home: str) -> dict[str, str]:
    from autograder.quiet import QUIET_ENV

    env = {
        "HOME": home, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": f"{home}/.matplotlib", "PYTHONDONTWRITEBYTECODE": "1", **ONE_THREAD_ENV,
        # Several workers share one GPU: none may grab all of its memory.
        "TF_FORCE_GPU_ALLOW_GROWTH": "true", "XLA_PYTHON_CLIENT_PREALLOCATE": "false",
        # The packages the sandbox shows, found from the folder that holds them (only they are
        # bound there), whichever way they were installed.
        "PYTHONPATH": os.pathsep.join(sorted({str(Path(folder).parent) for folder in _package_dirs()})),
    }
    env.update(QUIET_ENV)
    if "KERAS_BACKEND" in os.environ:
        env["KERAS_BACKEND"] = os.environ["KERAS_BACKEND"]
    return env


class _Cgroups:
    """Memory and pids cgroups (v1) for one run; absent where the hierarchy is not writable."""

    def __init__(self, limits: Limits):
        self.dirs: list[Path] = []
        name = f"deepsteps-{uuid.uuid4().hex[:12]}"
        for controller, setting, value in (("memory", "memory.limit_in_bytes", limits.memory_bytes),
                                           ("pids", "pids.max", limits.processes)):
            folder = CGROUP_ROOT / controller / name
            try:
                folder.mkdir()
                (folder / setting).write_text(str(value))
                if controller == "memory" and (folder / "memory.memsw.limit_in_bytes").exists():
                    try:
                        (folder / "memory.memsw.limit_in_bytes").write_text(str(value))
                    except OSError:
                        pass
                self.dirs.append(folder)
            except OSError:
                if folder.exists():
                    folder.rmdir()

    @property
    def memory(self) -> Path | None:
        return next((d for d in self.dirs if d.parent.name == "memory"), None)

    def join(self) -> None:
        """Called in the child before exec: the run and everything it starts are inside."""
        for folder in self.dirs:
            (folder / "cgroup.procs").write_text(str(os.getpid()))

    def hit_memory_limit(self) -> bool:
        """True when the kernel killed a process of this run for memory (``oom_kill`` in cgroup v1)."""
        if self.memory is None:
            return False
        try:
            control = dict(line.split() for line in (self.memory / "memory.oom_control").read_text().splitlines())
            return int(control.get("oom_kill", 0)) > 0 or int((self.memory / "memory.failcnt").read_text()) > 0
        except (OSError, ValueError):
            return False

    def remove(self) -> None:
        for folder in self.dirs:  # stragglers (a fork bomb's sleepers) go first, or rmdir fails
            try:
                for pid in (folder / "cgroup.procs").read_text().split():
                    os.kill(int(pid), 9)
            except (OSError, ValueError):
                pass
        for folder in self.dirs:
            for _ in range(200):  # killed processes take a moment to leave the group
                try:
                    folder.rmdir()
                    break
                except OSError:
                    time.sleep(0.05)


def limits_available(*, sandbox: bool) -> dict[str, bool]:
    """Which isolation features this run uses, for the report (``sandbox``: bubblewrap around student code)."""
    probe = _Cgroups(Limits())
    found = {"sandbox": sandbox, "memory_cgroup": probe.memory is not None,
             "pids_cgroup": any(d.parent.name == "pids" for d in probe.dirs)}
    probe.remove()
    return found


def run_sandboxed(steps: list[dict], limits: Limits = Limits(), *, isolated: bool = True) -> RunResult:
    """Run ``steps`` in :mod:`autograder.grading.inside_sandbox` under ``limits``; never raises for the student.

    ``isolated`` (the default) runs them inside bubblewrap, and fails closed: without bwrap it
    raises instead of running student code unisolated. ``isolated=False`` is the instructor's
    explicit opt-out (``deepsteps grade --no-sandbox``): the limits still apply, nothing else does.

    ``steps`` are ``{"kind": "code" | "test", "source": ..., "calls": [call indices]}``. They are
    sent one at a time, each with a fresh random nonce; a message counts only if it carries the
    current step's nonce, and an answer only if it belongs to that step and comes once. Lines
    written ahead by student code (forged answers) are dropped and counted in ``forged``.
    """
    runner = [sys.executable, "-m", "autograder.grading.inside_sandbox"]
    if isolated and bwrap_path() is None:
        raise RuntimeError("bubblewrap (bwrap) is not installed: refusing to run student code without a sandbox")
    command = _bwrap_command(limits, runner) if isolated else runner
    cgroups = _Cgroups(limits)

    def in_child() -> None:
        cgroups.join()
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
        # A little above the scratch size: a full disk is an error in the cell, not a SIGXFSZ kill.
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.disk_bytes + 2**20, limits.disk_bytes + 2**20))
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    env = None if isolated else {**os.environ, **_sandbox_env(os.environ.get("TMPDIR", "/tmp"))}
    result = RunResult(isolated=isolated)
    started = time.monotonic()
    deadline = started + limits.wall_seconds
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        preexec_fn=in_child, start_new_session=True, env=env,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=read_channel, args=(process.stdout, lines, lambda: _kill_group(process)), daemon=True).start()
    try:
        if wait_for(lines, "ready", None, deadline, result) is None:
            if result.status == "ok":
                result.status, result.reason = "crashed", "the notebook's Python process did not start"
        else:
            for index, step in enumerate(steps):
                nonce = secrets.token_hex(16)
                given_code = step["kind"] == "code" and step.get("origin") == "given"  # test cells call student code
                cell_seconds = limits.cell_seconds * (GIVEN_CELL_FACTOR if given_code else 1)
                request = {"index": index, "nonce": nonce,
                           "step": {"kind": step["kind"], "source": step["source"], "calls": step.get("calls", [])},
                           "cell_timeout": cell_seconds}
                try:
                    process.stdin.write((json.dumps(request) + "\n").encode())
                    process.stdin.flush()
                except (BrokenPipeError, OSError):
                    break
                step_deadline = min(deadline, time.monotonic() + cell_seconds + STEP_GRACE_SECONDS)
                expected_calls = {call["call"] for call in step.get("calls", [])}
                done = collect_step(lines, nonce, index, expected_calls, step_deadline, result)
                if not done:
                    result.stopped_at = index
                    break
            try:
                process.stdin.write(b'{"type": "exit"}\n')
                process.stdin.close()
            except (BrokenPipeError, OSError):
                pass
            process.wait(timeout=max(0.1, min(5.0, deadline - time.monotonic())))
    except subprocess.TimeoutExpired:
        pass
    finally:
        _kill_group(process)
        process.wait()
        result.seconds = round(time.monotonic() - started, 2)
        _classify_ending(process.returncode, result, cgroups, limits)
        cgroups.remove()
    return result


STEP_GRACE_SECONDS = 10  # past the in-sandbox cell timer, the parent stops the whole run
# The instructor's own cells (imports, data) get longer: importing Keras takes 4 s on a quiet machine
# and over a minute on a loaded one, and a slow grader must not cost a student the whole notebook.
GIVEN_CELL_FACTOR = 3


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, 9)
    except (ProcessLookupError, PermissionError):
        pass


def _classify_ending(returncode: int | None, result: RunResult, cgroups: _Cgroups, limits: Limits) -> None:
    """Name how a run ended early, if it did: memory, time, flood or crash, and in which cell."""
    if result.status == "flooded" or (result.status == "ok" and result.stopped_at is None):
        return
    where = f" (in cell {result.stopped_at + 1})" if result.stopped_at is not None else ""
    if cgroups.hit_memory_limit():
        result.status = "memory"
        result.reason = f"the notebook used more than {limits.memory_bytes / 1024**3:g} GiB of memory and was stopped{where}"
    elif result.status == "timeout":
        if result.seconds >= limits.wall_seconds - 1:
            result.reason = f"the notebook ran longer than {limits.wall_seconds:g} s in all and was stopped{where}"
        else:
            result.reason = f"a cell ran longer than {limits.cell_seconds:g} s and the notebook was stopped{where}"
    else:
        result.status = "crashed"
        if returncode in (-24, 128 + 24):
            how = f"it used more than {limits.cpu_seconds} s of CPU time"
        elif returncode is not None and (returncode < 0 or returncode > 128):
            how = f"killed by signal {-returncode if returncode < 0 else returncode - 128}"
        else:
            how = f"exit code {returncode}"
        result.reason = result.reason or f"the notebook's Python process ended early{where} ({how})"
