"""The generated site: the catalog turned into docs/ files for MkDocs and the content filled into built pages, no I/O."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..catalog import Catalog
from ..curate.gaps import missing_report
from ..model import Paper
from .addresses import SITEMAP, SiteAddress, render_sitemap
from .bibtex import bibtex_entries, citation_keys
from .browse import render_browse
from .contribute import MISSING_SNIPPET, missing_counts
from .exports import render_exports
from .feeds import feed_support, render_feeds
from .feeds_page import FEEDS_PAGE, render_feeds_page
from .fill import SHELL_FILE, SHELL_PAGE, Fill, paper_file, published_url, shell_page
from .home import render_home
from .paper_page import paper_page_parts
from .search_index import PAPERS_INDEX, paper_page, render_papers_files
from .tags_pages import TAGS_DIR, papers_by_tag, render_tag_pages
from .timeline import TIMELINE_PAGE, render_timeline
from .topic_pages import render_topic, render_topic_index

# Everything under these docs/ paths is generated, git-ignored, and may be deleted when stale.
GENERATED_PATHS = ("index.md", "topics", TAGS_DIR, TIMELINE_PAGE, TIMELINE_PAGE.removesuffix(".md"), "browse", "downloads",
                   "feed.xml", "feeds", "papers", PAPERS_INDEX.split("/")[0], "snippets", SITEMAP)


@dataclass
class Site:
    """docs/ files keyed by path under docs/, and fills keyed by the built HTML file they become.

    With a `sink`, each generated file that is not a page MkDocs themes (a download, feed, chunk) is handed to it
    as soon as it is made and only its name is kept (in `sunk`), so the build never holds them all at once.
    """

    pages: dict[str, str] = field(default_factory=dict)
    fills: dict[str, Fill] = field(default_factory=dict)
    sink: Callable[[str, str], None] | None = field(default=None, repr=False, compare=False)
    sunk: list[str] = field(default_factory=list)

    def add(self, stubs: dict[str, str], fills: dict[str, Fill]) -> None:
        self.add_files(stubs)
        self.fills.update(fills)

    def add_files(self, files: dict[str, str]) -> None:
        if self.sink is None:
            self.pages.update(files)
            return
        for name, text in files.items():
            if name.endswith(".md"):
                self.pages[name] = text
            else:
                self.sink(name, text)
                self.sunk.append(name)

    def files(self) -> list[str]:
        """Every generated docs/ file's path, the sunk ones included."""
        return [*self.pages, *self.sunk]


def render_site(catalog: Catalog, address: SiteAddress = SiteAddress(), keys: dict[str, str] | None = None,
                sink: Callable[[str, str], None] | None = None, paper_pages: bool = True,
                detached: bool = True) -> Site:
    """Every generated page, file and fill; `keys` are citation_keys(catalog.papers), made here if not given.

    The papers' own pages, the only ones that need related papers, come last; without `paper_pages` they are
    left to render_paper_pages, so that a build can start MkDocs first. Without `detached`, the files of
    render_detached are left out, for a build to render them beside this.
    """
    check_renderable(catalog)
    # The same keys as papers.bib: a key that collides gets its suffix from the whole list.
    keys = keys if keys is not None else citation_keys(catalog.papers, catalog.memo)
    entries = bibtex_entries(catalog.papers, keys, catalog.memo)
    site = Site(sink=sink)
    site.add_files({"index.md": render_home(catalog), "topics/index.md": render_topic_index(catalog), SHELL_PAGE: shell_page()})
    tagged = papers_by_tag(catalog)
    if detached:
        site.add_files(render_detached(catalog, address, tagged))
    site.add_files(render_exports(catalog, entries))
    site.add(*render_browse(catalog, keys, entries))
    for topic in catalog.topics:
        site.add(*render_topic(catalog, topic))
    site.add(*render_tag_pages(catalog, tagged))
    site.add(*render_timeline(catalog))
    site.add_files({MISSING_SNIPPET: missing_counts(missing_report(catalog.papers), len(catalog.papers))})
    pages = [name for name in site.pages if name.endswith(".md") and name != SHELL_PAGE] + list(address.handwritten)
    # The one page among render_detached's files: rendered apart, it is in the sitemap all the same.
    pages += [] if detached else [FEEDS_PAGE]
    papers = [paper_page(paper.id) for paper in papers_with_pages(catalog)]
    site.add_files({SITEMAP: render_sitemap(address.url, [published_url(name) for name in pages] + papers)})
    if paper_pages:
        site.fills |= render_paper_pages(catalog, keys)
    return site


def check_renderable(catalog: Catalog) -> None:
    """Raise ValueError for a catalog no site can be made of."""
    if any(topic.slug == "index" for topic in catalog.topics):
        raise ValueError("the topic slug 'index' is reserved for the list of topics")


def render_detached(catalog: Catalog, address: SiteAddress = SiteAddress(),
                    tagged: dict[str, list[Paper]] | None = None) -> dict[str, str]:
    """The feeds, their page and the papers' search files: what no other page reads, nor any fragment of theirs.

    `tagged` is papers_by_tag(catalog), made here if not given.
    """
    feeds = render_feeds(catalog, address.url, papers_by_tag(catalog) if tagged is None else tagged)
    return {**feeds, **feed_support(feeds, address.url), **render_feeds_page(catalog, feeds, address.url),
            **render_papers_files(catalog.papers)}


def papers_with_pages(catalog: Catalog) -> list[Paper]:
    """The papers that have a page of their own (a known primary topic), in id order."""
    topics = catalog.topic_by_slug
    return [paper for paper in catalog.in_id_order if paper.primary_topic in topics]


# The kinds of fragments (Catalog.memo) render_paper_pages reads besides its own: a build keeps these in memory
# until the papers' pages are rendered, and writes every other kind to its cache before (buildcache.py).
PAPER_PAGE_READS = ("bibkey", "bibtex", "entry", "pieces")


def render_paper_pages(catalog: Catalog, keys: dict[str, str]) -> dict[str, Fill]:
    """Each paper's page, filled into the paper shell with its title and link preview; `keys` as render_site's."""
    fills = {}
    for paper in papers_with_pages(catalog):
        content, title, preview = paper_page_parts(catalog, paper, keys[paper.id])
        fills[paper_file(paper.id)] = Fill(content, SHELL_FILE, title, preview)
    return fills


def render_pages(catalog: Catalog) -> dict[str, str]:
    """The docs/ files alone, keyed by path relative to docs/."""
    return render_site(catalog).pages
