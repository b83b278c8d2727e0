"""The build: generate docs/ from data/ with no MkDocs involved, build the site with a strict MkDocs run, fill it.

A rebuild whose inputs (data, vocabularies, hand-written docs, theme, the generator's own code) are those
of the last good build, with docs/ and site/ as it left them, does nothing beyond checking that.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .buildcache import (CACHE_DIR, code_version, digest, load_catalog_cached, read_pickle, release_fragments,
                         save_fragments, write_pickle)
from .forked import Named, WorkerError, forked, time_allowed
from .orphans import die_with_parent
from .storage.fileio import exchange_into_place, remove_stale_staging, staging_dir
from .storage.filehashes import FileHashes
from .serve import DOCS_FRESH_ENV, LINKED_ENV
from .site.addresses import SiteAddress, handwritten_pages, read_site_url
from .site.fill import SLOT_CLOSE, SLOT_OPEN, Fill, Slotted, built_file, fill_slot, slotted
from .site.bibtex import citation_keys
from .site.pages import (GENERATED_PATHS, PAPER_PAGE_READS, Site, check_renderable, render_detached,
                         render_paper_pages, render_site)
from .site.writer import DocsWriter, WriteCounts, write_pages

SITE_DIR = "site"
# Which engine builds the site (`make build ENGINE=properdocs` sets it): both read mkdocs.yml and run its hooks.
ENGINE_ENV = "READING_LIST_ENGINE"
ENGINES = ("mkdocs", "properdocs")
# The folder that holds the `generator` package, so the hook in a project copy imports this very code.
_CODE_ROOT = Path(__file__).resolve().parent.parent
# Besides data/ and docs/, what MkDocs reads: its configuration, the theme overrides and the hooks.
_SITE_INPUTS = ("mkdocs.yml", "overrides", "hooks")
_STAMP = "site.stamp"
# The content hashes of the last build's input files, by their stat data (storage/filehashes.py).
_HASHES = "files.pickle"
# The folder in the cache that holds the site before the last one.
_SPARE = "spare-site"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and how long each half took, in seconds."""

    pages: WriteCounts
    generate_seconds: float
    mkdocs_seconds: float
    site_dir: Path
    filled: int = 0
    up_to_date: bool = False
    reused_site: bool = False


class SiteBuildError(Exception):
    """MkDocs failed; carries its output, which names the broken link, anchor or page."""

    def __init__(self, returncode: int, output: str):
        self.returncode = returncode
        self.output = output
        super().__init__(f"mkdocs build failed with exit code {returncode}:\n{output}")


@dataclass(frozen=True)
class Generated:
    """One generation: the site model, what writing docs/ did, and the key of every input it came from."""

    site: Site
    pages: WriteCounts
    key: str | None


def generate_site(root: Path, inline: bool = False) -> Generated:
    """Render data/ into the generated pages of docs/; raises DataError listing every problem in data/.

    With `inline`, list pages carry their content in the slot, for an engine that runs no hook and no fill.
    """
    loaded = load_catalog_cached(root)
    site = render_site(loaded.catalog, site_address(root))
    save_fragments(root, loaded.catalog.memo)
    pages = inline_fills(site) if inline else site.pages
    return Generated(site, write_pages(root / "docs", pages, GENERATED_PATHS), loaded.key)


def site_address(root: Path) -> SiteAddress:
    """Where mkdocs.yml says the site is published (SITE_URL in the environment, in this project), and its own pages."""
    return SiteAddress(read_site_url(root / "mkdocs.yml"), handwritten_pages(root / "docs", GENERATED_PATHS))


def generate(root: Path) -> WriteCounts:
    """Render data/ into docs/ as complete pages (the standalone `--pages-only` step, for any engine)."""
    return generate_site(root, inline=True).pages


def inline_fills(site: Site) -> dict[str, str]:
    """The docs/ files with each list page's content in its slot; the papers' own pages need the fill step."""
    filled = {built_file(name): name for name in site.pages if name.endswith(".md")}
    pages = dict(site.pages)
    for target, fill in site.fills.items():
        if fill.source == target and target in filled:
            name = filled[target]
            pages[name] = pages[name].replace(SLOT_OPEN + SLOT_CLOSE, SLOT_OPEN + fill.content + SLOT_CLOSE)
    return pages


def build(root: Path, strict: bool = True) -> BuildResult:
    """Generate docs/, build site/ with MkDocs and fill its pages; site/ is replaced only by a complete build.

    When every page MkDocs renders (the stubs, the hand-written pages, the theme) is as the last build left
    it, MkDocs is skipped: the site before the last one, kept in the cache, is brought up to date by writing
    what changed since it was built (or the last site is linked into a new one) and swapped in. Otherwise
    MkDocs builds the whole site, while this process renders the papers' pages, and every page is filled.
    """
    with _few_collections():
        return _build(root, strict)


# The collector's generation thresholds during a build (Python's are 700, 10, 10). A build makes millions of
# containers and frees nearly all of them by reference counting; with the defaults, collections (seven of the
# oldest generation among them) cost the main process about 1.2 s of CPU at 10,000 papers, these about 0.25 s.
_BUILD_THRESHOLDS = (100_000, 50, 1000)


@contextlib.contextmanager
def _few_collections():
    """Collect garbage seldom while the build runs, and not at all through what _build freezes; as before after."""
    thresholds = gc.get_threshold()
    gc.set_threshold(*_BUILD_THRESHOLDS)
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def _build(root: Path, strict: bool) -> BuildResult:
    started = time.perf_counter()
    site_dir = root / SITE_DIR
    stamp = read_pickle(root / CACHE_DIR / _STAMP) or {}
    hashes = FileHashes(read_pickle(root / CACHE_DIR / _HASHES))
    inputs = _inputs_key(root, hashes)
    if site_dir.is_dir() and stamp.get("inputs") == inputs and _docs_unchanged(root, stamp.get("docs", {})):
        unchanged = WriteCounts(0, len(stamp["docs"]), 0)
        return BuildResult(unchanged, time.perf_counter() - started, 0.0, site_dir, up_to_date=True)

    spare = _Spare(root, site_dir)
    staging: Path | None = None
    linking = clearing = releasing = saving = mkdocs = detached = None
    later: list = []
    try:
        # Most rebuilds reuse the site: the one before the last, kept as the spare, when it has the same theme;
        # else the last site, hard-linked into the staging folder on the other core meanwhile.
        spare_fits = site_dir.is_dir() and bool(stamp.get("theme")) and spare.theme == stamp.get("theme")
        if site_dir.is_dir() and stamp.get("theme") and not spare_fits:
            staging = staging_dir(site_dir)
            linking = forked(partial(_link_site, site_dir, staging), time_allowed(len(stamp.get("outputs", ())), 0.01),
                             Named("the last site's copy", "site-linking", doing="linking"))
        loaded = load_catalog_cached(root, later=later, hashes=hashes)
        catalog = loaded.catalog
        # The catalog lives as long as the build: no collection need look through it again, here or in a
        # forked child, where looking would copy every page it lies in.
        gc.freeze()
        keys = citation_keys(catalog.papers, catalog.memo)
        writer = DocsWriter(root / "docs", GENERATED_PATHS)
        copied: dict[str, str] = {}

        def sink(name: str, text: str) -> None:
            writer.write(name, text)
            copied[name] = digest(text)

        # Every file MkDocs copies as it is goes to docs/ as soon as it is made: none is held while the rest renders.
        address = site_address(root)
        check_renderable(catalog)
        detached = forked(partial(_write_detached, root, catalog, address), time_allowed(len(catalog.papers), 0.01),
                          Named("the feeds and the papers' search files", "page-rendering", doing="writing"))
        site = render_site(catalog, address, keys, sink=sink, paper_pages=False, detached=False)
        made = detached.result()
        detached = None
        _take_fragments(catalog.memo, made.fragments, made.fresh_kinds)
        site.pages |= made.pages
        site.sunk += list(made.digests)
        copied |= made.digests
        writer.claim(made.digests, made.written, made.unchanged)
        pages = writer.finish(site.pages)
        theme = _theme_key(root, site, hashes)
        reuse = site_dir.is_dir() and stamp.get("theme") == theme
        if linking and not reuse:
            # MkDocs builds the site anew: the copy is not needed.
            linking.stop()
            shutil.rmtree(staging)
            staging = None
        elif linking:
            linking.result()
        if reuse and spare_fits:
            before = spare.take()
            staging = spare.path
        else:
            before = stamp.get("outputs", {})
            # The spare is replaced by the site this build retires; deleting it takes a while, on the other core.
            clearing = spare.clear()
        staging = staging or staging_dir(site_dir)
        mkdocs = None if reuse else _MkDocs(root, staging, strict, linked=copied)
        # The cache is written by forked children, on the other core, while the papers' pages render and fill:
        # first the kinds those pages do not read, which this process lets go of, then the rest.
        cache_timeout = time_allowed(len(catalog.papers), 0.01)
        releasing = forked(partial(release_fragments, root, catalog.memo, PAPER_PAGE_READS), cache_timeout,
                           Named("fragments for the build cache", "cache-writing", doing="writing"))
        catalog.memo.release(PAPER_PAGE_READS)
        site.fills |= render_paper_pages(catalog, keys)
        saving = forked(partial(save_fragments, root, catalog.memo), cache_timeout,
                        Named("fragments for the build cache", "cache-writing", doing="writing"))
        done_generating = time.perf_counter()
        outputs = output_digests(site) | copied
        if reuse:
            # Every changed file is replaced, not rewritten: the trees share unchanged files as hard links.
            filled = _update_site(staging, site, before, outputs, root / "docs")
        else:
            mkdocs.finish()
            mkdocs = None
            filled = fill_in_two(staging, site.fills)
        for worker in (releasing, saving, clearing, *later):
            if worker:
                worker.result()
        # No stamp describes a site/ it was not written for, whatever stops the build from here on.
        (root / CACHE_DIR / _STAMP).unlink(missing_ok=True)
        if exchange_into_place(staging, site_dir) and stamp.get("theme"):
            spare.keep(staging, stamp)
        elif staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        staging = None
        remove_stale_staging(site_dir)
    except BaseException:
        if mkdocs:
            mkdocs.stop()
        for worker in (linking, detached, clearing, releasing, saving):
            if worker:
                worker.stop()
        # The papers' cache is written whole even when the data has problems: the next run reads the same files.
        for worker in later:
            with contextlib.suppress(WorkerError):
                worker.result()
        raise
    finally:
        if staging:
            shutil.rmtree(staging, ignore_errors=True)
    if loaded.key:
        write_pickle(root / CACHE_DIR / _HASHES, hashes.kept())
        write_pickle(root / CACHE_DIR / _STAMP, {"inputs": inputs, "theme": theme, "outputs": outputs,
                                                  "docs": _docs_state(root, site.files())})
    return BuildResult(pages, done_generating - started, time.perf_counter() - done_generating, site_dir, filled,
                       reused_site=reuse)


@dataclass(frozen=True)
class _Detached:
    """What a forked child made of render_detached's files: the pages MkDocs themes, a digest of each file it wrote
    into docs/ (keyed by name) and how many it wrote or found unchanged, the fragments it used, the kinds it made anew."""

    pages: dict[str, str]
    digests: dict[str, str]
    written: int
    unchanged: int
    fragments: dict
    fresh_kinds: set[str]


def _write_detached(root: Path, catalog, address: SiteAddress) -> _Detached:
    """render_detached's files, those MkDocs copies as they are written into docs/ here: on the other core while
    the rest renders, and only their names and digests sent back (about 30 MB of text at 10,000 papers)."""
    memo = catalog.memo
    used, fresh = set(memo.used), set(memo.fresh_kinds)
    writer = DocsWriter(root / "docs", GENERATED_PATHS)
    pages, digests = {}, {}
    for name, text in render_detached(catalog, address).items():
        if name.endswith(".md"):
            pages[name] = text
        else:
            writer.write(name, text)
            digests[name] = digest(text)
    fragments = {key: memo[key] for key in memo.used - used if key in memo}
    return _Detached(pages, digests, writer.written, writer.unchanged, fragments, memo.fresh_kinds - fresh)


def _take_fragments(memo, fragments: dict, fresh_kinds: set[str]) -> None:
    """Hold the fragments a child used as if rendered here, so that the build cache keeps them."""
    memo.update(fragments)
    memo.used.update(fragments)
    memo.fresh_kinds.update(fresh_kinds)


class _Spare:
    """The site before the last one, kept in the cache with the theme and outputs it was built with, so that the
    next build writes only what changed since then rather than copying the whole last site."""

    def __init__(self, root: Path, site_dir: Path):
        self.path = root / CACHE_DIR / _SPARE
        self._stamp = root / CACHE_DIR / (_SPARE + ".stamp")
        recorded = read_pickle(self._stamp) if self.path.is_dir() and _same_device(self.path, site_dir) else None
        self.theme = recorded.get("theme") if isinstance(recorded, dict) else None
        self._outputs = recorded.get("outputs", {}) if self.theme else {}

    def take(self) -> dict[str, str]:
        """The outputs the spare holds, its stamp removed first: a build stopped while it changes the spare
        leaves one that no build takes."""
        self._stamp.unlink(missing_ok=True)
        return self._outputs

    def clear(self):
        """Delete the spare (and its stamp) in a forked child; its handle, or None when there is no spare."""
        self._stamp.unlink(missing_ok=True)
        if not self.path.exists():
            return None
        return forked(partial(shutil.rmtree, self.path, ignore_errors=True), time_allowed(len(self._outputs), 0.01),
                      Named("the spare site's removal", "site-clearing", doing="deleting"))

    def keep(self, retired: Path, stamp: dict) -> None:
        """Make the site a swap retired the spare, described by the stamp of the build that made it."""
        if retired != self.path:
            if self.path.exists():
                shutil.rmtree(self.path, ignore_errors=True)
            if not _same_device(retired, self.path.parent):
                shutil.rmtree(retired, ignore_errors=True)
                return
            retired.rename(self.path)
        write_pickle(self._stamp, {"theme": stamp["theme"], "outputs": stamp.get("outputs", {})})


def _same_device(path: Path, other: Path) -> bool:
    """Whether the two are on one file system, where a folder moves from one to the other by a rename."""
    try:
        return os.stat(path).st_dev == os.stat(other).st_dev
    except OSError:
        return False


def _link_site(site_dir: Path, staging: Path) -> None:
    shutil.copytree(site_dir, staging, copy_function=os.link, dirs_exist_ok=True)


def fill_site(site_dir: Path, fills: dict[str, Fill], targets: Iterable[str] | None = None) -> int:
    """Write the filled pages (all, or those named in targets) into a built site; returns how many were written."""
    built: dict[str, Slotted] = {}
    written = 0
    for target in sorted(fills if targets is None else targets):
        fill = fills[target]
        if fill.source not in built:
            source = site_dir / fill.source
            if not source.is_file():
                raise FileNotFoundError(f"{source}: MkDocs built no page to fill; is its stub under docs/?")
            built[fill.source] = slotted(source.read_text(encoding="utf-8"), fill.source)
        _replace_file(site_dir / target, fill_slot(built[fill.source], fill, target))
        written += 1
    return written


# Below this many pages a fill is written here alone: a child's start would cost more than it saves.
FILL_APART_FROM = 2000


def fill_in_two(site_dir: Path, fills: dict[str, Fill]) -> int:
    """fill_site, the last half of the pages written by a forked child at the same time (where forking is safe)."""
    targets = sorted(fills)
    if len(targets) < FILL_APART_FROM:
        return fill_site(site_dir, fills)
    cut = len(targets) // 2
    other = forked(partial(fill_site, site_dir, fills, targets[cut:]), fill_timeout(len(targets) - cut),
                   Named("the site's filled pages", "page-filling", f" for {len(targets) - cut} pages", doing="writing"))
    try:
        written = fill_site(site_dir, fills, targets[:cut])
    except BaseException:
        # Nothing may write into the staging site once it is being removed.
        other.stop()
        raise
    return written + other.result()


def fill_timeout(pages: int) -> float:
    """Seconds a child may take to fill pages: a hundred times what this machine needs (0.1 ms a page), and a minute."""
    return time_allowed(pages, 0.01)


def output_digests(site: Site) -> dict[str, str]:
    """A hash of each fill and of each generated file that MkDocs copies as it is, keyed by its path in site/."""
    digests = {target: digest(fill.source, fill.title or "", fill.description or "", fill.content)
               for target, fill in site.fills.items()}
    digests |= {name: digest(text) for name, text in site.pages.items() if not name.endswith(".md")}
    return digests


def _update_site(site_dir: Path, site: Site, before: dict[str, str], after: dict[str, str], docs_dir: Path) -> int:
    """Write into a copy of the last site what changed since it was built, and delete what is gone."""
    changed = [name for name, value in after.items() if before.get(name) != value]
    written = write_changed(site_dir, site, changed, docs_dir)
    for name in sorted(set(before) - set(after)):
        gone = site_dir / name
        gone.unlink(missing_ok=True)
        if gone.parent != site_dir and not any(gone.parent.iterdir()):
            gone.parent.rmdir()  # a removed paper's folder, papers/<id>/
    return written


def write_changed(site_dir: Path, site: Site, changed: Iterable[str], docs_dir: Path | None = None) -> int:
    """Write the named fills and generated files into a built site, as MkDocs and the hooks would have; a file
    the site does not hold (handed to docs/ as it was made) is copied from `docs_dir`, as MkDocs copies it."""
    changed = sorted(changed)
    written = fill_site(site_dir, site.fills, [name for name in changed if name in site.fills])
    for name in changed:
        if name in site.pages:
            _replace_file(site_dir / name, site.pages[name])
        elif name not in site.fills:
            _replace_file(site_dir / name, (docs_dir / name).read_bytes())
        written += name not in site.fills
    return written


def _replace_file(path: Path, text: str | bytes) -> None:
    """Unlink, then write: the old file may be a hard link into the previous site, which must not change.

    Plain os calls: a fill writes one file per paper, and pathlib's and open()'s layers doubled the cost of each.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        os.unlink(path)
    except FileNotFoundError:
        try:
            os.mkdir(path.parent)
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(path.parent, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _theme_key(root: Path, site: Site, hashes: FileHashes) -> str:
    """Everything that decides the pages MkDocs renders: the stubs, the hand-written docs, the theme, the code."""
    stubs = [part for name in sorted(site.pages) if name.endswith(".md") for part in (name, site.pages[name])]
    return digest(_inputs_key(root, hashes, with_data=False), *stubs)


def _inputs_key(root: Path, hashes: FileHashes, with_data: bool = True) -> str:
    """Everything a build reads, as content hashes: data/ (unless left out), the hand-written docs, the theme, the code.

    A file gone between its listing and its hash counts as empty: the key then differs from any complete one.
    """
    # The site's address comes from the environment (mkdocs.yml's !ENV): another address is another site.
    parts: list[bytes | str] = [code_version(), read_site_url(root / "mkdocs.yml") or ""]
    skipped = {f"docs/{p}" for p in GENERATED_PATHS}
    for name in [*(["data"] if with_data else []), "docs", *_SITE_INPUTS]:
        for relative in _input_files(root, name, skipped):
            parts += [relative, hashes.of(root / relative) or ""]
    return digest(*parts)


def _input_files(root: Path, name: str, skipped: set[str]) -> list[str]:
    """The files under root/name (or name itself) as sorted relative paths, leaving out __pycache__ and `skipped`."""
    top = root / name
    if top.is_file():
        return [name]
    found = []
    for folder, subfolders, files in os.walk(top):
        relative = Path(folder).relative_to(root).as_posix()
        # Pruned here rather than filtered after: the generated folders hold a file per list page.
        subfolders[:] = [d for d in subfolders if d != "__pycache__" and f"{relative}/{d}" not in skipped]
        found += [f"{relative}/{f}" for f in files if f"{relative}/{f}" not in skipped and os.path.isfile(os.path.join(folder, f))]
    return sorted(found)


def _docs_state(root: Path, names: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Size and modification time of each generated docs/ file, to notice one changed or deleted by hand."""
    state = {}
    for name in sorted(names):
        info = (root / "docs" / name).stat()
        state[name] = (info.st_size, info.st_mtime_ns)
    return state


def _docs_unchanged(root: Path, state: dict[str, tuple[int, int]]) -> bool:
    for name, (size, mtime) in state.items():
        try:
            info = (root / "docs" / name).stat()
        except OSError:
            return False
        if (info.st_size, info.st_mtime_ns) != (size, mtime):
            return False
    return True


class _MkDocs:
    """A `mkdocs build` running beside this process; its output goes to a file, so no pipe can fill up and stall it.

    The docs/ files named in `linked` are hard-linked into the site by the hook (hooks/regenerate.py), not copied.
    """

    def __init__(self, root: Path, site_dir: Path, strict: bool, linked: Iterable[str] = ()):
        engine = os.environ.get(ENGINE_ENV) or ENGINES[0]
        if engine not in ENGINES:
            raise SiteBuildError(2, f"{ENGINE_ENV}={engine!r} is not an engine; use one of: {', '.join(ENGINES)}")
        command = [sys.executable, "-m", engine, "build", "--config-file", str(root / "mkdocs.yml"),
                   "--site-dir", str(site_dir)]
        if strict:
            command.append("--strict")
        python_path = os.pathsep.join(p for p in (str(_CODE_ROOT), os.environ.get("PYTHONPATH")) if p)
        self._linked = tempfile.NamedTemporaryFile("w", encoding="utf-8", prefix="linked-", suffix=".txt")
        self._linked.write("".join(f"{name}\n" for name in sorted(linked)))
        self._linked.flush()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", DOCS_FRESH_ENV: "1", LINKED_ENV: self._linked.name,
               "PYTHONPATH": python_path}
        self.output = tempfile.TemporaryFile()
        # MkDocs writes into a staging folder: killed with the build, it leaves nothing behind that writes on.
        self.process = subprocess.Popen(command, cwd=root, env=env, stdout=self.output, stderr=subprocess.STDOUT,
                                        preexec_fn=die_with_parent)

    def finish(self) -> None:
        """Wait for the build; raises SiteBuildError with MkDocs' output when it failed."""
        with self.output, self._linked:
            returncode = self.process.wait()
            if returncode != 0:
                self.output.seek(0)
                raise SiteBuildError(returncode, self.output.read().decode("utf-8", errors="replace"))

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.output.close()
        self._linked.close()
