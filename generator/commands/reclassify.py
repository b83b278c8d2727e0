"""Re-classification on demand: the topic classifier and tag suggester run again over curated papers, as a reviewable diff."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..curate.classify import TopicClassifier
from ..curate.tags import suggest_tags
from ..model import Paper
from ..storage.store import Topic, load_catalog_inputs, write_papers
from ..storage.vocabulary import TagGroup


@dataclass(frozen=True)
class Change:
    """One paper whose topics or tags the rules would change."""

    before: Paper
    after: Paper

    def describe(self) -> str:
        """'2401.05561: topics trust, evaluation -> trust; tags +survey -code' for the curator to read."""
        parts = []
        if self.before.topics != self.after.topics:
            parts.append(f"topics {', '.join(self.before.topics) or '(none)'} -> {', '.join(self.after.topics) or '(none)'}")
        added = sorted(set(self.after.tags) - set(self.before.tags))
        removed = sorted(set(self.before.tags) - set(self.after.tags))
        if added or removed:
            parts.append("tags " + " ".join([*(f"+{t}" for t in added), *(f"-{t}" for t in removed)]))
        return f"{self.before.id}: " + "; ".join(parts)


def reclassify(
    papers: Sequence[Paper], topics: Sequence[Topic], tag_groups: Sequence[TagGroup], ids: Sequence[str] | None = None
) -> list[Change]:
    """What re-running the rules would change for the papers named (all when `ids` is None), in id order.

    Phrase rarity is always measured on every paper, so a paper gets the same topics whether it is
    re-classified alone or with all the others.
    """
    known = {p.id: p for p in papers}
    missing = sorted(set(ids or ()) - set(known))
    if missing:
        raise KeyError(f"no paper with id {', '.join(missing)} in data/papers/")
    classifier = TopicClassifier(topics, sorted(papers, key=lambda p: p.id))
    changes = []
    for paper_id in sorted(known if ids is None else set(ids)):
        before = known[paper_id]
        after = dataclasses.replace(before, topics=classifier.classify(before), tags=suggest_tags(before, tag_groups))
        if (after.topics, sorted(after.tags)) != (before.topics, sorted(before.tags)):
            changes.append(Change(before, after))
    return changes


def reclassify_files(data_dir: Path, ids: Sequence[str] | None = None,
                     dry_run: bool = False) -> tuple[list[Change], dict[str, str]]:
    """Re-run the rules over data/papers/ and, unless a dry run, write each changed paper atomically; returns the
    changes made and, by id, why any paper was refused (its file then keeps its old topics and tags)."""
    papers, topics, tag_groups = load_catalog_inputs(data_dir)
    changes = reclassify(papers, topics, tag_groups, ids)
    refused = {} if dry_run else write_papers(data_dir, [change.after for change in changes])
    return [change for change in changes if change.after.id not in refused], refused
