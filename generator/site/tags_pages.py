"""Tag pages: an index of the tag vocabulary by group, and a page per tag in use listing its papers."""

from __future__ import annotations

from ..catalog import Catalog
from ..ids import is_safe_paper_id
from ..model import Paper
from ..vocabulary import Tag
from .cards import plural
from .crosslinks import paper_entry
from .markdown_text import html_text, md_text
from .page import markdown_page

TAGS_DIR = "tags"
# Lists of papers repeat titles that have their own cards; searching a title should land on the card.
_NOT_SEARCHED = {"search": {"exclude": True}}


def papers_by_tag(catalog: Catalog) -> dict[str, list[Paper]]:
    """Each tag in use with its papers, newest first, tags in alphabetical order."""
    tagged: dict[str, list[Paper]] = {}
    for paper in catalog.papers:
        if paper.primary_topic not in catalog.topic_by_slug:
            continue
        for tag in paper.tags:
            if is_safe_paper_id(tag):
                tagged.setdefault(tag, []).append(paper)
    return dict(sorted(tagged.items()))


def render_tag_pages(catalog: Catalog) -> dict[str, str]:
    """The tag index and one page per tag in use, keyed by path relative to docs/."""
    tagged = papers_by_tag(catalog)
    if "index" in tagged:
        raise ValueError("the tag slug 'index' is reserved for the list of tags")
    known = {tag.slug: tag for group in catalog.tag_groups for tag in group.tags}
    pages = {f"{TAGS_DIR}/index.md": render_tag_index(catalog, tagged)}
    for slug, papers in tagged.items():
        pages[f"{TAGS_DIR}/{slug}.md"] = render_tag(catalog, known.get(slug), slug, papers)
    return pages


def _tag_title(tag: Tag | None, slug: str) -> str:
    return tag.title if tag else slug


def render_tag_index(catalog: Catalog, tagged: dict[str, list[Paper]]) -> str:
    """Every group of the vocabulary with its tags in use and their counts; unused tags are named, not linked."""
    blocks = [
        "# Tags",
        f"{plural(len(tagged), 'tag')} in use. Each links to its papers, newest first; "
        "a paper's tags are also on its card.",
    ]
    grouped = set()
    for group in catalog.tag_groups:
        used = [tag for tag in group.tags if tag.slug in tagged]
        unused = [tag for tag in group.tags if tag.slug not in tagged]
        grouped.update(tag.slug for tag in group.tags)
        lines = [_index_item(tag.title, tag.slug, tagged[tag.slug]) for tag in used]
        if unused:
            lines.append("- Not used yet: " + ", ".join(md_text(tag.title) for tag in unused))
        blocks += [f"## {md_text(group.title)} {{ #{group.slug}_tags }}", "\n".join(lines)]
    others = [slug for slug in tagged if slug not in grouped]
    if others:
        blocks += ["## Other tags { #other_tags }", "\n".join(_index_item(slug, slug, tagged[slug]) for slug in others)]
    return markdown_page({"title": "Tags", **_NOT_SEARCHED}, blocks)


def _index_item(title: str, slug: str, papers: list[Paper]) -> str:
    return f"- [{md_text(title)}]({slug}.md) · {plural(len(papers), 'paper')}"


def render_tag(catalog: Catalog, tag: Tag | None, slug: str, papers: list[Paper]) -> str:
    """One tag's page: its papers newest first, each linked to its card."""
    title = _tag_title(tag, slug)
    entries = "\n".join(paper_entry(paper, catalog.topic_by_slug, "../topics/") for paper in papers)
    blocks = [
        f"# {md_text(title)}",
        f"{plural(len(papers), 'paper')} tagged *{md_text(slug)}*, newest first. See [all tags](index.md).",
        entries,
    ]
    return markdown_page({"title": html_text(f"Tag: {title}"), **_NOT_SEARCHED}, blocks)
