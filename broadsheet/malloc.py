"""Fewer glibc malloc arenas for the batch's processes.

glibc gives each thread that allocates its own arena (up to 8 per core), and
freed memory stays in the arena that held it. A batch's main process runs
16 fetch threads that each read bodies of a few hundred KB, so its resident
memory climbed with the pages of a run (~290 MB for 1,176 real news pages)
although little of it was in use; with two arenas it stays at ~150 MB, at no
measurable cost in speed (the threads mostly wait on the network).

`limit_arenas` sets it for this process (``mallopt``) and, through
``MALLOC_ARENA_MAX``, for the worker processes it starts. It does nothing
off glibc, and a ``MALLOC_ARENA_MAX`` the user set is left alone.

`Trimmer` returns free memory at the top *and in the middle* of the
arenas to the system (``malloc_trim``), at most once per interval: bodies
and rows freed between commits leave holes that glibc keeps otherwise.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import time

ARENAS = 2
_M_ARENA_MAX = -8          # glibc's mallopt parameter number


def limit_arenas(arenas: int = ARENAS) -> bool:
    """True when the limit was applied to this process."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    os.environ["MALLOC_ARENA_MAX"] = str(arenas)      # for the processes started from here
    libc = _libc()
    try:
        return libc is not None and bool(libc.mallopt(_M_ARENA_MAX, arenas))
    except AttributeError:
        return False


def _libc():
    """The C library, or None where there is none to load."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


class Trimmer:
    """Calls glibc's ``malloc_trim(0)`` at most once per `interval` seconds (a no-op off glibc)."""

    def __init__(self, interval: float = 2.0):
        self.interval, self._last = interval, time.monotonic()
        libc = _libc()
        self._trim = getattr(libc, "malloc_trim", None) if libc is not None else None

    def maybe_trim(self) -> bool:
        """True when it trimmed now."""
        if self._trim is None or time.monotonic() - self._last < self.interval:
            return False
        self._trim(0)
        self._last = time.monotonic()
        return True
