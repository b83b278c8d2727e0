"""Related papers: for each paper, the few others closest to it in wording (TF-IDF cosine over title and abstract)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from ..model import Paper
from .words import fold_plural, words

MAX_RELATED = 5
# Below this cosine two papers share little beyond the field's common vocabulary.
MIN_SIMILARITY = 0.15
# Words in more than this share of papers ("model", "language", "large") tell papers apart no better than stop words.
MAX_DOCUMENT_SHARE = 0.5
# The title is repeated so that its words weigh as much as a few sentences of the abstract.
TITLE_REPEATS = 2
# Similarities are compared at this precision, so that ties do not depend on floating-point noise.
PRECISION = 9

_STOP_WORDS = sorted({fold_plural(w) for w in ENGLISH_STOP_WORDS})


@dataclass(frozen=True)
class Related:
    """Another paper and how similar it is, a cosine between 0 and 1."""

    id: str
    similarity: float


def _document(paper: Paper) -> str:
    return " ".join([paper.title] * TITLE_REPEATS + [paper.abstract or ""])


def related_papers(papers: Sequence[Paper]) -> dict[str, tuple[Related, ...]]:
    """Each paper's most similar others, most similar first, ties by id; papers without any are left out."""
    # A word found in one paper only cannot make two papers similar; it would only dilute every cosine.
    vectorizer = TfidfVectorizer(
        tokenizer=words, lowercase=False, token_pattern=None, stop_words=_STOP_WORDS,
        sublinear_tf=True, min_df=2, max_df=MAX_DOCUMENT_SHARE,
    )
    try:
        matrix = vectorizer.fit_transform([_document(p) for p in papers])
    except ValueError:
        # Too few papers, or no word shared by two papers yet rare enough to tell them apart.
        return {}
    # Rows are L2-normalised, so the dot product is the cosine.
    similarity = linear_kernel(matrix)
    out = {}
    for i, paper in enumerate(papers):
        candidates = sorted(
            (-round(float(similarity[i, j]), PRECISION), other.id)
            for j, other in enumerate(papers)
            if other.id != paper.id and similarity[i, j] >= MIN_SIMILARITY
        )
        if candidates:
            out[paper.id] = tuple(Related(pid, -score) for score, pid in candidates[:MAX_RELATED])
    return out
