"""Topic and tag suggestions for a paper, written into its YAML at ingest for a curator to review."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Paper
from ..store import Topic

TITLE_WEIGHT = 3.0
MAX_HITS_PER_PHRASE = 3
SECONDARY_SHARE = 0.6
MAX_TOPICS = 3


@lru_cache(maxsize=4096)
def _phrase_re(phrase: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(phrase.lower())}(?![\w-])")


def topic_scores(title: str, abstract: str, topics: list[Topic]) -> dict[str, float]:
    """Each topic's score: the weights of its phrases found, title matches counting more."""
    title, abstract = title.lower(), abstract.lower()
    scores = {}
    for topic in topics:
        score = 0.0
        for phrase, weight in topic.keywords.items():
            pattern = _phrase_re(phrase)
            hits = min(len(pattern.findall(abstract)), MAX_HITS_PER_PHRASE)
            score += weight * (hits + (TITLE_WEIGHT if pattern.search(title) else 0))
        scores[topic.slug] = score
    return scores


def classify(paper: Paper, topics: list[Topic]) -> list[str]:
    """Topics for a paper, primary first: the best-scoring topic plus those scoring close to it."""
    if not topics:
        return []
    scores = topic_scores(paper.title, paper.abstract or "", topics)
    order = {t.slug: i for i, t in enumerate(topics)}
    ranked = sorted(scores, key=lambda slug: (-scores[slug], order[slug]))
    best = scores[ranked[0]]
    if best <= 0:
        return [ranked[0]]
    return [slug for slug in ranked[:MAX_TOPICS] if scores[slug] >= SECONDARY_SHARE * best]


def suggest_tags(paper: Paper) -> list[str]:
    """Tags that follow from the paper's metadata and wording."""
    text = f"{paper.title} {paper.abstract or ''}".lower()
    tags = set()
    if paper.links.code:
        tags.add("code")
    if re.search(r"\bsurvey\b|\bsystematic review\b", paper.title.lower()):
        tags.add("survey")
    if re.search(r"\bbenchmark", paper.title.lower()):
        tags.add("benchmark")
    if re.search(r"\bdataset\b", text) and re.search(r"\b(?:release|introduce|construct|present)\w*\b[^.]*\bdataset", text):
        tags.add("dataset")
    return sorted(tags)
