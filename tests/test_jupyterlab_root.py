"""The README's JupyterLab command roots the server at the checkout: a lesson and the exercises are both in reach."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_readme_command_serves_lessons_and_exercises():
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"jupyter lab (--ServerApp\.root_dir=\. course/lessons/\S+)", readme).group(1).split()
    port = _free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "jupyter"), "lab", *command, "--no-browser",
                               f"--port={port}", "--IdentityProvider.token=t", "--ServerApp.ip=127.0.0.1", "--allow-root"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        listing = None
        for _ in range(120):  # a hang guard: the server starts in seconds
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/exercises?token=t", timeout=5) as reply:
                    listing = json.loads(reply.read())
                break
            except OSError:
                time.sleep(0.5)
        assert listing is not None, "the server did not answer"
        assert {item["name"] for item in listing["content"]} >= {"01_define_network", "06_regularization"}
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/course/lessons?token=t", timeout=5) as reply:
            assert any(item["name"].startswith("01_") for item in json.loads(reply.read())["content"])
    finally:
        server.terminate()
        server.wait(timeout=30)
