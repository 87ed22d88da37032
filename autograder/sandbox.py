"""Run untrusted notebook code in a sandbox with limits, and read its answers back as validated data.

The sandbox is bubblewrap (``bwrap``): no network, new PID/IPC/UTS namespaces, a read-only view of
the system, the Python environment and the ``course``/``autograder`` packages only (not
``solutions/``, the gradebook, other submissions or the instructor's home), and a size-limited tmpfs
as the only writable place. Limits: memory and process count through cgroup v1 where it is
writable, CPU seconds, file size and open files through rlimits, wall time by killing the whole
process group. Where bwrap is missing, the code still runs with the limits, and every result says
it was not isolated.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import autograder
import course

MAX_CHANNEL_BYTES = 32 * 1024 * 1024  # everything a run may send back; a flood is cut here
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


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def _package_dirs() -> list[str]:
    return [str(Path(autograder.__file__).resolve().parent), str(Path(course.__file__).resolve().parent)]


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


def _sandbox_env(home: str) -> dict[str, str]:
    from autograder.quiet import QUIET_ENV

    env = {
        "HOME": home, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": f"{home}/.matplotlib", "PYTHONDONTWRITEBYTECODE": "1", "OMP_NUM_THREADS": "1",
        "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
        # Several workers share one GPU: none may grab all of its memory.
        "TF_FORCE_GPU_ALLOW_GROWTH": "true", "XLA_PYTHON_CLIENT_PREALLOCATE": "false",
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
        if self.memory is None:
            return False
        try:
            return int((self.memory / "memory.failcnt").read_text()) > 0
        except (OSError, ValueError):
            return False

    def remove(self) -> None:
        for folder in self.dirs:
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except OSError:
                    time.sleep(0.05)


def limits_available() -> dict[str, bool]:
    """Which isolation features this machine offers, for the report."""
    probe = _Cgroups(Limits())
    found = {"bwrap": bwrap_path() is not None, "memory_cgroup": probe.memory is not None,
             "pids_cgroup": any(d.parent.name == "pids" for d in probe.dirs)}
    probe.remove()
    return found


def run_sandboxed(request: dict, limits: Limits = Limits()) -> RunResult:
    """Run :mod:`autograder.sandbox_runner` on ``request`` under ``limits``; never raises for the student."""
    runner = [sys.executable, "-m", "autograder.sandbox_runner"]
    isolated = bwrap_path() is not None
    command = _bwrap_command(limits, runner) if isolated else runner
    cgroups = _Cgroups(limits)
    request = dict(request, cell_timeout=limits.cell_seconds)

    def in_child() -> None:
        cgroups.join()
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.disk_bytes, limits.disk_bytes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    env = None if isolated else {**os.environ, **_sandbox_env(os.environ.get("TMPDIR", "/tmp"))}
    result = RunResult(isolated=isolated)
    started = time.monotonic()
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        preexec_fn=in_child, start_new_session=True, env=env,
    )
    timer = threading.Timer(limits.wall_seconds, _kill_group, args=(process, result))
    timer.start()
    try:
        try:
            process.stdin.write(json.dumps(request).encode())
            process.stdin.close()
        except BrokenPipeError:
            pass
        received = 0
        for raw in process.stdout:
            received += len(raw)
            if received > MAX_CHANNEL_BYTES:
                result.status, result.reason = "flooded", "the notebook sent more than 32 MB of output and was stopped"
                _kill_group(process, None)
                break
            message = _parse(raw)
            if message is not None:
                result.messages.append(message)
        process.wait()
    finally:
        timer.cancel()
        _kill_group(process, None)
        result.seconds = round(time.monotonic() - started, 2)
        if result.status == "ok":
            _classify_ending(process.returncode, result, cgroups, limits)
        cgroups.remove()
    return result


def _kill_group(process: subprocess.Popen, result: RunResult | None) -> None:
    if result is not None and process.poll() is None:
        result.status = "timeout"
    try:
        os.killpg(process.pid, 9)
    except (ProcessLookupError, PermissionError):
        pass


def _parse(raw: bytes) -> dict | None:
    try:
        message = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return message if isinstance(message, dict) and isinstance(message.get("type"), str) else None


def _classify_ending(returncode: int, result: RunResult, cgroups: _Cgroups, limits: Limits) -> None:
    done = any(m.get("type") == "done" for m in result.messages)
    if result.status == "timeout":
        result.reason = f"the notebook ran longer than {limits.wall_seconds:g} s in all and was stopped"
    elif cgroups.hit_memory_limit() and not done:
        result.status = "memory"
        result.reason = f"the notebook used more than {limits.memory_bytes / 1024**3:g} GiB of memory and was stopped"
    elif not done:
        result.status = "crashed"
        how = f"signal {-returncode}" if returncode < 0 else f"exit code {returncode}"
        if returncode == -24 or returncode == 128 + 24:
            how = f"it used more than {limits.cpu_seconds} s of CPU time"
        result.reason = f"the notebook's Python process ended before the last cell ({how})"
