"""Worker processes that die with their parent.

Why: ``ckg build`` prepares documents in a pool of spawned worker processes. If the build is
killed outright (``kill -9``, the out-of-memory killer, the crash tests), the pool never gets
to shut its workers down, and a ``ProcessPoolExecutor`` worker waits forever on a queue whose
write end it holds itself: orphans that live on after every killed build. On Linux the
kernel can signal a process when its parent dies (``prctl(PR_SET_PDEATHSIG)``); pass
``die_with_parent`` as the pool's initializer with the parent's pid.

The same workers also give way to the parent's embedding model: ``background_worker`` takes
an event the parent clears while the model runs, and ``wait_for_cpu`` (called between a
document's stages) waits until it is set again.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from typing import Any

PR_SET_PDEATHSIG = 1
_cpu_free: Any = None  # multiprocessing Event, set while the parent's model is not running


def die_with_parent(parent_pid: int) -> None:
    """Ask for SIGKILL when the parent dies; exit now if it already has (it may die first)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # no prctl: the check below still helps
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def background_worker(parent_pid: int, cpu_free: Any = None) -> None:
    """Pool initializer for build workers: die with the parent, and yield the CPU to it.

    Why: the parent embeds with torch, whose threads use every core and spin-wait on each
    other; workers extracting on the same cores at equal priority slowed embedding four-fold
    in a 500-document build (bench/scale.py), and even niced they cost it a fifth. So workers
    run niced, and between stages wait while ``cpu_free`` (a multiprocessing Event the
    parent clears around each call to the model) is clear: the two take turns at the cores.
    """
    global _cpu_free
    die_with_parent(parent_pid)
    _cpu_free = cpu_free
    with contextlib.suppress(OSError):
        os.nice(10)


def wait_for_cpu(_stage: str = "") -> None:
    """In a build worker: return once the parent's model is not running (at once elsewhere).
    The wait is bounded so that a parent stuck with the event clear cannot hang a worker."""
    if _cpu_free is not None:
        _cpu_free.wait(timeout=600)


__all__ = ["background_worker", "die_with_parent", "wait_for_cpu"]
