"""Identity: one normalisation of arXiv ids from every URL form, and the safe file ids built from them."""

from __future__ import annotations

import re
import unicodedata

# New-style ids (0704.0001 onwards) and old-style archive/number ids, each with an optional version.
_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z-]*(?:\.[A-Za-z]{2})?/\d{7}"
_VERSION = r"(?:v\d+)?"
ARXIV_ID_RE = re.compile(rf"(?<![\w./-])(?P<id>{_NEW_ID}|{_OLD_ID}){_VERSION}(?![\w])")
# Every place an id is written with a marker in front: arXiv's own pages (any mirror, ar5iv included),
# Hugging Face paper pages, the arXiv DOI, and `arXiv:` or `arXiv ` references in text.
_HOSTED_RE = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf|html|format|ps)/|ar5iv\.org/(?:abs|html)/|(?:huggingface|hf)\.co/papers/"
    rf"|alphaxiv\.org/abs/|10\.48550/arxiv\.|arxiv(?::\s*|\s+))"
    rf"(?P<id>{_NEW_ID}|{_OLD_ID}){_VERSION}(?![\d])",
    re.IGNORECASE,
)
PAPER_ID_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{0,99}$")


def normalize_arxiv_id(text: str) -> str | None:
    """The bare arXiv id (no version) in an id, `arXiv:` reference or arXiv/Hugging Face URL, else None."""
    text = text.strip()
    match = _HOSTED_RE.search(text)
    if match is None:
        match = ARXIV_ID_RE.fullmatch(text) or ARXIV_ID_RE.fullmatch(text.rstrip("/").removesuffix(".pdf"))
    if match is None:
        return None
    found = match.group("id")
    archive, sep, number = found.partition("/")
    # "math.GT/0309136" is arXiv's display form of math/0309136: the subject class is not part of the id
    return f"{archive.lower().partition('.')[0]}/{number}" if sep else found


def find_arxiv_ids(text: str) -> list[str]:
    """Every distinct arXiv id referenced in free text, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in _HOSTED_RE.finditer(text):
        seen.setdefault(normalize_arxiv_id(match.group(0)) or "", None)
    seen.pop("", None)
    return list(seen)


def paper_id_for_arxiv(arxiv_id: str) -> str:
    """The file id of an arXiv paper: the id itself, with an old-style id's slash made a dash."""
    return arxiv_id.lower().replace("/", "-")


def slugify(text: str, max_length: int = 60) -> str:
    """A readable ASCII slug, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "paper")


def is_safe_paper_id(paper_id: str) -> bool:
    """True when the id can name a file directly inside data/papers/."""
    return bool(PAPER_ID_RE.match(paper_id)) and ".." not in paper_id
