"""The browse page's word index: every paper's authors and abstract as the distinct words they hold, for browse.js.

A word is a run of characters between white space, folded as browse.js folds a query, so that finding a query
word inside some word of a paper is finding it inside the paper's text, as a search of the whole text would.
The index lists each word once and each paper's words by number: 40% of the abstracts' gzipped weight.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from operator import sub

_COMBINING = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """'H₂O' as 'h2o', 'Lévy' as 'levy': browse.js's fold()."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def paper_words(authors: Sequence[str], abstract: str) -> list[str]:
    """A paper's distinct folded words, sorted."""
    return sorted(set(fold("\n".join([*authors, abstract])).split()))


def word_index(papers_words: Sequence[Sequence[str]]) -> dict:
    """Every word once, sorted, one a line; and for each paper (paper_words(), in the browse index's order) the
    numbers of its words, as the first and the differences between one and the next: small numbers, which gzip
    well. The script's worker turns it into each word's papers; made here, that would cost a Python step per word of
    every paper, several times the rest of the build of the browse page."""
    vocabulary = sorted(set().union(*papers_words))
    number = {word: n for n, word in enumerate(vocabulary)}.__getitem__
    lists = []
    for words in papers_words:
        numbers = list(map(number, words))
        lists.append(",".join(map(str, numbers[:1] + list(map(sub, numbers[1:], numbers[:-1])))))
    return {"count": len(papers_words), "words": "\n".join(vocabulary), "papers": ";".join(lists)}
