"""The browse page's word index: every paper's authors and abstract as the distinct words they hold, for browse.js.

A word is a run of characters between white space, folded as browse.js folds a query, so that finding a query
word inside some word of a paper is finding it inside the paper's text, as a search of the whole text would.
The index lists each word once and each paper's words by number: 40% of the abstracts' gzipped weight.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from operator import sub

_COMBINING = re.compile("[\u0300-\u036f]")

# A chunk's words: its own vocabulary (sorted, one a line), each paper's word numbers in it, ascending, one paper
# after the other, and where each paper's numbers end. Arrays, which the build cache pickles whole, not per number.
ChunkWords = tuple[str, array, array]


def fold(text: str) -> str:
    """'H₂O' as 'h2o', 'Lévy' as 'levy': browse.js's fold()."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def chunk_words(texts: Sequence[str]) -> ChunkWords:
    """The distinct folded words of each of a chunk's papers (`texts`: its authors and abstract, one a line)."""
    papers = [set(fold(text).split()) for text in texts]
    vocabulary = sorted(set().union(*papers))
    number = dict(zip(vocabulary, range(len(vocabulary)))).__getitem__
    numbers, ends = array("I"), array("I")
    for words in papers:
        numbers.extend(sorted(map(number, words)))
        ends.append(len(numbers))
    return "\n".join(vocabulary), numbers, ends


def word_index(chunks: Sequence[ChunkWords]) -> dict:
    """Every word once, sorted, one a line; and for each paper (chunk_words(), in the browse index's order) the
    numbers of its words, as the first and the differences between one and the next: small numbers, which gzip
    well. The script's worker turns it into each word's papers; made here, that would cost a Python step per word of
    every paper, several times the rest of the build of the browse page."""
    vocabularies = [text.split("\n") if text else [] for text, _, _ in chunks]
    vocabulary = sorted(set().union(*vocabularies))
    number = dict(zip(vocabulary, range(len(vocabulary)))).__getitem__
    # Every number written is a word's or a difference of two, so below the vocabulary's size.
    digits = list(map(str, range(len(vocabulary)))).__getitem__
    lists = []
    for words, (_, numbers, ends) in zip(vocabularies, chunks):
        # Both vocabularies are sorted, so a paper's numbers stay ascending in the whole one.
        ids = list(map(list(map(number, words)).__getitem__, numbers))
        # Differences taken over the whole chunk at once; each paper's first number is put back whole below. One
        # across two papers may be negative, which indexes `digits` from its end, and is replaced.
        texts = list(map(digits, map(sub, ids, [0, *ids])))
        start = 0
        for end in ends:
            if start < end:
                texts[start] = digits(ids[start])
            lists.append(",".join(texts[start:end]))
            start = end
    return {"count": len(lists), "words": "\n".join(vocabulary), "papers": ";".join(lists)}
