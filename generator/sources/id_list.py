"""Reader for a list of papers by arXiv id or URL, one a line, as typed or pasted by a curator.

Any mix works: `2401.05561`, `2401.05561v2`, `arXiv:2401.05561`, `hep-th/9901001`, arXiv abs/pdf/html
URLs and Hugging Face paper URLs. Blank lines, `#` comments, list bullets and commas are allowed.
"""

from __future__ import annotations

import re

from ..ids import ARXIV_ID_RE, nfkc, normalize_arxiv_id
from ..model import RawEntry, Source
from ..text.links import classify_urls
from .entries import make_entry
from .errors import PartlyRead
from .textblocks import numbered_lines

FORMAT = "id-list"
_BULLET_RE = re.compile(r"^(?:[-*•]|\d+[.)])\s+")
_COMMENT_RE = re.compile(r"(?:^|\s)#.*$")
_URL_RE = re.compile(r"^(?:https?://|www\.|(?:arxiv\.org|ar5iv\.org|huggingface\.co|hf\.co)/)", re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"[\s,;]+")


def reference(token: str) -> str | None:
    """The arXiv id a token names when the whole token is an id, an `arXiv:` id or a paper URL, else None."""
    token = nfkc(token).strip("<>")
    if _URL_RE.match(token) or token.lower().startswith("arxiv:"):
        return normalize_arxiv_id(token)
    # a bare id must be the whole token: "2401.05561v2", "hep-th/9901001"
    return normalize_arxiv_id(token) if ARXIV_ID_RE.fullmatch(token) else None


def _tokens(line: str) -> list[str]:
    line = _COMMENT_RE.sub("", _BULLET_RE.sub("", line))
    return [t for t in _SEPARATORS_RE.split(line) if t]


def _lines(text: str) -> list[tuple[int, list[str]]]:
    return [(n, tokens) for n, line in numbered_lines(text) if (tokens := _tokens(line))]


def sniff(text: str) -> int:
    """Certain when nearly every line holds nothing but arXiv ids or paper URLs."""
    lines = _lines(text)
    good = sum(1 for _, tokens in lines if all(map(reference, tokens)))
    return 95 if lines and good >= 0.8 * len(lines) else 0


def read(text: str, file: str) -> list[RawEntry]:
    entries: list[RawEntry] = []
    problems: list[tuple[int, str]] = []
    for number, tokens in _lines(text):
        unknown = [t for t in tokens if reference(t) is None]
        if unknown:
            problems.append((number, f"not an arXiv id or paper URL: {unknown[0]!r}"))
            continue
        for token in tokens:
            arxiv = reference(token)
            # a Hugging Face URL is kept as the paper's hf link; arXiv URLs are implied by the id
            links = classify_urls([token], arxiv) if _URL_RE.match(token) else None
            entries.append(make_entry(Source(file, number, FORMAT), arxiv=arxiv, links=links))
    if problems:
        raise PartlyRead(entries, problems)
    return entries
