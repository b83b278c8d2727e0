"""Words as topic rules, tag aliases and the similarity measure see them, so a curator's phrase matches the text."""

from __future__ import annotations

import re
import unicodedata

_WORD_RE = re.compile(r"[a-z]+|[0-9]+")
# "the model's output": the possessive is not a word of its own.
_POSSESSIVE_RE = re.compile(r"['’]s\b")


def fold_plural(word: str) -> str:
    """'caches' -> 'cache', 'strategies' -> 'strategy', 'GPUs' -> 'gpu'; 'bias', 'corpus', 'analysis', 'has' stay.

    Only the rule matters, not the linguistics: phrases and text are folded alike, so they still match.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "is", "ias")):
        return word
    # 'corpus', 'status' are singular; four-letter 'gpus', 'tpus' are plural acronyms.
    if word.endswith("us") and len(word) > 4:
        return word
    return word[:-1]


def words(text: str) -> list[str]:
    """Lower-case ASCII words, split at hyphens, punctuation and letter-digit seams, plurals folded.

    'KV-Caches' -> ['kv', 'cache']; 'GPT4' and 'GPT-4' -> ['gpt', '4']; 'NeurIPS2023' -> ['neurip', '2023'].
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [fold_plural(w) for w in _WORD_RE.findall(_POSSESSIVE_RE.sub("", ascii_text))]


def phrase_key(phrase: str) -> str:
    """The form a curator's phrase is looked up in: its words joined by single spaces."""
    return " ".join(words(phrase))
