"""Input files' hashes kept by stat data: a kept hash is only ever that of the file's current bytes."""

from __future__ import annotations

import hashlib
import os

from generator.storage import filehashes
from generator.storage.filehashes import FileHashes


def test_a_settled_file_is_not_read_again_and_a_changed_one_is(tmp_path, monkeypatch) -> None:
    path = tmp_path / "paper.yml"
    path.write_bytes(b"title: one\n")
    monkeypatch.setattr(filehashes, "SETTLE_NS", -10**18)  # ctime cannot be set back: trust every hash here
    first = FileHashes()
    assert first.of(path) == hashlib.sha256(b"title: one\n").hexdigest()
    reads = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda *a, **k: reads.append(a[0]) or real_open(*a, **k))
    assert FileHashes(first.kept()).of(path) == first.of(path) and reads == []
    # Same size, the old modification time put back: the change time still tells.
    times = path.stat()
    path.write_bytes(b"title: two\n")
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert FileHashes(first.kept()).of(path) == hashlib.sha256(b"title: two\n").hexdigest()


def test_a_file_hashed_just_after_a_change_is_hashed_again_next_time(tmp_path) -> None:
    path = tmp_path / "paper.yml"
    path.write_bytes(b"title: one\n")
    hashes = FileHashes()
    hashes.of(path)
    assert hashes.kept() == {}  # changed a moment ago: a write in the same clock tick could keep its times


def test_anything_but_a_regular_file_has_no_hash(tmp_path) -> None:
    os.mkfifo(tmp_path / "pipe.yml")
    (tmp_path / "folder.yml").mkdir()
    hashes = FileHashes()
    assert hashes.of(tmp_path / "pipe.yml") is None and hashes.of(tmp_path / "folder.yml") is None
    assert hashes.of(tmp_path / "missing.yml") is None
