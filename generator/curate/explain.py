"""Why a paper gets its topics and tags: the classifier's working, written out for a curator."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Paper
from ..storage.vocabulary import TagGroup
from .classify import MAX_TOPICS, MIN_SECONDARY_SCORE, PHRASE_DECAY, SECONDARY_SHARE, TITLE_WEIGHT, TopicClassifier
from .tags import tag_reasons

# The phrases listed under each topic; any beyond are only counted.
SHOWN_PHRASES = 8


def explain(paper: Paper, classifier: TopicClassifier, tag_groups: Sequence[TagGroup]) -> str:
    """A plain-text report: stored and suggested topics, each scoring topic's phrases, and each tag's reason."""
    ranked = classifier.scores(paper)
    suggested = classifier.classify(paper)
    lines = [
        f"{paper.id}: {paper.title}",
        f"  stored topics:    {', '.join(paper.topics) or '(none)'}",
        f"  suggested topics: {', '.join(suggested)}",
        "",
        f"Topic scores (a phrase adds weight x (tf x idf in the title x {TITLE_WEIGHT:g} + tf x idf in the abstract);",
        "text is matched longest listed phrase first, so words inside a longer phrase do not count again;",
        f"within a topic each further phrase counts {PHRASE_DECAY:g} times the one before; a second topic needs",
        f"{SECONDARY_SHARE:.0%} of the best score and at least {MIN_SECONDARY_SCORE:g}, and at most {MAX_TOPICS} are kept):",
    ]
    for result in ranked:
        if not result.evidence:
            continue
        mark = "*" if result.slug in suggested else " "
        lines.append(f"{mark} {result.slug:<17} {result.score:7.1f}")
        for evidence in result.evidence[:SHOWN_PHRASES]:
            where = []
            if evidence.title_tf:
                where.append(f"title tf {evidence.title_tf:.2f} idf {evidence.title_idf:.2f}")
            if evidence.text_tf:
                where.append(f"abstract tf {evidence.text_tf:.2f} idf {evidence.text_idf:.2f}")
            lines.append(f"      {evidence.contribution:6.1f}  {evidence.phrase!r} (weight {evidence.weight:g}; {', '.join(where)})")
        if len(result.evidence) > SHOWN_PHRASES:
            lines.append(f"      ... and {len(result.evidence) - SHOWN_PHRASES} more")
    silent = [r.slug for r in ranked if not r.evidence]
    if silent:
        lines.append(f"  no phrase found for: {', '.join(silent)}")
    if not any(r.evidence for r in ranked):
        lines.append("  no topic phrase found at all; cosine between the paper and each topic's title and description:")
        lines += [f"{'*' if r.slug in suggested else ' '} {r.slug:<17} {r.fallback:7.3f}" for r in ranked if r.fallback > 0]
        if not suggested:
            lines.append("  not a word in common with any description either: no topic until a curator files the paper")
    reasons = tag_reasons(paper, tag_groups)
    lines += ["", f"Tags (stored: {', '.join(paper.tags) or '(none)'}):"]
    lines += [f"  {slug:<24} {reason}" for slug, reason in reasons.items()] or ["  (none suggested)"]
    return "\n".join(lines)
