"""`enrich`: what listings lack (real titles, authors, dates, categories, venues, DOIs) filled in from arXiv."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .arxiv_client import ArxivClient
from .curate.classify import TopicClassifier
from .curate.fill import fill_from_arxiv
from .model import Paper
from .progress import Progress
from .store import load_catalog_inputs, paper_path, write_papers
from .text.titles import normalize_title

CACHE_DIR = Path(".cache") / "arxiv"


@dataclass
class EnrichResult:
    """What one enrich did: papers asked about, papers changed, and anything that went wrong."""

    asked: int = 0
    changed: dict[str, Paper] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unreachable: str | None = None

    def summary(self) -> str:
        if self.unreachable:
            return f"enrich: arXiv is out of reach: {self.unreachable}; nothing changed"
        line = f"asked arXiv about {self.asked}, enriched {len(self.changed)}"
        return line + (f", not found {len(self.missing)}" if self.missing else "")


def needs_enrichment(paper: Paper) -> bool:
    """True for an arXiv paper missing what arXiv always has: a real title, abstract, authors, date, categories."""
    return bool(paper.arxiv) and (
        paper.title_is_derived or not paper.abstract or not paper.authors or not paper.published or not paper.categories
    )


def enrich(
    root: Path, client: ArxivClient, paper_ids: list[str] | None = None, stream: TextIO | None = None
) -> EnrichResult:
    """Look up papers on arXiv and write what it adds; all of them that need it, or those named.

    When arXiv cannot be reached, nothing is written, even what was fetched before the failure (it
    stays in the cache for the next run).
    """
    data_dir = root / "data"
    papers, topics, tag_groups = load_catalog_inputs(data_dir)
    result = EnrichResult()
    if paper_ids:
        known = {p.id for p in papers}
        result.errors += [f"{i}: no such paper in data/papers/" for i in paper_ids if i not in known]
        chosen = [p for p in papers if p.id in paper_ids and p.arxiv]
        result.errors += [f"{p.id}: has no arXiv id to look up" for p in papers if p.id in paper_ids and not p.arxiv]
    else:
        chosen = [p for p in papers if needs_enrichment(p)]
    result.asked = len(chosen)
    if not chosen:
        return result
    with Progress("enrich", len(chosen), stream) as bar:
        lookup = client.lookup([p.arxiv for p in chosen], bar)
    result.missing, result.errors = lookup.missing, result.errors + lookup.errors
    if lookup.unreachable:
        result.unreachable = lookup.unreachable
        return result
    # a paper that only now has its real title may turn out to be one already listed under that title
    titled = {normalize_title(p.title): p.id for p in papers if not p.title_is_derived}
    classifier = TopicClassifier(topics, papers)
    for paper in chosen:
        record = lookup.records.get(paper.arxiv)
        filled = fill_from_arxiv(paper, record, classifier, tag_groups) if record else paper
        if filled == paper:
            continue
        result.changed[paper.id] = filled
        twin = titled.get(normalize_title(filled.title)) if paper.title_is_derived else None
        if twin and twin != paper.id:
            shown = paper_path(Path("data"), twin).as_posix()
            result.notes.append(f"{paper.id}: now has the same title as {shown}; merge the two files if they are one paper")
    refused = write_papers(data_dir, result.changed.values())
    result.errors += refused.values()
    for paper_id in refused:
        del result.changed[paper_id]
    return result
