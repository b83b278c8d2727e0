"""Identity: one normalisation of arXiv ids from every URL form, and the safe file ids built from them."""

from __future__ import annotations

import re
import unicodedata

# New-style ids (0704.0001 onwards) and old-style archive/number ids, each with an optional version.
# Every pattern is ASCII-only: `\d` would also match the full-width and Arabic-Indic digits text pasted from
# PDFs holds, and an id made of them names no arXiv paper and no safe file; text is NFKC-normalised first instead.
_NEW_ID = r"[0-9]{4}\.[0-9]{4,5}"
_OLD_ID = r"[a-z][a-z-]*(?:\.[A-Za-z]{2})?/[0-9]{7}"
_VERSION = r"(?:v[0-9]+)?"
ARXIV_ID_RE = re.compile(rf"(?<![\w./-])(?P<id>{_NEW_ID}|{_OLD_ID}){_VERSION}(?![\w])", re.ASCII)
# Every place an id is written with a marker in front: arXiv's own pages (any mirror, ar5iv included),
# Hugging Face paper pages, the arXiv DOI, and `arXiv:` or `arXiv ` references in text.
_HOSTED_RE = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf|html|format|ps)/|ar5iv\.org/(?:abs|html)/|(?:huggingface|hf)\.co/papers/"
    rf"|alphaxiv\.org/abs/|10\.48550/arxiv\.|arxiv(?::\s*|\s+))"
    rf"(?P<id>{_NEW_ID}|{_OLD_ID}){_VERSION}(?![0-9])",
    re.IGNORECASE | re.ASCII,
)
# \A and \Z, not ^ and $: `$` also matches before a final newline, which would let "x\n" through.
PAPER_ID_RE = re.compile(r"\A[a-z0-9][a-z0-9.-]{0,99}\Z")
# Names Windows reserves for devices, with any extension: a repository holding con.yml cannot be checked out there.
_WINDOWS_RESERVED_RE = re.compile(r"\A(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?\Z", re.IGNORECASE | re.DOTALL)


def nfkc(text: str) -> str:
    """Text in NFKC form, so that full-width digits, ligatures and the like read as their plain ASCII selves."""
    return unicodedata.normalize("NFKC", text)


def normalize_arxiv_id(text: str) -> str | None:
    """The bare arXiv id (no version) in an id, `arXiv:` reference or arXiv/Hugging Face URL, else None."""
    text = nfkc(text).strip()
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
    for match in _HOSTED_RE.finditer(nfkc(text)):
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
    slug = slug or (words[0][:max_length] if words else "paper")
    return f"{slug}-paper" if is_windows_reserved(slug) else slug


def is_windows_reserved(name: str) -> bool:
    """True for a file name (or id) Windows keeps for a device: con, nul, aux, prn, com1, lpt1, with any extension."""
    return bool(_WINDOWS_RESERVED_RE.match(name))


def is_safe_paper_id(paper_id: str) -> bool:
    """True when the id can name a file directly inside data/papers/ on every system."""
    return (isinstance(paper_id, str) and bool(PAPER_ID_RE.match(paper_id)) and ".." not in paper_id
            and not is_windows_reserved(paper_id))
