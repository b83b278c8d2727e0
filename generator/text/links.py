"""Finding URLs in free text, in every form listings write them, and sorting them into link kinds."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

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


# The slashes first and the look-behind from them: the regex engine scans for "//" rather than trying the
# look-behind at every character.
_NO_SCHEME_RE = re.compile(r"//(?<![\w:/]//)(?=[\w-]+(?:\.[\w-]+)+/)")


def with_schemes(text: str) -> str:
    """Free text with each scheme-less web address ('//github.com/x') given its https scheme, as links get it."""
    return _NO_SCHEME_RE.sub("https://", text) if "//" in text else text


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
    """The URL with an explicit, lower-case http(s) scheme: `HTTPS://`, `//host` and a bare `www.` all become web links."""
    if url.startswith("//"):
        return "https:" + url
    scheme = re.match(r"https?://", url, re.IGNORECASE)
    if scheme is None:
        return "https://" + url
    return scheme.group(0).lower() + url[scheme.end():]


def _parts(url: str) -> SplitResult | None:
    """The URL split into its parts, or None for one no browser could open (`https://[::1`, a port of 'x')."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # urlsplit checks a port only when it is asked for
    except ValueError:
        return None
    return parts


def web_url(url: str) -> str | None:
    """The URL as a link can hold it (lower-case http(s) scheme, a dotted host), or None when it has no such host."""
    url = _complete(url.strip())
    parts = _parts(url)
    host = (parts.hostname or "") if parts else ""
    return url if "." in host.strip(".") and not re.search(r"\s", url) else None


def _host(url: str) -> str:
    parts = _parts(url)
    return ((parts.hostname or "") if parts else "").lower().removeprefix("www.")


def find_urls(text: str) -> list[str]:
    """Every distinct URL in the text, completed to https:// and trimmed, in order of appearance."""
    text = _HREF_RE.sub(lambda m: f" {m.group(1)} {m.group(2)} ", text)
    found: dict[str, None] = {}
    for match in _URL_RE.finditer(text):
        url = web_url(_trim(match.group(0)))
        if url:
            found.setdefault(url, None)
    return list(found)


def _is_code_repository(url: str) -> bool:
    parts = _parts(url)
    path = [p for p in parts.path.split("/") if p] if parts else []
    return _host(url) in CODE_HOSTS and len(path) >= 2


def classify_urls(urls: list[str], arxiv_id: str | None = None) -> Links:
    """Sort URLs into code repositories, one project page, the PDF, the Hugging Face paper page and the rest."""
    links = Links()
    for url in filter(None, map(web_url, urls)):
        host = _host(url)
        path = _parts(url).path
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
