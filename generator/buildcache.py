"""The build cache in .cache/build/: parsed papers, related lists and rendered fragments, keyed by hashes of their inputs.

A key covers the file's bytes, the vocabularies and the generator's own source, so a hit can only return
what a fresh run would compute; the folder is git-ignored and safe to delete. The loader's public
functions (store.read_paper_file, file_name_problems, load_vocabularies) do the work on a miss; nothing here parses YAML.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
import zlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from .catalog import Catalog, Fragments, build_catalog
from .model import Paper, paper_from_dict
from .forked import Forked, Named, WorkerError, can_fork, forked, in_worker, time_allowed
from .problems import DataError, Problem
from .storage.filehashes import FileHashes
from .storage.store import Topic, file_name_problems, load_vocabularies, paper_files, read_paper_file, vocabulary_of
from .storage.vocabulary import TAGS_FILE, TagGroup
from .storage.yamlfile import display_paths, plain

CACHE_DIR = Path(".cache") / "build"
_PACKAGE = Path(__file__).resolve().parent
# Files whose content decides what a build produces besides data/: the generator and the paper schema.
_CODE_GLOBS = ((_PACKAGE, "**/*.py"), (_PACKAGE.parent / "schema", "*.json"))
# A folder: the fragments of each kind (a key's first part) in a pickle of their own, read when first asked for.
_FRAGMENTS = "fragments"
# The folder of the papers' plain data and problems, by file key.
_PAPERS = "papers"
# Bumped when the layout of the pickles changes.
_FORMAT = b"3"


def digest(*parts: bytes | str) -> str:
    """A SHA-256 over the parts, each length-prefixed so that no two sequences of parts collide."""
    h = hashlib.sha256(_FORMAT)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the generator's source and schema as this process runs them."""
    parts: list[bytes | str] = []
    for folder, pattern in _CODE_GLOBS:
        for path in sorted(folder.glob(pattern)):
            if "__pycache__" not in path.parts:
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


@dataclass(frozen=True)
class Loaded:
    """The catalog, and the key of everything it was made from (None when part of it could not be keyed)."""

    catalog: Catalog
    key: str | None


@dataclass(frozen=True)
class PapersRead:
    """The valid papers of a project and its vocabularies, each paper's cache key, and the key of them all."""

    papers: list[Paper]
    topics: list[Topic]
    tag_groups: list[TagGroup]
    file_keys: dict[str, str]
    key: str | None
    # The key of the vocabularies and the generator's code, which every paper's key covers.
    generation: str | None = None


def load_catalog_cached(root: Path, fragments: dict | None = None, later: list | None = None,
                        hashes: FileHashes | None = None) -> Loaded:
    """The catalog of root/data, reading only files whose bytes changed; raises DataError like store's loader.

    The catalog's fragments are seeded with `fragments`, or those the last build kept in the cache; `later` and
    `hashes` as read_papers_cached's.
    """
    read = read_papers_cached(root, later, hashes)
    related = _related(root / CACHE_DIR, read.papers, read.key)
    memo = Fragments()
    if read.key:
        load = None if fragments is not None else partial(read_fragments, root / CACHE_DIR, read.generation)
        memo = Fragments(fragments, read.file_keys, load, read.generation)
    return Loaded(build_catalog(read.papers, read.topics, read.tag_groups, related, memo), read.key)


def read_papers_cached(root: Path, later: list | None = None, hashes: FileHashes | None = None) -> PapersRead:
    """Every paper of root/data, reading only files whose bytes changed; raises DataError like store's loader.

    Given a list `later`, the cache is written by a forked child, whose handle is put in it for the caller to
    wait for (its result()) before it ends. A file's bytes are hashed through `hashes`, which may know them.
    """
    hashes = hashes or FileHashes()
    data_dir = root / "data"
    cache_dir = root / CACHE_DIR
    topics, tag_groups, problems = load_vocabularies(data_dir, root)
    vocab_key = digest(*(_bytes_or_empty(data_dir / name) for name in ("topics.yml", TAGS_FILE)), code_version())
    vocabulary = vocabulary_of(topics, tag_groups)

    # Each file's plain data (None when it has problems) and problems: a paper is made again from its data in a
    # tenth of the time unpickling it takes.
    known: dict[str, tuple] = read_sharded(cache_dir / _PAPERS) or {}
    stored: dict[str, tuple] = {}
    seen: dict[str, tuple] = {}
    uncached: list[tuple] = []
    paths = paper_files(data_dir)
    problems += file_name_problems(paths, root)
    shown = display_paths(paths, root)
    read = partial(_read_file, root=root, vocabulary=vocabulary, vocab_key=vocab_key)
    # With nothing cached (a cold build) the last half of the files is read and checked on the other core.
    cut = len(paths) // 2 if not known and len(paths) >= READ_APART_FROM and can_fork() else len(paths)
    apart = _read_apart(paths[cut:], shown[cut:], read) if cut < len(paths) else None

    def take(entry: tuple, kept: tuple, key: str | None) -> None:
        if key:
            seen[key] = entry
            stored[key] = kept
        else:
            uncached.append(entry)
        problems.extend(entry[1])

    for path, name in zip(paths[:cut], shown[:cut]):
        # With nothing cached no file is read twice just to look its key up.
        key = _file_key(vocab_key, path, hashes) if known else None
        kept = known.get(key) if key else None
        if kept is not None:
            take(_entry_of(kept), kept, key)
        else:
            take(*read(path, name))
    for kept, key in apart.result() if apart else ():
        # Made again from its plain data, as a cached paper is: that is what crossed the pipe.
        take(_entry_of(kept), kept, key)
    if stored.keys() != known.keys():
        write = partial(write_sharded, cache_dir / _PAPERS, stored)
        if later is None:
            write()
        else:
            later.append(forked(write, read_timeout(len(stored)), Named("the papers' cache", "cache-writing",
                                                                          doing="writing")))
    del known, stored  # not held while the catalog is built and rendered
    if problems:
        raise DataError(problems)

    papers = [paper for paper, _ in [*seen.values(), *uncached] if paper is not None]
    # A file read while it changed has no key, and then neither has the catalog: nothing from it is cached.
    key = None if uncached else digest(vocab_key, *sorted(seen))
    file_keys = {paper.id: file_key for file_key, (paper, _) in seen.items() if paper is not None}
    return PapersRead(papers, topics, tag_groups, file_keys, key, vocab_key)


# Below this many files a cold load reads them all here: a child's start and the pickling would cost more.
READ_APART_FROM = 1000


def _entry_of(kept: tuple) -> tuple:
    """A file's paper (None when it has problems) and problems, from its kept plain data."""
    return (paper_from_dict(kept[0]) if kept[0] is not None else None, kept[1])


def _read_file(path: Path, shown: str, root: Path, vocabulary, vocab_key: str) -> tuple:
    """A file read and checked: (paper, problems), its data as the cache keeps it (None for a paper with problems)
    beside its problems, and its cache key (None when it could not be read)."""
    read = read_paper_file(path, root, vocabulary, shown, lines=False)
    # canonical.py's data is plain already; the line-aware loader's is made so
    kept = ((read.data if type(read.data) is dict else plain(read.data)) if read.paper else None, read.problems)
    # Keyed by the text that was parsed, so that a file saved again meanwhile is read again next time.
    key = _keyed(vocab_key, path, hashlib.sha256(read.text.encode("utf-8")).hexdigest()) if read.text is not None else None
    return (read.paper, read.problems), kept, key


def _read_apart(paths: list[Path], shown: list[str], read: Callable) -> Forked:
    """The files read in a forked child, which sends back each one's plain data and key (read_file's last two)."""
    named = Named("paper files", "paper-reading", f" for {len(paths)} files", doing="reading")
    return Forked(lambda: [read(path, name)[1:] for path, name in zip(paths, shown)], read_timeout(len(paths)), named)


def read_timeout(files: int) -> float:
    """Seconds a child may take to read files: a hundred times what this machine needs (0.3 ms a file), and a minute."""
    return time_allowed(files, 0.03)


def save_fragments(root: Path, memo: Fragments) -> None:
    """Keep the fragments a build used for the next one: each kind it rendered a new one of, in its own file."""
    if memo.digests:
        for kind in memo.unsaved_kinds():
            write_sharded(_fragments_folder(root / CACHE_DIR, kind), memo.kept({kind}), memo.generation)
    # Earlier versions kept every kind in this one file (up to 180 MB at 10,000 papers); nothing reads it now.
    (root / CACHE_DIR / f"{_FRAGMENTS}.pickle").unlink(missing_ok=True)


def release_fragments(root: Path, memo: Fragments, keep: Collection[str]) -> None:
    """Write the fragments of every kind but `keep` now, those of them this build rendered anew, and let go of them."""
    for kind, pieces in memo.release(keep).items():
        write_sharded(_fragments_folder(root / CACHE_DIR, kind), pieces, memo.generation)


def _fragments_folder(cache_dir: Path, kind: str) -> Path:
    return cache_dir / _FRAGMENTS / kind


def read_fragments(cache_dir: Path, generation: str, kind: str) -> dict | None:
    """The fragments of one kind that the last build of this generation kept, or None."""
    return read_sharded(_fragments_folder(cache_dir, kind), generation)


def _related(cache_dir: Path, papers: list, key: str | None) -> Mapping:
    """Related papers depend on every paper's text, so they are kept for one key: the last catalog's.

    Kept, and passed from the child that computes them, as (id, similarity) pairs: unpickling the Related
    objects themselves takes three times as long as making them again. Unless cached, they are computed
    while the build renders what does not show them; the first look at them waits for them.
    """
    cached = read_pickle(cache_dir / "related.pickle") if key else None
    if cached and cached[0] == key:
        return as_related(cached[1])

    def collected(pairs: dict) -> dict:
        if key:
            write_pickle(cache_dir / "related.pickle", (key, pairs))
        return as_related(pairs)

    work = partial(_related_pairs, state_file=cache_dir / _RELATED_STATE) if key else None
    return PendingRelated(_related_pairs_apart(sorted(papers, key=lambda p: p.id), work), collected)


def as_related(pairs: dict) -> dict:
    """(id, similarity) pairs as Related papers."""
    from .curate.related import Related

    return {paper_id: tuple(Related(other, similarity) for other, similarity in found)
            for paper_id, found in pairs.items()}


class RelatedPapersError(WorkerError):
    """The related papers could not be computed: their process died, failed or ran out of time."""


class PendingRelated(Mapping):
    """Each paper's related papers, read-only; looking any up first waits for the work started to find them."""

    def __init__(self, pending, collected: Callable[[dict], dict]):
        self._pending, self._collected, self._found = pending, collected, None

    @property
    def _mapping(self) -> dict:
        if self._found is None:
            self._found = self._collected(self._pending.result())
            self._pending = None
        return self._found

    def __getitem__(self, paper_id: str):
        return self._mapping[paper_id]

    def __iter__(self):
        return iter(self._mapping)

    def __len__(self) -> int:
        return len(self._mapping)

    def __reduce__(self):
        return dict, (self._mapping,)


# The last computation's word counts, candidates and lists (curate/related_update.py), kept by the child that
# computes the next: an edit then recomputes only the rows it reaches, and re-reads only the texts it changed.
_RELATED_STATE = "related-state.pickle"


def read_related_state(state_file: Path):
    """The related papers' state kept in `state_file`, or None when there is none this code made."""
    from .curate.related import RelatedState

    kept = read_pickle(state_file)
    valid = isinstance(kept, tuple) and len(kept) == 2 and kept[0] == code_version() and isinstance(kept[1], RelatedState)
    return kept[1] if valid else None


def related_state_file(root: Path) -> Path:
    """Where the build keeps the related papers' last state."""
    return root / CACHE_DIR / _RELATED_STATE


def _related_pairs(papers: list, state_file: Path | None = None) -> dict:
    """Each paper's related papers as (id, similarity) pairs, from the state kept in `state_file`, if any."""
    from .curate.related_update import updated_state

    kept = read_related_state(state_file) if state_file else None
    state, _ = updated_state(kept, papers)
    if state_file and state is not kept:
        write_pickle(state_file, (code_version(), state))
    return state.pairs()


def related_timeout(papers: int) -> float:
    """Seconds the related papers may take: ten times what this 2-core machine needs while other builds run
    (about 1 ms a paper at 10,000 and 100,000), and a minute for the imports and a slow start."""
    return time_allowed(papers, 0.01)


def _related_pairs_apart(papers: list, work: Callable[[list], dict] | None = None, timeout: float | None = None):
    """`work(papers)` started in a forked child where it is safe to fork (the serve hook's worker and the dev
    server's threads compute them in their own process, at once).

    The child's matrices and word caches never weigh on this process, which goes on to render every page that
    does not show related papers while they are computed, on the other core.
    """
    work = work or _related_pairs
    named = Named("related papers", "related-papers", f" for {len(papers)} papers", RelatedPapersError)
    return forked(partial(work, papers), related_timeout(len(papers)) if timeout is None else timeout, named)


def _file_key(vocab_key: str, path: Path, hashes: FileHashes) -> str | None:
    """The file's cache key; None for anything but a regular file (a FIFO would block the read), left to the loader."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
    except OSError:
        return None
    content = hashes.of(path)
    return _keyed(vocab_key, path, content) if content else None


def _keyed(vocab_key: str, path: Path, content: str) -> str:
    """A paper file's cache key, from the hash of its bytes."""
    return digest(vocab_key, path.name, content)


def _bytes_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


# The files a sharded dict is kept in, each holding the keys of one hash: an edit rewrites the few its keys fall in.
SHARDS = 16
_INDEX = "index.pickle"


def _shard_of(key: object) -> int:
    """The shard a key is kept in."""
    return _shard_number(repr(key))


def _shard_number(shown: str) -> int:
    return zlib.crc32(shown.encode("utf-8")) % SHARDS


def _shard_file(folder: Path, number: int) -> Path:
    return folder / f"{number:02d}.pickle"


def write_sharded(folder: Path, items: dict, header: str | None = None) -> None:
    """Keep a dict in SHARDS files in folder, rewriting only those whose set of keys changed; items is emptied.

    The values under a key never change (every key is a content hash), so a file whose keys are those the
    index lists holds the right values already. The index goes first and comes back last: a file written
    meanwhile is never taken for one the index vouches for.
    """
    shards: list[list] = [[] for _ in range(SHARDS)]
    written: list[list[str]] = [[] for _ in range(SHARDS)]
    for key in items:
        # repr, not hash(): a str's hash differs from one process to the next.
        shown = repr(key)
        number = _shard_number(shown)
        shards[number].append(key)
        written[number].append(shown)
    # A repr holds no line break (a str's is escaped), so the joined reprs tell one set of keys from another.
    sums = [hashlib.sha256("\n".join(sorted(shown)).encode("utf-8")).hexdigest() for shown in written]
    index = read_pickle(folder / _INDEX)
    held = index[1] if isinstance(index, tuple) and len(index) == 2 and index[0] == header else ()
    (folder / _INDEX).unlink(missing_ok=True)
    for number, keys in enumerate(shards):
        shard = {key: items.pop(key) for key in keys}
        if number >= len(held) or held[number] != sums[number] or not _shard_file(folder, number).is_file():
            with PickleFile(_shard_file(folder, number), header) as out:
                out.add_items(shard)
                out.commit()
        del shard  # a shard's text is let go of before the next is pickled
    write_pickle(folder / _INDEX, (header, sums))
    # Earlier versions kept the whole dict in one file beside the folder.
    folder.with_suffix(".pickle").unlink(missing_ok=True)


def read_sharded(folder: Path, header: str | None = None) -> dict | None:
    """The dict write_sharded kept (with this `header`): every file of it that can be read; None when none can."""
    items: dict = {}
    found = False
    for number in range(SHARDS):
        shard = read_pickled_items(_shard_file(folder, number), header)
        if shard is not None:
            items.update(shard)
            found = True
    return items if found else None


def read_pickle(path: Path):
    """The cached object, or None when the file is missing or unreadable (then the work is simply redone)."""
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None


def write_pickle(path: Path, value: object) -> None:
    """Write through a temporary file and rename it, so a reader never sees half a cache file."""
    _write_pickles(path, [value])


# Items per pickle in write_pickled_items: a few megabytes of text at a time.
_BATCH = 500


def write_pickled_items(path: Path, items: dict, header: str | None = None) -> None:
    """Write a large dict as pickles of a few hundred items each, its text as UTF-8 bytes (read_pickled_items),
    after the `header`, if any."""
    with PickleFile(path, header) as out:
        out.add_items(items)
        out.commit()


def read_pickled_items(path: Path, header: str | None = None) -> dict | None:
    """The dict write_pickled_items wrote (with this `header`), or None when the file is missing or unreadable."""
    items: dict = {}
    try:
        with path.open("rb") as handle:
            if header is not None and pickle.load(handle) != header:
                return None
            while True:
                try:
                    batch = pickle.load(handle)
                except EOFError:
                    return items
                if not isinstance(batch, dict):
                    return None
                items.update(batch)
    except (OSError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        return None


class _Text:
    """A str pickled as its UTF-8 bytes, which unpickle as the str itself."""

    __slots__ = ("data",)

    def __init__(self, text: str):
        self.data = text.encode("utf-8")

    def __reduce__(self):
        return _decoded, (self.data,)


def _decoded(data: bytes) -> str:
    return data.decode("utf-8")


def _packed(value: object) -> object:
    """The value with each str in it (in tuples, lists and dicts) that is not ASCII as _Text; ASCII has no copy."""
    if isinstance(value, str):
        return value if value.isascii() else _Text(value)
    if isinstance(value, dict):
        return {key: _packed(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(_packed(item) for item in value)
    return value


def _write_pickles(path: Path, values) -> None:
    with PickleFile(path) as out:
        for value in values:
            out.dump(value)
        out.commit()


class PickleFile:
    """Pickles written one after another through a temporary file, renamed into place by commit(), so a reader
    never sees half a cache file; left uncommitted (discard(), or the end of a `with`), it is deleted."""

    def __init__(self, path: Path, header: str | None = None):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        self.path, self._tmp, self._handle = path, Path(tmp), os.fdopen(fd, "wb")
        self._committed = False
        if header is not None:
            self.dump(header)

    def dump(self, value: object) -> None:
        pickle.dump(value, self._handle, protocol=pickle.HIGHEST_PROTOCOL)

    def add_items(self, items: dict) -> None:
        """The items as pickles of a few hundred each, with their text as UTF-8 bytes unless a forked worker writes.

        Pickling a str that is not ASCII makes Python keep a UTF-8 copy of it in the str for as long as the str
        lives: a build's rendered pages would be held twice. Its own encoding keeps one copy, a batch at a time;
        a worker's strs die with it, and it pickles them as they are (half the time, and twice as fast to read).
        """
        keys = list(items)
        pack = _packed if not in_worker() else None
        for start in range(0, len(keys), _BATCH):
            batch = keys[start:start + _BATCH]
            self.dump({key: pack(items[key]) for key in batch} if pack else {key: items[key] for key in batch})

    def commit(self) -> None:
        self._handle.close()
        os.replace(self._tmp, self.path)
        self._committed = True

    def discard(self) -> None:
        self._handle.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> PickleFile:
        return self

    def __exit__(self, *exc) -> None:
        if not self._committed:
            self.discard()
