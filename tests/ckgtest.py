"""Helpers the tests import (kept out of conftest.py, whose module name is not unique)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
