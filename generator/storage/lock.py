"""One writer at a time: commands that write data/ (or site/) hold an exclusive lock, and a second one waits for it.

The lock is an flock(2) on a small file, so the kernel releases it when its holder exits, however it exits
(kill -9 included): there is never a stale lock to delete by hand.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .fileio import remove_stale_temp_files

DATA_LOCK = Path("data") / ".lock"
# How long a second writer waits before giving up; READING_LIST_LOCK_TIMEOUT (seconds) overrides it.
DEFAULT_TIMEOUT = 300.0
_POLL_SECONDS = 0.1


class LockTimeout(Exception):
    """Another command held the lock for longer than we were willing to wait."""


def _timeout(given: float | None) -> float:
    if given is not None:
        return given
    try:
        return float(os.environ.get("READING_LIST_LOCK_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


@contextmanager
def exclusive(path: Path, what: str, timeout: float | None = None, stream: TextIO | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `path` for the block; waits (saying so on `stream`), LockTimeout after `timeout`.

    A file is created if need be and records the holder's pid for the waiting message; a folder is locked as it is.
    """
    folder = path.is_dir()
    if not folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDONLY if folder else os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, what, _timeout(timeout), stream or sys.stderr)
        if not folder:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _acquire(fd: int, path: Path, what: str, timeout: float, stream: TextIO) -> None:
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _holder(path)
        if time.monotonic() >= deadline:
            raise LockTimeout(f"another command{holder} is still writing {what} after {timeout:g} s; "
                              f"let it finish and run this again")
        if not told:
            print(f"waiting: another command{holder} is writing {what}...", file=stream, flush=True)
            told = True
        time.sleep(_POLL_SECONDS)


def _holder(path: Path) -> str:
    if path.is_dir():
        return ""
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


@contextmanager
def data_lock(root: Path, timeout: float | None = None, stream: TextIO | None = None) -> Iterator[None]:
    """Hold the lock on data/, then remove the temporary files an interrupted writer left there."""
    with exclusive(root / DATA_LOCK, "data/", timeout, stream):
        remove_stale_temp_files(root / "data")
        yield


@contextmanager
def site_lock(root: Path, timeout: float | None = None, stream: TextIO | None = None) -> Iterator[None]:
    """Hold the lock on site/ (a lock on the project folder itself, which leaves no file behind), so that two builds
    never swap or clean up each other's staging folders."""
    with exclusive(root, "site/", timeout, stream):
        yield
