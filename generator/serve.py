"""Generation for the MkDocs hook, in a worker process that keeps the heavy imports out of MkDocs' own.

The worker lives as long as the MkDocs process. Under `mkdocs serve` it keeps the last generation in memory
(generator/preview.py), so that an edit under data/ costs the reading of the changed files, the edited
paper's page, and then one render of the site from the patched catalog. This module imports nothing heavy:
the worker's functions import the generator when they run.
"""

from __future__ import annotations

import multiprocessing
import signal
from dataclasses import dataclass, field
from pathlib import Path

# Set by `generator build` for the MkDocs run it starts: docs/ is fresh and the generator fills the site itself.
DOCS_FRESH_ENV = "READING_LIST_DOCS_FRESH"
# Set by `generator build` with DOCS_FRESH_ENV: a file naming (a line each) the generated docs/ files that the
# hook hard-links into the site, where MkDocs would copy them.
LINKED_ENV = "READING_LIST_LINKED"
# The worker's memory, keyed by project root: a preview.Preview under `mkdocs serve`, else the last site model.
_PREVIEWS: dict[str, object] = {}
_SITES: dict[str, object] = {}
_POOL = None


@dataclass(frozen=True)
class Report:
    """What a generation gave the hook: the docs/ files as text (and a hash of those MkDocs renders or includes
    in a page: the stubs and the snippets), or the data's problems as text."""

    pages: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    generated: tuple[str, ...] = ()
    stubs: str = ""


@dataclass(frozen=True)
class Edit:
    """What an edit under data/ did to the served site: the pages written, and the data's problems if any."""

    written: tuple[str, ...] = ()
    error: str | None = None
    # The site needs MkDocs again (a stub or a vocabulary changed): the generation for that build.
    rebuild: Report | None = None


@dataclass(frozen=True)
class Progress:
    """Where the render after an edit stands: 'rendering', 'ready' to be written, or 'idle' (all written)."""

    state: str
    rebuild: Report | None = None
    error: str | None = None


def _pool():
    global _POOL
    if _POOL is None:
        # spawn, never fork: a forked copy of MkDocs' process would share its threads' locks.
        _POOL = multiprocessing.get_context("spawn").Pool(1, initializer=_ignore_interrupts)
    return _POOL


def _ignore_interrupts() -> None:
    """Ctrl+C reaches the worker too; it is MkDocs that stops, and it ends the worker (stop())."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop() -> None:
    """End the worker, if one was started, and release the pool's semaphores."""
    global _POOL
    if _POOL is not None:
        _POOL.terminate()
        _POOL.join()
        _POOL = None


def generate(root: Path, write_docs: bool) -> Report:
    """A whole generation in the worker; with write_docs, docs/ is written as `generator build --pages-only` would,
    else it is kept in memory for the edits to come."""
    return _pool().apply(_generate, (str(root), write_docs))


def fill(root: Path, site_dir: Path) -> int:
    """Fill the pages MkDocs has just built in site_dir from the worker's last generation."""
    return _pool().apply(_fill, (str(root), str(site_dir)))


def serve_edits(root: Path, site_dir: Path) -> Edit:
    """After an edit under data/: write the edited papers' own pages into site_dir, and start rendering the site."""
    return _pool().apply(_serve_edits, (str(root), str(site_dir)))


def progress(root: Path, stubs: str) -> Progress:
    """Where the render of the site stands; `stubs` is the hash of the stubs MkDocs last built."""
    return _pool().apply(_progress, (str(root), stubs))


def write_edits(root: Path, site_dir: Path) -> int:
    """Write what the finished render changed into site_dir (or the data's problems, in every filled page)."""
    return _pool().apply(_write_edits, (str(root), str(site_dir)))


def _generate(root: str, write_docs: bool) -> Report:
    from .build import generate_site
    from .preview import Preview
    from .problems import DataError
    from .site.pages import GENERATED_PATHS

    try:
        if write_docs:
            site = _SITES[root] = generate_site(Path(root)).site
        else:
            preview = _PREVIEWS[root] = Preview.start(Path(root))
            site = preview.site
    except DataError as exc:
        if root in _PREVIEWS:
            # The last good generation stays, to show the problems in its pages; the next edit tries a whole one again.
            _PREVIEWS[root].error = str(exc)
        return Report(error=str(exc))
    return _report(site, GENERATED_PATHS)


def _report(site, generated: tuple[str, ...]) -> Report:
    from .buildcache import digest

    themed = [name for name in sorted(site.pages) if name.endswith(".md") or name.startswith("snippets/")]
    stubs = digest(*(part for name in themed for part in (name, site.pages[name])))
    return Report(pages=site.pages, generated=generated, stubs=stubs)


def _fill(root: str, site_dir: str) -> int:
    from .build import fill_site

    preview = _PREVIEWS.get(root)
    if preview is not None:
        return preview.fill_all(Path(site_dir))
    return fill_site(Path(site_dir), _SITES[root].fills)


def _serve_edits(root: str, site_dir: str) -> Edit:
    from .preview import VocabularyChanged

    preview = _PREVIEWS.get(root)
    if preview is None:
        return _whole(root)
    try:
        return Edit(written=tuple(preview.serve_edits(Path(site_dir))), error=preview.error)
    except VocabularyChanged:
        return _whole(root)


def _progress(root: str, stubs: str) -> Progress:
    from .site.pages import GENERATED_PATHS

    preview = _PREVIEWS.get(root)
    if preview is None:
        return Progress("idle")
    state = preview.state()
    if state == "ready" and not preview.error:
        report = _report(preview.site, GENERATED_PATHS)
        if report.stubs != stubs:
            return Progress(state, rebuild=report)
    return Progress(state, error=preview.error)


def _write_edits(root: str, site_dir: str) -> int:
    preview = _PREVIEWS.get(root)
    return 0 if preview is None else preview.write(Path(site_dir))


def _whole(root: str) -> Edit:
    """No generation to patch (the last one failed, or a vocabulary changed): a whole one, for a MkDocs build."""
    report = _generate(root, write_docs=False)
    return Edit(error=report.error) if report.error else Edit(rebuild=report)
