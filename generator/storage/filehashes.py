"""Content hashes of input files, kept from one run to the next by their stat data, so that a file left alone is
not read again to learn that it did not change.

A hash is kept only for a file whose size, times, inode and device are what they were when it was hashed, and
only when that was long enough after its last change that no later write could leave the same times behind.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

# A file changed this recently when it was hashed could be written again within the same tick of a coarse clock
# (or a file system's two-second times) and keep its times: its hash is not kept for the next run.
SETTLE_NS = 2_000_000_000


class FileHashes:
    """SHA-256 of files' bytes by path: the kept hash where the file's stat data is unchanged, else read afresh."""

    def __init__(self, kept: dict | None = None):
        self._kept = kept if isinstance(kept, dict) else {}
        self._found: dict[str, tuple] = {}
        self._trusted: dict[str, tuple] = {}

    def of(self, path: Path | str) -> str | None:
        """The hash of a regular file's bytes (following links), or None for anything else or a file not read."""
        name = os.fspath(path)
        found = self._found.get(name)
        if found is not None:
            return found[1]
        try:
            info = os.stat(name)
            if not stat.S_ISREG(info.st_mode):
                return None
            signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
            kept = self._kept.get(name)
            if kept is not None and kept[0] == signature:
                self._found[name] = self._trusted[name] = kept
                return kept[1]
            # Stat data first, bytes after: a write in between changes the times the next run compares.
            now = time.time_ns()
            with open(name, "rb") as handle:
                entry = (signature, hashlib.sha256(handle.read()).hexdigest())
        except OSError:
            return None
        self._found[name] = entry
        if now - max(info.st_mtime_ns, info.st_ctime_ns) > SETTLE_NS:
            self._trusted[name] = entry
        return entry[1]

    def kept(self) -> dict[str, tuple]:
        """What the next run may trust: each hash this run took whose file had settled."""
        return dict(self._trusted)
