"""Topic suggestions for a paper: the curators' weighted phrases from data/topics.yml, scored with TF-IDF.

Each phrase of a topic found in a paper contributes

    weight (the curator's) x (TITLE_WEIGHT x tf x idf in the title  +  tf x idf in the abstract)

where tf is a log-damped count and idf says how rare the phrase is among the catalog's titles, or
among its abstracts. The IDF keeps a phrase that nearly every paper uses ("training", "inference")
from deciding a topic on its own, and lets a word common in abstracts but rare in titles
("benchmark") speak loudly when it is in the title. A topic's score
adds its contributions largest first, each further one discounted by PHRASE_DECAY, because a paper
that names a topic five ways ("Model-as-a-Service (MaaS)") is not five times as much about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..model import Paper
from ..store import Topic
from .words import phrase_key, words

# A phrase in the title says more about what a paper is about than one in passing in the abstract;
# the title's own IDF already rewards that, this adds a little more.
TITLE_WEIGHT = 1.5
PHRASE_DECAY = 0.8
# A second topic must come close to the first and carry real evidence of its own, so that a paper
# does not collect every topic whose words it brushes against.
SECONDARY_SHARE = 0.5
MIN_SECONDARY_SCORE = 12.0
MAX_TOPICS = 3


@dataclass(frozen=True)
class Evidence:
    """One phrase of a topic found in a paper, with every factor of its contribution."""

    phrase: str
    weight: float
    title_idf: float
    text_idf: float
    title_tf: float
    text_tf: float

    @property
    def contribution(self) -> float:
        """What the phrase adds before the discount for its rank within the topic."""
        return self.weight * (TITLE_WEIGHT * self.title_tf * self.title_idf + self.text_tf * self.text_idf)


@dataclass(frozen=True)
class TopicScore:
    """A topic's total for one paper and the phrases that made it, largest first."""

    slug: str
    score: float
    evidence: tuple[Evidence, ...]


def paper_title(paper: Paper) -> str:
    return paper.title


def paper_body(paper: Paper) -> str:
    """The text besides the title that says what a paper is about: its abstract and venue."""
    return " ".join(part for part in (paper.abstract, paper.venue) if part)


class TopicClassifier:
    """The topic rules, with phrase IDF measured on a corpus of papers (normally the whole catalog)."""

    def __init__(self, topics: Sequence[Topic], corpus: Sequence[Paper]):
        if not corpus:
            raise ValueError("the classifier needs at least one paper to measure phrase frequencies on")
        self.topics = list(topics)
        vocabulary = sorted({phrase_key(p) for t in self.topics for p in t.keywords} - {""})
        self._index = {phrase: i for i, phrase in enumerate(vocabulary)}
        self._phrases = vocabulary
        # Curators may write one phrase two ways ("fine-tuning", "fine tuning"); the larger weight counts.
        self._weights = np.zeros((len(self.topics), len(vocabulary)))
        for row, topic in enumerate(self.topics):
            for phrase, weight in topic.keywords.items():
                key = phrase_key(phrase)
                if key:
                    col = self._index[key]
                    self._weights[row, col] = max(self._weights[row, col], weight)
        longest = max((len(p.split()) for p in vocabulary), default=1)
        # Rarity is measured apart for titles and for abstracts: "benchmark" is common in abstracts
        # (every paper evaluates on some) but rare, and telling, in a title.
        self._title_vectorizer, self._body_vectorizer = (
            TfidfVectorizer(
                tokenizer=words, lowercase=False, token_pattern=None, ngram_range=(1, longest),
                vocabulary=self._index, sublinear_tf=True, norm=None, smooth_idf=True,
            ).fit([field(p) for p in corpus])
            for field in (paper_title, paper_body)
        )

    def scores(self, paper: Paper) -> list[TopicScore]:
        """Every topic's score for the paper, best first; ties keep the taxonomy order."""
        title_idf, text_idf = self._title_vectorizer.idf_, self._body_vectorizer.idf_
        title_tf = self._title_vectorizer.transform([paper_title(paper)]).toarray()[0] / title_idf
        text_tf = self._body_vectorizer.transform([paper_body(paper)]).toarray()[0] / text_idf
        found = np.flatnonzero(title_tf + text_tf)
        results = []
        for row, topic in enumerate(self.topics):
            evidence = [
                Evidence(self._phrases[col], float(self._weights[row, col]), float(title_idf[col]),
                         float(text_idf[col]), float(title_tf[col]), float(text_tf[col]))
                for col in found
                if self._weights[row, col] > 0
            ]
            evidence.sort(key=lambda e: (-e.contribution, e.phrase))
            score = sum(e.contribution * PHRASE_DECAY**rank for rank, e in enumerate(evidence))
            results.append(TopicScore(topic.slug, score, tuple(evidence)))
        order = {t.slug: i for i, t in enumerate(self.topics)}
        return sorted(results, key=lambda s: (-round(s.score, 9), order[s.slug]))

    def classify(self, paper: Paper) -> list[str]:
        """The paper's topics, primary first, chosen from its scores."""
        return choose_topics(self.scores(paper))


def choose_topics(ranked: Sequence[TopicScore]) -> list[str]:
    """The best topic, then up to two more that score close to it and well on their own."""
    if not ranked:
        return []
    best = ranked[0]
    # Without a single phrase found, the taxonomy's first topic holds the paper until a curator files it.
    chosen = [best.slug]
    for other in ranked[1:MAX_TOPICS]:
        if other.score >= max(SECONDARY_SHARE * best.score, MIN_SECONDARY_SCORE):
            chosen.append(other.slug)
    return chosen

