"""What is missing, as a to-do list: papers a reader cannot reach, or that lack authors, a date or a real title."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..catalog import approximate_date
from ..model import Paper
from ..storage.store import paper_path


# Included in the hand-written docs/contributing.md (pymdownx.snippets); git-ignored, and not a page itself
# (not .md, so no engine takes it for one).
MISSING_SNIPPET = "snippets/missing.txt"


@dataclass(frozen=True)
class Gap:
    """One kind of missing information: a slug, how the to-do list names it, and the test a paper fails."""

    slug: str
    label: str
    lacks: Callable[[Paper], bool]


GAPS = (
    Gap("link", "no arXiv id or other link", lambda p: not p.arxiv and not p.links.urls()),
    Gap("authors", "no author names", lambda p: not p.authors),
    Gap("date", "no date (not even an arXiv id giving the month)",
        lambda p: approximate_date(p) is None),
    Gap("title", "a title made up from the abstract", lambda p: p.title_is_derived),
)


def missing_report(papers: Iterable[Paper]) -> dict[str, list[Paper]]:
    """For each gap slug, in GAPS order, the papers that have it, in id order."""
    ordered = sorted(papers, key=lambda p: p.id)
    return {gap.slug: [p for p in ordered if gap.lacks(p)] for gap in GAPS}


def render_missing(report: dict[str, list[Paper]]) -> str:
    """The to-do list as text: one section per gap, each paper's file and title."""
    lines = []
    for gap in GAPS:
        papers = report[gap.slug]
        lines.append(f"{gap.label}: {len(papers)}")
        lines += [f"  {paper_path(Path('data'), p.id).as_posix()}: {p.title}" for p in papers]
    return "\n".join(lines) + "\n"


def missing_counts(report: dict[str, list[Paper]], total: int) -> str:
    """The counts as a Markdown list, for the Contribute page."""
    rows = [f"- {len(report[gap.slug])} with {gap.label}" for gap in GAPS]
    return f"Of the {total} papers on the list:\n\n" + "\n".join(rows) + "\n"
