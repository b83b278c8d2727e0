"""Atomic file writes and folder swaps: a failed or killed run never leaves a half-written file or a missing site."""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
from pathlib import Path

# The suffix of write_text_atomic's temporary files; a kill can leave one, which the next writer removes.
TEMP_SUFFIX = ".tmp"


def write_text_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename it over the target."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """write_text_atomic for text already encoded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stale_temp_files(folder: Path) -> list[Path]:
    """Temporary files an interrupted write_text_atomic left in folder (and its sub-folders), in name order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob(f".*{TEMP_SUFFIX}") if p.is_file() and not p.is_symlink())


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete what stale_temp_files finds; call it only while holding the data lock, when no write is in flight."""
    found = stale_temp_files(folder)
    for path in found:
        path.unlink(missing_ok=True)
    return found


def write_if_changed(path: Path, text: str) -> bool:
    """Write only when the content differs, so timestamps stay put and watchers stay calm.

    Bytes are compared, and only when the sizes agree: a large file is never held decoded beside its new text.
    """
    data = text.encode("utf-8")
    try:
        if os.stat(path).st_size == len(data) and _holds(path, data):
            return False
    except (FileNotFoundError, NotADirectoryError):
        pass
    write_bytes_atomic(path, data)
    return True


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file's bytes are data, read a megabyte at a time."""
    view, start = memoryview(data), 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            if chunk != view[start:start + len(chunk)]:
                return False
            start += len(chunk)
    return start == len(data)


def staging_dir(target: Path) -> Path:
    """A fresh hidden folder beside `target` (`.site-XXXX` for site/) to build the next version into."""
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))


def exchange_into_place(staging: Path, target: Path) -> bool:
    """Replace the folder `target` (site/) with the finished `staging` folder, the old version left at `staging`;
    False when there was none.

    On Linux the two folders are exchanged in one renameat2(RENAME_EXCHANGE) call, so a reader (a web server, a
    deploy step) always finds a whole site/, never none; elsewhere two renames leave a moment without it.
    """
    if not target.exists() and not target.is_symlink():
        staging.rename(target)
        return False
    if _exchange(staging, target):
        return True
    retired = staging.with_name(staging.name + ".old")
    target.rename(retired)
    staging.rename(target)
    retired.rename(staging)
    return True


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2(RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def remove_stale_staging(target: Path) -> list[Path]:
    """Delete the `.site-*` folders a killed build left beside site/; call it once the new site is in place, while
    holding the site lock (`build` on the command line takes it), so that no other build's staging is in flight."""
    removed = sorted(target.parent.glob(f".{target.name}-*"))
    for path in removed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return removed
