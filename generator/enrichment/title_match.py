"""Whether a candidate arXiv record is the paper we hold: the one rule that title search and offline enrichment share.

A candidate is the same paper when the normalised titles are equal, or when they are nearly equal and the
abstracts agree closely. A paper whose title was made up from its abstract has no title to compare, so its
abstract alone must agree, and more closely. Anything weaker is for a curator to judge, never written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import Enum

from .arxiv_api import ArxivRecord
from ..model import Paper
from ..text.titles import normalize_abstract, normalize_title

# Character similarity of two normalised titles above which a word changed, added or dropped still reads as one title.
NEAR_TITLE = 0.75
# Share of the shorter abstract's word triples found in the other: a cut-short or lightly edited abstract stays above.
CLOSE_ABSTRACT = 0.8
# Below this the abstracts describe different work, whatever the titles say.
DIFFERENT_ABSTRACT = 0.2
# With no real title to lean on, the abstract must agree more closely, and be long enough to mean something.
ABSTRACT_ONLY = 0.9
MIN_ABSTRACT_WORDS = 25


class Verdict(Enum):
    SAME = "same"
    UNSURE = "unsure"
    DIFFERENT = "different"


@dataclass(frozen=True)
class Judgement:
    """A verdict and the evidence for it, in words a curator can check."""

    verdict: Verdict
    reason: str


def title_similarity(a: str, b: str) -> float:
    """How alike two normalised titles are, from 0 to 1."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _triples(words: list[str]) -> set[tuple[str, str, str]]:
    return set(zip(words, words[1:], words[2:]))


def abstract_agreement(a: str, b: str) -> float | None:
    """The share of the shorter abstract's word triples that the other has; None when either is too short to tell."""
    words_a, words_b = normalize_abstract(a).split(), normalize_abstract(b).split()
    if min(len(words_a), len(words_b)) < MIN_ABSTRACT_WORDS:
        return None
    triples_a, triples_b = _triples(words_a), _triples(words_b)
    return len(triples_a & triples_b) / min(len(triples_a), len(triples_b))


def judge(title: str | None, abstract: str | None, candidate_title: str | None, candidate_abstract: str | None) -> Judgement:
    """Whether the candidate (title, abstract) is the paper (title, abstract); pass title=None for a derived title."""
    ours = normalize_title(title) if title else ""
    theirs = normalize_title(candidate_title) if candidate_title else ""
    agreement = abstract_agreement(abstract, candidate_abstract) if abstract and candidate_abstract else None
    shown = "no abstract to compare" if agreement is None else f"abstracts agree {agreement:.0%}"
    if agreement is not None and agreement < DIFFERENT_ABSTRACT:
        if ours and ours == theirs:
            return Judgement(Verdict.UNSURE, f"same title but {shown}")
        return Judgement(Verdict.DIFFERENT, shown)
    if ours and theirs:
        if ours == theirs:
            return Judgement(Verdict.SAME, f"same title, {shown}")
        similarity = title_similarity(ours, theirs)
        if similarity < NEAR_TITLE:
            # a paper renamed beyond recognition may still be this one, but only a person can say so
            strong = agreement is not None and agreement >= ABSTRACT_ONLY
            return Judgement(Verdict.UNSURE if strong else Verdict.DIFFERENT, f"titles {similarity:.0%} alike, {shown}")
        if agreement is not None and agreement >= CLOSE_ABSTRACT:
            return Judgement(Verdict.SAME, f"titles {similarity:.0%} alike, {shown}")
        return Judgement(Verdict.UNSURE, f"titles {similarity:.0%} alike but {shown}")
    if agreement is not None and agreement >= ABSTRACT_ONLY:
        return Judgement(Verdict.SAME, f"no title to compare, {shown}")
    return Judgement(Verdict.UNSURE if agreement is not None and agreement >= CLOSE_ABSTRACT else Verdict.DIFFERENT,
                     f"no title to compare, {shown}")


_NOT_KEY_BYTES = bytes(b for b in range(128) if not chr(b).isalnum())
ABSTRACT_KEY_CHARS = 80


def quick_key(text: str) -> str:
    """A cheap normal form (lower-case ASCII letters and digits run together) for looking candidates up in bulk.

    Cheap enough for every line of a multi-gigabyte file (a byte translation, no regular expression);
    `judge` then decides with the full normalisation.
    """
    return text.lower().encode("ascii", "ignore").translate(None, _NOT_KEY_BYTES).decode("ascii")


def abstract_key(abstract: str) -> str:
    """The quick key of an abstract's opening, which two copies of one abstract share even when one is cut short."""
    return quick_key(abstract[: ABSTRACT_KEY_CHARS * 2])[:ABSTRACT_KEY_CHARS]


@dataclass(frozen=True)
class Pick:
    """The record judged to be the paper, if exactly one is, and the candidates a curator should look at (and why)."""

    record: ArxivRecord | None
    doubts: tuple[tuple[ArxivRecord, str], ...] = ()


def pick_record(paper: Paper, records: Iterable[ArxivRecord]) -> Pick:
    """The one record that is verifiably this paper: by its arXiv id when it has one, else by `judge`."""
    records = list({r.arxiv: r for r in records}.values())
    if paper.arxiv:
        return Pick(next((r for r in records if r.arxiv == paper.arxiv), None))
    title = None if paper.title_is_derived else paper.title
    same, doubts = [], []
    for record in records:
        judgement = judge(title, paper.abstract, record.title, record.abstract)
        if judgement.verdict is Verdict.SAME:
            same.append((record, judgement))
        elif judgement.verdict is Verdict.UNSURE:
            doubts.append((record, judgement.reason))
    if len(same) == 1:
        return Pick(same[0][0])
    if same:
        return Pick(None, tuple((r, f"one of {len(same)} that fit: {j.reason}") for r, j in same))
    return Pick(None, tuple(doubts))
