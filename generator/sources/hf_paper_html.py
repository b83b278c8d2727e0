"""Reader for a Hugging Face paper page (huggingface.co/papers/<arXiv id>) saved as HTML.

The page embeds the paper as JSON for its own scripts (`data-target="PaperContent"`): id, title, summary,
authors, publishedAt (the arXiv date), upvotes, githubRepo, projectPage. When that JSON is missing the
visible markup is read instead. `submittedOnDailyAt` is the day it was listed, not a paper date.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from ..ids import normalize_arxiv_id
from ..model import Links, RawEntry, Source
from ..text.links import classify_urls
from .entries import make_entry
from .htmlpage import hydration_props, iso_date, looks_like_html, parse_page, squash, text_of

FORMAT = "hf-paper-html"
HF_PAPERS = "https://huggingface.co/papers/"
# the page's own address, in either attribute order: <meta property="og:url" content="…/papers/2401.05561">
_OWN_URL_RE = re.compile(r'<meta[^>]*(?:og:url[^>]*huggingface\.co/papers/\d|huggingface\.co/papers/\d[^>]*og:url)')
_SPACE_BEFORE_PUNCTUATION_RE = re.compile(r"\s+([.,;:!?)])")


def sniff(text: str) -> int:
    """Certain for an HTML page with a single Hugging Face paper on it."""
    if not looks_like_html(text):
        return 0
    if 'data-target="PaperContent"' in text:
        return 98
    return 96 if _OWN_URL_RE.search(text) else 0


def paper_fields(paper: dict) -> dict:
    """RawEntry fields from one paper record of Hugging Face's page JSON."""
    arxiv = normalize_arxiv_id(str(paper.get("id", "")))
    urls = [u for u in (paper.get("githubRepo"), paper.get("projectPage")) if isinstance(u, str) and u.startswith("http")]
    links = classify_urls(urls, arxiv)
    if arxiv:
        links.hf = HF_PAPERS + arxiv
    upvotes = paper.get("upvotes")
    return {
        "title": squash(paper.get("title") or "") or None,
        "abstract": squash(paper.get("summary") or "") or None,
        "arxiv": arxiv,
        "links": links,
        "authors": [squash(a["name"]) for a in paper.get("authors") or [] if isinstance(a, dict) and a.get("name")],
        "published": iso_date(paper.get("publishedAt")),
        "upvotes": upvotes if isinstance(upvotes, int) else None,
    }


def _from_markup(soup: BeautifulSoup) -> dict:
    """The same fields from the visible page, for a page saved without its embedded JSON."""
    canonical = soup.find("meta", property="og:url") or soup.find("link", rel="canonical")
    arxiv = normalize_arxiv_id(canonical.get("content") or canonical.get("href", "")) if canonical else None
    arxiv = arxiv or next(filter(None, (normalize_arxiv_id(a["href"]) for a in soup.find_all("a", href=True))), None)
    heading = next((h for h in soup.find_all("h2") if squash(h.get_text()) == "Abstract"), None)
    # the blue box above the abstract is Hugging Face's AI summary, not the authors' text
    paragraphs = [p for p in heading.parent.find_all("p") if not any("blue" in c for c in p.get("class", []))] if heading else []
    authors = [squash(a.get_text()) for a in soup.select("span.author a, span.author button")]
    links = Links(hf=HF_PAPERS + arxiv) if arxiv else Links()
    return {
        "title": text_of(soup.find("h1")) or None,
        # keywords in the abstract are links; a re-indented page puts a space before the punctuation after them
        "abstract": _SPACE_BEFORE_PUNCTUATION_RE.sub(r"\1", " ".join(text_of(p) for p in paragraphs)) or None,
        "arxiv": arxiv,
        "links": links,
        "authors": [a for a in authors if a],
    }


def _organization(props: dict) -> str | None:
    org = props.get("submitterOrganization")
    return squash(org.get("fullname") or org.get("name") or "") or None if isinstance(org, dict) else None


def read(text: str, file: str) -> list[RawEntry]:
    soup = parse_page(text)
    props = hydration_props(soup, "PaperContent")
    if props and isinstance(props.get("paper"), dict):
        fields = paper_fields(props["paper"]) | {"organization": _organization(props)}
    else:
        fields = _from_markup(soup)
    if not (fields["title"] or fields["arxiv"]):
        return []
    heading = soup.find("h1")
    return [make_entry(Source(file, heading.sourceline if heading else 1, FORMAT), **fields)]
