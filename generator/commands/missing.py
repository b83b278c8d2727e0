"""`missing`: the to-do list of papers a reader cannot reach, or that lack authors, a date or a real title."""

from __future__ import annotations

from pathlib import Path

from ..curate.gaps import GAPS
from ..model import Paper
from ..storage.store import paper_path


def render_missing(report: dict[str, list[Paper]]) -> str:
    """The to-do list as text: one section per gap, each paper's file and title."""
    lines = []
    for gap in GAPS:
        papers = report[gap.slug]
        lines.append(f"{gap.label}: {len(papers)}")
        lines += [f"  {paper_path(Path('data'), p.id).as_posix()}: {p.title}" for p in papers]
    return "\n".join(lines) + "\n"
