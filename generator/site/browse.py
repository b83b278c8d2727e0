"""The browse page: every paper filtered live on one page by javascripts/browse.js, and static pages without it.

The script loads one compact index (browse/index.json: what the filters, the sort and a result's card need,
column by column); its worker loads, on the first query, the words of every paper's authors and abstract
(browse/words.json, browse_words.py); and, only when asked, chunks of CHUNK_SIZE papers in the index's order:
the abstracts (browse/text/), each paper's BibTeX entry as papers.bib has it (browse/bibtex/) and its papers.json
record (browse/records/); and of LINK_CHUNK_SIZE papers the addresses of the links the script cannot make from
a paper's arXiv id (browse/links/: a card's first paint shows their labels, which the index holds). Without
JavaScript the filter form stays hidden and the page lists the newest papers, PAGE_SIZE a page, with links to the
pages that list the others.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence

from ..catalog import Catalog, Fragments, approximate_date, papers_with_cards
from ..model import Paper
from ..text.latex import latex_to_text
from .bibtex import bibtex_entry, citation_keys
from .browse_words import chunk_words, word_index
from .cards import compact_entry, compact_list, paper_links, plural, readable_title
from .exports import JSON_FORMAT_VERSION, kept_record
from .fill import Fill, built_file, stub_page
from .lists import PAGE_SIZE
from .markdown_text import html_text, plain_text

BROWSE_PAGE = "browse/index.md"
# Beside the page, so that the relative URLs work with and without directory URLs.
BROWSE_INDEX = "browse/index.json"
BROWSE_WORDS = "browse/words.json"
TEXT_CHUNKS, LINK_CHUNKS = "browse/text", "browse/links"
BIBTEX_CHUNKS, RECORD_CHUNKS = "browse/bibtex", "browse/records"
CHUNK_SERIES = (TEXT_CHUNKS, BIBTEX_CHUNKS, RECORD_CHUNKS)
# Papers per chunk file: one abstract on demand costs a chunk (about 60 KB gzipped).
CHUNK_SIZE = 200
# Papers per link chunk (about 13 KB gzipped): a query's first fifty results, from all over the list, then cost at
# most one request per 1,000 papers, not one per 200 (each response costs the page's thread some milliseconds).
LINK_CHUNK_SIZE = 1000
INDEX_VERSION = 1
# A card names the first author (and says how many there are); the others wait in the text chunks. A second
# name would cost 45 KB gzipped at 10,000 papers, and the index must stay under 500 KB.
INDEX_AUTHORS = 1
SCRIPT = "../javascripts/browse.js"


def render_browse(catalog: Catalog, keys: dict[str, str] | None = None,
                  entries: dict[str, str] | None = None) -> tuple[dict[str, str], dict[str, Fill]]:
    """The pages' stubs, the index and the chunks, keyed by their paths under docs/, and the pages' content.

    `keys` are the citation keys papers.bib gives (citation_keys over the whole list), computed here if not given;
    `entries`, papers.bib's entries by paper id, saves making them again.
    """
    papers = papers_with_cards(catalog)
    links = [split_links(paper, catalog.memo) for paper in papers]
    files = {BROWSE_INDEX: browse_index(catalog, papers, links)}
    files |= browse_chunks(catalog, papers, keys or citation_keys(catalog.papers), entries or {}, links)
    fills = {}
    pages = _static_pages(papers)
    for number, (path, listed) in enumerate(pages, start=1):
        # The list repeats every paper's title, so the pages stay out of the search index.
        front: dict = {"title": "Browse" if number == 1 else f"Browse (page {number} of {len(pages)})",
                       "search": {"exclude": True}}
        if number == 1:
            front["hide"] = ["navigation", "toc"]  # the filters and results take the page's whole width
        files[path] = stub_page(front)
        body = static_list(catalog, listed, path, pages)
        content = browse_content(catalog, papers, body) if number == 1 else body
        fills[built_file(path)] = Fill(content, built_file(path))
    return files, fills


def page_path(number: int) -> str:
    """browse/index.md, then browse/page-2.md, ... (mkdocs.yml keeps the later pages out of the nav)."""
    return BROWSE_PAGE if number == 1 else f"browse/page-{number}.md"


def _static_pages(papers: list[Paper]) -> list[tuple[str, list[Paper]]]:
    chunks = [papers[i:i + PAGE_SIZE] for i in range(0, len(papers), PAGE_SIZE)] or [[]]
    return [(page_path(n), chunk) for n, chunk in enumerate(chunks, start=1)]


def chunk_path(series: str, number: int) -> str:
    return f"{series}/{number}.json"


def _json(value) -> str:
    # Compact separators and real UTF-8: the files are read by the script, not by people.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def split_links(paper: Paper, memo: Fragments | None = None) -> tuple[list, list[str]]:
    """The card's links as paper_links gives them, for the index: those the script can make from the arXiv id as
    one letter, the others as [label]; and the addresses of those others, in the same order, for its link chunk:
    110 KB of a 10,000-paper index gzipped, which no filter reads and a card needs only once it is made. `memo` as
    paper_links takes it."""
    derived = {}
    if paper.arxiv:
        derived = {(f"arXiv:{paper.arxiv}", f"https://arxiv.org/abs/{paper.arxiv}"): "a",
                   ("PDF", f"https://arxiv.org/pdf/{paper.arxiv}"): "p",
                   ("Hugging Face", f"https://huggingface.co/papers/{paper.arxiv}"): "h"}
    codes, addresses = [], []
    for link in paper_links(paper, memo):
        code = derived.get(link)
        if code:
            codes.append(code)
        else:
            codes.append([link[0]])
            addresses.append(link[1])
    return codes, addresses


def _date(paper: Paper) -> str | None:
    """'2024-01-10' for a known date, '2024-01' when only the arXiv id tells the month."""
    if paper.published:
        return paper.published.isoformat()
    date = approximate_date(paper)
    return f"{date.year}-{date.month:02d}" if date else None


def _venue(paper: Paper) -> str | None:
    return plain_text(paper.venue) or None if paper.venue else None


def facet_values(catalog: Catalog, papers: Sequence[Paper]) -> dict[str, list[tuple[str, str, int]]]:
    """Each facet's (value, label, count) in the order its chips show: topics and tags as the vocabularies list
    them, years newest first, venues by count."""
    topics = Counter(slug for p in papers for slug in p.topics)
    tags = Counter(tag for p in papers for tag in p.tags)
    years = Counter(date.year for p in papers if (date := approximate_date(p)))
    venues = Counter(v for p in papers if (v := _venue(p)))
    in_groups = [tag.slug for group in catalog.tag_groups for tag in group.tags]
    tag_order = [t for t in in_groups if tags[t]] + sorted(set(tags) - set(in_groups))
    return {
        "topic": [(t.slug, t.title, topics[t.slug]) for t in catalog.topics if topics[t.slug]],
        "tag": [(t, t, tags[t]) for t in tag_order],
        "year": [(str(y), str(y), n) for y, n in sorted(years.items(), reverse=True)],
        "venue": [(v, v, n) for v, n in sorted(venues.items(), key=lambda item: (-item[1], item[0]))],
    }


def browse_index(catalog: Catalog, papers: Sequence[Paper], links: Sequence[tuple[list, list[str]]]) -> str:
    """The index: vocabularies, then one column per field with a value for each paper, newest first (`links`:
    split_links of each)."""
    topics = [t.slug for t in catalog.topics]
    topic_at = {slug: n for n, slug in enumerate(topics)}
    tags = sorted({tag for p in papers for tag in p.tags})
    tag_at = {tag: n for n, tag in enumerate(tags)}
    venues = sorted({v for p in papers if (v := _venue(p))})
    venue_at = {venue: n for n, venue in enumerate(venues)}
    columns: dict[str, list] = {name: [] for name in (
        "id", "arxiv", "title", "authors", "author_total", "date", "venue", "topics_of", "tags_of", "code", "upvotes",
        "links")}
    for paper, (link_codes, _) in zip(papers, links):
        venue = _venue(paper)
        row = {
            "id": paper.id,
            # 1 where the id is the arXiv id, as it is for most papers.
            "arxiv": 1 if paper.arxiv == paper.id else paper.arxiv,
            "title": readable_title(paper.title),
            "authors": [plain_text(name) for name in paper.authors[:INDEX_AUTHORS]],
            "author_total": paper.author_total,
            "date": _date(paper),
            "venue": venue_at[venue] if venue else None,
            "topics_of": [topic_at[slug] for slug in paper.topics if slug in topic_at],
            "tags_of": [tag_at[tag] for tag in paper.tags],
            "code": len(paper.links.code),
            "upvotes": paper.upvotes,
            "links": link_codes,
        }
        for name, value in row.items():
            columns[name].append(value)
    document = {
        "version": INDEX_VERSION, "count": len(papers), "chunk": CHUNK_SIZE, "link_chunk": LINK_CHUNK_SIZE,
        "json_version": JSON_FORMAT_VERSION,
        "topics": [[t.slug, plain_text(t.title)] for t in catalog.topics], "tags": tags, "venues": venues,
        **columns,
    }
    return _json(document)


def browse_chunks(catalog: Catalog, papers: Sequence[Paper], keys: dict[str, str], entries: dict[str, str],
                  links: Sequence[tuple[list, list[str]]]) -> dict[str, str]:
    """The text, BibTeX and record chunks, CHUNK_SIZE papers each in the index's order, the link chunks, and the word
    index, keyed by path."""
    out, memo, words = {}, catalog.memo, []
    for number, start in enumerate(range(0, len(papers), CHUNK_SIZE)):
        chunk = papers[start:start + CHUNK_SIZE]
        # An edit to one paper writes its chunks again, not every chunk: each is kept by what it holds.
        key = ("browse-chunks", tuple((memo.key_of(p), keys[p.id]) for p in chunk))
        made = memo.made(key, lambda: _chunk_files(chunk, keys, entries, memo))
        out |= {chunk_path(series, number): made[series] for series in CHUNK_SERIES}
        words.append(made["words"])
    for number, start in enumerate(range(0, len(papers), LINK_CHUNK_SIZE)):
        out[chunk_path(LINK_CHUNKS, number)] = _json([pair[1] for pair in links[start:start + LINK_CHUNK_SIZE]])
    out[BROWSE_WORDS] = _json(word_index(words))
    return out


def _chunk_files(chunk: Sequence[Paper], keys: dict[str, str], entries: dict[str, str], memo: Fragments) -> dict:
    """One chunk's files by series, and its papers' words (chunk_words) under "words"."""
    abstracts = [plain_text(latex_to_text(p.abstract)) if p.abstract else "" for p in chunk]
    return {
        TEXT_CHUNKS: _json({"abstracts": abstracts}),
        BIBTEX_CHUNKS: _json([entries.get(p.id) or bibtex_entry(p, keys[p.id]) for p in chunk]),
        # The records papers.json holds, put in as they are: the same JSON values as a compact encoding's, without
        # encoding every paper a second time (the indentation adds 11% to the chunks, 2% gzipped).
        RECORD_CHUNKS: "[" + ",".join([kept_record(memo, p) for p in chunk]) + "]\n",
        "words": chunk_words(["\n".join([*map(plain_text, p.authors), text]) for p, text in zip(chunk, abstracts)]),
    }


def static_list(catalog: Catalog, papers: Iterable[Paper], path: str, pages: list) -> str:
    """One static page's papers as compact entries between links to the other pages."""
    root = "../"
    items = [compact_entry(p, root, topics=catalog.topic_by_slug, memo=catalog.memo) for p in papers]
    nav = _pager(path, len(pages))
    parts = (nav, '<div class="browse-list">' + compact_list(items) + "</div>", nav)
    return '<div class="browse-static">' + "\n".join(part for part in parts if part) + "</div>"


def _pager(path: str, count: int) -> str:
    if count == 1:
        return ""
    links = []
    for n in range(1, count + 1):
        target = page_path(n)
        if target == path:
            links.append(f'<strong aria-current="page">{n}</strong>')
        else:
            # The first page is browse/, the others browse/page-<n>/ below it.
            up = "" if path == BROWSE_PAGE else "../"
            href = (up or "./") if n == 1 else f"{up}page-{n}/"
            links.append(f'<a href="{href}">{n}</a>')
    return '<nav class="list-pager" aria-label="Pages of this list">Page ' + " ".join(links) + "</nav>"


def browse_content(catalog: Catalog, papers: list[Paper], listed: str) -> str:
    """The first page: the hidden filter form, the count, the script's result list, and the static list."""
    total = plural(len(papers), "paper")
    status = f"{total}, newest first."
    if len(papers) > PAGE_SIZE:
        status = f"The newest {PAGE_SIZE} of {total}; the pages below list the others."
    return "\n".join([
        # The second sentence is for the filters, which the script shows with it.
        '<p class="browse-intro">Every paper in the list, newest first; each title leads to the paper\'s own page.'
        '<span class="browse-live-intro" hidden=""> Search them and narrow them down by topic, tag, year, venue or '
        "code: the address keeps what you choose, to share.</span></p>",
        # The script marks the layout live, which puts the filters beside the results on a wide screen.
        '<div class="browse-layout">',
        _filter_form(facet_values(catalog, papers)),
        '<div class="browse-main"><div class="browse-bar">'
        f'<p class="browse-count" role="status" aria-live="polite">{status}</p>'
        '<button type="button" class="browse-button" data-action="bibtex" hidden="">Download these as BibTeX</button>'
        "</div>",
        _my_list(),
        '<ul class="browse-results" hidden="" aria-label="Matching papers"></ul>',
        '<button type="button" class="browse-button browse-more" hidden="">Show more</button>',
        listed,
        "</div></div>",
        f'<script src="{SCRIPT}" defer></script>',
    ])


def _filter_form(facets: dict[str, list[tuple[str, str, int]]]) -> str:
    """The form as raw HTML, hidden until the script has its index; chips carry their values and counts."""
    search = (
        '<div class="browse-search"><label for="browse-q">Search</label>'
        '<input id="browse-q" type="search" name="query" autocomplete="off" spellcheck="false" '
        'aria-describedby="browse-q-hint">'
        '<p id="browse-q-hint" class="browse-hint">Searches titles, short names, ids and first authors; all authors '
        "and abstracts too once they have loaded, which starts as the box takes the focus.</p></div>"
    )
    groups = [
        _facet("topic", "Topics", facets["topic"]),
        _facet("tag", "Tags", facets["tag"], note="Press a tag once to include it, twice to exclude it."),
        _facet("year", "Years", facets["year"]),
        _facet("venue", "Venues", facets["venue"]),
    ]
    row = (
        '<div class="browse-row">'
        '<label class="browse-check"><input type="checkbox" name="code" value="1"> Has code '
        '<span class="browse-chip-count" data-count="code"></span></label>'
        '<label class="browse-sort">Sort <select name="sort"><option value="date">Newest first</option>'
        '<option value="oldest">Oldest first</option><option value="upvotes">Most upvoted</option>'
        '<option value="title">Title, A to Z</option></select></label>'
        '<button type="reset" class="browse-button">Clear all</button></div>'
    )
    return ('<form class="browse-filters" data-index="index.json" hidden="" role="search" '
            'aria-label="Filter and sort the papers">' + search + "".join(groups) + row + "</form>")


def _facet(name: str, title: str, values: list[tuple[str, str, int]], note: str = "") -> str:
    """A folding group of toggle chips; the script opens it, and keeps each chip's aria-pressed and count up to date."""
    chips = "".join(
        f'<button type="button" class="browse-chip" data-value="{html_text(value)}" aria-pressed="false">'
        f'<span class="browse-chip-label">{html_text(label)}</span> '
        # As wide as the count here, the largest it gets: other filters only lower it, so a new count never moves
        # the chips, and changes nothing but its own box.
        f'<span class="browse-chip-count" style="--digits:{len(str(count))}">{count}</span>'
        '<span class="browse-sr"> papers</span>'
        '<span class="browse-sr browse-chip-state"></span></button>'
        for value, label, count in values
    )
    hint = f'<p class="browse-hint">{note}</p>' if note else ""
    return (f'<details class="browse-facet" data-facet="{name}">'
            f'<summary>{title} <span class="browse-facet-active"></span></summary>{hint}'
            f'<div class="browse-chips" role="group" aria-label="{title}">{chips}</div></details>')


def _my_list() -> str:
    """The reader's own selection, kept in the browser: its count and what can be done with it."""
    return (
        '<div class="browse-mylist" hidden="" role="group" aria-label="My list">'
        '<span class="browse-mylist-count">My list is empty: select papers to keep them here.</span> '
        '<button type="button" class="browse-button" data-action="mine" aria-pressed="false">Show only my list</button>'
        '<button type="button" class="browse-button" data-action="mine-bibtex">BibTeX</button>'
        '<button type="button" class="browse-button" data-action="mine-json">JSON</button>'
        '<button type="button" class="browse-button" data-action="mine-clear">Clear</button></div>'
    )
