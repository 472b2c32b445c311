"""Worker processes that die with their parent.

Why: ``ckg build`` prepares documents in a pool of spawned worker processes. If the build is
killed outright (``kill -9``, the out-of-memory killer, the crash tests), the pool never gets
to shut its workers down, and a ``ProcessPoolExecutor`` worker waits forever on a queue whose
write end it holds itself: orphans that live on after every killed build. On Linux the
kernel can signal a process when its parent dies (``prctl(PR_SET_PDEATHSIG)``); pass
``die_with_parent`` as the pool's initializer with the parent's pid.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Ask for SIGKILL when the parent dies; exit now if it already has (it may die first)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # no prctl: the check below still helps
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def background_worker(parent_pid: int) -> None:
    """Pool initializer for build workers: die with the parent, and yield the CPU to it.

    Why the lower priority: the parent embeds with torch, whose threads spin-wait on each
    other; workers extracting on the same cores at equal priority slowed embedding four-fold
    in a 500-document build (bench/scale.py). Niced, they use only the time torch leaves.
    """
    die_with_parent(parent_pid)
    with contextlib.suppress(OSError):
        os.nice(10)


__all__ = ["background_worker", "die_with_parent"]
