"""Finding URLs in free text, in every form listings write them, and sorting them into link kinds."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..ids import normalize_arxiv_id
from ..model import Links

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")

# \href{url}{text}: keep the url, drop the LaTeX wrapper (the text is usually the url again).
_HREF_RE = re.compile(r"\\href\{([^{}]*)\}\{([^{}]*)\}")
_URL_RE = re.compile(
    r"(?:https?://|(?<![\w:/])//(?=[\w-]+(?:\.[\w-]+)+/)|(?<![\w/.@-])(?:www\.|(?:github\.com|gitlab\.com|huggingface\.co)/))"
    r"[^\s<>\"'{}\\|^`]+",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?*'\""
_PAIRS = {")": "(", "]": "["}


def _trim(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets that follow a URL."""
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last in _PAIRS and url.count(last) > url.count(_PAIRS[last]):
            url = url[:-1]
        else:
            break
    return url


def _complete(url: str) -> str:
    if url.startswith("//"):
        return "https:" + url
    if not re.match(r"https?://", url, re.IGNORECASE):
        return "https://" + url
    return url


def find_urls(text: str) -> list[str]:
    """Every distinct URL in the text, completed to https:// and trimmed, in order of appearance."""
    text = _HREF_RE.sub(lambda m: f" {m.group(1)} {m.group(2)} ", text)
    found: dict[str, None] = {}
    for match in _URL_RE.finditer(text):
        url = _trim(match.group(0))
        host = urlsplit(_complete(url)).hostname or ""
        if "." not in host:
            continue
        found.setdefault(_complete(url), None)
    return list(found)


def _is_code_repository(url: str) -> bool:
    parts = urlsplit(url)
    path = [p for p in parts.path.split("/") if p]
    return (parts.hostname or "").lower().removeprefix("www.") in CODE_HOSTS and len(path) >= 2


def classify_urls(urls: list[str], arxiv_id: str | None = None) -> Links:
    """Sort URLs into code repositories, one project page, the PDF, the Hugging Face paper page and the rest."""
    links = Links()
    for url in urls:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        path = urlsplit(url).path
        if _is_code_repository(url):
            links.code.append(url)
        elif host == "huggingface.co" and path.startswith("/papers/"):
            links.hf = links.hf or url
        elif host in ("arxiv.org", "export.arxiv.org"):
            if path.startswith("/pdf/") and normalize_arxiv_id(url) != arxiv_id:
                links.other.append(url)
            # links to the paper's own arXiv pages are implied by its arxiv id
            elif normalize_arxiv_id(url) is None:
                links.other.append(url)
        elif host in CODE_HOSTS or host == "huggingface.co":
            links.other.append(url)
        elif links.project is None:
            links.project = url
        else:
            links.other.append(url)
    return links


def merge_links(first: Links, second: Links) -> Links:
    """The union of two link sets; where both name a single link, the first wins and the other is kept in `other`."""
    merged = Links(code=list(first.code), project=first.project, pdf=first.pdf, hf=first.hf, other=list(first.other))
    for url in second.code:
        if url not in merged.code:
            merged.code.append(url)
    for kind in ("project", "pdf", "hf"):
        theirs = getattr(second, kind)
        if theirs and getattr(merged, kind) is None:
            setattr(merged, kind, theirs)
        elif theirs and theirs != getattr(merged, kind) and theirs not in merged.other:
            merged.other.append(theirs)
    for url in second.other:
        if url not in merged.other and url not in merged.urls():
            merged.other.append(url)
    return merged
