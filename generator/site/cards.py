"""One paper as a Markdown card: a heading anchored at the paper id, metadata, links, tags and the abstract."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlsplit

from ..catalog import approximate_date
from ..ids import is_safe_paper_id
from ..model import Paper
from ..store import Topic
from ..text.latex import latex_to_text
from .bibtex import cite_block
from .markdown_text import html_text, md_text, safe_url

# Month names spelled out here rather than with strftime("%b"), which follows the machine's locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEPARATOR = " · "


def display_title(paper: Paper) -> str:
    """The title as readers see it, LaTeX made readable, escaped for inline Markdown."""
    return md_text(latex_to_text(paper.title))


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


def metadata_line(paper: Paper) -> str:
    """Date, venue, authors or organisation, and upvotes, whichever are known."""
    parts = [display_date(paper)]
    if paper.venue:
        parts.append(md_text(paper.venue))
    if paper.author_total:
        parts.append(plural(paper.author_total, "author"))
    if paper.organization:
        parts.append(md_text(paper.organization))
    if paper.upvotes:
        parts.append(plural(paper.upvotes, "upvote"))
    return SEPARATOR.join(p for p in parts if p)


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, URL) for every place to read the paper, safe URLs only, each URL once."""
    links = paper.links
    candidates: list[tuple[str, str | None]] = []
    if paper.arxiv:
        # The id is in the label so that search, which indexes text and not link targets, finds it.
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


def links_line(paper: Paper) -> str:
    """The links as Markdown, separated by dots."""
    # The <...> form of a link target allows any character but < and >, which safe_url encodes.
    return SEPARATOR.join(f"[{md_text(label)}](<{url}>)" for label, url in paper_links(paper))


def tags_line(paper: Paper) -> str:
    """The tags as small chips, styled by extra.css, each linking to its tag page (relative to a page in topics/)."""
    return " ".join(f"[{md_text(tag)}](../tags/{tag}.md){{ .paper-tag }}" for tag in paper.tags if is_safe_paper_id(tag))


def also_in_line(paper: Paper, topics: Mapping[str, Topic]) -> str:
    """Links to the paper's secondary topics, relative to a page in topics/."""
    links = [
        f"[{md_text(topics[slug].title)}]({slug}.md)"
        for slug in paper.topics[1:]
        if slug in topics and slug != paper.primary_topic
    ]
    return "Also in: " + ", ".join(links) if links else ""


def abstract_block(paper: Paper) -> str:
    """The abstract as a raw HTML block, which Markdown leaves alone, so HTML escaping is the whole defence."""
    if not paper.abstract:
        return ""
    text = html_text(latex_to_text(paper.abstract))
    return f'<details class="abstract"><summary>Abstract</summary><p>{text}</p></details>'


def render_card(paper: Paper, topics: Mapping[str, Topic], related: str = "") -> str:
    """The card for a paper on its primary topic page; `topics` maps slugs to topics for the 'also in' links.

    `related` is the rendered block of related papers (site/crosslinks.py), placed after the abstract.
    """
    if not is_safe_paper_id(paper.id):
        raise ValueError(f"paper id {paper.id!r} cannot be an HTML anchor")
    blocks = [f"### {display_title(paper)} {{ #{paper.id} }}"]
    for text, css_class in (
        (metadata_line(paper), "paper-meta"),
        (links_line(paper), "paper-links"),
        (tags_line(paper), "paper-tags"),
        (also_in_line(paper, topics), "paper-also"),
        ("Derived title: a provisional title made from the abstract." if paper.title_is_derived else "", "paper-note"),
    ):
        if text:
            # attr_list puts the class on the paragraph; data cannot close it early, as md_text escapes braces.
            blocks.append(f"{text}\n{{: .{css_class} }}")
    blocks += [block for block in (abstract_block(paper), cite_block(paper), related) if block]
    body = "\n\n".join(blocks)
    return f'<div class="paper-card" markdown>\n\n{body}\n\n</div>'
