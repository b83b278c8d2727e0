"""Words as topic rules, tag aliases and the similarity measure see them, so a curator's phrase matches the text."""

from __future__ import annotations

from itertools import chain
import re
import unicodedata
from functools import lru_cache

_WORD_RE = re.compile(r"[a-z]+|[0-9]+")
# "the model's output": the possessive is not a word of its own.
_POSSESSIVE_RE = re.compile(r"['’]s\b")
# Stems whose plural is spelled with "es": the "e" is dropped from both forms.
_E_PLURAL_STEMS = ("sse", "che", "she", "xe", "iase")
# Every ASCII character but those of words and of a possessive ("_" too: "'s_" is no possessive) made a space:
# what is left between spaces holds its words and possessives alone, so each distinct token is split once.
_SEPARATE = str.maketrans({chr(c): " " for c in range(128) if not re.fullmatch(r"[a-z0-9_']", chr(c))})


# Cached: a vocabulary of tens of thousands of words makes up the millions a large list's abstracts hold.
@lru_cache(maxsize=1 << 17)
def fold_plural(word: str) -> str:
    """'caches' -> 'cach', 'strategies' -> 'strategy', 'GPUs' -> 'gpu'; 'bias', 'corpus', 'analysis', 'has' stay.

    Only the rule matters, not the linguistics: phrases and text are folded alike, so they still match.
    Words whose plural adds "es" ("approach"/"approaches", "bias"/"biases", "class"/"classes") and
    words that end in that "e" anyway ("cache"/"caches") are folded to the same stem by dropping it.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "ias")) and not (
        # 'corpus', 'status' are singular; four-letter 'gpus', 'tpus' are plural acronyms.
        word.endswith("us") and len(word) > 4
    ):
        word = word[:-1]
    if len(word) > 3 and word.endswith(_E_PLURAL_STEMS):
        word = word[:-1]
    return word


class _Pieces(dict):
    """Each token's words, plurals folded, remembered: a lookup in C where splitting and folding cost Python calls."""

    def __missing__(self, token: str) -> tuple[str, ...]:
        # Bounded as fold_plural's cache is: a list's vocabulary fits, a stream of junk does not grow it for ever.
        if len(self) >= 1 << 18:
            self.clear()
        if token.isalpha() or token.isdigit():
            pieces = self[token] = (fold_plural(token),)
        else:
            pieces = self[token] = tuple(map(fold_plural, _WORD_RE.findall(_POSSESSIVE_RE.sub("", token))))
        return pieces


PIECES = _Pieces()


def tokens(text: str) -> list[str]:
    """The text's lower-case ASCII tokens, each one or more words (PIECES) joined by letter-digit seams or "_"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower().translate(_SEPARATE).split()


def words(text: str) -> list[str]:
    """Lower-case ASCII words, split at hyphens, punctuation and letter-digit seams, plurals folded.

    'KV-Caches' -> ['kv', 'cach']; 'GPT4' and 'GPT-4' -> ['gpt', '4']; 'NeurIPS2023' -> ['neurip', '2023'].
    """
    return list(chain.from_iterable(map(PIECES.__getitem__, tokens(text))))


def phrase_key(phrase: str) -> str:
    """The form a curator's phrase is looked up in: its words joined by single spaces."""
    return " ".join(words(phrase))
