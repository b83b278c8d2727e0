"""Related papers: for each paper, the few others closest to it in wording (TF-IDF cosine over title and abstract)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

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
# Cosines held in memory at once (8 bytes each): the rows of a block times every paper, about 32 MB.
BLOCK_CELLS = 1 << 22


@dataclass(frozen=True)
class Related:
    """Another paper and how similar it is, a cosine between 0 and 1."""

    id: str
    similarity: float


def _document(paper: Paper) -> str:
    return " ".join([paper.title] * TITLE_REPEATS + [paper.abstract or ""])


@lru_cache(maxsize=1)
def _stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted({fold_plural(w) for w in ENGLISH_STOP_WORDS})


def _tfidf(documents: list[str]):
    """The L2-normalised sparse TF-IDF rows of the documents, or None when no word can tell two of them apart."""
    # Imported here, not at the top: the MkDocs process imports the catalog but need not pay for scikit-learn.
    from sklearn.feature_extraction.text import TfidfVectorizer

    # A word found in one paper only cannot make two papers similar; it would only dilute every cosine.
    vectorizer = TfidfVectorizer(
        tokenizer=words, lowercase=False, token_pattern=None, stop_words=_stop_words(),
        sublinear_tf=True, min_df=2, max_df=MAX_DOCUMENT_SHARE,
    )
    try:
        return vectorizer.fit_transform(documents).tocsr()
    except ValueError:
        # Too few papers, or no word shared by two papers yet rare enough to tell them apart.
        return None


def _top_in_block(cosines: np.ndarray, first_row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (row, column, rounded cosine) of each row's best columns, best first, ties by column, self left out.

    Columns are in id order, so a tie by column is a tie by id.
    """
    rows = np.arange(cosines.shape[0])
    cosines[rows, rows + first_row] = -1.0
    keep = min(MAX_RELATED, cosines.shape[1] - 1)
    # Every cosine equal to a row's k-th best is a candidate, so that a tie at the cut is settled by id, not by chance.
    kth = -np.partition(-cosines, keep - 1, axis=1)[:, keep - 1]
    floor = np.maximum(np.round(kth, PRECISION), MIN_SIMILARITY)
    # Rounding can only lift a cosine onto the floor, so compare rounded values; the threshold sees the exact one.
    rounded = np.round(cosines, PRECISION)
    row, col = np.nonzero((rounded >= floor[:, None]) & (cosines >= MIN_SIMILARITY))
    score = rounded[row, col]
    order = np.lexsort((col, -score, row))
    row, col, score = row[order], col[order], score[order]
    starts = np.searchsorted(row, row, side="left")
    first = np.arange(len(row)) - starts < MAX_RELATED
    return row[first] + first_row, col[first], score[first]


def related_papers(papers: Sequence[Paper]) -> dict[str, tuple[Related, ...]]:
    """Each paper's most similar others, most similar first, ties by id; papers without any are left out.

    Cosines are computed a block of rows at a time from the sparse TF-IDF matrix, so memory stays bounded.
    """
    # Papers in id order: a column index then breaks ties as the id would.
    by_id = sorted(papers, key=lambda p: p.id)
    if len(by_id) < 2:
        return {}
    matrix = _tfidf([_document(p) for p in by_id])
    if matrix is None:
        return {}
    transposed = matrix.T.tocsc()
    block = max(1, BLOCK_CELLS // len(by_id))
    found: dict[int, list[Related]] = {}
    for start in range(0, len(by_id), block):
        cosines = (matrix[start:start + block] @ transposed).toarray()
        for row, col, score in zip(*_top_in_block(cosines, start)):
            found.setdefault(int(row), []).append(Related(by_id[col].id, float(score)))
    row_of = {p.id: row for row, p in enumerate(by_id)}
    return {p.id: tuple(found[row_of[p.id]]) for p in papers if row_of[p.id] in found}
