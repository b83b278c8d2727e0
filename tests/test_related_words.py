"""words() and count_words() split text token by token, as the one regex over the whole text they replaced does."""

from __future__ import annotations

from collections import Counter
import re
import unicodedata

from hypothesis import given, settings, strategies as st
import pytest

from generator.curate import related
from generator.curate.words import fold_plural, words


def _reference_words(text: str) -> list[str]:
    """The former definition, kept as the oracle: ASCII, lower case, possessives cut, then runs of letters or digits."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [fold_plural(w) for w in re.findall(r"[a-z]+|[0-9]+", re.sub(r"['’]s\b", "", ascii_text))]


# Seams of every kind: possessives before "_", digits and ends, curly quotes, accents, ligatures, dotted capitals.
_PIECES = ["a", "Z", "s", "S", "'s", "’s", "'", "_", " ", "-", ".", "\t", "9", "x0", "ies", "es", "é", "É", "ß", "ﬁ",
           "İ", "ı", "½", "ʼ", "Caches"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=16).map("".join)


@pytest.mark.parametrize("text", ["the model's_output", "GPT4's", "KV-Caches' size", "it’s naïve", "ﬁne-tuning",
                                  "NeurIPS2023", "x_y's", "'s", "A's's", "İstanbul ½"])
def test_words_of_known_seams(text: str) -> None:
    assert words(text) == _reference_words(text)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_words_split_as_the_regex_over_the_whole_text(text: str) -> None:
    assert words(text) == _reference_words(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=8))
def test_counts_are_each_documents_words_but_stop_words(texts: list[str]) -> None:
    stop = set(related._stop_words())
    found = related.count_words(texts)
    matrix, vocabulary = found.counts, found.vocabulary
    assert len(set(vocabulary)) == len(vocabulary) and not stop & set(vocabulary)
    for row, text in enumerate(texts):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        counted = {vocabulary[c]: n for c, n in zip(matrix.indices[start:end].tolist(), matrix.data[start:end].tolist())}
        assert counted == Counter(w for w in _reference_words(text) if w not in stop)
