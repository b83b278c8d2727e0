"""A reader's tasks in Chromium on the site as Pages publishes it: under a project subpath, with its site_url.

The project's papers, the hostile one and two that spell Lévy either way are built once with SITE_URL set to
the address the test server gives them (http://127.0.0.1:<port>/repo/), served from /repo/ with 404.html for
any missing page, as GitHub Pages serves a project site. The browser and its checks come from test_browser.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import threading
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from browser_harness import DESKTOP, PHONE, SCREENSHOTS, Watch
from conftest import REPO, make_papers
from generator.build import build
from generator.catalog import Catalog, load_catalog
from generator.model import Paper
from generator.project import copy_project_skeleton
from generator.site import search_index
from generator.storage.store import write_paper
from generator.text.latex import latex_to_text
from test_browser import card_links
from test_feeds import A, assert_valid_atom

PREFIX = "/repo/"
# Lévy in a title, Levy in a byline: each spelling must find both.
ACCENTED = Paper(id="levy-flight-search-over-prompts", title="Lévy Flight Search over Prompts",
                 abstract="Heavy-tailed steps explore prompt space.", topics=["reasoning"], added=dt.date(2026, 11, 22))
PLAIN = Paper(id="token-budgets-for-long-reading-lists", title="Token Budgets for Long Reading Lists",
              abstract="Budgets decide what a model reads.", authors=["Omer Levy", "Ada Lovelace"], topics=["evaluation"],
              added=dt.date(2026, 11, 22))
# "An Yuwen", typed in full, must find the paper with that author first: "Yuwen" begins "Yuwenko", and "An" is a word
# lunr would drop as a stop word.
NAMED = Paper(id="reading-order-for-curated-lists", title="Reading Order for Curated Lists",
              abstract="An order in which to read a list.", authors=["Sol Parvik", "An Yuwen"], topics=["evaluation"],
              added=dt.date(2026, 11, 22))
PREFIXED = Paper(id="curated-lists-in-the-long-run", title="Curated Lists in the Long Run",
                 abstract="What keeps a list alive.", authors=["Anka Yuwenko", "Anri Yuwenla", "Anse Yuwenmo"],
                 topics=["evaluation"], added=dt.date(2026, 11, 22))
# "He" is a stop word to lunr and a name to a reader.
STOPPED = Paper(id="notes-on-reading-in-order", title="Notes on Reading in Order", abstract="Which paper comes first.",
                authors=["Mivan He", "Tolu Brask"], topics=["evaluation"], added=dt.date(2026, 11, 22))
# What Material's search needs beyond the page: its index, the papers' entries and its worker's own script.
SEARCH_FILES = re.compile(r"/search/(search_index|papers(-\d+)?)\.json$|/workers/search\.[0-9a-f]+\.min\.js$")


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """The site under PREFIX and nothing else; a missing page gets 404.html with status 404, as on GitHub Pages."""

    def log_message(self, format: str, *args) -> None:
        pass

    def send_head(self):
        path = urlsplit(self.path).path
        if not path.startswith(PREFIX) or not Path(self.translate_path(self.path)).exists():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + urlsplit(path).path.removeprefix(PREFIX))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, playwright_api) -> Iterator[tuple[str, Catalog]]:
    """(the site's address, its catalog): bound first, so the site is built for the address it is served at."""
    root = copy_project_skeleton(REPO, tmp_path_factory.mktemp("published"))
    for paper in (make_papers()[0], ACCENTED, PLAIN, NAMED, PREFIXED, STOPPED):
        write_paper(root / "data", paper)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesHandler, directory=root / "site"))
    base = f"http://127.0.0.1:{server.server_port}{PREFIX}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", base)
        # Its search index in parts of 100 papers, as a large catalog's: every query below ranks papers across them.
        env.setattr(search_index, "PART_PAPERS", 100)
        env.setattr(search_index, "FIRST_PART_PAPERS", 100)
        build(root)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, load_catalog(root / "data")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def open_page(browser, published):
    """Opens a path of the published site in a fresh context; afterwards, checks that nothing went wrong."""
    base, _ = published
    opened: list[tuple[object, Watch]] = []

    def open_(path: str, viewport: dict = DESKTOP, expect_status: int = 200, requested: list | None = None):
        """`requested`, if given, gets the path of every request the page and its workers make."""
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(10_000)
        watch = Watch(urlsplit(base).netloc)
        opened.append((context, watch))
        context.route("**/*", watch.route)
        page = context.new_page()
        watch.attach(page)
        if requested is not None:
            page.on("request", lambda request: requested.append(urlsplit(request.url).path))
        response = page.goto(urljoin(base, path))
        assert response.status == expect_status
        page.wait_for_load_state("networkidle")
        if expect_status != 200:
            # The page's own status is the point, not a problem; any other failed request still names its URL.
            own = (f"HTTP {expect_status}: {response.url}", "console error: Failed to load resource: the server "
                   f"responded with a status of {expect_status} (Not Found)")
            watch.problems = [p for p in watch.problems if p not in own]
        return page

    yield open_
    for context, _ in opened:
        context.close()
    assert [p for _, w in opened for p in w.problems] == []


def search(page, query: str) -> list[str]:
    """The result links, best first, after typing the query; results carry the words they matched, folded."""
    page.click(".md-search__input")
    page.fill(".md-search__input", "")
    # Two spellings of one query give the same links: the last results must be gone before the next are read.
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    page.keyboard.type(query)
    # Until every part of the papers is read, results come from those read so far.
    page.wait_for_selector(".md-search-result:not([aria-busy])", state="attached")
    folded = "".join(c for c in unicodedata.normalize("NFKD", query) if not unicodedata.combining(c))
    wanted = "h=" + "+".join(folded.lower().split())
    page.wait_for_function(
        "wanted => [...document.querySelectorAll('.md-search-result__link')].some(a => a.getAttribute('href').includes(wanted))",
        arg=wanted)
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.getAttribute('href'))")


def every_result(page) -> list[str]:
    """Every result link, the list scrolled to its end: Material renders ten, then four more each time it is."""
    items = ".md-search-result__item"
    total = int(re.search(r"\d+", page.inner_text(".md-search-result__meta")).group())
    while (shown := page.locator(items).count()) < total:
        # Material renders more when the list's end comes into view, not while it stays there: away, then back.
        page.eval_on_selector(".md-search__scrollwrap", "wrap => wrap.scrollTo(0, 0)")
        page.evaluate("() => new Promise(requestAnimationFrame)")
        page.eval_on_selector(".md-search__scrollwrap", "wrap => wrap.scrollTo(0, wrap.scrollHeight)")
        page.wait_for_function("([items, shown]) => document.querySelectorAll(items).length > shown", arg=[items, shown])
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.getAttribute('href'))")


def _catalog(published) -> Catalog:
    return published[1]


def _paper(catalog: Catalog, title_start: str) -> Paper:
    return next(p for p in catalog.papers if p.title.startswith(title_start))


# --- search: one result per paper, found by what a reader remembers ------------------------------


def test_a_paper_is_found_by_its_arxiv_id_its_short_name_and_an_author(open_page, published) -> None:
    catalog = _catalog(published)
    page = open_page("")
    infinite = _paper(catalog, "Infinite-LLM")
    assert card_links(search(page, infinite.arxiv))[0] == infinite.id
    fastswitch = _paper(catalog, "FastSwitch:")
    assert card_links(search(page, "FastSwitch"))[0] == fastswitch.id
    parrot = _paper(catalog, "Parrot:")
    assert card_links(search(page, parrot.authors[0]))[0] == parrot.id


def test_an_author_past_the_first_finds_the_paper_and_a_full_name_beats_names_it_begins(open_page, published) -> None:
    catalog = _catalog(published)
    words = Counter(frozenset(a.lower().split()) for p in catalog.papers for a in set(p.authors))
    paper, author = next((p, a) for p in sorted(catalog.papers, key=lambda p: p.id) if len(p.authors) >= 3
                         for a in p.authors[-1:] if words[frozenset(a.lower().split())] == 1)
    page = open_page("")
    assert card_links(search(page, author))[0] == paper.id
    results = card_links(search(page, "An Yuwen"))
    assert results[0] == NAMED.id and PREFIXED.id in results
    # Enter opens the best result: the one shown first.
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/papers/{NAMED.id}/**")


def test_an_author_named_by_a_stop_word_is_found_first(open_page, published) -> None:
    named = {p.id for p in _catalog(published).papers if any("he" in a.lower().split() for a in p.authors)}
    assert STOPPED.id in named
    results = card_links(search(open_page(""), "He"))
    assert set(results[:len(named)]) == named if len(named) <= 10 else set(results[:10]) <= named


def test_a_visit_loads_no_search_index_until_the_reader_goes_for_search(open_page, published) -> None:
    fetched: list[str] = []
    page = open_page("", requested=fetched)
    assert [path for path in fetched if path.endswith("/workers/fold.js")]  # the worker itself starts, small
    page.mouse.move(10, 400)
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(500)
    assert not [path for path in fetched if SEARCH_FILES.search(path)]
    page.keyboard.press("/")  # Material's shortcut: the search box takes the focus
    assert card_links(search(page, "FastSwitch"))
    files = {SEARCH_FILES.search(path).group(0) for path in fetched if SEARCH_FILES.search(path)}
    parts = -(-len(_catalog(published).papers) // 100)
    assert parts > 1 and {f for f in files if "/papers" in f} == {"/search/papers.json"} | {
        f"/search/papers-{n}.json" for n in range(parts - 1)}
    assert len(files) == parts + 2
    # The worker fetches the pages' index itself; the page does not fetch it again.
    assert len([path for path in fetched if path.endswith("/search/search_index.json")]) == 1


def test_a_shared_search_address_shows_its_results(open_page) -> None:
    page = open_page("?q=FastSwitch")
    page.wait_for_selector(".md-search-result__item")
    assert card_links(page.eval_on_selector_all(".md-search-result__link", "ls => ls.map(a => a.getAttribute('href'))"))


def test_either_spelling_finds_the_other(open_page, published) -> None:
    page = open_page("")
    h2o = _paper(_catalog(published), "H$_2$O")
    for query in ("H2O", "H₂O"):
        assert card_links(search(page, query))[0] == h2o.id
    for query in ("Lévy", "Levy"):
        assert set(card_links(search(page, query))[:2]) == {ACCENTED.id, PLAIN.id}, query


def test_a_papers_file_that_cannot_be_read_leaves_the_pages_searchable(browser, published) -> None:
    base, _ = published
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    try:
        # Readable JSON without the columns: the worker stops reading it part way.
        context.route("**/search/papers.json", lambda route: route.fulfill(
            status=200, content_type="application/json", body='{"page": "papers/{id}/", "id": ["2401.00001"]}'))
        page = context.new_page()
        page.goto(urljoin(base, ""))
        results = search(page, "serving")
        assert not card_links(results) and any(urlsplit(r).path.endswith("/topics/serving/") for r in results)
    finally:
        context.close()


@contextmanager
def _holding(browser, pattern: str):
    """A desktop context whose requests matching `pattern` wait, their routes listed, until the test continues them."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    held = []
    try:
        context.route(re.compile(pattern), lambda route: held.append(route))
        yield context, held
    finally:
        context.close()


def test_a_first_search_is_answered_from_the_first_part_then_again_from_every_part(browser, published) -> None:
    base, catalog = published
    fastswitch = _paper(catalog, "FastSwitch:")
    # The first file holds the papers of the last ids; FastSwitch is in a part fetched after it.
    assert sorted(p.id for p in catalog.papers).index(fastswitch.id) < len(catalog.papers) - 100
    with _holding(browser, r"/search/papers-\d+\.json$") as (context, held):
        page = context.new_page()
        page.goto(urljoin(base, ""))
        page.click(".md-search__input")
        page.keyboard.type("FastSwitch")
        # Nothing the first file holds matches: no paper, and no page says "FastSwitch".
        page.wait_for_function("() => /no matching/i.test(document.querySelector('.md-search-result__meta').textContent)")
        assert page.get_attribute(".md-search-result", "aria-busy") == "true"
        # The later parts' requests, made after that first answer, reach the route in their own time.
        later = (len(catalog.papers) - 1) // 100
        for _ in range(200):
            if len(held) == later:
                break
            page.wait_for_timeout(50)
        assert len(held) == later
        for route in held:
            route.continue_()
        page.wait_for_selector(".md-search-result:not([aria-busy])", state="attached")
        links = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.getAttribute('href'))")
        assert card_links(links)[0] == fastswitch.id


def test_a_first_query_is_answered_before_materials_script_has_run(browser, published) -> None:
    base, catalog = published
    # A paper of the first file, found by its title.
    paper = sorted(catalog.papers, key=lambda p: p.id)[-1]
    with _holding(browser, r"/workers/search\.[0-9a-f]+\.min\.js$") as (context, held):
        page = context.new_page()
        page.goto(urljoin(base, ""))
        page.click(".md-search__input")
        page.keyboard.type(latex_to_text(paper.title))
        page.wait_for_selector(".md-search-result__item")
        links = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.getAttribute('href'))")
        assert paper.id in card_links(links) and len(card_links(links)) == len(links)
        assert page.get_attribute(".md-search-result", "aria-busy") == "true" and len(held) == 1
        held[0].continue_()
        page.wait_for_selector(".md-search-result:not([aria-busy])", state="attached")
        # lunr, set up once the script came, answers for the pages.
        search(page, "serving")
        assert any(urlsplit(r).path.endswith("/topics/serving/") for r in every_result(page))


def test_search_on_a_phone_leaves_the_page_unstyled_behind_it_and_where_it_was(open_page) -> None:
    page = open_page("", viewport=PHONE)
    page.evaluate("() => window.scrollTo(0, 400)")
    scrolled = page.evaluate("() => window.scrollY")
    assert scrolled > 0
    page.click("label.md-header__button[for=__search]")
    assert card_links(search(page, "Lévy"))
    content = "() => getComputedStyle(document.querySelector('.md-container')).contentVisibility"
    assert page.evaluate(content) == "hidden"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "search-levy-390.png")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.body.hasAttribute('data-md-scrolllock')")
    assert page.evaluate(content) == "visible" and page.evaluate("() => window.scrollY") == scrolled


def test_results_are_papers_first_with_their_own_tags_real_titles_and_whole_links(open_page, published) -> None:
    catalog = _catalog(published)
    page = open_page("")
    assert "/papers/" in search(page, "serving")[0]
    # A result shows the opening lines of its abstract, not all of it.
    lines = page.eval_on_selector(".md-search-result__article > p",
                                  "p => p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight)")
    assert 1 <= lines <= 4.5
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "search-serving-1280.png")
    results = every_result(page)
    papers = card_links(results)
    topic = next(i for i, href in enumerate(results) if urlsplit(href).path.endswith("/topics/serving/"))
    assert len(papers) >= 5 and topic >= len(papers)
    items = page.locator(".md-search-result__item")
    topic_item = items.filter(has=page.locator(".md-search-result__link[href*='topics/serving/']"))
    assert topic_item.locator(".md-tag").count() == 0  # a topic page brings no tag cloud into its result
    quip = _paper(catalog, "QuIP:")
    search(page, "QuIP github")
    first = page.locator(".md-search-result__item").first
    assert " ".join(first.locator("h1").inner_text().split()) == latex_to_text(quip.title)
    assert sorted(first.locator(".md-tag").all_inner_texts()) == sorted(quip.tags)
    text = first.inner_text()
    assert "https://github.com/jerry-chee/QuIP" in text and " //github.com" not in text


def test_papers_are_drawn_in_a_list_above_the_pages_and_the_keys_go_through_both(open_page) -> None:
    page = open_page("")
    search(page, "serving")
    results = every_result(page)
    lists = page.eval_on_selector_all(".md-search-result__list", "ls => ls.map(l => [...l.querySelectorAll('a')].map(a => a.getAttribute('href')))")
    # The papers' list first (docs/javascripts/search.js), then Material's with the pages alone, all counted.
    assert len(lists) == 2 and lists[0] + lists[1] == results
    assert card_links(lists[0]) and len(card_links(lists[0])) == len(lists[0]) and lists[1] and not card_links(lists[1])
    assert int(re.search(r"\d+", page.inner_text(".md-search-result__meta")).group()) == len(results)
    page.focus(".md-search__input")
    focused = []
    for _ in range(len(results)):
        page.keyboard.press("ArrowDown")
        focused.append(page.evaluate("() => document.activeElement.getAttribute('href')"))
    assert focused == results


# --- feeds for people -----------------------------------------------------------------------------


def test_a_topic_feed_opens_as_a_page_with_its_entries_and_a_subscribe_hint(open_page, published) -> None:
    base, _ = published
    page = open_page("topics/serving/")
    announced = page.get_attribute("head link[rel=alternate][href$='feeds/serving.xml']", "href")
    feed = assert_valid_atom(page.request.get(urljoin(page.url, announced)).text())
    page.click("article a[href$='feeds/serving.xml']")
    page.wait_for_selector("p.hint")
    assert page.url == base + "feeds/serving.xml"
    assert page.inner_text("h1") == feed.find(f"{A}title").text == "LLM Reading List: Inference & Serving"
    assert page.inner_text("p.hint code") == base + "feeds/serving.xml"
    titles = [" ".join(t.split()) for t in page.locator("li h2").all_inner_texts()]
    assert titles == [" ".join(e.find(f"{A}title").text.split()) for e in feed.findall(f"{A}entry")] and titles
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.screenshot(path=SCREENSHOTS / f"feed-{viewport['width']}.png")
    page.locator("li h2 a").first.click()
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).path.startswith(PREFIX + "papers/")


def test_a_tag_page_announces_and_links_its_own_feed(open_page, published) -> None:
    page = open_page("tags/kv-cache/")
    announced = page.get_attribute("head link[rel=alternate][href$='feeds/tags/kv-cache.xml']", "href")
    visible = page.get_attribute("article a[href$='feeds/tags/kv-cache.xml']", "href")
    assert urljoin(page.url, announced) == urljoin(page.url, visible)
    feed = assert_valid_atom(page.request.get(urljoin(page.url, visible)).text())
    assert len(feed.findall(f"{A}entry")) == page.locator("article a.paper-title").count() > 0


# --- addresses ------------------------------------------------------------------------------------


def test_the_404_page_is_styled_under_the_project_subpath(open_page, published) -> None:
    base, _ = published
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = open_page("no/such/page/", expect_status=404)
    styled = page.evaluate("""() => [...document.styleSheets].filter(s => s.href && s.href.includes('/repo/assets/')
                                                                 && s.cssRules.length > 0).length""")
    assert styled >= 1
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    home = page.get_attribute(".md-header__button.md-logo", "href")
    assert urljoin(page.url, home) == base
    page.screenshot(path=SCREENSHOTS / "404-1280.png")


def test_a_shared_paper_address_is_canonical_and_previews(open_page, published) -> None:
    base, catalog = published
    paper = _paper(catalog, "H$_2$O")
    page = open_page(f"papers/{paper.id}/")
    assert page.get_attribute("link[rel=canonical]", "href") == base + f"papers/{paper.id}/"
    assert page.get_attribute("meta[property='og:url']", "content") == base + f"papers/{paper.id}/"
    assert page.get_attribute("meta[property='og:title']", "content") == latex_to_text(paper.title)
    sitemap = ET.fromstring(page.request.get(base + "sitemap.xml").body())
    locs = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {base + f"papers/{p.id}/" for p in catalog.papers if p.primary_topic in catalog.topic_by_slug} <= locs
