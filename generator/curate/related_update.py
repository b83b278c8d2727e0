"""Related papers after an edit: only the rows the changed texts can reach are computed again, with the same
arithmetic, so the lists are those related_state computes afresh on the same papers.

A paper's weights change when its text does or when the document frequency of one of its words does; with the
same papers, only the words an edit added or removed change theirs. Those papers ("moved") get their whole rows
of candidate cosines again, which by symmetry are also every other row's cosines with them. Another row's pool
can change only where it meets a moved paper: its old candidates that did not move keep their cosines, and the
pool chosen from them and the moved papers' new cosines is proven whole when it reaches as far as the old pool
did (anything the old pool left out ranked below its last); a row where it does not is computed whole.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..model import Paper
from . import related
from .related import (MAX_DOCUMENT_SHARE, PRECISION, RelatedState, WordCounts,
                      _document, _pool, _weights, basis, by_rows, candidate_pools, count_words,
                      lists_from_pools, related_state, split_columns)

# Past this share of the papers moved, recomputing every row (in C++, top-n kept) costs about what their rows do
# (at 10,000 papers both about 3.5 s CPU from 4,000 moved papers on; 391 moved: 1.0 s against 3.3 s).
MAX_MOVED_SHARE = 0.5


def updated_state(previous: RelatedState | None, by_id: Sequence[Paper],
                  max_papers_per_word: int | None = None) -> tuple[RelatedState, str]:
    """The lists of the papers (in id order) from the last state, and how they were found: "unchanged",
    "rows" (only the rows an edit reaches) or, computed afresh, the reason the shortcut was not taken.

    `max_papers_per_word` defaults to related.MAX_PAPERS_PER_WORD as it is when called.
    """
    if max_papers_per_word is None:
        max_papers_per_word = related.MAX_PAPERS_PER_WORD
    if previous is None:
        return related_state(by_id, max_papers_per_word), "no previous state"
    ids = tuple(p.id for p in by_id)
    reason = _cannot_shortcut(previous, ids, max_papers_per_word)
    if reason:
        # Counts made with other stop words are missing words, or hold some that are stop words now.
        known = previous.counts if previous.basis[0] == basis()[0] else None
        return related_state(by_id, max_papers_per_word, known), reason
    counts = count_words(list(map(_document, by_id)), previous.counts)
    changed = np.flatnonzero(np.fromiter(map(bytes.__ne__, counts.digests, previous.counts.digests), dtype=bool,
                                         count=len(ids)))
    if not len(changed):
        return previous, "unchanged"
    moved = _moved(previous.counts, counts, changed)
    if len(moved) > MAX_MOVED_SHARE * len(ids):
        return related_state(by_id, max_papers_per_word, counts), f"{len(moved)} papers' weights changed"
    matrix = _weights(counts)
    common = None if matrix is None else np.bincount(matrix.indices, minlength=matrix.shape[1]) > max_papers_per_word
    if common is None or not common.any():
        return related_state(by_id, max_papers_per_word, counts), "no word over the bound any more"
    rare, shared = split_columns(matrix, common)
    del matrix
    pools, redo = _updated_pools(rare, previous.pools, moved)
    lists = _updated_lists(shared, previous.lists, pools, redo)
    return RelatedState(ids, counts, max_papers_per_word, previous.basis, pools, lists), "rows"


def _cannot_shortcut(previous: RelatedState, ids: tuple[str, ...], bound: int) -> str | None:
    if previous.ids != ids:
        return "papers added or removed"
    if previous.bound != bound or previous.basis != basis():
        return "other settings"
    if previous.pools is None or previous.counts is None:
        return "no candidate pools (the lists were exact)"
    return None


def _moved(old: WordCounts, new: WordCounts, changed: np.ndarray) -> np.ndarray:
    """The rows whose weights differ: those `changed`, and those holding a word whose document frequency changed
    and that is weighed before or after (the old vocabulary is the start of the new one)."""
    papers = new.counts.shape[0]
    new_frequency = new.document_frequency()
    old_frequency = np.zeros_like(new_frequency)
    old_frequency[:len(old.vocabulary)] = old.document_frequency()

    def weighed(frequency: np.ndarray) -> np.ndarray:
        return (frequency >= 2) & (frequency <= MAX_DOCUMENT_SHARE * papers)

    words = (old_frequency != new_frequency) & (weighed(old_frequency) | weighed(new_frequency))
    holding = words[new.counts.indices]
    rows = np.repeat(np.arange(papers), np.diff(new.counts.indptr))[holding]
    return np.union1d(changed, rows)


def _updated_pools(rare, old_pools, moved: np.ndarray):
    """Every row's pool after the `moved` rows' weights changed, and the rows whose pools were looked at again."""
    papers = rare.shape[0]
    transposed = rare.T.tocsr()
    is_moved = np.zeros(papers, dtype=bool)
    is_moved[moved] = True
    others = np.flatnonzero(~is_moved)
    old_rows, old_cols, old_part = old_pools
    cut_value, cut_col = _cuts(old_pools, papers)
    rows, cols, values = candidate_pools(rare[moved], transposed)
    own = (moved[rows], cols, values)
    # Each other row's best among the moved papers (their cosines are the same to the last bit from either
    # side); the moved papers are in id order, so ties among them still go by id. Only those that rank before
    # a row's old last candidate can enter a pool proven whole below.
    rows, cols, values = candidate_pools(rare[others], rare[moved].T.tocsr())
    rows, cols, rounded = others[rows], moved[cols], np.round(values, PRECISION)
    enters = (rounded > cut_value[rows]) | ((rounded == cut_value[rows]) & (cols <= cut_col[rows]))
    entering = (rows[enters], cols[enters], values[enters])
    affected = np.union1d(old_rows[~is_moved[old_rows] & is_moved[old_cols]], entering[0])
    is_affected = np.zeros(papers, dtype=bool)
    is_affected[affected] = True
    stay = is_affected[old_rows] & ~is_moved[old_cols]
    merged = _pool(*(np.concatenate(pair) for pair in zip(entering, (old_rows[stay], old_cols[stay], old_part[stay]))),
                   whole=True)[:3]
    unproven = _unproven(merged, affected, cut_value, cut_col, papers)
    proven = ~np.isin(merged[0], unproven)
    rows, cols, values = candidate_pools(rare[unproven], transposed)
    kept = ~is_moved[old_rows] & ~is_affected[old_rows]
    parts = [tuple(column[kept] for column in old_pools), tuple(column[proven] for column in merged), own,
             (unproven[rows], cols, values)]
    return by_rows(*(np.concatenate(column) for column in zip(*parts))), np.union1d(moved, affected)


def _cuts(pools, papers: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's last candidate (rounded cosine, column) where its pool was full; -inf where the pool held every
    paper sharing a rare word with it, so that nothing ranks after it."""
    rows, cols, part = pools
    cut_value = np.full(papers, -np.inf)
    cut_col = np.full(papers, -1, dtype=np.int64)
    last = np.flatnonzero(np.diff(rows, append=-1))
    full = last[np.bincount(rows, minlength=papers)[rows[last]] >= related.POOL]
    cut_value[rows[full]] = np.round(part[full], PRECISION)
    cut_col[rows[full]] = cols[full]
    return cut_value, cut_col


def _unproven(merged, affected: np.ndarray, cut_value: np.ndarray, cut_col: np.ndarray, papers: int) -> np.ndarray:
    """The affected rows whose merged pool, with a full old one, ends short of the old one's last candidate or
    after it: a paper the old pool left out may belong."""
    rows, cols, values = merged
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
    end = rank == related.POOL - 1
    reaches = np.zeros(papers, dtype=bool)
    end_rows, end_value, end_col = rows[end], np.round(values[end], PRECISION), cols[end]
    reaches[end_rows] = (end_value > cut_value[end_rows]) | (
        (end_value == cut_value[end_rows]) & (end_col <= cut_col[end_rows]))
    return affected[np.isfinite(cut_value[affected]) & ~reaches[affected]]


def _updated_lists(shared, old_lists, pools, redo: np.ndarray):
    """The lists of the `redo` rows from their pools, the others' kept."""
    is_redo = np.zeros(shared.shape[0], dtype=bool)
    is_redo[redo] = True
    fresh = lists_from_pools(shared, *(column[is_redo[pools[0]]] for column in pools))
    kept = tuple(column[~is_redo[old_lists[0]]] for column in old_lists)
    return by_rows(*(np.concatenate(pair) for pair in zip(kept, fresh)))
