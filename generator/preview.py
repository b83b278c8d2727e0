"""The live preview's memory: the last good generation, patched by each edit under data/ (run in serve.py's worker).

An edit is served in two steps. `serve_edits` re-reads only the paper files whose stat changed and writes
the edited papers' own pages into the served site, with the related papers and BibTeX keys the last render
gave them. A thread then renders the whole site from the patched papers with the code `generator build`
runs, related papers recomputed only when a title or abstract changed; a render overtaken by a newer edit
is dropped and made again. `write` puts into the served site what the finished render changed, so the
site ends as a fresh build of the same data would be.
"""

from __future__ import annotations

import importlib
import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from .build import fill_site, site_address, write_changed
from .buildcache import as_related, digest, load_catalog_cached, read_related_state, related_state_file
from .catalog import Catalog, Fragments, build_catalog
from .model import Paper
from .problems import DataError, Problem
from .site.bibtex import bibtex_key, citation_keys
from .site.addresses import SiteAddress, paper_preview
from .site.cards import display_title
from .site.fill import SHELL_FILE, Fill, paper_file
from .site.markdown_text import html_text
from .site.pages import Site, render_site
from .site.paper_page import render_paper_page
from .storage.store import PAPERS_DIR, TOPICS_FILE, file_name_problems, paper_files, read_paper_file, vocabulary_of
from .storage.vocabulary import TAGS_FILE

_VOCABULARIES = (TOPICS_FILE, TAGS_FILE)


@dataclass(frozen=True)
class PaperEntry:
    """One paper file as last read: the stat it was read at, its paper (None when invalid), its problems, its key."""

    stat: tuple
    paper: Paper | None
    problems: tuple[Problem, ...]
    key: str | tuple


@dataclass(frozen=True)
class Rendered:
    """One render of the whole site, and what it was made from."""

    site: Site
    fragments: dict
    keys: dict[str, str]
    related: dict
    catalog: Catalog


class VocabularyChanged(Exception):
    """topics.yml or tags.yml changed: every paper must be checked again, by a whole generation."""


# Not yet read from the build cache (None there means no usable state).
_UNREAD = object()


@dataclass
class Preview:
    """What the served site is made from, the last render of it, and what the worker wrote into it.

    Edits bump `edits`; `rendered` is the edit count the last render saw. The lock guards every field
    between the worker's task thread and its render thread.
    """

    root: Path
    vocabularies: tuple
    topics: list
    tag_groups: list
    entries: dict[Path, PaperEntry]
    last: Rendered
    # Where the site is published (mkdocs.yml's site_url), as `generator build` reads it.
    address: SiteAddress = field(default_factory=SiteAddress)
    # What the served site holds, as _outputs(); pages showing an error are left out.
    written: dict[str, object] = field(default_factory=dict)
    error: str | None = None
    edits: int = 0
    rendered: int = 0
    # The edit count at the last change to a title or abstract, and the one last.related was computed for.
    texts_edited: int = 0
    related_at: int = 0
    # The error every filled page shows, once write() has filled it in.
    error_shown: str | None = None
    # The problems of the files' names, for the paths they were found in: they change only as files come and go.
    name_problems: tuple = ((), [])
    # The names in data/papers/ at the last scan, and the paper files among them.
    listed: tuple = (frozenset(), [])
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)
    # The related papers' last computation (curate/related_update.py), read from the build cache when first
    # needed; only the render thread uses it, so that an edit recomputes only the rows it reaches.
    _related_state: object = field(default=_UNREAD, repr=False)

    @classmethod
    def start(cls, root: Path) -> Preview:
        """The whole generation, as `generator build` makes it (through the build cache); raises DataError."""
        data_dir = root / "data"
        # Stat before reading: a file saved while it is read then differs at the next scan, and is read again.
        vocabularies = _vocabulary_stats(data_dir)
        stats = {path: _stat(path) for path in paper_files(data_dir)}
        catalog = load_catalog_cached(root).catalog
        entries = {}
        for path, stat in stats.items():
            paper = catalog.by_id.get(path.stem)
            entries[path] = PaperEntry(stat, paper, (), catalog.memo.key_of(paper) if paper else "")
        address = site_address(root)
        preview = cls(root, vocabularies, catalog.topics, catalog.tag_groups, entries, _render(catalog, address), address)
        preview._paper_files(data_dir)
        # The first edit to a title or abstract recomputes related papers: their imports (scikit-learn, seconds
        # of them) are made now, while the preview waits for edits, rather than after that edit.
        threading.Thread(target=importlib.import_module, args=(f"{__package__}.curate.related",), name="preview-imports",
                         daemon=True).start()
        return preview

    @property
    def site(self) -> Site:
        return self.last.site

    def serve_edits(self, site_dir: Path) -> list[str]:
        """Re-read the changed paper files, write their papers' pages into site_dir and start a render of the
        whole site; returns the pages written. With broken data those pages show its problems, kept in `error`.

        Raises VocabularyChanged when topics.yml or tags.yml changed, which only a whole generation can follow.
        """
        with self.lock:
            data_dir = self.root / "data"
            if _vocabulary_stats(data_dir) != self.vocabularies:
                raise VocabularyChanged()
            edited = self._rescan(data_dir)
            if not edited:
                return []
            self.edits += 1
            self._start_render()
            problems = self.problems()
            if problems:
                self.error = str(DataError(problems))
                return self._show_error(site_dir, [paper_file(path.stem) for path in edited])
            self.error = None
            catalog = self._patched_catalog(edited)
            shown = {entry.paper.id: before for path, before in edited.items() if (entry := self.entries.get(path))
                     and entry.paper is not None and entry.paper.primary_topic in catalog.topic_by_slug}
            keys = self._keys_for(catalog, shown)
            fills = {paper_file(pid): Fill(render_paper_page(catalog, catalog.by_id[pid], keys.get(pid)), SHELL_FILE,
                                           display_title(catalog.by_id[pid]), paper_preview(catalog.by_id[pid]))
                     for pid in shown}
            fill_site(site_dir, fills)
            self.written |= _outputs(Site(fills=fills))
            return sorted(fills)

    def state(self) -> str:
        """'rendering' while a render is due or under way, else 'ready' when the served site lacks part of the last
        render (or shows no error it should), else 'idle'."""
        with self.lock:
            if self.rendered != self.edits:
                return "rendering"
            return "ready" if self.changes() or (self.error and self.error_shown != self.error) else "idle"

    def changes(self) -> int:
        """How many pages and files of the last render differ from what the served site holds."""
        with self.lock:
            outputs = _outputs(self.site)
            changed = [name for name, value in outputs.items() if self.written.get(name) != value]
            return len(changed) + len(set(self.written) - set(outputs))

    def write(self, site_dir: Path) -> int:
        """Write into site_dir what the last render changed (or the data's problems, in every filled page) and
        delete what no longer exists; returns how many pages and files were written."""
        with self.lock:
            if self.error:
                return len(self._show_error(site_dir, sorted(self.site.fills)))
            outputs = _outputs(self.site)
            changed = [name for name, value in outputs.items() if self.written.get(name) != value]
            written = write_changed(site_dir, self.site, changed)
            for name in sorted(set(self.written) - set(outputs)):
                gone = site_dir / name
                gone.unlink(missing_ok=True)
                if gone.parent != site_dir and gone.parent.is_dir() and not any(gone.parent.iterdir()):
                    gone.parent.rmdir()  # a removed paper's folder, papers/<id>/
            self.written, self.error_shown = outputs, None
            return written

    def fill_all(self, site_dir: Path) -> int:
        """Fill every page of the last render into a site MkDocs has just built."""
        with self.lock:
            written = fill_site(site_dir, self.site.fills)
            self.written = _outputs(self.site)
            self.error_shown = None
            return written

    def papers(self) -> list[Paper]:
        return [entry.paper for entry in self.entries.values() if entry.paper is not None]

    def problems(self) -> list[Problem]:
        """The papers' problems; the vocabularies have none, or the generation this preview started from had failed."""
        paths = tuple(sorted(self.entries))
        if self.name_problems[0] != paths:
            self.name_problems = (paths, file_name_problems(list(paths), self.root))
        return self.name_problems[1] + [p for entry in self.entries.values() for p in entry.problems]

    def _patched_catalog(self, edited: dict[Path, Paper | None]) -> Catalog:
        """The last render's catalog with the edited papers in its index, for their own pages: those read no list."""
        last = self.last.catalog
        by_id = dict(last.by_id)
        for path in edited:
            entry = self.entries.get(path)
            by_id.pop(path.stem, None)
            if entry is not None and entry.paper is not None:
                by_id[entry.paper.id] = entry.paper
        memo = Fragments(self.last.fragments, {e.paper.id: e.key for e in self.entries.values() if e.paper})
        return replace(last, by_id=by_id, related=self.last.related, memo=memo)

    def _start_render(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._render_until_current, name="preview-render", daemon=True)
            self._thread.start()

    def _render_until_current(self) -> None:
        """Render the whole site from the papers as they are, again while edits overtake it."""
        while True:
            with self.lock:
                if self.rendered == self.edits:
                    self._thread = None
                    return
                edits, problems = self.edits, self.problems()
                related_valid = self.related_at >= self.texts_edited
                papers, related = self.papers(), self.last.related
                memo = Fragments(self.last.fragments, {e.paper.id: e.key for e in self.entries.values() if e.paper})
            rendered = error = None
            if problems:
                error = str(DataError(problems))
            else:
                if not related_valid:
                    related = self._related_now(papers)
                rendered = _render(build_catalog(papers, self.topics, self.tag_groups, related, memo), self.address)
            with self.lock:
                if edits != self.edits:
                    if rendered is not None and self.texts_edited <= edits:
                        self.last, self.related_at = _with_related(self.last, rendered.related), edits
                    continue
                self.rendered, self.error = edits, error
                if rendered is not None:
                    self.last, self.related_at = rendered, edits

    def _related_now(self, papers: list[Paper]) -> dict:
        """The papers' related papers, from the last computation's state, which it then replaces."""
        from .curate.related_update import updated_state

        if self._related_state is _UNREAD:
            self._related_state = read_related_state(related_state_file(self.root))
        self._related_state, _ = updated_state(self._related_state, sorted(papers, key=lambda p: p.id))
        return as_related(self._related_state.pairs())

    def _rescan(self, data_dir: Path) -> dict[Path, Paper | None]:
        """Re-read every paper file whose stat changed, forget removed ones; returns each changed path's paper before."""
        vocabulary = vocabulary_of(self.topics, self.tag_groups)
        stats = {path: _stat(path) for path in self._paper_files(data_dir)}
        edited = sorted(path for path, stat in stats.items() if self.entries.get(path, _MISSING).stat != stat)
        removed = sorted(set(self.entries) - set(stats))
        changes = {path: self.entries.get(path, _MISSING).paper for path in edited + removed}
        texts_changed = False
        for path in edited:
            read = read_paper_file(path, self.root, vocabulary)
            key = digest("preview", path.name, read.text or "")
            self.entries[path] = PaperEntry(stats[path], read.paper, tuple(read.problems), key)
            texts_changed |= _text(changes[path]) != _text(read.paper)
        for path in removed:
            texts_changed |= self.entries.pop(path).paper is not None
        if texts_changed:
            self.texts_edited = self.edits + 1
        return changes

    def _paper_files(self, data_dir: Path) -> list[Path]:
        """store.paper_files(), listed again only when the folder's names changed (sorting paths is slow)."""
        folder = data_dir / PAPERS_DIR
        try:
            with os.scandir(folder) as found:
                names = frozenset(entry.name for entry in found)
        except OSError:
            names = frozenset()
        if names != self.listed[0]:
            self.listed = (names, paper_files(data_dir))
        return self.listed[1]

    def _keys_for(self, catalog: Catalog, shown: dict[str, Paper | None]) -> dict[str, str]:
        """The BibTeX keys citation_keys() would give the papers shown (by id, with their papers before the edit).

        One edited paper keeps its last key while its own key stays; a new own key that no other paper's key
        begins with is its key, alone in its group. Anything else is left to the whole list.
        """
        keys = self.last.keys
        if len(shown) == 1:
            (pid, before), = shown.items()
            own = bibtex_key(catalog.by_id[pid])
            if before is not None and pid in keys and bibtex_key(before) == own:
                return keys
            if not any(key.startswith(own) for other, key in keys.items() if other != pid):
                return {pid: own}
        return citation_keys(catalog.papers)

    def _show_error(self, site_dir: Path, targets: list[str]) -> list[str]:
        """Fill the data's problems into those of the targets the last render fills."""
        targets = [target for target in targets if target in self.site.fills]
        lines = "".join(f"<li><code>{html_text(line)}</code></li>" for line in (self.error or "").splitlines() if line.strip())
        content = ('<div class="admonition failure"><p class="admonition-title">The data has problems; '
                   f"the page comes back when they are fixed</p><ul>{lines}</ul></div>")
        fills = {}
        for target in targets:
            fill = self.site.fills[target]
            fills[target] = Fill(content, fill.source, "Data error" if fill.title is not None else None)
        fill_site(site_dir, fills)
        for target in targets:
            self.written.pop(target, None)
        if len(targets) == len(self.site.fills):
            self.error_shown = self.error
        return targets


_MISSING = PaperEntry((), None, (), "")


def _render(catalog: Catalog, address: SiteAddress) -> Rendered:
    keys = citation_keys(catalog.papers, catalog.memo)
    site = render_site(catalog, address, keys)
    return Rendered(site, catalog.memo.kept(), keys, catalog.related, catalog)


def _outputs(site: Site) -> dict[str, object]:
    """Each fill and each file MkDocs copies as it is (what build.output_digests hashes), by its path in site/.

    Held rather than hashed: a render after an edit shares most of its fragments with the last one, and
    comparing the same strings costs nothing, where hashing every paper's page took a second at 10,000.
    """
    return {**site.fills, **{name: text for name, text in site.pages.items() if not name.endswith(".md")}}


def _with_related(last: Rendered, related: dict) -> Rendered:
    """The last render, with related papers computed since for texts that have not changed again."""
    return replace(last, related=related)


def _stat(path: Path) -> tuple:
    """What changes whenever a file is saved: its type, inode, size, and modification and change times."""
    try:
        info = os.lstat(path)
    except OSError:
        return ("gone",)
    return (info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _vocabulary_stats(data_dir: Path) -> tuple:
    return tuple(_stat(data_dir / name) for name in _VOCABULARIES)


def _text(paper: Paper | None) -> tuple | None:
    """What related papers are computed from (curate/related.py): the title and the abstract."""
    return None if paper is None else (paper.title, paper.abstract)
