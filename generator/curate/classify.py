"""Topic suggestions for a paper: the curators' weighted phrases from data/topics.yml, scored with TF-IDF.

Each phrase of a topic found in a paper contributes

    weight (the curator's) x (TITLE_WEIGHT x tf x idf in the title  +  tf x idf in the abstract)

where tf is a log-damped count and idf says how rare the phrase is among the catalog's titles, or
among its abstracts. The IDF keeps a phrase that nearly every paper uses ("training", "inference")
from deciding a topic on its own, and lets a word common in abstracts but rare in titles
("benchmark") speak loudly when it is in the title.

Text is matched longest phrase first: where "harmful fine-tuning" (alignment) is a listed phrase, its
words do not count again as "fine-tuning" (adaptation), and "retrieval-augmented generation" is one
piece of evidence, not three. A curator can therefore settle a clash by listing the longer phrase.

A topic's score adds its contributions largest first, each further one discounted by PHRASE_DECAY,
because a paper that names a topic five ways ("Model-as-a-Service (MaaS)") is not five times as
much about it.

Counting the abstract's opening, scene-setting sentences for less than those that say what the paper
does ("we propose ...") was tried and lost agreement with both hand labellers: abstracts as often open
by defining the paper's own field ("Speculative decoding is an inference-acceleration method ...")
as by naming a neighbouring one, so every sentence of the abstract counts alike.

A paper in which no listed phrase occurs at all is filed by the topic descriptions
instead (the one sharing the rarest words with it), and left without a topic when not even those
share a word with it, so that a curator files it rather than the taxonomy's first topic silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from ..model import Paper
from ..storage.store import Topic
from .words import fold_plural, phrase_key, words

# A phrase in the title says more about what a paper is about than one in passing in the abstract;
# the title's own IDF already rewards that, this adds a little more.
TITLE_WEIGHT = 1.5
PHRASE_DECAY = 0.8
# A second topic must come close to the first and carry real evidence of its own, so that a paper
# does not collect every topic whose words it brushes against.
SECONDARY_SHARE = 0.5
MIN_SECONDARY_SCORE = 12.0
MAX_TOPICS = 3

_DESCRIPTION_STOP_WORDS = frozenset(fold_plural(w) for w in ENGLISH_STOP_WORDS)


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
    """A topic's total for one paper and the phrases that made it, largest first.

    `fallback` is set instead of evidence when no phrase of any topic was found: the cosine between
    the paper and the topic's description, the only thing the paper could be filed by.
    """

    slug: str
    score: float
    evidence: tuple[Evidence, ...]
    fallback: float = 0.0


def paper_title(paper: Paper) -> str:
    return paper.title


def paper_body(paper: Paper) -> str:
    """The text besides the title that says what a paper is about: its abstract and venue."""
    return " ".join(part for part in (paper.abstract, paper.venue) if part)


class _LongestPhrases:
    """An analyzer for TfidfVectorizer: the listed phrases in a text, longest match first, left to right."""

    def __init__(self, phrases: Sequence[str]):
        self._phrases = {tuple(p.split()) for p in phrases}
        self._longest = max((len(p) for p in self._phrases), default=1)

    def __call__(self, text: str) -> list[str]:
        tokens = words(text)
        found, i = [], 0
        while i < len(tokens):
            for n in range(min(self._longest, len(tokens) - i), 0, -1):
                if tuple(tokens[i:i + n]) in self._phrases:
                    found.append(" ".join(tokens[i:i + n]))
                    i += n
                    break
            else:
                i += 1
        return found


def _description_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in _DESCRIPTION_STOP_WORDS and not w.isdigit()]


class TopicClassifier:
    """The topic rules, with phrase IDF measured on a corpus of papers (normally the whole catalog)."""

    def __init__(self, topics: Sequence[Topic], corpus: Sequence[Paper]):
        if not corpus:
            raise ValueError("the classifier needs at least one paper to measure phrase frequencies on")
        self.topics = list(topics)
        vocabulary = sorted({phrase_key(p) for t in self.topics for p in t.keywords} - {""})
        self._index = {phrase: i for i, phrase in enumerate(vocabulary)}
        # Curators may write one phrase two ways ("fine-tuning", "fine tuning"); the larger weight counts.
        self._weights = np.zeros((len(self.topics), len(vocabulary)))
        # Evidence is shown in the curator's own spelling ("KV cache"), not as the folded key ("kv cach").
        self._spellings: list[dict[int, str]] = [{} for _ in self.topics]
        for row, topic in enumerate(self.topics):
            for phrase, weight in topic.keywords.items():
                key = phrase_key(phrase)
                if key:
                    col = self._index[key]
                    if weight > self._weights[row, col]:
                        self._weights[row, col] = weight
                        self._spellings[row][col] = phrase
        analyzer = _LongestPhrases(vocabulary)
        # Rarity is measured apart for titles and for abstracts: "benchmark" is common in abstracts
        # (every paper evaluates on some) but rare, and telling, in a title.
        self._title_vectorizer, self._body_vectorizer = (
            TfidfVectorizer(analyzer=analyzer, vocabulary=self._index, sublinear_tf=True, norm=None, smooth_idf=True)
            .fit([field(p) for p in corpus])
            for field in (paper_title, paper_body)
        )
        # For papers without a single listed phrase: each topic's title and description, in ordinary words.
        self._description_vectorizer = TfidfVectorizer(analyzer=_description_words, sublinear_tf=True).fit(
            [f"{p.title} {paper_body(p)}" for p in corpus] + [f"{t.title} {t.description}" for t in self.topics]
        )
        self._descriptions = self._description_vectorizer.transform([f"{t.title} {t.description}" for t in self.topics])

    def _tf(self, vectorizer: TfidfVectorizer, text: str) -> np.ndarray:
        return vectorizer.transform([text]).toarray()[0] / vectorizer.idf_

    def scores(self, paper: Paper) -> list[TopicScore]:
        """Every topic's score for the paper, best first; ties keep the taxonomy order."""
        title_idf, text_idf = self._title_vectorizer.idf_, self._body_vectorizer.idf_
        title_tf = self._tf(self._title_vectorizer, paper_title(paper))
        text_tf = self._tf(self._body_vectorizer, paper_body(paper))
        found = np.flatnonzero(title_tf + text_tf)
        results = []
        for row, topic in enumerate(self.topics):
            evidence = [
                Evidence(self._spellings[row][col], float(self._weights[row, col]), float(title_idf[col]),
                         float(text_idf[col]), float(title_tf[col]), float(text_tf[col]))
                for col in found
                if self._weights[row, col] > 0
            ]
            evidence.sort(key=lambda e: (-e.contribution, e.phrase))
            score = sum(e.contribution * PHRASE_DECAY**rank for rank, e in enumerate(evidence))
            results.append(TopicScore(topic.slug, score, tuple(evidence)))
        if not any(r.evidence for r in results):
            results = self._by_description(paper)
        order = {t.slug: i for i, t in enumerate(self.topics)}
        return sorted(results, key=lambda s: (-round(max(s.score, s.fallback), 9), order[s.slug]))

    def _by_description(self, paper: Paper) -> list[TopicScore]:
        text = self._description_vectorizer.transform([f"{paper.title} {paper_body(paper)}"])
        similarity = (self._descriptions @ text.T).toarray()[:, 0]
        return [TopicScore(t.slug, 0.0, (), float(s)) for t, s in zip(self.topics, similarity)]

    def classify(self, paper: Paper) -> list[str]:
        """The paper's topics, primary first, chosen from its scores."""
        return choose_topics(self.scores(paper))


def choose_topics(ranked: Sequence[TopicScore]) -> list[str]:
    """The best topic, then up to two more that score close to it and well on their own.

    A paper filed by the topic descriptions gets only the closest one; one that shares no word with
    any description gets none, and waits for a curator.
    """
    if not ranked:
        return []
    best = ranked[0]
    if not best.evidence:
        return [best.slug] if best.fallback > 0 else []
    chosen = [best.slug]
    for other in ranked[1:MAX_TOPICS]:
        if other.score >= max(SECONDARY_SHARE * best.score, MIN_SECONDARY_SCORE):
            chosen.append(other.slug)
    return chosen
