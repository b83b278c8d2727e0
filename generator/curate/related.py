"""Related papers: for each paper, the few others closest to it in wording (TF-IDF cosine over title and abstract)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
import importlib.util
from functools import lru_cache
from pathlib import Path

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
# Cosines held in memory at once (8 bytes each): the rows of a block times every paper, about 8 MB; a block
# takes a few copies of that on its way to the top-k, and the sparse product before it.
BLOCK_CELLS = 1 << 20


@dataclass(frozen=True)
class Related:
    """Another paper and how similar it is, a cosine between 0 and 1."""

    id: str
    similarity: float


def _document(paper: Paper) -> str:
    return " ".join([paper.title] * TITLE_REPEATS + [paper.abstract or ""])


@lru_cache(maxsize=1)
def _stop_words() -> list[str]:
    return sorted({fold_plural(w) for w in _english_stop_words()})


def _english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from their own module: importing scikit-learn costs a second of CPU."""
    package = importlib.util.find_spec("sklearn")
    path = Path(package.origin).parent / "feature_extraction" / "_stop_words.py" if package and package.origin else None
    spec = importlib.util.spec_from_file_location("_sklearn_stop_words", path) if path and path.is_file() else None
    if spec is None or spec.loader is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        return ENGLISH_STOP_WORDS
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ENGLISH_STOP_WORDS


def _tfidf(documents: list[str]):
    """The L2-normalised sparse TF-IDF rows of the documents, or None when no word can tell two of them apart.

    The weights are scikit-learn's TfidfVectorizer's (sublinear tf, smoothed idf, terms in alphabetical order,
    min_df=2, max_df=MAX_DOCUMENT_SHARE), made from the word lists directly: its tokenizer hook and import cost
    more than the arithmetic. tests/test_related_scale.py holds the two to the same lists.
    """
    from scipy import sparse

    stop = set(_stop_words())
    vocabulary: dict[str, int] = {}
    columns: list[int] = []
    counts: list[int] = []
    row_ends = [0]
    for document in documents:
        row: dict[int, int] = {}
        for word in words(document):
            if word not in stop:
                column = vocabulary.setdefault(word, len(vocabulary))
                row[column] = row.get(column, 0) + 1
        columns += row.keys()
        counts += row.values()
        row_ends.append(len(columns))
    # scikit-learn refuses a word limit under two papers (fewer than four papers), or no word at all.
    if not vocabulary or MAX_DOCUMENT_SHARE * len(documents) < 2:
        return None
    shape = (len(documents), len(vocabulary))
    matrix = sparse.csr_matrix((np.array(counts, dtype=np.float64), np.array(columns, dtype=np.int64), row_ends), shape)
    frequency = np.bincount(matrix.indices, minlength=len(vocabulary))
    kept = (frequency >= 2) & (frequency <= MAX_DOCUMENT_SHARE * len(documents))
    if not kept.any():
        return None
    # Columns in the words' alphabetical order, as scikit-learn has them, so that sums run in the same order.
    order = [column for _, column in sorted((w, c) for w, c in vocabulary.items() if kept[c])]
    matrix = matrix[:, order].tocsr()
    matrix.sort_indices()
    np.log(matrix.data, out=matrix.data)
    matrix.data += 1.0
    idf = np.log((len(documents) + 1) / (frequency[order].astype(np.float64) + 1)) + 1.0
    matrix.data *= idf[matrix.indices]
    lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1.0
    matrix.data /= np.repeat(lengths, np.diff(matrix.indptr))
    return matrix


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
