"""glibc malloc settings for the batch's processes: fewer arenas, a fixed mmap threshold.

glibc gives each thread that allocates its own arena (up to 8 per core), and
freed memory stays in the arena that held it. A batch's main process runs
16 fetch threads that each read bodies of a few hundred KB, so its resident
memory climbed with the pages of a run (~290 MB for 1,176 real news pages)
although little of it was in use; with two arenas it stays at ~150 MB, at no
measurable cost in speed (the threads mostly wait on the network).

A fixed mmap threshold: glibc serves a request of 128 KB or more with its
own ``mmap`` and gives it back to the system on ``free``, but it *raises*
that threshold each time such a block is freed (up to 32 MB), so after the
first few page bodies every later body (a news page is ~100-500 KB, and its
decoded text and pickled copies as much again) is carved from the heap and
leaves a hole there when freed. Fixing the threshold at 128 KB keeps big
blocks out of the heap: on 294 x 4 real pages the main process's PSS at the
tree's peak went from 121-132 to 55-69 MB and the tree's from 383-404 to
298-318 MB, for ~0.5 ms more CPU per page in the main process (mapping and
unmapping).

`tune_malloc` sets both for this process (``mallopt``) and, through
``MALLOC_ARENA_MAX`` and ``MALLOC_MMAP_THRESHOLD_``, for the worker processes
it starts. It does nothing off glibc, and a variable the user set is left
alone.

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
MMAP_THRESHOLD = 128 * 1024
# glibc's mallopt parameter numbers, and the variables it reads at start-up for them
_SETTINGS = {"MALLOC_ARENA_MAX": (-8, ARENAS), "MALLOC_MMAP_THRESHOLD_": (-3, MMAP_THRESHOLD)}


def tune_malloc() -> list[str]:
    """The settings applied to this process (and exported to the ones it starts)."""
    libc = _libc()
    applied = []
    for var, (param, value) in _SETTINGS.items():
        if var in os.environ:          # the user's choice; the children inherit it anyway
            continue
        os.environ[var] = str(value)
        try:
            if libc is not None and libc.mallopt(param, value):
                applied.append(var)
        except AttributeError:         # a C library without mallopt
            pass
    return applied


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
