"""The site model: papers and topics loaded once, arranged the way every page needs them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Paper
from .storage.store import Topic, load_catalog_inputs
from .storage.vocabulary import TagGroup

if TYPE_CHECKING:
    from .curate.related import Related

_NEW_STYLE = re.compile(r"^(\d{2})(\d{2})\.")


def approximate_date(paper: Paper) -> dt.date | None:
    """The paper's date, or the first of its arXiv submission month when only the id tells."""
    if paper.published:
        return paper.published
    match = _NEW_STYLE.match(paper.arxiv or "")
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            return dt.date(2000 + year, month, 1)
    return None


def newest_first_key(paper: Paper) -> tuple:
    """Sort key: newest date first, undated papers last, then by id for a stable order."""
    date = approximate_date(paper)
    return (date is None, -(date.toordinal() if date else 0), paper.id)


class Fragments(dict):
    """Rendered pieces of pages, keyed by what they are made from; a key's first part is the piece's kind.

    With `digests` (paper id -> the hash of its file, the vocabularies and the generator's code, from
    buildcache.py) a piece is keyed by content and may come from an earlier build; without, it is keyed
    by paper id and lives as long as its catalog. `used` collects the keys this catalog's pages asked for.
    With `load` (a kind -> the pieces of it an earlier build kept), a kind's pieces are read when one is first
    asked for, so that a kind no page asks for costs nothing; `generation` is the key of what every digest covers
    (the vocabularies and the generator's code), by which the build cache tells a stored kind of another apart.
    """

    def __init__(self, stored: dict | None = None, digests: dict[str, str] | None = None,
                 load: Callable[[str], dict | None] | None = None, generation: str | None = None):
        super().__init__(stored or {})
        self.digests = digests or {}
        self.generation = generation
        self.used: set = set()
        self.fresh_kinds: set[str] = set()
        self._load = load
        self._loaded: set[str] = set()
        self._released: set[str] = set()
        # The keys asked for while each whole() piece being rendered renders, innermost last.
        self._asked: list[list] = []
        self._grouped: tuple[int, dict[str, list]] = (-1, {})

    @property
    def fresh(self) -> bool:
        """Whether any piece was rendered rather than found."""
        return bool(self.fresh_kinds)

    def key_of(self, paper: Paper) -> str | tuple[str, str]:
        return self.digests.get(paper.id) or ("id", paper.id)

    def get(self, key: tuple, default=None):
        if self._load is not None and key[0] not in self._loaded:
            self._loaded.add(key[0])
            self.update(self._load(key[0]) or {})
        return super().get(key, default)

    def made(self, key: tuple, render):
        """The piece under key, rendered by render() the first time it is asked for (each time, once released)."""
        if key[0] in self._released:
            return render()
        self.used.add(key)
        if self._asked:
            self._asked[-1].append(key)
        piece = self.get(key)
        if piece is None:
            piece = self[key] = render()
            self.fresh_kinds.add(key[0])
        return piece

    def whole(self, key: tuple, render):
        """made() for a piece joined from other pieces (a list page of entries): it is kept with the keys of the
        pieces its render asked for, and finding it marks them used too, so that the next build still has them."""
        if key[0] in self._released:
            return render()
        self.used.add(key)
        found = self.get(key)
        if found is None:
            self._asked.append([])
            try:
                piece = render()
            finally:
                parts = tuple(dict.fromkeys(self._asked.pop()))
            self[key] = (piece, parts)
            self.fresh_kinds.add(key[0])
        else:
            piece, parts = found
            self.used.update(parts)
        if self._asked:
            self._asked[-1] += (key, *parts)
        return piece

    def kept(self, kinds: Collection[str] | None = None) -> dict:
        """The pieces this catalog's pages used and that an earlier build may reuse (the content-keyed ones), of
        every kind or of `kinds`."""
        if not self.digests:
            return {}
        if kinds is None:
            return {key: self[key] for key in self.used if key in self}
        by_kind = self._used_by_kind()
        return {key: self[key] for kind in kinds for key in by_kind.get(kind, ()) if key in self}

    def _used_by_kind(self) -> dict[str, list]:
        """The used keys grouped by kind, grouped again only when more were used: a build asks for kind after kind."""
        # `used` only grows, so an unchanged size is an unchanged set.
        if self._grouped[0] != len(self.used):
            grouped: dict[str, list] = {}
            for key in self.used:
                grouped.setdefault(key[0], []).append(key)
            self._grouped = (len(self.used), grouped)
        return self._grouped[1]

    def release(self, keep: Collection[str]) -> dict[str, dict]:
        """Let go of the pieces of every kind but `keep`; returns kept() of each released kind that has fresh pieces,
        by kind, for a build to write to its cache at once rather than hold them to its end."""
        kinds = {key[0] for key in self} - set(keep)
        released = {kind: self.kept({kind}) for kind in sorted(kinds & self.fresh_kinds)}
        for key in [key for key in self if key[0] in kinds]:
            del self[key]
        self._released |= kinds
        return {kind: pieces for kind, pieces in released.items() if pieces}

    def unsaved_kinds(self) -> list[str]:
        """The kinds with fresh pieces that release() did not hand out."""
        return sorted(self.fresh_kinds - self._released)


@dataclass
class Catalog:
    """Everything the renderers read: topics in taxonomy order, papers newest first, and indexes over them."""

    topics: list[Topic]
    papers: list[Paper]
    by_id: dict[str, Paper] = field(default_factory=dict)
    primary: dict[str, list[Paper]] = field(default_factory=dict)
    secondary: dict[str, list[Paper]] = field(default_factory=dict)
    tag_groups: list[TagGroup] = field(default_factory=list)
    # Computed from the text, never stored in data/: a paper's related list follows the catalog.
    related: dict[str, tuple[Related, ...]] = field(default_factory=dict)
    # Renderers keep what they render once per paper here (site/cards.py, site/paper_page.py).
    memo: Fragments = field(default_factory=Fragments, repr=False, compare=False)

    @cached_property
    def topic_by_slug(self) -> dict[str, Topic]:
        return {t.slug: t for t in self.topics}

    @cached_property
    def shared_topics(self) -> dict[str, dict[str, int]]:
        """For each topic, how many of the papers listed under it (primary or secondary) each other topic lists."""
        shared: dict[str, dict[str, int]] = {topic.slug: {} for topic in self.topics}
        topics = self.topic_by_slug
        for paper in self.papers:
            known = {slug for slug in paper.topics if slug in topics}
            if len(known) > 1:
                for slug in known:
                    counts = shared[slug]
                    for other in known:
                        if other != slug:
                            counts[other] = counts.get(other, 0) + 1
        return shared

    @cached_property
    def with_cards(self) -> list[Paper]:
        """papers_with_cards(), found once for the pages that each ask for it."""
        topics = self.topic_by_slug
        return [p for p in self.papers if p.primary_topic in topics]

    @cached_property
    def additions(self) -> list[Paper]:
        """The papers with cards in newest_additions() order, which the feeds and the home page share."""
        return newest_additions(self.with_cards)

    @cached_property
    def in_id_order(self) -> list[Paper]:
        """The papers by id, the order of the downloads and the papers' pages."""
        return sorted(self.papers, key=lambda paper: paper.id)

    def topic_size(self, slug: str) -> int:
        """Papers listed under a topic, primary or secondary."""
        return len(self.primary.get(slug, [])) + len(self.secondary.get(slug, []))


def build_catalog(papers: list[Paper], topics: list[Topic], tag_groups: Sequence[TagGroup] = (),
                  related: dict[str, tuple[Related, ...]] | None = None, memo: Fragments | None = None) -> Catalog:
    """Arrange papers by topic, each list newest first, and find each paper's related papers (unless given)."""
    ordered = sorted(papers, key=newest_first_key)
    if related is None:
        # Imported here: scikit-learn is slow to import, and a cached build never needs it.
        from .curate.related import related_papers
        related = related_papers(ordered)
    catalog = Catalog(topics=list(topics), papers=ordered, by_id={p.id: p for p in ordered},
                      tag_groups=list(tag_groups), related=related, memo=memo if memo is not None else Fragments())
    primary: dict[str, list[Paper]] = {topic.slug: [] for topic in topics}
    secondary: dict[str, list[Paper]] = {topic.slug: [] for topic in topics}
    # One pass over the papers, not one per topic: each list stays newest first.
    for paper in ordered:
        if paper.topics:
            primary.get(paper.topics[0], []).append(paper)
            for slug in dict.fromkeys(paper.topics[1:]):
                secondary.get(slug, []).append(paper)
    catalog.primary, catalog.secondary = primary, secondary
    return catalog


def load_catalog(data_dir: Path) -> Catalog:
    return build_catalog(*load_catalog_inputs(data_dir))


def newest_additions(papers: list[Paper]) -> list[Paper]:
    """Papers by the date they joined the list, latest first; papers added the same day newest first."""
    def key(paper: Paper) -> tuple:
        added = paper.added.toordinal() if paper.added else 0
        return (paper.added is None, -added, *newest_first_key(paper))

    return sorted(papers, key=key)


def papers_with_cards(catalog: Catalog) -> list[Paper]:
    """The papers that have a card to link to (a known primary topic), newest first; one list, not to be changed."""
    return catalog.with_cards
