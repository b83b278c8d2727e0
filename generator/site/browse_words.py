"""The browse page's word index: every paper's authors and abstract as the distinct words they hold, for its worker.

A word is a run of characters between white space, folded as browse.js folds a query, so that finding a query
word inside some word of a paper is finding it inside the paper's text, as a search of the whole text would.
The index lists each word once with the papers that hold it, a third of the abstracts' gzipped weight.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

_COMBINING = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """'H₂O' as 'h2o', 'Lévy' as 'levy': browse.js's fold()."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def paper_words(authors: Sequence[str], abstract: str) -> list[str]:
    """A paper's distinct folded words, sorted."""
    return sorted(set(fold("\n".join([*authors, abstract])).split()))


def chunk_words(papers_words: Iterable[list[str]]) -> dict[str, list[int]]:
    """Each word of a chunk's papers with the positions, in the chunk, of the papers that hold it."""
    out: dict[str, list[int]] = {}
    for position, words in enumerate(papers_words):
        for word in words:
            out.setdefault(word, []).append(position)
    return out


def word_index(chunks: Sequence[dict[str, list[int]]], chunk_size: int, count: int) -> dict:
    """The index of chunk_words() over every chunk: words sorted, one line each, and for each the papers' positions
    in the browse index, ascending, as the differences between one and the next (small numbers, which gzip well)."""
    merged: dict[str, list[int]] = {}
    for number, words in enumerate(chunks):
        start = number * chunk_size
        for word, positions in words.items():
            merged.setdefault(word, []).extend(start + p for p in positions)
    ordered = sorted(merged)
    lists = []
    for word in ordered:
        positions = merged[word]
        lists.append(",".join(map(str, [positions[0], *(b - a for a, b in zip(positions, positions[1:]))])))
    return {"count": count, "words": "\n".join(ordered), "papers": ";".join(lists)}
