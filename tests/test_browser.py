"""The built site in a real browser: search, links to paper pages, filters, downloads, accessibility, screenshots.

One site is built from the project's own data (plus one paper of hostile text), served on 127.0.0.1 by a
threaded http.server, and driven with Playwright through Debian's Chromium: Playwright's own browser
download does not work on these machines. Every request to another host is aborted and fails the test,
as does any console error, page error or dialog. Without Chromium the tests skip locally; in CI
(CI=true) they fail instead, so that a missing browser can never pass for a green run.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import bibtexparser
import pytest

from conftest import REPO, make_papers
from generator.build import build
from generator.catalog import Catalog, load_catalog
from generator.model import Paper
from generator.project import copy_project_skeleton
from generator.site.bibtex import bibtex_key
from generator.storage.store import write_paper
from generator.text.latex import latex_to_text
from test_feeds import assert_valid_atom

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Chromium as a headless test browser: no sandbox (tests may run as root) and none of its own traffic.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = REPO / "tests" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _browser_or_skip():
    """Playwright's sync API, or a skip (a failure in CI) saying what is missing."""
    missing = None
    try:
        from playwright import sync_api
    except ImportError:
        missing = "Playwright is not installed (pip install -e '.[test]')"
    if missing is None and not CHROMIUM.exists():
        missing = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}: CI must run the browser tests")
        pytest.skip(missing)
    return sync_api


# --- the site, its server and the browser, shared by the whole module ---------------------------


@pytest.fixture(scope="module")
def sync_api():
    return _browser_or_skip()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, sync_api) -> Path:
    """The project's own papers, the hostile one in place of its namesake, built once."""
    root = copy_project_skeleton(REPO, tmp_path_factory.mktemp("site"))
    write_paper(root / "data", make_papers()[0])
    build(root)
    return root


@pytest.fixture(scope="module")
def catalog(project: Path) -> Catalog:
    return load_catalog(project / "data")


@pytest.fixture(scope="module")
def base_url(project: Path) -> Iterator[str]:
    """The site served on 127.0.0.1 at a free port, for as long as the module's tests run."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=project / "site"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser(sync_api):
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """What a page did that it should not: requests to other hosts, failed responses, console and page errors, dialogs."""

    def __init__(self, origin: str):
        self.origin = origin
        self.problems: list[str] = []

    def route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == self.origin:
            route.continue_()
        else:
            self.problems.append(f"request to another host: {url}")
            route.abort()

    def attach(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))


@pytest.fixture
def open_page(browser, base_url: str):
    """A function that opens a site path in a fresh context; checks afterwards that nothing went wrong."""
    watches: list[Watch] = []
    contexts = []

    def open_(path: str, viewport: dict = DESKTOP, **context_options):
        context = browser.new_context(viewport=viewport, **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        watch = Watch(urlsplit(base_url).netloc)
        watches.append(watch)
        context.route("**/*", watch.route)
        page = context.new_page()
        watch.attach(page)
        page.goto(urljoin(base_url, path))
        page.wait_for_load_state("networkidle")
        return page

    yield open_
    for context in contexts:
        context.close()
    assert [p for w in watches for p in w.problems] == []


def paper_titled(catalog: Catalog, start: str) -> Paper:
    return next(p for p in catalog.papers if p.title.startswith(start))


def search(page, query: str) -> list[str]:
    """The result links, best first, after typing the query into Material's search box."""
    page.click(".md-search__input")
    page.fill(".md-search__input", "")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item")
    # Results for an earlier query stay on screen until the new ones replace them; a section's link carries its query.
    wanted = "h=" + "+".join(query.lower().split())
    page.wait_for_function(
        "wanted => [...document.querySelectorAll('.md-search-result__link')].some(a => a.getAttribute('href').includes(wanted))",
        arg=wanted)
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.getAttribute('href'))")


def card_links(results: list[str]) -> list[str]:
    """The ids of the results that are paper pages (papers/<id>/), in rank order."""
    parts = [urlsplit(href).path.rstrip("/").split("/") for href in results]
    return [path[-1] for path in parts if len(path) >= 2 and path[-2] == "papers"]


# --- search -------------------------------------------------------------------------------------


@pytest.mark.parametrize("query, title", [
    ("Oobleck", "Oobleck:"), ("QuIP", "QuIP:"), ("Maestro", "Maestro:"),
])
def test_search_ranks_a_papers_card_first_for_a_word_of_its_title(open_page, catalog, query, title) -> None:
    page = open_page("")
    assert card_links(search(page, query))[0] == paper_titled(catalog, title).id


def test_search_finds_a_phrase_from_an_abstract_and_an_arxiv_id(open_page, catalog) -> None:
    page = open_page("")
    quip = paper_titled(catalog, "QuIP:")
    assert quip.id in card_links(search(page, "adaptive rounding procedure"))
    trust = next(p for p in catalog.papers if p.arxiv == "2310.16355")
    assert trust.id in card_links(search(page, "2310.16355"))


def test_search_finds_a_paper_by_its_tag(open_page, catalog) -> None:
    page = open_page("")
    # a tag name as the query: the best match is a paper carrying that tag
    cards = card_links(search(page, "survey"))
    tagged = {p.id for p in catalog.papers if "survey" in p.tags}
    assert cards and cards[0] in tagged


def test_search_typed_in_ascii_finds_a_subscripted_name_ahead_of_any_topic_page(open_page, catalog) -> None:
    page = open_page("")
    h2o = paper_titled(catalog, "H$_2$O")
    results = search(page, "H2O")
    assert card_links(results)[0] == h2o.id
    assert results[0] == min(results, key=lambda href: "/papers/" not in href)


def test_a_search_result_lands_on_the_paper_page(open_page, catalog) -> None:
    page = open_page("")
    search(page, "Oobleck")
    page.click(".md-search-result__link[href*='papers/']")
    page.wait_for_load_state("networkidle")
    paper = paper_titled(catalog, "Oobleck:")
    assert urlsplit(page.url).path.endswith(f"/papers/{paper.id}/")
    assert " ".join(page.inner_text("h1").split()) == " ".join(latex_to_text(paper.title).split())


# --- links to paper pages ----------------------------------------------------------------------


def test_an_also_relevant_link_lands_on_the_paper_page(open_page, catalog) -> None:
    topic = next(t for t in catalog.topics if catalog.secondary.get(t.slug))
    page = open_page(f"topics/{topic.slug}/")
    link = page.locator("#also_relevant ~ ul a.paper-title").first
    paper_id = link.get_attribute("href").split("/")[-2]
    link.click()
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).path.endswith(f"/papers/{paper_id}/")
    assert " ".join(page.inner_text("h1").split()) == " ".join(latex_to_text(catalog.by_id[paper_id].title).split())


def test_a_tag_link_leads_through_its_tag_page_to_the_paper_page(open_page, catalog) -> None:
    paper = next(p for p in catalog.papers if p.tags and p.primary_topic in catalog.topic_by_slug)
    page = open_page(f"topics/{paper.primary_topic}/")
    entry = page.locator(f"li[id='{paper.id}']")
    entry.locator(f"a.paper-tag[href$='tags/{paper.tags[0]}/']").click()
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).path.endswith(f"/tags/{paper.tags[0]}/")
    page.locator(f"a.paper-title[href$='papers/{paper.id}/']").first.click()
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).path.endswith(f"/papers/{paper.id}/")


def test_an_old_card_address_still_finds_the_paper(open_page, catalog) -> None:
    paper = next(p for p in catalog.papers if p.primary_topic in catalog.topic_by_slug)
    page = open_page(f"topics/{paper.primary_topic}/#{paper.id}")
    assert page.locator(f"[id='{paper.id}']").is_visible()
    assert 0 <= page.locator(f"[id='{paper.id}']").bounding_box()["y"] < DESKTOP["height"] / 2
    elsewhere = next(t.slug for t in catalog.topics if t.slug not in paper.topics)
    page = open_page(f"topics/{elsewhere}/#{paper.id}")
    page.wait_for_url(f"**/papers/{paper.id}/")
    assert " ".join(page.inner_text("h1").split()) == " ".join(latex_to_text(paper.title).split())


def test_the_hostile_title_is_text_on_every_page_that_shows_it(open_page) -> None:
    for path in ("topics/serving/", "browse/", "papers/2401.05561/"):
        page = open_page(path)
        assert page.locator("text=<script>alert(1)</script>").count() >= 1


# The browse page's own tests are in tests/test_browser_browse.py.


# --- feeds and downloads ------------------------------------------------------------------------


def test_the_feed_is_announced_and_downloads(open_page, base_url, catalog) -> None:
    page = open_page("topics/serving/")
    href = page.get_attribute('link[rel="alternate"][type="application/atom+xml"]', "href")
    response = page.request.get(urljoin(page.url, href))
    assert response.ok
    feed = assert_valid_atom(response.text())
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 50
    topic_feed = page.get_attribute("a[href$='feeds/serving.xml']", "href")
    assert_valid_atom(page.request.get(urljoin(page.url, topic_feed)).text())


@pytest.mark.parametrize("link, check", [
    ("papers.bib", "bib"), ("papers.json", "json"), ("topics/compression.bib", "bib"),
])
def test_downloads_download(open_page, catalog, tmp_path: Path, link: str, check: str) -> None:
    page = open_page("downloads/")
    with page.expect_download() as download:
        page.click(f"a[href='{link}']")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    expected = (len(catalog.papers) if link.startswith("papers")
                else sum(1 for p in catalog.papers if "compression" in p.topics))
    if check == "bib":
        library = bibtexparser.parse_string(text)
        assert not library.failed_blocks and len(library.entries) == expected
    else:
        assert len(json.loads(text)["papers"]) == expected


def test_a_papers_bibtex_copies_to_the_clipboard(open_page, catalog) -> None:
    paper = paper_titled(catalog, "QuIP:")
    page = open_page(f"papers/{paper.id}/", permissions=["clipboard-read", "clipboard-write"])
    card = page.locator("article")
    card.locator("details.cite summary").click()
    code = card.locator("details.cite pre code")
    assert code.inner_text().startswith(f"@misc{{{bibtex_key(paper)},")
    card.locator("details.cite button[data-md-type=copy]").click()
    assert page.evaluate("navigator.clipboard.readText()") == code.inner_text().rstrip("\n")


# --- accessibility, screenshots, weight --------------------------------------------------------

PAGES = {"home": "", "topic": "topics/serving/", "paper": "papers/2401.05561/", "browse": "browse/", "downloads": "downloads/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violation(open_page, name: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(PAGES[name], color_scheme=scheme)
    page.eval_on_selector_all("details", "all => all.forEach(d => d.open = true)")  # check what they hide too
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots(open_page, viewport: dict) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        page = open_page(path, viewport=viewport)
        page.screenshot(path=SCREENSHOTS / f"{name}-{viewport['width']}.png", full_page=name in ("home", "downloads"))
    page = open_page("browse/?topic=compression&code=1", viewport=viewport)
    page.screenshot(path=SCREENSHOTS / f"browse-filtered-{viewport['width']}.png")


def test_page_weight_on_first_load(browser, base_url: str) -> None:
    """Bytes a first visit transfers (raw, and gzip as most hosts would send it); written beside the screenshots."""
    report = {}
    for name in ("home", "topic", "paper"):
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(urljoin(base_url, PAGES[name]))
        page.wait_for_load_state("networkidle")
        raw = gzipped = 0
        for request in finished:
            sizes = request.sizes()
            body = request.response().body()
            raw += sizes["responseHeadersSize"] + sizes["responseBodySize"]
            gzipped += sizes["responseHeadersSize"] + len(gzip.compress(body, mtime=0))
        report[name] = {"requests": len(finished), "bytes": raw, "gzip_bytes": gzipped}
        context.close()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "page-weight.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    # Material's scripts, styles and the search index are most of it; a budget keeps growth in sight.
    assert all(r["gzip_bytes"] < 400_000 for r in report.values()), report
