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


def free_port() -> int:
    """A local TCP port nobody listens on now (for a server a test starts)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_ready(
    proc: subprocess.Popen, ready, log, seconds: float, what: str, interval: float = 0.3
) -> None:
    """Wait until ``ready()`` is true for a server a test started; fail with the end of its
    log if it exits first, and kill it if it does not answer within ``seconds``. ``log`` is
    the log file (open or closed) or its path; ``ready`` may raise ``requests`` errors."""
    import pytest
    import requests

    path = Path(getattr(log, "name", log))
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            if hasattr(log, "close"):
                log.close()
            pytest.fail(f"{what} exited: {path.read_text()[-2000:]}")
        try:
            if ready():
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"{what} did not answer within {seconds:g} s")
        time.sleep(interval)


def wait_until_healthy(proc: subprocess.Popen, base: str, log, seconds: float, what: str) -> None:
    """Wait for a started ``ckg serve`` to answer /healthz (see ``wait_until_ready``)."""
    import requests

    wait_until_ready(
        proc, lambda: requests.get(base + "/healthz", timeout=2).status_code == 200, log, seconds, what
    )


def tab_until(page, reached: str, what: str, limit: int = 40) -> None:
    """Press Tab until the JavaScript expression ``reached`` is truthy for the focused element,
    else fail the test saying ``what`` is not reachable with the keyboard."""
    import pytest

    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(reached):
            return
    pytest.fail(f"{what} is not reachable with Tab")
