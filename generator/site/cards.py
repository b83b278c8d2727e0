"""One paper as HTML: the compact entry that list pages show, and the pieces its own page reuses.

Everything from data passes through html_text or safe_url here: the lists and paper pages are HTML
the generator writes itself, which no Markdown parser sees.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from ..catalog import Fragments, approximate_date
from ..ids import is_safe_paper_id
from ..model import Paper
from ..storage.store import Topic
from ..text.latex import latex_to_text
from .markdown_text import html_text, plain_text, safe_url

# Month names spelled out here rather than with strftime("%b"), which follows the machine's locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEPARATOR = " · "
PAPERS_DIR = "papers"
# Lists name this many authors and then "et al."; the paper's own page names them all.
LISTED_AUTHORS = 3


@lru_cache(maxsize=65536)
def readable_title(title: str) -> str:
    """The title with its LaTeX made readable, as plain text; each title is converted once, as lists repeat it."""
    return plain_text(latex_to_text(title))


def display_title(paper: Paper) -> str:
    """The title as readers see it, LaTeX made readable, escaped for HTML."""
    return html.escape(readable_title(paper.title), quote=True)


def display_date(paper: Paper) -> str | None:
    """'10 Jan 2024' for a known date, 'Jan 2024 (arXiv)' when only the arXiv id tells the month."""
    if paper.published:
        return f"{paper.published.day} {month_year(paper.published)}"
    month = approximate_date(paper)
    return f"{month_year(month)} (arXiv)" if month else None


def month_year(date: dt.date) -> str:
    """'Jan 2024', in English whatever the machine's locale."""
    return f"{_MONTHS[date.month - 1]} {date.year}"


def plural(count: int, noun: str) -> str:
    """'1 author', '8 authors'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def authors_text(paper: Paper, limit: int | None = LISTED_AUTHORS) -> str | None:
    """'A, B, C et al.' (or every name when limit is None), else '9 authors' where only the count is known; escaped."""
    names = paper.authors
    if names:
        # Only the names shown are escaped: a list names three of a paper's authors, who may be hundreds.
        shown = names if limit is None or len(names) <= limit else names[:limit]
        return ", ".join([html_text(name) for name in shown]) + (" et al." if len(shown) < len(names) else "")
    return plural(paper.authors_count, "author") if paper.authors_count else None


def paper_url(paper_id: str, to_root: str) -> str:
    """The paper's own page, relative to a page `to_root` below the site root ('../../' from topics/serving/)."""
    if not is_safe_paper_id(paper_id):
        raise ValueError(f"paper id {paper_id!r} cannot be part of a URL")
    return f"{to_root}{PAPERS_DIR}/{paper_id}/"


def paper_link(paper: Paper, to_root: str) -> str:
    """The title linked to the paper's own page."""
    return f'<a class="paper-title" href="{paper_url(paper.id, to_root)}">{display_title(paper)}</a>'


def paper_links(paper: Paper, memo: Fragments | None = None) -> list[tuple[str, str]]:
    """(label, URL) for every place to read the paper, safe URLs only, each URL once; made once per catalog when
    `memo` is given (and not kept), as its cards and browse's index both read them. The list is not to be changed."""
    return _paper_links(paper) if memo is None else _made_once(memo, "links", paper, _paper_links)


def _paper_links(paper: Paper) -> list[tuple[str, str]]:
    links = paper.links
    candidates: list[tuple[str, str | None]] = []
    if paper.arxiv:
        candidates.append((f"arXiv:{paper.arxiv}", f"https://arxiv.org/abs/{paper.arxiv}"))
    pdf = links.pdf or (f"https://arxiv.org/pdf/{paper.arxiv}" if paper.arxiv else None)
    candidates.append(("PDF", pdf))
    several = len(links.code) > 1
    candidates += [(f"Code {n}" if several else "Code", url) for n, url in enumerate(links.code, start=1)]
    candidates.append(("Project page", links.project))
    candidates.append(("Hugging Face", links.hf))
    if paper.doi:
        candidates.append(("DOI", f"https://doi.org/{paper.doi}"))
    candidates += [(_host(url), url) for url in links.other]

    seen: set[str] = set()
    out = []
    for label, url in candidates:
        safe = safe_url(url) if url else None
        if safe and safe not in seen:
            seen.add(safe)
            out.append((label, safe))
    return out


def _host(url: str) -> str:
    """The host name that labels an unnamed link, or 'Link' when the URL has none or cannot be parsed."""
    try:
        return urlsplit(url).hostname or "Link"
    except ValueError:
        return "Link"


def links_html(paper: Paper, memo: Fragments | None = None) -> str:
    """The links separated by dots; URLs were made safe by safe_url, which leaves & the one character to escape
    for the attribute."""
    return SEPARATOR.join(
        [f'<a href="{url.replace("&", "&amp;")}">{html_text(label)}</a>' for label, url in paper_links(paper, memo)]
    )


def tags_html(paper: Paper, to_root: str) -> str:
    """The tags as chips, styled by extra.css, each linking to its tag page."""
    return " ".join(chip for chip in (_tag_chip(tag, to_root) for tag in paper.tags) if chip)


# A vocabulary has a few dozen tags, each on thousands of papers.
@lru_cache(maxsize=4096)
def _tag_chip(tag: str, to_root: str) -> str:
    """One tag's chip, or nothing for a tag that cannot be part of a URL."""
    return f'<a class="paper-tag" href="{to_root}tags/{tag}/">{html_text(tag)}</a>' if is_safe_paper_id(tag) else ""


@dataclass(frozen=True)
class Pieces:
    """A paper's escaped parts that every list and its own page show, with ROOT for the way to the site root."""

    link: str
    byline: str | None
    date: str | None
    venue: str | None
    tags: str
    links: str

    def meta(self, byline: str | None, topic: str | None = None) -> str:
        """Authors (`byline`), date, venue and the topic's name, whichever are known."""
        return SEPARATOR.join(p for p in (byline, self.date, self.venue, topic) if p)


def pieces(paper: Paper, memo: Fragments | None = None) -> Pieces:
    """The paper's pieces, made once per catalog when `memo` is given (and not kept: they are quick to make again)."""
    return _pieces(paper) if memo is None else _made_once(memo, "pieces", paper, _pieces, memo)


def _made_once(memo: Fragments, kind: str, paper: Paper, make, *more):
    """make(paper, *more), kept in `memo` for the catalog's life under (kind, the paper's key) but never marked used, so
    that no build cache keeps it."""
    key = (kind, memo.key_of(paper))
    found = memo.get(key)
    if found is None:
        found = memo[key] = make(paper, *more)
    return found


def _pieces(paper: Paper, memo: Fragments | None = None) -> Pieces:
    return Pieces(paper_link(paper, ROOT), authors_text(paper), display_date(paper),
                  html_text(paper.venue) if paper.venue else None, tags_html(paper, ROOT), links_html(paper, memo))


def compact_entry(paper: Paper, to_root: str, anchor: bool = False, topics: Mapping[str, Topic] | None = None,
                  memo: Fragments | None = None) -> str:
    """A list item a reader can scan: title, authors, date, venue, tags, links.

    With `anchor` the item carries the paper id as its HTML id, so that the old card addresses
    (topics/<slug>/#<id>) still land on the paper on its primary topic page. A paper is listed on a dozen
    pages, so its item is rendered once into `memo` (Catalog.memo) and only its relative URLs vary.
    """
    if memo is None:
        return _entry_template(paper, anchor, topics, _pieces(paper)).replace(ROOT, to_root)
    key = ("entry", memo.key_of(paper), anchor, topics is not None)
    return memo.made(key, lambda: _entry_template(paper, anchor, topics, pieces(paper, memo))).replace(ROOT, to_root)


# Stands for the way to the site root in a memoised entry; plain_text drops control characters from data and
# safe_url encodes them, so no escaped text contains it.
ROOT = "\x00"


def _entry_template(paper: Paper, anchor: bool, topics: Mapping[str, Topic] | None, made: Pieces) -> str:
    ident = f' id="{paper.id}"' if anchor and is_safe_paper_id(paper.id) else ""
    parts = [made.link]
    topic = html_text(topics[paper.primary_topic].title) if topics is not None and paper.primary_topic in topics else None
    meta = made.meta(made.byline, topic)
    if meta:
        parts.append(f'<span class="paper-meta">{meta}</span>')
    if made.tags:
        parts.append(f'<span class="paper-tags">{made.tags}</span>')
    if made.links:
        parts.append(f'<span class="paper-links">{made.links}</span>')
    return f'<li class="paper-entry"{ident} data-paper="{html_text(paper.id)}">' + " ".join(parts) + "</li>"


def compact_list(entries: list[str]) -> str:
    """The entries as an unnumbered list; the order is the caller's."""
    if not entries:
        return "<p>No papers yet.</p>"
    return '<ul class="paper-list">\n' + "\n".join(entries) + "\n</ul>"
