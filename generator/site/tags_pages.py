"""Tag pages: an index of the tag vocabulary by group, and pages per tag in use listing its papers."""

from __future__ import annotations

from ..catalog import Catalog
from ..ids import is_safe_paper_id
from ..model import Paper
from ..storage.vocabulary import Tag
from .addresses import page_meta
from .cards import compact_entry, compact_list, plural
from .fill import Fill, to_root
from .lists import Block, ListPage, by_year, render_list
from .markdown_text import html_text, md_text
from .page import markdown_page

TAGS_DIR = "tags"
# Each tag's Atom feed (feeds.tag_feed, which imports this module), linked from its page.
FEED_PATH = "feeds/tags/{slug}.xml"
# Lists of papers repeat titles that have their own pages; searching a title should land on the paper's page.
_NOT_SEARCHED = {"search": {"exclude": True}}


def papers_by_tag(catalog: Catalog) -> dict[str, list[Paper]]:
    """Each tag in use with its papers, newest first, tags in alphabetical order."""
    tagged: dict[str, list[Paper]] = {}
    # A vocabulary has a few dozen tags, each on thousands of papers: each is checked once.
    safe: dict[str, bool] = {}
    topics = catalog.topic_by_slug
    for paper in catalog.papers:
        if not paper.tags or paper.primary_topic not in topics:
            continue
        for tag in paper.tags:
            ok = safe.get(tag)
            if ok is None:
                ok = safe[tag] = is_safe_paper_id(tag)
            if ok:
                tagged.setdefault(tag, []).append(paper)
    return dict(sorted(tagged.items()))


def render_tag_pages(catalog: Catalog, tagged: dict[str, list[Paper]] | None = None) -> tuple[dict[str, str], dict[str, Fill]]:
    """The tag index and the pages of each tag in use (stubs and fills), keyed by path; `tagged` is
    papers_by_tag(catalog), made here if not given."""
    tagged = papers_by_tag(catalog) if tagged is None else tagged
    if "index" in tagged:
        raise ValueError("the tag slug 'index' is reserved for the list of tags")
    known = {tag.slug: tag for group in catalog.tag_groups for tag in group.tags}
    stubs, fills = {f"{TAGS_DIR}/index.md": render_tag_index(catalog, tagged)}, {}
    for slug, papers in tagged.items():
        more_stubs, more_fills = render_tag(catalog, known.get(slug), slug, papers)
        stubs |= more_stubs
        fills |= more_fills
    return stubs, fills


def _tag_title(tag: Tag | None, slug: str) -> str:
    return tag.title if tag else slug


def render_tag_index(catalog: Catalog, tagged: dict[str, list[Paper]]) -> str:
    """Every group of the vocabulary with its tags in use and their counts; unused tags are named, not linked."""
    blocks = [
        "# Tags",
        f"{plural(len(tagged), 'tag')} in use. Each links to its papers, newest first; "
        "a paper's tags are also on its own page.",
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


def render_tag(catalog: Catalog, tag: Tag | None, slug: str, papers: list[Paper]) -> tuple[dict[str, str], dict[str, Fill]]:
    """One tag's pages: its papers newest first under their years, each linked to its own page."""
    title = _tag_title(tag, slug)

    def body(page: ListPage) -> list[Block]:
        root = to_root(page.docs_path)
        blocks: list[Block] = [f"<p>{plural(len(papers), 'paper')} tagged <em>{html_text(slug)}</em>, newest first. "
                               f'Follow them in this tag\'s <a href="{root}{FEED_PATH.format(slug=slug)}">Atom feed</a>, '
                               f'or see <a href="{root}{TAGS_DIR}/">all tags</a>.</p>']
        for year, group in by_year(page.items, level=2):
            blocks += [year, compact_list([compact_entry(p, root, memo=catalog.memo) for p in group])]
        return blocks

    front = {"title": html_text(f"Tag: {title}"), **page_meta(FEED_PATH.format(slug=slug)), **_NOT_SEARCHED}
    return render_list(f"{TAGS_DIR}/{slug}.md", front, papers, body, catalog.memo, catalog.memo.key_of, (len(papers),))
