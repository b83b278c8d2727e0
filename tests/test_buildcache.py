"""The build cache's large pickles: a few hundred items at a time, text that is not ASCII kept once in memory."""

from __future__ import annotations

import pickle
import sys

from generator.buildcache import (CACHE_DIR, read_pickled_items, save_fragments, start_saving_fragments,
                                 write_pickled_items)
from generator.catalog import Fragments


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


def _memo_with_two_kinds() -> Fragments:
    memo = Fragments({}, {"p1": "k1", "p2": "k2"})
    for key in ("k1", "k2"):
        memo.made(("entry", key), lambda key=key: f"entry {key} ·")
        memo.made(("page", key), lambda key=key: f"page {key} ·")
    return memo


def test_fragments_saved_in_two_parts_read_back_whole(tmp_path):
    memo = _memo_with_two_kinds()
    whole = memo.kept()
    started = start_saving_fragments(tmp_path, memo, keep=("entry",))
    assert sorted(memo) == [("entry", "k1"), ("entry", "k2")]  # the pages were written and let go
    save_fragments(tmp_path, memo, started)
    assert read_pickled_items(tmp_path / CACHE_DIR / "fragments.pickle") == whole


def test_fragments_started_and_discarded_leave_the_last_cache(tmp_path):
    save_fragments(tmp_path, _memo_with_two_kinds())
    path = tmp_path / CACHE_DIR / "fragments.pickle"
    before = path.read_bytes()
    memo = _memo_with_two_kinds()
    memo.made(("page", "k3"), lambda: "new")
    start_saving_fragments(tmp_path, memo, keep=()).discard()
    assert path.read_bytes() == before and sorted(p.name for p in path.parent.iterdir()) == ["fragments.pickle"]


def test_nothing_new_rendered_means_nothing_written_or_dropped(tmp_path):
    memo = Fragments(_memo_with_two_kinds(), {"p1": "k1", "p2": "k2"})
    for key in list(memo):
        memo.made(key, lambda: "not called")
    assert start_saving_fragments(tmp_path, memo, keep=()) is None and len(memo) == 4
    assert not (tmp_path / CACHE_DIR).exists()
