"""Helpers the tests import (kept out of conftest.py, whose module name is not unique)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def run_ckg(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300, input: str | None = None
) -> subprocess.CompletedProcess:
    """Run the real ``ckg`` command (as a user would) and capture its output."""
    full_env = {**os.environ, **(env or {})}
    exe = shutil.which("ckg", path=str(Path(sys.executable).parent)) or "ckg"
    return subprocess.run(
        [exe, *args], capture_output=True, text=True, env=full_env, timeout=timeout, input=input
    )


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a server the tests started: politely, then for good."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


def wait_until_healthy(proc: subprocess.Popen, base: str, log, seconds: float, what: str) -> None:
    """Wait for a started ``ckg serve`` to answer /healthz; fail with its log if it exits.
    ``log`` is its log file (open or closed) or the file's path."""
    import pytest
    import requests

    path = Path(getattr(log, "name", log))
    deadline = time.time() + seconds
    while True:
        if proc.poll() is not None:
            if hasattr(log, "close"):
                log.close()
            pytest.fail(f"{what} exited: {path.read_text()[-2000:]}")
        try:
            if requests.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        if time.time() > deadline:
            proc.kill()
            pytest.fail(f"{what} did not answer /healthz within {seconds:g} s")
        time.sleep(0.3)
