"""Titles: the normal form used to spot duplicates, and a provisional title made from an abstract."""

from __future__ import annotations

import re
import unicodedata

from .latex import latex_to_text

_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_CONTRIBUTION_RE = re.compile(
    r"\b(?:we|paper|work|study|article|report)\b[^.]*?\b"
    r"(?:propose|introduce|present|develop|design|build|construct|release|describe|offer|consider|unveil)s?\s+"
    r"(?P<phrase>.+)$",
    re.IGNORECASE,
)
# A system name: one token with a capital after its first letter or a digit (FlightLLM, RL4CO, QA-GNN),
# or a single capitalised word followed by an appositive comma (Redco, Maestro).
_NAME_TOKEN = r"[A-Z][A-Za-z0-9]*(?:[A-Z0-9][A-Za-z0-9]*)(?:[-.][A-Za-z0-9]+)*"
_NAMED_APPOSITIVE_RE = re.compile(rf"^(?:(?P<kind>(?:a|an|the)\s+[\w\s-]{{0,40}}?),\s*)?(?P<name>{_NAME_TOKEN}|[A-Z][a-z]+),\s+(?P<what>.+)$")
_ACRONYM_RE = re.compile(r"(?P<long>[A-Za-z][^,;()]{3,120}?)\s*\((?P<short>[A-Za-z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\)")
_CLAUSE_END_RE = re.compile(r",\s+(?:which|that|where|including|while|whose|based|as|to)\b|;|:\s|\s(?:--|–|—)\s|\.\s|\.$|,\s*$")
_LEADING_VERB_RE = re.compile(rf"^(?P<name>{_NAME_TOKEN}|[A-Z][a-z]+)\s+(?:enables|is|provides|offers|introduces|delivers|achieves|supports|makes)\s+(?P<what>.+)$")
_STOP_NAMES = {"The", "This", "These", "That", "Our", "We", "In", "It", "To", "A", "An", "Large", "Recent", "However", "LLMs", "LLM"}
MAX_TITLE_WORDS = 16
_DANGLING = {"a", "an", "the", "of", "in", "on", "for", "and", "or", "to", "with", "by", "from", "at", "as", "that", "which"}


def normalize_title(title: str) -> str:
    """Lower-case letters and digits only: two spellings of one title compare equal.

    LaTeX is read first and sub/superscripts fold to plain digits, so "H$_2$O" and "H2O" are one title.
    """
    text = unicodedata.normalize("NFKD", latex_to_text(title)).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def normalize_abstract(abstract: str) -> str:
    """An abstract reduced to its words, for spotting the same abstract in two listings."""
    return normalize_title(abstract)


def _first_clause(text: str) -> str:
    match = _CLAUSE_END_RE.search(text)
    clause = text[: match.start()] if match else text
    words = clause.split()
    if len(words) > MAX_TITLE_WORDS:
        kept = words[:MAX_TITLE_WORDS]
        while kept and kept[-1].lower().strip(",;") in _DANGLING:
            kept.pop()
        clause = " ".join(kept).rstrip(",;") + "…"
    return clause.strip().rstrip(".,;")


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _named(name: str, what: str, kind: str = "") -> str:
    # "a new model, QA-GNN, which addresses ..." reads best as "QA-GNN: A new model that addresses ..."
    relative = re.match(r"(?:which|that)\s+(.+)", what)
    if relative:
        what = f"{kind or 'a method'} that {relative.group(1)}"
    what = _first_clause(what)
    return f"{name}: {_capitalize(what)}" if what else name


def _mentions(text: str, name: str) -> int:
    return len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))


def _from_sentence(sentence: str, abstract: str) -> str | None:
    """A title from one sentence when it names a system or states a contribution."""
    leading = _LEADING_VERB_RE.match(sentence)
    if leading and leading.group("name") not in _STOP_NAMES and _mentions(abstract, leading.group("name")) >= 2:
        return _named(leading.group("name"), leading.group("what"))
    match = _CONTRIBUTION_RE.search(sentence)
    if not match:
        return None
    phrase = match.group("phrase")
    acronym = _ACRONYM_RE.match(phrase)
    named = _NAMED_APPOSITIVE_RE.match(phrase)
    if not acronym and named and named.group("name") not in _STOP_NAMES:
        return _named(named.group("name"), named.group("what"), named.group("kind") or "")
    acronym = acronym or _ACRONYM_RE.match(re.sub(r"^[^,]{0,60},\s*", "", phrase))
    if acronym:
        long_form = re.sub(r"^(?:a|an|the)\s+(?:new|novel)?\s*", "", acronym.group("long").strip(), flags=re.IGNORECASE)
        return f"{acronym.group('short')}: {_capitalize(long_form)}"
    return None


def derive_title(abstract: str) -> str:
    """A readable provisional title from an abstract: the system it names and what it is, else its first claim."""
    text = " ".join(latex_to_text(abstract).split())
    sentences = _SENTENCE_SPLIT_RE.split(text)
    for sentence in sentences:
        title = _from_sentence(sentence, text)
        if title:
            return title
    for sentence in sentences:
        match = _CONTRIBUTION_RE.search(sentence)
        if match:
            return _capitalize(_first_clause(match.group("phrase")))
    return _capitalize(_first_clause(sentences[0])) if sentences else "Untitled paper"
