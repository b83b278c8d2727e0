"""Related papers: for each paper, the few others closest to it in wording (TF-IDF cosine over title and abstract)."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
import importlib.util
from functools import lru_cache
import hashlib
from itertools import chain
from pathlib import Path

import numpy as np

from ..model import Paper
from .words import PIECES, fold_plural, tokens

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
# Words in more papers than this find no candidates (their cosines still count them): the candidates' product then
# costs at most this many times the matrix's entries, linear in the papers, where a word in half the papers made it
# quadratic. Below twice this many papers no word is over it and the lists are exact. bench_related's corpus: at
# 10,000 papers 2000 keeps 99.9% of the exact lists' papers (1000: 97.9%), at 30,000 95% (1000: 87%); it takes
# two thirds of the exact algorithm's time at 30,000 (23 s, 34 s) and 66 s at 100,000 (409 s), and 1000 saves
# little more: what remains is gathering each paper's candidates.
MAX_PAPERS_PER_WORD = 2000
# Candidates a paper's list is chosen from past that size: 16 found 93% at 10,000 papers and bound 1000, 32 98%.
POOL = 32
# Values (8 bytes each) of a dense block of rows that the candidates' common words are read from, and of the
# candidates' rows gathered for it.
DENSE_CELLS = 1 << 18


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


def basis() -> tuple:
    """What the lists rest on besides the texts and this module: the stop words and the numerical libraries."""
    import scipy
    import sparse_dot_topn

    return tuple(_stop_words()), np.__version__, scipy.__version__, sparse_dot_topn.__version__


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
    """Each word's column, a new one for a word not seen before (dicts keep order: the vocabulary is its keys)."""

    def __missing__(self, word: str) -> int:
        column = self[word] = len(self)
        return column


@dataclass(frozen=True)
class WordCounts:
    """Each document's counts of the words that are not stop words, a row each (a CSR matrix over `vocabulary`),
    and each document's text digest."""

    vocabulary: list[str]
    digests: list[bytes]
    counts: object  # scipy.sparse.csr_matrix of int32, documents x vocabulary

    def document_frequency(self) -> np.ndarray:
        return np.bincount(self.counts.indices, minlength=len(self.vocabulary))


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def count_words(documents: Sequence[str], known: WordCounts | None = None) -> WordCounts:
    """The documents' counts of the words that are not stop words, a document whose text `known` holds taken from
    it, not tokenised again; `known` must leave out the same stop words.

    Each distinct token is split into its words once and the tokens are counted by scipy (in C): splitting every
    token as it came, then a Counter a document, cost twice as much.
    """
    from scipy import sparse

    digests = list(map(text_digest, documents))
    known_row = {digest: row for row, digest in enumerate(known.digests)} if known else {}
    column_of = _Columns((word, column) for column, word in enumerate(known.vocabulary)) if known else _Columns()
    taken = np.full(len(documents), -1, dtype=np.int64)
    new_rows: list[int] = []
    token_of = _Columns()
    # Four bytes a token, where a list holds a pointer (eight) and numpy would copy it.
    found_tokens = array("i")
    new_ends = [0]
    for row, (digest, document) in enumerate(zip(digests, documents)):
        if digest in known_row:
            taken[row] = known_row[digest]
            continue
        found_tokens.extend(map(token_of.__getitem__, tokens(document)))
        new_ends.append(len(found_tokens))
        new_rows.append(row)
    stop = frozenset(_stop_words())
    token_columns = [[column_of[word] for word in PIECES[token] if word not in stop] for token in token_of]
    vocabulary = list(column_of)
    fresh = _token_counts(token_columns, np.frombuffer(found_tokens, dtype=np.intc), np.array(new_ends),
                          len(vocabulary))
    if not known or not (taken >= 0).any():
        return WordCounts(vocabulary, digests, fresh)
    old = known.counts
    old = sparse.csr_matrix((old.data, old.indices, old.indptr), shape=(old.shape[0], len(vocabulary)))
    # Rows of old, then of fresh, picked in the documents' order by one fancy index (in C).
    source = taken.copy()
    source[new_rows] = old.shape[0] + np.arange(len(new_rows))
    return WordCounts(vocabulary, digests, sparse.vstack([old, fresh], format="csr")[source])


def _token_counts(token_columns: list[list[int]], found: np.ndarray, ends: np.ndarray, width: int):
    """The rows' word counts (CSR, int32) from the rows' tokens one after another (`found`, a row's ending at its
    `ends`), each token counting once for each of its words (`token_columns`)."""
    from scipy import sparse

    lengths = np.fromiter(map(len, token_columns), dtype=np.int64, count=len(token_columns))
    flat = np.fromiter(chain.from_iterable(token_columns), dtype=np.int32, count=int(lengths.sum()))
    starts = np.cumsum(lengths) - lengths
    # A token is a stop word or one word but for a few ("gpt4"): each token's first word, in its row's place.
    first = np.full(len(lengths), -1, dtype=np.int32)
    first[lengths > 0] = flat[starts[lengths > 0]]
    columns = first[found]
    kept = columns >= 0
    # Each row's kept tokens, summed from its first (rows with none left out: reduceat would give them one).
    nonempty = np.flatnonzero(np.diff(ends))
    per_row = np.zeros(len(ends) - 1, dtype=np.intc)
    if len(nonempty):
        per_row[nonempty] = np.add.reduceat(kept, ends[nonempty], dtype=np.intc)
    indptr = np.concatenate(([0], np.cumsum(per_row)))
    columns = columns[kept]
    counts = sparse.csr_matrix((np.ones(len(columns), dtype=np.int32), columns, indptr), shape=(len(ends) - 1, width))
    # Summed where a row has a word more than once (in place, in C).
    counts.sum_duplicates()
    more = np.flatnonzero((lengths > 1)[found])
    if not len(more):
        return counts
    # The other words of the tokens that have several.
    others = lengths[found[more]] - 1
    entry = np.repeat(more, others)
    within = 1 + np.arange(len(entry)) - np.repeat(np.cumsum(others) - others, others)
    rows = np.searchsorted(ends, entry, side="right") - 1
    extra = sparse.coo_matrix((np.ones(len(entry), dtype=np.int32), (rows, flat[starts[found[entry]] + within])),
                              shape=counts.shape).tocsr()
    return (counts + extra).tocsr()


def _tfidf(documents: Iterable[str]):
    """The L2-normalised sparse TF-IDF rows of the documents, or None when no word can tell two of them apart."""
    return _weights(count_words(list(documents)))


def _weights(found: WordCounts):
    """The L2-normalised sparse TF-IDF rows of the counted documents, or None when no word tells two apart.

    The weights are scikit-learn's TfidfVectorizer's (sublinear tf, smoothed idf, terms in alphabetical order,
    min_df=2, max_df=MAX_DOCUMENT_SHARE), made from the word counts directly: its tokenizer hook and import cost
    more than the arithmetic. tests/test_related_scale.py holds the two to the same lists.
    """
    from scipy import sparse

    papers, width = found.counts.shape
    # scikit-learn refuses a word limit under two papers (fewer than four papers), or no word at all.
    if not width or MAX_DOCUMENT_SHARE * papers < 2:
        return None
    frequency = found.document_frequency()
    kept = (frequency >= 2) & (frequency <= MAX_DOCUMENT_SHARE * papers)
    if not kept.any():
        return None
    # Columns in the words' alphabetical order, as scikit-learn has them, so that sums run in the same order.
    order = np.array(sorted(np.flatnonzero(kept).tolist(), key=found.vocabulary.__getitem__), dtype=np.int64)
    matrix = _columns(found.counts, order)
    matrix.data = np.log(matrix.data.astype(np.float64))
    matrix.data += 1.0
    idf = np.log((papers + 1) / (frequency[order].astype(np.float64) + 1)) + 1.0
    matrix.data *= idf[matrix.indices]
    squares = sparse.csr_matrix((matrix.data ** 2, matrix.indices, matrix.indptr), shape=matrix.shape)
    lengths = np.sqrt(np.asarray(squares.sum(axis=1)).ravel())
    lengths[lengths == 0] = 1.0
    matrix.data /= np.repeat(lengths, np.diff(matrix.indptr))
    return matrix


def _columns(matrix, order: np.ndarray):
    """The CSR `matrix` with only the columns `order` names, in that order, each row's columns sorted.

    The entries are renumbered and filtered in place of a fancy index, which copies the matrix twice.
    """
    from scipy import sparse

    renumber = np.full(matrix.shape[1], -1, dtype=np.int32)
    renumber[order] = np.arange(len(order), dtype=np.int32)
    columns = renumber[matrix.indices]
    keep = columns >= 0
    kept_before = np.concatenate(([0], np.cumsum(keep)))
    out = sparse.csr_matrix((matrix.data[keep], columns[keep], kept_before[matrix.indptr]),
                            shape=(matrix.shape[0], len(order)))
    out.sort_indices()
    return out


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


def related_papers(papers: Sequence[Paper],
                   max_papers_per_word: int = MAX_PAPERS_PER_WORD) -> dict[str, tuple[Related, ...]]:
    """Each paper's most similar others, most similar first, ties by id; papers without any are left out.

    The exact lists while no word is in more than `max_papers_per_word` papers; past that, each paper's list is
    chosen from the candidates its rarer words find (_from_candidates), with their exact cosines.
    """
    by_id = sorted(papers, key=lambda p: p.id)
    found = related_state(by_id, max_papers_per_word).pairs()
    return {p.id: tuple(Related(other, similarity) for other, similarity in found[p.id])
            for p in papers if p.id in found}


@dataclass(frozen=True)
class RelatedState:
    """One computation of every paper's list, with what the next needs to redo only the rows an edit touches.

    `pools` (candidate mode only) holds each row's POOL best candidates by their rare words' cosine, best first
    (rows, columns, cosines); `lists` each row's list, best first (rows, columns, rounded cosines). Rows and
    columns number the papers in id order.
    """

    ids: tuple[str, ...]
    counts: WordCounts | None
    bound: int
    # The stop words and the versions of the libraries that do the arithmetic: rows kept from a state made with
    # others might not be those a fresh computation gives to the last bit.
    basis: tuple
    pools: tuple[np.ndarray, np.ndarray, np.ndarray] | None
    lists: tuple[np.ndarray, np.ndarray, np.ndarray]

    def pairs(self) -> dict[str, tuple[tuple[str, float], ...]]:
        """Each paper's list as (id, similarity) pairs, in id order; papers without any are left out."""
        rows, cols, score = self.lists
        ids = self.ids
        out: dict[str, tuple[tuple[str, float], ...]] = {}
        ends = np.flatnonzero(np.diff(rows, append=-1)) + 1
        for row, start, end in zip(rows[ends - 1].tolist(), np.concatenate(([0], ends[:-1])).tolist(), ends.tolist()):
            out[ids[row]] = tuple(zip(map(ids.__getitem__, cols[start:end].tolist()), score[start:end].tolist()))
        return out


def related_state(by_id: Sequence[Paper], max_papers_per_word: int = MAX_PAPERS_PER_WORD,
                  known: WordCounts | None = None) -> RelatedState:
    """Every list computed afresh for papers in id order; the texts `known` holds are not tokenised again."""
    ids = tuple(p.id for p in by_id)
    nothing = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0))
    made_on = basis()
    if len(by_id) < 2:
        return RelatedState(ids, None, max_papers_per_word, made_on, None, nothing)
    counts = count_words(list(map(_document, by_id)), known)
    matrix = _weights(counts)
    if matrix is None:
        return RelatedState(ids, counts, max_papers_per_word, made_on, None, nothing)
    common = np.bincount(matrix.indices, minlength=matrix.shape[1]) > max_papers_per_word
    if not common.any():
        return RelatedState(ids, counts, max_papers_per_word, made_on, None, _by_row(*_exact(matrix)))
    rare, shared = split_columns(matrix, common)
    del matrix  # held in its two parts only
    pools = candidate_pools(rare)
    return RelatedState(ids, counts, max_papers_per_word, made_on, pools, lists_from_pools(shared, *pools))


def _by_row(rows: np.ndarray, cols: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries grouped by row, each row's best first, ties by column."""
    order = np.lexsort((cols, -score, rows))
    return rows[order], cols[order], score[order]


def split_columns(matrix, common: np.ndarray):
    """The matrix's columns that are not `common`, and those that are: two CSR matrices, columns in order."""
    return [matrix[:, np.flatnonzero(keep)].tocsr() for keep in (~common, common)]


def _exact(matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every row's list from every cosine: (row, column, rounded cosine), each row's best first.

    sparse_dot_topn multiplies the rows by their transpose keeping only each row's CANDIDATES largest cosines
    (in C++, no N x N block); a row whose list could tie with a cosine it did not keep is computed whole.
    """
    from sparse_dot_topn import sp_matmul_topn

    transposed = matrix.T.tocsr()
    # "Greater than" the threshold: just below MIN_SIMILARITY, so that _best's ">=" sees every cosine equal to it.
    found = sp_matmul_topn(matrix, transposed, top_n=CANDIDATES, threshold=MIN_SIMILARITY * (1 - 1e-9))
    coo = found.tocoo()
    rows, cols, score = _best(coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data)
    redo = _cut_hides_a_tie(found, rows, score)
    stay = ~np.isin(rows, redo)
    parts = [(rows[stay], cols[stay], score[stay])]
    for block in _blocks(redo, matrix.shape[0]):
        whole = (matrix[block] @ transposed).tocoo()
        parts.append(_best(block[whole.row], whole.col.astype(np.int64), whole.data))
    return tuple(np.concatenate(column) for column in zip(*parts))


def _blocks(rows: np.ndarray, width: int):
    """The rows in groups whose whole products (a row of `width` cosines each) hold REDO_CELLS at most."""
    step = max(1, REDO_CELLS // width)
    return (rows[start:start + step] for start in range(0, len(rows), step))


def candidate_pools(rare, transposed=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every row's POOL candidates, best first: the papers whose `rare` words (in at most max_papers_per_word
    papers) are most like its own, ties by column, with that cosine (rows, columns, cosines).

    The candidates are the rows of `rare` itself, or the columns of `transposed` (words x papers) when given.
    The product of the rare words' rows costs at most max_papers_per_word times their entries.
    """
    from sparse_dot_topn import sp_matmul_topn

    transposed = rare.T.tocsr() if transposed is None else transposed
    if not rare.shape[0] or not transposed.shape[1]:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0)
    found = sp_matmul_topn(rare, transposed, top_n=POOL + 1, threshold=0.0).tocoo()
    rows, cols, part, tied = _pool(found.row.astype(np.int64), found.col.astype(np.int64), found.data)
    stay = ~np.isin(rows, tied)
    parts = [(rows[stay], cols[stay], part[stay])]
    for block in _blocks(tied, transposed.shape[1]):
        whole = (rare[block] @ transposed).tocoo()
        parts.append(_pool(block[whole.row], whole.col.astype(np.int64), whole.data, whole=True)[:3])
    return by_rows(*(np.concatenate(column) for column in zip(*parts)))


def by_rows(rows: np.ndarray, *columns: np.ndarray) -> tuple[np.ndarray, ...]:
    """Entries whose rows each come best first from one part, grouped by row, each row's order kept."""
    order = np.argsort(rows, kind="stable")
    return (rows[order], *(column[order] for column in columns))


def lists_from_pools(shared, rows: np.ndarray, cols: np.ndarray, part: np.ndarray):
    """Each pool row's list, best first: its candidates' cosines made whole by adding what their `shared` words
    (in more than max_papers_per_word papers) share; `rows` ascending, as candidate_pools gives them."""
    return _best(rows, cols, part + _pair_cosines(shared, rows, cols))


def _pool(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, whole: bool = False):
    """Each row's POOL largest values, ties by column, and the rows where that choice is not known (`tied`).

    Unless the rows are `whole`, each kept POOL + 1 values at most, in no set order among equals: a row whose
    POOL-th and last values round alike may have left out one that ties with them.
    """
    rounded = np.round(values, PRECISION)
    order = np.lexsort((cols, -rounded, rows))
    rows, cols, values, rounded = rows[order], cols[order], values[order], rounded[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
    tied = np.empty(0, dtype=np.int64)
    if not whole:
        last = np.flatnonzero(rank == POOL)
        tied = rows[last[rounded[last] == rounded[last - 1]]]
    keep = rank < POOL
    return rows[keep], cols[keep], values[keep], tied


def _pair_cosines(matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The cosines of the pairs (rows[i], cols[i]); `rows` ascending.

    A block of rows is made dense and read at the words of its pairs' other rows, gathered: about DENSE_CELLS
    values each, whether the words are many or the pairs.
    """
    out = np.zeros(len(rows))
    if not len(rows):
        return out
    gathered_per_row = len(rows) / matrix.shape[0] * matrix.nnz / matrix.shape[0]
    step = max(1, int(DENSE_CELLS // max(matrix.shape[1], gathered_per_row)))
    starts = np.arange(0, matrix.shape[0] + step, step)
    bounds = np.searchsorted(rows, starts)
    for start, low, high in zip(starts, bounds, bounds[1:]):
        if low == high:
            continue
        dense = matrix[start:start + step].toarray()
        gathered = matrix[cols[low:high]]
        owner = np.repeat(np.arange(high - low), np.diff(gathered.indptr))
        products = gathered.data * dense[rows[low:high][owner] - start, gathered.indices]
        out[low:high] = np.bincount(owner, weights=products, minlength=high - low)
    return out
