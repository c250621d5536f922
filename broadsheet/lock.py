"""One run per output folder: an advisory lock (flock) on `<out>/.broadsheet.lock`.

The kernel drops a flock when its process dies, even by kill -9, so a crashed
run never leaves a stale lock behind; a second run started while the first
is alive gets `LockHeld` (the CLI exits with status 3).
"""
from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: msvcrt's byte-range lock, also released when the process dies
    fcntl = None
    import msvcrt

LOCK_NAME = ".broadsheet.lock"


class LockHeld(Exception):
    """Another process holds the output folder's lock."""


class FolderLock:
    def __init__(self, out_dir: str | Path):
        self.path = Path(out_dir) / LOCK_NAME
        self.fd: int | None = None

    def acquire(self) -> "FolderLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if fcntl is not None and not isinstance(exc, BlockingIOError):
                os.close(fd)  # not "held by another run": e.g. a file system without locks
                raise
            try:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() if fcntl else ""
            finally:
                os.close(fd)
            raise LockHeld(f"another broadsheet run (pid {holder or '?'}) is using {self.path.parent}")
        if fcntl is not None:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            try:
                if fcntl is not None:
                    fcntl.flock(self.fd, fcntl.LOCK_UN)
            finally:
                os.close(self.fd)
                self.fd = None

    def __enter__(self) -> "FolderLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
