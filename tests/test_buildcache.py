"""The build cache's large pickles: a few hundred items at a time, text that is not ASCII kept once in memory."""

from __future__ import annotations

import pickle
import sys

from generator.buildcache import read_pickled_items, write_pickled_items


def test_items_read_back_as_written_across_batches(tmp_path):
    items = {("entry", str(n)): f"Lévy–Khintchine {n} “quoted”" if n % 2 else f"plain {n}" for n in range(1234)}
    items |= {"bytes": b"\xe2\x80\x93", "nested": {"a": ("é", ["ü", 1, None]), "b": 2.5}, "empty": ""}
    path = tmp_path / "items.pickle"
    write_pickled_items(path, items)
    back = read_pickled_items(path)
    assert back == items
    assert type(back["bytes"]) is bytes and type(back["nested"]["a"]) is tuple and type(back["nested"]["a"][1]) is list


def test_writing_keeps_no_utf8_copy_of_a_text(tmp_path):
    text = "Lévy – " * 10_000
    size = sys.getsizeof(text)
    write_pickled_items(tmp_path / "items.pickle", {"page": text})
    assert sys.getsizeof(text) == size
    pickle.dumps(text)  # what a plain pickle does to the same text
    assert sys.getsizeof(text) > size


def test_a_missing_or_foreign_file_reads_as_nothing(tmp_path):
    assert read_pickled_items(tmp_path / "missing.pickle") is None
    (tmp_path / "list.pickle").write_bytes(pickle.dumps([1, 2]))
    assert read_pickled_items(tmp_path / "list.pickle") is None
    (tmp_path / "junk.pickle").write_bytes(b"not a pickle")
    assert read_pickled_items(tmp_path / "junk.pickle") is None
