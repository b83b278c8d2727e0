"""A suggested topic from the headings a listing put a paper under, only when a heading clearly names one.

"LLM serving" names Inference & Serving, "Network Pruning / Sparsity" names Compression. A heading that
names two topics about equally ("Multi-Modal Training Systems") suggests nothing, and its parents are
not asked either: the curator decides. Parenthesised asides ("Survey (or Benchmark)") are not read.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..storage.store import Topic
from ..text.titles import normalize_title

# A topic's own name in a heading counts more than one of its classifier phrases.
NAME_WEIGHT = 5.0
# Classifier phrases weaker than this ("training: 1") are too common in headings to name a topic.
STRONG_PHRASE = 3.0
# The best topic must lead the next one by this factor.
MARGIN = 1.5
HEADING_SEPARATOR = " > "


@lru_cache(maxsize=8192)
def _words(text: str) -> str:
    """Normal form for matching: lower-case words, plurals folded ("Agents" matches "agent").

    Hyphens join rather than split, so "Multi-Modal" is the topic "multimodal" and "fine-tuning" one word.
    """
    return " ".join(re.sub(r"(?<=\w{3})s$", "", w) for w in normalize_title(text.replace("-", "")).split())


def _names(topic: Topic) -> set[str]:
    """What a heading may call a topic: its slug and the parts of its title ("Inference & Serving" -> both)."""
    parts = re.split(r"[&:,/]|\band\b", topic.title.lower())
    return {_words(p) for p in [topic.slug.replace("-", " "), *parts] if _words(p)}


def _contains(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", text) is not None


def heading_score(heading: str, topic: Topic) -> float:
    """How strongly one heading names a topic: its names, then its strong classifier phrases."""
    text = _words(re.sub(r"\([^()]*\)", " ", heading))
    score = sum(NAME_WEIGHT for name in _names(topic) if _contains(text, name))
    # "attack" and "attacks" fold into one phrase and count once
    phrases: dict[str, float] = {}
    for phrase, weight in topic.keywords.items():
        phrases[_words(phrase)] = max(weight, phrases.get(_words(phrase), 0.0))
    return score + sum(w for phrase, w in phrases.items() if w >= STRONG_PHRASE and _contains(text, phrase))


def topic_for_heading(heading: str | None, topics: list[Topic]) -> str | None:
    """The slug of the topic the innermost telling heading names, or None when none does clearly."""
    if not heading:
        return None
    for part in reversed(heading.split(HEADING_SEPARATOR)):
        ranked = sorted(((heading_score(part, t), -i, t.slug) for i, t in enumerate(topics)), reverse=True)
        if not ranked or ranked[0][0] <= 0:
            continue
        best, runner_up = ranked[0][0], ranked[1][0] if len(ranked) > 1 else 0.0
        return ranked[0][2] if best >= STRONG_PHRASE and best >= MARGIN * runner_up else None
    return None
