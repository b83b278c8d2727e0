"""Tag suggestions for a paper from the vocabulary in data/tags.yml: aliases, patterns and links, each with its reason."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Paper
from ..storage.vocabulary import Tag, TagGroup
from .words import phrase_key, words


def _fields(paper: Paper) -> dict[str, str]:
    """The text each `look_in` value names."""
    venue = " ".join(part for part in (paper.venue, paper.comments, paper.journal_ref) if part)
    return {"text": f"{paper.title}\n{paper.abstract or ''}", "title": paper.title, "venue": venue}


def _ngrams(text: str, longest: int) -> set[str]:
    """Every run of up to `longest` consecutive words, as phrase keys."""
    tokens = words(text)
    return {" ".join(tokens[i:i + n]) for n in range(1, longest + 1) for i in range(len(tokens) - n + 1)}


def tag_reasons(paper: Paper, groups: Sequence[TagGroup]) -> dict[str, str]:
    """Each suggested tag with what suggested it ('alias "kv cache" in text'), in vocabulary order."""
    tags = [tag for group in groups for tag in group.tags]
    fields = _fields(paper)
    longest = max((len(phrase_key(a).split()) for tag in tags for a in tag.aliases), default=1)
    grams = {name: _ngrams(text, longest) for name, text in fields.items()}
    reasons = {}
    for tag in tags:
        reason = _reason(tag, paper, fields[tag.look_in], grams[tag.look_in])
        if reason:
            reasons[tag.slug] = reason
    return reasons


def _reason(tag: Tag, paper: Paper, text: str, grams: set[str]) -> str | None:
    if tag.link and getattr(paper.links, tag.link):
        return f"has a {tag.link} link"
    for alias in tag.aliases:
        if phrase_key(alias) in grams:
            return f"alias {alias!r} in {tag.look_in}"
    for pattern in tag.patterns:
        match = pattern.search(text)
        if match:
            return f"pattern matched {match.group(0)[:60]!r} in {tag.look_in}"
    return None


def suggest_tags(paper: Paper, groups: Sequence[TagGroup]) -> list[str]:
    """The tags the vocabulary suggests for a paper, sorted."""
    return sorted(tag_reasons(paper, groups))
