"""The build cache's large pickles: a few hundred items at a time, text that is not ASCII kept once in memory, each
dict in shards of which an edit rewrites only those its keys fall in."""

from __future__ import annotations

import pickle
import sys

from generator import buildcache
from generator.buildcache import (CACHE_DIR, SHARDS, read_fragments, read_pickled_items, read_sharded, release_fragments,
                                  save_fragments, write_pickled_items, write_sharded)
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


def _memo_with_two_kinds(load=None) -> Fragments:
    memo = Fragments({}, {"p1": "k1", "p2": "k2"}, load)
    for key in ("k1", "k2"):
        memo.made(("entry", key), lambda key=key: f"entry {key} ·")
        memo.made(("page", key), lambda key=key: f"page {key} ·")
    return memo


def _reader(root, generation=None):
    return lambda kind: read_fragments(root / CACHE_DIR, generation, kind)


def test_fragments_released_early_and_saved_late_read_back_whole(tmp_path):
    memo = _memo_with_two_kinds()
    whole = memo.kept()
    release_fragments(tmp_path, memo, keep=("entry",))
    assert sorted(memo) == [("entry", "k1"), ("entry", "k2")]  # the pages were written and let go
    assert memo.made(("page", "k1"), lambda: "again") == "again" and ("page", "k1") not in memo
    save_fragments(tmp_path, memo)
    again = Fragments(None, {"p1": "k1", "p2": "k2"}, _reader(tmp_path))
    assert {key: again.made(key, lambda: "not kept") for key in whole} == whole and not again.fresh


def test_a_kind_with_nothing_new_is_neither_read_nor_written(tmp_path):
    save_fragments(tmp_path, _memo_with_two_kinds())
    folder = tmp_path / CACHE_DIR / "fragments"
    before = {path.relative_to(folder): path.stat().st_mtime_ns for path in folder.rglob("*.pickle")}
    asked = []
    memo = _memo_with_two_kinds(lambda kind: asked.append(kind) or _reader(tmp_path)(kind))
    memo.made(("page", "k3"), lambda: "new")
    release_fragments(tmp_path, memo, keep=())
    save_fragments(tmp_path, memo)
    assert sorted(asked) == ["entry", "page"] and memo.unsaved_kinds() == []
    after = {path.relative_to(folder): path.stat().st_mtime_ns for path in folder.rglob("*.pickle")}
    assert all(after[name] == before[name] for name in before if name.parts[0] == "entry")
    assert any(after[name] != before.get(name) for name in after if name.parts[0] == "page")
    assert sorted(_reader(tmp_path)("page")) == [("page", "k1"), ("page", "k2"), ("page", "k3")]


def test_a_kind_kept_by_another_generation_is_not_read(tmp_path):
    memo = _memo_with_two_kinds()
    memo.generation = "code and vocabularies A"
    save_fragments(tmp_path, memo)
    assert sorted(_reader(tmp_path, "code and vocabularies A")("page")) == [("page", "k1"), ("page", "k2")]
    assert _reader(tmp_path, "code and vocabularies B")("page") is None


def test_saving_removes_the_single_file_earlier_versions_kept_every_fragment_in(tmp_path):
    old = tmp_path / CACHE_DIR / "fragments.pickle"
    old.parent.mkdir(parents=True)
    old.write_bytes(pickle.dumps({"entry": "stale"}))
    save_fragments(tmp_path, _memo_with_two_kinds())
    assert not old.exists() and sorted(_reader(tmp_path)("entry")) == [("entry", "k1"), ("entry", "k2")]


def test_an_edit_rewrites_only_the_shards_its_keys_fall_in(tmp_path):
    items = {("page", f"{n:064x}"): f"page {n} é" for n in range(400)}
    folder = tmp_path / "page"
    write_sharded(folder, dict(items), "A")
    assert read_sharded(folder, "A") == items and read_sharded(folder, "B") is None
    before = {path.name: path.stat().st_mtime_ns for path in folder.glob("[0-9]*.pickle")}
    assert len(before) == SHARDS
    gone, new = ("page", f"{7:064x}"), ("page", "edited")
    edited = {key: value for key, value in items.items() if key != gone} | {new: "page 7, edited"}
    write_sharded(folder, dict(edited), "A")
    assert read_sharded(folder, "A") == edited
    rewritten = {name for name, mtime in before.items() if (folder / name).stat().st_mtime_ns != mtime}
    assert rewritten == {f"{buildcache._shard_of(key):02d}.pickle" for key in (gone, new)}


def test_a_shard_written_after_its_index_went_is_written_again(tmp_path):
    folder = tmp_path / "page"
    write_sharded(folder, {("page", "a"): "one"}, "A")
    (folder / "index.pickle").unlink()  # what a writer stopped between its shards leaves
    shard = folder / f"{buildcache._shard_of(('page', 'a')):02d}.pickle"
    shard.write_bytes(b"half a pickle")
    write_sharded(folder, {("page", "a"): "one"}, "A")
    assert read_sharded(folder, "A") == {("page", "a"): "one"}
