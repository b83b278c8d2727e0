"""Generation for the MkDocs hook, in a worker process that keeps the heavy imports out of MkDocs' own.

The worker lives as long as the MkDocs process and remembers its last generation, so that after MkDocs
has built the stubs the same worker fills the pages; between builds it keeps the parsed-paper cache warm.
This module imports nothing heavy: the worker's functions import the generator when they run.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field
from pathlib import Path

# Set by `generator build` for the MkDocs run it starts: docs/ is fresh and the generator fills the site itself.
DOCS_FRESH_ENV = "READING_LIST_DOCS_FRESH"
# The worker's memory: the last good generation's site model, keyed by project root.
_SITES: dict[str, object] = {}
# The fragments the last generation used (catalog.Fragments), keyed by project root.
_FRAGMENTS: dict[str, dict] = {}
# What the worker last wrote into the served site, as output_digests() of it, keyed by project root.
_WRITTEN: dict[str, dict[str, str]] = {}
_POOL = None


@dataclass(frozen=True)
class Report:
    """What a generation gave the hook: the docs/ files as text, or the data's problems as text."""

    pages: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    generated: tuple[str, ...] = ()


def _pool():
    global _POOL
    if _POOL is None:
        # spawn, never fork: a forked copy of MkDocs' process would share its threads' locks.
        _POOL = multiprocessing.get_context("spawn").Pool(1)
    return _POOL


def stop() -> None:
    """End the worker, if one was started."""
    global _POOL
    if _POOL is not None:
        _POOL.terminate()
        _POOL.join()
        _POOL = None


def generate(root: Path, write_docs: bool) -> Report:
    """Generate in the worker; with write_docs, docs/ is written as `generator build --pages-only` would."""
    return _pool().apply(_generate, (str(root), write_docs))


def fill(root: Path, site_dir: Path, with_files: bool) -> int:
    """Fill the built pages of site_dir from the worker's last generation; with_files also copies the generated
    non-page files (feeds, downloads) there, for a rebuild that skips MkDocs."""
    return _pool().apply(_fill, (str(root), str(site_dir), with_files))


def fill_error(root: Path, site_dir: Path, error: str) -> int:
    """Show the data's problems in place of every page the last good generation filled."""
    return _pool().apply(_fill_error, (str(root), str(site_dir), error))


def _generate(root: str, write_docs: bool) -> Report:
    from .build import generate_site
    from .buildcache import load_catalog_cached
    from .problems import DataError
    from .site.pages import GENERATED_PATHS, render_site

    try:
        if write_docs:
            site = generate_site(Path(root)).site
        else:
            # The last generation's fragments stay in memory: an edit renders only what shows the edited paper.
            catalog = load_catalog_cached(Path(root), _FRAGMENTS.get(root)).catalog
            site = render_site(catalog)
            _FRAGMENTS[root] = catalog.memo.kept()
    except DataError as exc:
        return Report(error=str(exc))
    _SITES[root] = site
    return Report(pages=site.pages, generated=GENERATED_PATHS)


def _fill(root: str, site_dir: str, with_files: bool) -> int:
    from .build import fill_site, output_digests, write_changed

    site = _SITES[root]
    digests = output_digests(site)
    if not with_files:
        written = fill_site(Path(site_dir), site.fills)
    else:
        # The served site holds what the last fill wrote: only what changed since is written again.
        before = _WRITTEN.get(root, {})
        changed = [name for name, value in digests.items() if before.get(name) != value]
        written = write_changed(Path(site_dir), site, changed)
    _WRITTEN[root] = digests
    return written


def _fill_error(root: str, site_dir: str, error: str) -> int:
    from .build import fill_site
    from .site.fill import Fill
    from .site.markdown_text import html_text

    site = _SITES.get(root)
    if site is None:
        return 0
    lines = "".join(f"<li><code>{html_text(line)}</code></li>" for line in error.splitlines() if line.strip())
    content = ('<div class="admonition failure"><p class="admonition-title">The data has problems; '
               f"the page comes back when they are fixed</p><ul>{lines}</ul></div>")
    fills = {target: Fill(content, f.source, "Data error" if f.title is not None else None) for target, f in site.fills.items()}
    _WRITTEN.pop(root, None)
    return fill_site(Path(site_dir), fills)
