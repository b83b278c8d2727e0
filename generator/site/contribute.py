"""The Contribute page's counts of what the list lacks, so a visitor sees where help is needed."""

from __future__ import annotations

from ..curate.gaps import GAPS
from ..model import Paper

# Included in the hand-written docs/contributing.md (pymdownx.snippets); git-ignored, and not a page itself
# (not .md, so no engine takes it for one).
MISSING_SNIPPET = "snippets/missing.txt"


def missing_counts(report: dict[str, list[Paper]], total: int) -> str:
    """The counts as a Markdown list, for the Contribute page."""
    rows = [f"- {len(report[gap.slug])} with {gap.label}" for gap in GAPS]
    return f"Of the {total} papers on the list:\n\n" + "\n".join(rows) + "\n"
