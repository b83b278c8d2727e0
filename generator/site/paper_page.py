"""A paper's own page at papers/<id>/: everything known about it, its BibTeX, and the papers related to it."""

from __future__ import annotations

from ..catalog import Catalog
from ..model import Paper
from ..text.latex import latex_to_text
from .addresses import paper_preview
from .bibtex import bibtex_entry, cite_block
from .cards import ROOT, SEPARATOR, authors_text, compact_entry, compact_list, display_title, pieces, plural
from .markdown_text import html_text

# papers/<id>/ is two folders below the site root.
TO_ROOT = "../../"


def render_paper_page(catalog: Catalog, paper: Paper, cite_key: str | None = None, entry: str | None = None) -> str:
    """The page's content as HTML, from its facts to its related papers; `cite_key` is its BibTeX key (unique over
    the list, as in papers.bib), whose `entry` may be given, made already."""
    return paper_page_parts(catalog, paper, cite_key, entry)[0]


def paper_page_parts(catalog: Catalog, paper: Paper, cite_key: str | None = None,
                     entry: str | None = None) -> tuple[str, str, str]:
    """The page's content, its title and its link preview, as HTML; kept in the catalog's fragments, keyed by the
    paper, its related papers and `cite_key`, so that an edit makes again only the pages that show the edited paper."""
    related = [catalog.by_id[r.id] for r in catalog.related.get(paper.id, ()) if r.id in catalog.by_id]
    related = [p for p in related if p.primary_topic in catalog.topic_by_slug]
    memo = catalog.memo
    key = ("paper-page", memo.key_of(paper), tuple([memo.key_of(other) for other in related]), cite_key)

    def render() -> tuple[str, str, str]:
        cited = entry or memo.made(("bibtex", memo.key_of(paper), cite_key), lambda: bibtex_entry(paper, cite_key))
        return _content(catalog, paper, related, cite_key, cited), display_title(paper), paper_preview(paper)

    return memo.whole(key, render)


def _content(catalog: Catalog, paper: Paper, related: list[Paper], cite_key: str | None, entry: str | None) -> str:
    topics = catalog.topic_by_slug
    made = pieces(paper, catalog.memo)
    blocks = []
    meta = made.meta(authors_text(paper, limit=None))
    if paper.upvotes:
        meta += SEPARATOR + plural(paper.upvotes, "upvote")
    if paper.organization:
        meta += SEPARATOR + html_text(paper.organization)
    if meta:
        blocks.append(f'<p class="paper-meta">{meta}</p>')
    if made.links:
        blocks.append(f'<p class="paper-links">{made.links}</p>')
    filed = [
        f'<a href="{TO_ROOT}topics/{slug}/">{html_text(topics[slug].title)}</a>' for slug in paper.topics if slug in topics
    ]
    if filed:
        blocks.append('<p class="paper-topics">Topics: ' + ", ".join(filed) + "</p>")
    if made.tags:
        blocks.append(f'<p class="paper-tags">{made.tags.replace(ROOT, TO_ROOT)}</p>')
    if paper.title_is_derived:
        blocks.append('<p class="paper-note">Derived title: a provisional title made from the abstract.</p>')
    if paper.abstract:
        blocks.append(f'<h2 id="abstract">Abstract</h2>\n<p class="paper-abstract">{html_text(latex_to_text(paper.abstract))}</p>')
    blocks.append(cite_block(paper, key=cite_key, entry=entry))
    if related:
        entries = [compact_entry(other, TO_ROOT, memo=catalog.memo) for other in related]
        blocks.append(f'<h2 id="related_papers">Related papers</h2>\n{compact_list(entries)}')
    return "\n".join(blocks)
