"""What the catalog lacks: papers a reader cannot reach, or that have no authors, no date or no real title."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..catalog import approximate_date
from ..model import Paper


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
