"""Related papers: for each paper, the few others closest to it in wording (TF-IDF cosine over title and abstract)."""

from __future__ import annotations

from collections import Counter
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
# Cosines kept per paper from the product: its own (1.0), its list, and room for ties at the list's end.
CANDIDATES = MAX_RELATED + 11
# Cosines of the rows computed whole held at once (16 bytes each with their column), a row of every paper each.
REDO_CELLS = 1 << 20


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


class _Columns(dict):
    """Each word's column, a new one for a word not seen before."""

    def __missing__(self, word: str) -> int:
        column = self[word] = len(self)
        return column


def _tfidf(documents: list[str]):
    """The L2-normalised sparse TF-IDF rows of the documents, or None when no word can tell two of them apart.

    The weights are scikit-learn's TfidfVectorizer's (sublinear tf, smoothed idf, terms in alphabetical order,
    min_df=2, max_df=MAX_DOCUMENT_SHARE), made from the word lists directly: its tokenizer hook and import cost
    more than the arithmetic. tests/test_related_scale.py holds the two to the same lists.
    """
    from scipy import sparse

    vocabulary = _Columns()
    columns: list[int] = []
    counts: list[int] = []
    row_ends = [0]
    for document in documents:
        # Stop words are counted too (a Counter counts in C) and left out with the rare and common words below.
        row = Counter(words(document))
        columns += map(vocabulary.__getitem__, row)
        counts += row.values()
        row_ends.append(len(columns))
    # scikit-learn refuses a word limit under two papers (fewer than four papers), or no word at all.
    if not vocabulary or MAX_DOCUMENT_SHARE * len(documents) < 2:
        return None
    shape = (len(documents), len(vocabulary))
    matrix = sparse.csr_matrix((np.array(counts, dtype=np.float64), np.array(columns, dtype=np.int64), row_ends), shape)
    frequency = np.bincount(matrix.indices, minlength=len(vocabulary))
    stop = np.zeros(len(vocabulary), dtype=bool)
    stop[[vocabulary[w] for w in _stop_words() if w in vocabulary]] = True
    kept = (frequency >= 2) & (frequency <= MAX_DOCUMENT_SHARE * len(documents)) & ~stop
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


def _best(rows: np.ndarray, cols: np.ndarray, cosines: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's MAX_RELATED best (row, column, rounded cosine) of the pairs given, best first, ties by column.

    Columns are in id order, so a tie by column is a tie by id; a paper is never its own related paper.
    """
    keep = (rows != cols) & (cosines >= MIN_SIMILARITY)
    rows, cols, score = rows[keep], cols[keep], np.round(cosines[keep], PRECISION)
    order = np.lexsort((cols, -score, rows))
    rows, cols, score = rows[order], cols[order], score[order]
    first = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left") < MAX_RELATED
    return rows[first], cols[first], score[first]


def _cut_hides_a_tie(found, rows: np.ndarray, score: np.ndarray) -> np.ndarray:
    """The rows whose kept cosines ran out at a value their lists reach: a paper left out may tie with one kept.

    `found` keeps a row's CANDIDATES largest cosines in no set order among equals, so only a row that kept fewer,
    or whose smallest kept cosine rounds below its list's last, is known to be complete.
    """
    counts = np.diff(found.indptr)
    smallest = np.full(found.shape[0], np.inf)
    kept = counts > 0
    smallest[kept] = np.minimum.reduceat(found.data, found.indptr[:-1][kept])
    # A list ends at its MAX_RELATED-th entry; a shorter one (cosines just under MIN_SIMILARITY kept) has no end.
    last = np.full(found.shape[0], -np.inf)
    ends = np.flatnonzero(np.diff(rows, append=-1))  # rows come best first: each row's last entry
    full = np.diff(ends, prepend=-1) == MAX_RELATED
    last[rows[ends[full]]] = score[ends[full]]
    return np.flatnonzero((counts >= CANDIDATES) & (np.round(smallest, PRECISION) >= last))


def related_papers(papers: Sequence[Paper]) -> dict[str, tuple[Related, ...]]:
    """Each paper's most similar others, most similar first, ties by id; papers without any are left out.

    sparse_dot_topn multiplies the sparse TF-IDF rows by their transpose keeping only each row's CANDIDATES largest
    cosines (in C++, no N x N block); a row whose list could tie with a cosine it did not keep is computed whole.
    """
    from sparse_dot_topn import sp_matmul_topn

    # Papers in id order: a column index then breaks ties as the id would.
    by_id = sorted(papers, key=lambda p: p.id)
    if len(by_id) < 2:
        return {}
    matrix = _tfidf([_document(p) for p in by_id])
    if matrix is None:
        return {}
    transposed = matrix.T.tocsr()
    # "Greater than" the threshold: just below MIN_SIMILARITY, so that _best's ">=" sees every cosine equal to it.
    found = sp_matmul_topn(matrix, transposed, top_n=CANDIDATES, threshold=MIN_SIMILARITY * (1 - 1e-9))
    coo = found.tocoo()
    rows, cols, score = _best(coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data)
    redo = _cut_hides_a_tie(found, rows, score)
    stay = ~np.isin(rows, redo)
    parts = [(rows[stay], cols[stay], score[stay])]
    step = max(1, REDO_CELLS // len(by_id))
    for start in range(0, len(redo), step):
        block = redo[start:start + step]
        whole = (matrix[block] @ transposed).tocoo()
        parts.append(_best(block[whole.row], whole.col.astype(np.int64), whole.data))
    rows, cols, score = (np.concatenate(column) for column in zip(*parts))
    found_by_row: dict[int, list[Related]] = {}
    for row, minus_score, col in sorted(zip(rows.tolist(), (-score).tolist(), cols.tolist())):
        found_by_row.setdefault(row, []).append(Related(by_id[col].id, -minus_score))
    row_of = {p.id: row for row, p in enumerate(by_id)}
    return {p.id: tuple(found_by_row[row_of[p.id]]) for p in papers if row_of[p.id] in found_by_row}
