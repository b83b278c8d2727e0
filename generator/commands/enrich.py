"""`enrich`: what listings lack (arXiv ids, real titles, authors, dates, categories, venues, DOIs) filled in from arXiv.

Records come from the arXiv API (by id, or found by title) or from a metadata snapshot file; either way a
record found by title is written only when `title_match` verifies it is the same paper.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..enrichment.arxiv_api import TITLES_PER_QUERY, ApiError, ArxivRecord, search_queries
from ..enrichment.arxiv_client import ArxivClient, Unreachable
from ..curate.classify import TopicClassifier
from ..curate.fill import fill_from_arxiv
from ..ids import paper_id_for_arxiv
from ..model import Paper
from ..progress import Progress
from ..enrichment.snapshot import CatalogIndex, scan_snapshot
from ..storage.store import Topic, load_catalog_inputs, paper_path, write_papers
from ..text.titles import normalize_title
from ..enrichment.title_match import pick_record
from ..storage.vocabulary import TagGroup

CACHE_DIR = Path(".cache") / "arxiv"


@dataclass
class EnrichResult:
    """What one enrich did: papers asked about, papers changed (by their new id), and anything that went wrong."""

    asked: int = 0
    changed: dict[str, Paper] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    unreachable: str | None = None
    lines: int | None = None

    def summary(self) -> str:
        if self.unreachable:
            return f"enrich: arXiv is out of reach: {self.unreachable}; nothing changed"
        source = f"read {self.lines} lines, matched {self.asked}" if self.lines is not None else f"asked arXiv about {self.asked}"
        line = f"{source}, enriched {len(self.changed)}"
        if self.renamed:
            line += f" (renamed {len(self.renamed)} to their arXiv id)"
        if self.doubts:
            line += f", {len(self.doubts)} candidate(s) to check by hand"
        return line + (f", not found {len(self.missing)}" if self.missing else "")


def needs_enrichment(paper: Paper) -> bool:
    """True for an arXiv paper missing what arXiv always has: a real title, abstract, authors, date, categories."""
    return bool(paper.arxiv) and (
        paper.title_is_derived or not paper.abstract or not paper.authors or not paper.published or not paper.categories
    )


def enrich(
    root: Path, client: ArxivClient, paper_ids: list[str] | None = None, stream: TextIO | None = None,
    search: bool = True,
) -> EnrichResult:
    """Look up papers on arXiv and write what it adds; all of them that need it, or those named.

    Papers with an arXiv id are asked about by id; the others (unless `search` is off) are searched for
    by title and abstract. When arXiv cannot be reached, nothing is written, even what was fetched
    before the failure (it stays in the cache for the next run).
    """
    data_dir = root / "data"
    papers, topics, tag_groups = load_catalog_inputs(data_dir)
    result = EnrichResult(errors=_unknown_ids(papers, paper_ids))
    if paper_ids:
        named = [p for p in papers if p.id in paper_ids]
        chosen = [p for p in named if p.arxiv]
        unknown = [p for p in named if not p.arxiv]
        if not search:
            result.errors += [f"{p.id}: has no arXiv id to look up" for p in unknown]
            unknown = []
    else:
        chosen = [p for p in papers if needs_enrichment(p)]
        unknown = [p for p in papers if not p.arxiv] if search else []
    result.asked = len(chosen) + len(unknown)
    if not result.asked:
        return result
    found: dict[str, ArxivRecord] = {}
    with Progress("enrich", result.asked, stream) as bar:
        lookup = client.lookup([p.arxiv for p in chosen], bar)
        result.missing, result.errors = lookup.missing, result.errors + lookup.errors
        found |= {p.id: lookup.records[p.arxiv] for p in chosen if p.arxiv in lookup.records}
        if lookup.unreachable:
            result.unreachable = lookup.unreachable
            return result
        try:
            found |= _search(client, unknown, result, bar)
        except Unreachable as exc:
            result.unreachable = str(exc)
            return result
    _apply(data_dir, papers, found, topics, tag_groups, result)
    return result


def _search(client: ArxivClient, papers: list[Paper], result: EnrichResult, bar: Progress) -> dict[str, ArxivRecord]:
    """The records searches verifiably find for the papers, by id; doubtful candidates are noted.

    The exact titles are asked TITLES_PER_QUERY at a time; a paper they do not settle is then searched
    for alone, by its title's words and by its abstract's opening.
    """
    plans = {p.id: search_queries(None if p.title_is_derived else p.title, p.abstract) for p in papers}
    doubts: dict[str, list[str]] = {p.id: [] for p in papers}
    found: dict[str, ArxivRecord] = {}

    def consider(paper: Paper, records: list[ArxivRecord]) -> None:
        pick = pick_record(paper, records)
        if pick.record is not None:
            found[paper.id] = pick.record
        doubts[paper.id] += [d for d in map(_doubt, pick.doubts) if d not in doubts[paper.id]]

    titled = [p for p in papers if plans[p.id] and plans[p.id][0].startswith('ti:"')]
    for start in range(0, len(titled), TITLES_PER_QUERY):
        group = titled[start:start + TITLES_PER_QUERY]
        try:
            answers = client.search_together([plans[p.id][0] for p in group])
        except ApiError as exc:
            result.errors.append(f"{', '.join(p.id for p in group)}: {exc}")
            continue
        for paper in group:
            consider(paper, answers[plans[paper.id][0]])
            plans[paper.id] = plans[paper.id][1:]
    for paper in papers:
        for query in plans[paper.id] if paper.id not in found else []:
            try:
                consider(paper, client.search(query))
            except ApiError as exc:
                result.errors.append(f"{paper.id}: {exc}")
            if paper.id in found:
                break
        bar.advance()
        if paper.id in found:
            continue
        shown = paper_path(Path("data"), paper.id).as_posix()
        result.doubts += [f"{shown}: {d}" for d in doubts[paper.id]]
        if not doubts[paper.id]:
            result.missing.append(paper.id)
    return found


def _doubt(doubt: tuple[ArxivRecord, str]) -> str:
    record, reason = doubt
    return f"arXiv:{record.arxiv} {record.title!r}? {reason}"


def _unknown_ids(papers: list[Paper], paper_ids: list[str] | None) -> list[str]:
    """An error for each named id that no paper file has."""
    known = {p.id for p in papers}
    return [f"{i}: no such paper in data/papers/" for i in paper_ids or () if i not in known]


def enrich_from_file(root: Path, snapshot: Path, paper_ids: list[str] | None = None,
                     stream: TextIO | None = None) -> EnrichResult:
    """Fill papers from an arXiv metadata snapshot file, read once in bounded memory; all papers, or those named.

    Raises OSError when the file cannot be read at all.
    """
    data_dir = root / "data"
    papers, topics, tag_groups = load_catalog_inputs(data_dir)
    result = EnrichResult(errors=_unknown_ids(papers, paper_ids))
    wanted = [p for p in papers if not paper_ids or p.id in paper_ids]
    scan = scan_snapshot(snapshot, CatalogIndex(wanted), stream=stream)
    result.lines, result.errors = scan.lines, result.errors + scan.problems
    if scan.unreadable > len(scan.problems):
        result.errors.append(f"{snapshot}: {scan.unreadable - len(scan.problems)} more unreadable line(s)")
    found: dict[str, ArxivRecord] = {}
    for paper in wanted:
        candidates = scan.found.get(paper.id)
        if not candidates:
            continue
        pick = pick_record(paper, (record for _, record in candidates))
        if pick.record is not None:
            found[paper.id] = pick.record
        lines = {r.arxiv: n for n, r in candidates}
        shown = paper_path(Path("data"), paper.id).as_posix()
        result.doubts += [f"{shown}: {_doubt(d)} ({snapshot.name}:{lines[d[0].arxiv]})" for d in pick.doubts]
    result.asked = len(found)
    _apply(data_dir, papers, found, topics, tag_groups, result)
    return result


def _apply(data_dir: Path, papers: list[Paper], found: dict[str, ArxivRecord], topics: list[Topic], tag_groups: list[TagGroup],
           result: EnrichResult) -> None:
    """Fill each paper from its record, giving a paper that gains an arXiv id that id as its file name, and write them."""
    by_id = {p.id: p for p in papers}
    owner = {p.arxiv: p.id for p in papers if p.arxiv}
    # a paper that only now has its real title may turn out to be one already listed under that title
    titled = {normalize_title(p.title): p.id for p in papers if not p.title_is_derived}
    classifier = TopicClassifier(topics, papers)
    for paper_id in sorted(found):
        paper, record = by_id[paper_id], found[paper_id]
        if not paper.arxiv:
            new_id = paper_id_for_arxiv(record.arxiv)
            other = owner.get(record.arxiv) or (new_id if new_id in by_id and new_id != paper_id else None)
            if other:
                result.notes.append(f"{paper_id}: is arXiv:{record.arxiv}, already in "
                                    f"{paper_path(Path('data'), other).as_posix()}; merge the two files")
                continue
            owner[record.arxiv] = new_id
            paper = dataclasses.replace(paper, id=new_id, arxiv=record.arxiv)
        filled = fill_from_arxiv(paper, record, classifier, tag_groups)
        if filled == by_id[paper_id]:
            continue
        result.changed[filled.id] = filled
        if filled.id != paper_id:
            result.renamed[paper_id] = filled.id
        twin = titled.get(normalize_title(filled.title)) if by_id[paper_id].title_is_derived else None
        if twin and twin != paper_id:
            shown = paper_path(Path("data"), twin).as_posix()
            result.notes.append(f"{filled.id}: now has the same title as {shown}; merge the two files if they are one paper")
    refused = write_papers(data_dir, result.changed.values())
    result.errors += refused.values()
    for paper_id in refused:
        del result.changed[paper_id]
    # a renamed paper's old file goes only once its new one is written
    for old, new in list(result.renamed.items()):
        if new in refused:
            del result.renamed[old]
        else:
            paper_path(data_dir, old).unlink(missing_ok=True)
