"""The built site in a real browser: search, links to paper pages, filters, downloads, accessibility, screenshots.

The site, its server and Chromium come from tests/browser_harness.py, shared with every browser test file.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import bibtexparser
import pytest

from browser_harness import DESKTOP, PHONE, SCREENSHOTS, follow, heading, paper_titled
from conftest import REPO
from generator.catalog import Catalog, approximate_date, newest_additions, newest_first_key, papers_with_cards
from generator.site.bibtex import bibtex_entry, bibtex_key
from generator.site.lists import ListPage, pager
from generator.text.latex import latex_to_text
from test_feeds import assert_valid_atom

sys.path.insert(0, str(REPO / "bench"))
import page_weight  # noqa: E402  (bench/page_weight.py: the same count the benchmark makes)


@pytest.fixture(scope="module")
def catalog(site_catalog: Catalog) -> Catalog:
    """The built site's catalog, under the name these tests have always used (conftest's is the five papers)."""
    return site_catalog


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
    # Browse lists the cards near the view only: the query brings the paper's card, which its script places.
    for path in ("topics/serving/", "browse/?query=2401.05561", "papers/2401.05561/"):
        page = open_page(path)
        page.locator("text=<script>alert(1)</script>").first.wait_for(state="attached")
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


# --- reader tasks across pages -------------------------------------------------------------------


def test_the_newest_papers_are_first_on_the_home_page_and_the_timeline(open_page, catalog) -> None:
    listed = papers_with_cards(catalog)
    # On a phone, where Material hides the tabs, the link under What's new is the way to the timeline.
    page = open_page("", viewport=PHONE)
    whats_new = page.eval_on_selector_all("#whats_new ~ ul.paper-list li.paper-entry", "items => items.map(li => li.dataset.paper)")
    assert whats_new[:3] == [p.id for p in newest_additions(listed)[:3]]
    assert follow(page, page.locator("#whats_new ~ p a[href$='timeline/']")).endswith("/timeline/")
    shown = page.eval_on_selector_all("li.paper-entry", "items => items.slice(0, 5).map(li => li.dataset.paper)")
    newest = sorted(listed, key=newest_first_key)
    assert shown == [p.id for p in newest[:5]]
    # The first entry's date is the latest date any paper has.
    assert approximate_date(catalog.by_id[shown[0]]) == max(d for p in listed if (d := approximate_date(p)))


def test_a_paper_page_leads_to_its_related_papers(open_page, catalog) -> None:
    paper = paper_titled(catalog, "QuIP:")
    related = [r.id for r in catalog.related[paper.id] if catalog.by_id[r.id].primary_topic in catalog.topic_by_slug]
    page = open_page(f"papers/{paper.id}/")
    links = page.locator("#related_papers + ul a.paper-title")
    assert [href.split("/")[-2] for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")] == related
    assert follow(page, links.first).endswith(f"/papers/{related[0]}/")
    assert heading(page) == " ".join(latex_to_text(catalog.by_id[related[0]].title).split())


# --- topic pages: no chips, a short table of contents, the taxonomy's order, targets, phones --------


def test_a_topic_page_has_no_chips_over_its_title_and_its_sections_as_contents(open_page, catalog) -> None:
    topic = catalog.topic_by_slug["serving"]
    page = open_page("topics/serving/")
    assert page.locator(".md-content .md-tags, .md-content .md-tag").count() == 0
    assert page.locator(".md-content h1 ~ *").first.evaluate("e => e.matches('.generated-fill')")
    contents = page.locator(".md-sidebar--secondary nav.md-nav--secondary a.md-nav__link")
    titles = [" ".join(t.split()) for t in contents.all_inner_texts()]
    years = []
    for paper in catalog.primary[topic.slug]:
        date = approximate_date(paper)
        year = str(date.year) if date else "Undated"
        if year not in years:
            years.append(year)
    assert titles == ["Papers", *years, "Also relevant", "Related topics"]
    assert len(titles) < len(catalog.primary[topic.slug]) / 2  # sections, not a line a paper
    for href in contents.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert page.locator(f"[id='{href.removeprefix('#')}']").count() == 1, href


def test_the_sidebar_lists_the_topics_in_the_taxonomys_order(open_page, catalog) -> None:
    page = open_page("topics/")
    grid = [a.split("/")[-2] for a in page.eval_on_selector_all(".topic-grid a", "links => links.map(a => a.href)")]
    sidebar = [a.split("/")[-2] for a in page.eval_on_selector_all(
        ".md-sidebar--primary .md-nav__item--active nav a.md-nav__link[href*='/']", "links => links.map(a => a.href)")]
    taxonomy = [t.slug for t in catalog.topics]
    assert grid == taxonomy and sidebar == taxonomy and taxonomy != sorted(taxonomy)
    # The next page (Material's "n" key, the head's rel="next") is the taxonomy's first topic too.
    assert page.get_attribute('link[rel="next"]', "href").rstrip("/").split("/")[-1] == taxonomy[0]


# Every link and button of a list, and the copy button of a paper's BibTeX.
TARGETS = ("ul.paper-list a, nav.list-pager a, ul.related-topics a, .paper-links a, .paper-tags a, "
           "details.cite summary, details.cite button")
WCAG_TARGET = 24


def too_small_targets(page) -> list[str]:
    """The targets smaller than 24 x 24 CSS px whose 24 px circle meets another target (WCAG 2.2, 2.5.8)."""
    page.eval_on_selector_all("details.cite", "all => all.forEach(d => d.open = true)")
    boxes = page.eval_on_selector_all(TARGETS, """targets => targets.filter(t => t.getClientRects().length).map(t => {
        const r = t.getBoundingClientRect();
        return {name: t.outerHTML.slice(0, 80), x: r.left, y: r.top + scrollY, w: r.width, h: r.height};
    })""")
    assert boxes

    def centre(box):
        return box["x"] + box["w"] / 2, box["y"] + box["h"] / 2

    def meets_box(point, box):
        nearest_x = min(max(point[0], box["x"]), box["x"] + box["w"])
        nearest_y = min(max(point[1], box["y"]), box["y"] + box["h"])
        return (nearest_x - point[0]) ** 2 + (nearest_y - point[1]) ** 2 < (WCAG_TARGET / 2) ** 2

    small = [b for b in boxes if b["w"] < WCAG_TARGET or b["h"] < WCAG_TARGET]
    crowded = []
    for box in small:
        others = [o for o in boxes if o is not box]
        near_small = [o for o in small if o is not box and math.dist(centre(box), centre(o)) < WCAG_TARGET]
        if any(meets_box(centre(box), o) for o in others) or near_small:
            crowded.append(f"{box['w']:.0f}x{box['h']:.0f} {box['name']}")
    return crowded


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_target_in_lists_and_on_a_paper_page_is_24px_or_spaced(open_page, catalog, viewport) -> None:
    paper = paper_titled(catalog, "QuIP:")
    # Home and the timeline show the same entries as a topic or tag page.
    for path in ("topics/serving/", f"tags/{paper.tags[0]}/", f"papers/{paper.id}/"):
        page = open_page(path, viewport=viewport)
        assert too_small_targets(page) == [], path


def test_a_long_lists_page_numbers_are_24px_targets(open_page, catalog) -> None:
    # No shipped list is long enough to be split: the generator's pager for a twelve-page list is put into a real
    # topic page and measured with the site's own stylesheets (test_crosslinks checks where its links go).
    first = "topics/serving.md"
    nav = pager(ListPage(first, 1, 12, []), first)
    page = open_page("topics/serving/", viewport=PHONE)
    page.eval_on_selector(".generated-fill", "(slot, nav) => slot.insertAdjacentHTML('afterbegin', nav)", nav)
    assert page.locator("nav.list-pager a").count() == 11
    assert too_small_targets(page) == []


def test_a_paper_page_with_a_long_bibtex_does_not_scroll_sideways_on_a_phone(open_page, catalog) -> None:
    listed = papers_with_cards(catalog)
    paper = max(listed, key=lambda p: max(len(line) for line in bibtex_entry(p).splitlines()))
    assert max(len(line) for line in bibtex_entry(paper).splitlines()) > 60  # wider than a phone's code block
    page = open_page(f"papers/{paper.id}/", viewport=PHONE)
    page.click("details.cite summary")
    code = page.locator("details.cite pre code")
    assert code.is_visible()
    widths = page.evaluate("""() => ({page: document.documentElement.scrollWidth, view: innerWidth,
        code: [...document.querySelectorAll('pre > code')].map(c => c.scrollWidth - c.clientWidth)})""")
    assert widths["page"] <= widths["view"] and widths["code"] and max(widths["code"]) <= 0, widths


# --- accessibility, screenshots, weight --------------------------------------------------------

# The browse page has its own axe checks and screenshots, in use, in tests/test_browser_browse.py.
PAGES = {"home": "", "topic": "topics/serving/", "tag": "tags/kv-cache/", "paper": "papers/2401.05561/", "downloads": "downloads/"}


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
        page.eval_on_selector_all("details.cite", "all => all.forEach(d => d.open = true)")  # the BibTeX, wrapped
        page.screenshot(path=SCREENSHOTS / f"{name}-{viewport['width']}.png", full_page=name in ("home", "paper", "downloads"))


def test_page_weight_on_first_load(browser, base_url: str, built_site: Path) -> None:
    """Bytes a first visit downloads (raw, and gzipped as most hosts send it), as bench/page_weight.py counts them;
    written beside the screenshots."""
    report = {}
    for name, path in page_weight.pages_to_weigh(built_site / "site").items():
        weight = page_weight.weigh(browser, base_url, name, path)
        assert weight.other_hosts == [] and weight.by_kind.get("css") and weight.by_kind.get("js"), weight
        assert "search" not in weight.by_kind, weight  # the search index waits until the reader goes for search
        report[name] = {"path": path, "requests": weight.requests, "bytes": weight.raw, "gzip_bytes": weight.gzip,
                        "gzip_by_kind": weight.by_kind}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "page-weight.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    # Material's scripts, styles and the search index are most of it; a budget keeps growth in sight.
    assert sorted(report) == ["browse", "home", "paper", "topic"]
    assert all(r["gzip_bytes"] < 400_000 for r in report.values()), report
