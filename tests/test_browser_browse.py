"""The browse page in Chromium: live filters and their counts, sorting, the address, downloads, my list, no-JS, axe.

It drives the site tests/browser_harness.py builds and serves, with its browser and its watch for requests to
other hosts, console errors and failed responses. Expected results come from the built project's catalog.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import bibtexparser
import pytest
from browser_harness import DESKTOP, PHONE, SCREENSHOTS

from generator.catalog import Catalog, approximate_date
from generator.model import Paper
from generator.site.bibtex import citation_keys
from generator.site.cards import paper_links

# Cards the list starts with and adds as its end nears the view (browse.js).
BATCH = 20


@pytest.fixture
def browse(open_page):
    """A function that opens the browse page (with a query string) once its script has shown the filters."""

    def open_(query: str = "", **options):
        page = open_page("browse/" + query, **options)
        page.wait_for_selector("form.browse-filters:not([hidden])")
        return page

    return open_


def shown_ids(page) -> list[str]:
    """The papers whose cards are shown, once the list is complete (the first cards come before the others)."""
    page.wait_for_selector(".browse-results:not([aria-busy])", state="attached")
    return page.eval_on_selector_all(".browse-results > li", "items => items.map(li => li.dataset.paper)")


def expect_first(page, expected: list[str], at_least: int = BATCH) -> list[str]:
    """The cards shown, which must be the first of `expected`, at least `at_least` of them (the list also grows by
    itself while its end is near the view)."""
    shown = shown_ids(page)
    assert len(shown) >= min(at_least, len(expected)) and shown == expected[:len(shown)]
    return shown


def count_text(page) -> str:
    return page.inner_text(".browse-count")


def chip(page, facet: str, value: str):
    return page.locator(f".browse-facet[data-facet={facet}] .browse-chip[data-value='{value}']")


def chip_count(page, facet: str, value: str) -> int:
    """The chip's count once its group has every count right (chips off the screen get theirs a frame later)."""
    page.wait_for_selector(f".browse-facet[data-facet={facet}] .browse-chips:not([aria-busy])", state="attached")
    return int(chip(page, facet, value).locator(".browse-chip-count").inner_text())


def open_facet(page, facet: str) -> None:
    details = page.locator(f".browse-facet[data-facet={facet}]")
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def year(paper: Paper) -> int | None:
    date = approximate_date(paper)
    return date.year if date else None


def expect_status(page, found: int, total: int) -> None:
    expected = f"{total} papers." if found == total else f"{found} of {total} papers."
    page.wait_for_function("text => document.querySelector('.browse-count').textContent.startsWith(text)", arg=expected)


def test_quantization_papers_with_code_from_2024_one_interaction_per_filter(browse, site_catalog: Catalog) -> None:
    page = browse()
    papers, total = site_catalog.papers, len(site_catalog.papers)
    expect_first(page, [p.id for p in papers])

    open_facet(page, "tag")
    chip(page, "tag", "quantization").click()
    quantized = [p for p in papers if "quantization" in p.tags]
    expect_status(page, len(quantized), total)
    expect_first(page, [p.id for p in quantized])
    assert chip(page, "tag", "quantization").get_attribute("aria-pressed") == "true"
    # The other facets count within the quantization papers.
    assert chip_count(page, "year", "2024") == sum(1 for p in quantized if year(p) == 2024)
    assert int(page.inner_text("[data-count=code]")) == sum(1 for p in quantized if p.links.code)

    page.check("input[name=code]")
    with_code = [p for p in quantized if p.links.code]
    expect_status(page, len(with_code), total)
    assert chip_count(page, "year", "2024") == sum(1 for p in with_code if year(p) == 2024)
    # A chip that is on counts what its group would give without it: all quantization papers with code.
    assert chip_count(page, "tag", "quantization") == len(with_code)

    chip(page, "year", "2024").click()
    wanted = [p.id for p in with_code if year(p) == 2024]
    expect_status(page, len(wanted), total)
    assert shown_ids(page) == wanted and wanted
    # Years are one group: another year's chip counts the papers it would add.
    assert chip_count(page, "year", "2023") == sum(1 for p in with_code if year(p) == 2023)
    page.wait_for_function("() => location.search.includes('year=2024')")
    assert parse_qs(urlsplit(page.url).query) == {"tag": ["quantization"], "year": ["2024"], "code": ["1"]}


def test_all_papers_about_kv_cache_and_every_one_after_show_more(browse, site_catalog: Catalog) -> None:
    page = browse()
    open_facet(page, "tag")
    chip(page, "tag", "kv-cache").click()
    wanted = [p.id for p in site_catalog.papers if "kv-cache" in p.tags]
    expect_status(page, len(wanted), len(site_catalog.papers))
    assert shown_ids(page) == wanted

    page.click(".browse-filters button[type=reset]")
    expect_status(page, len(site_catalog.papers), len(site_catalog.papers))
    page.click(".browse-more")
    expect_first(page, [p.id for p in site_catalog.papers], at_least=2 * BATCH)


def test_find_the_newest_papers_and_sort_by_upvotes_and_title(browse, site_catalog: Catalog) -> None:
    page = browse()
    newest = expect_first(page, [p.id for p in site_catalog.papers])
    dates = [approximate_date(site_catalog.by_id[i]) for i in newest]
    assert dates == sorted(dates, reverse=True)

    page.select_option("select[name=sort]", "upvotes")
    votes = [site_catalog.by_id[i].upvotes or 0 for i in shown_ids(page)]
    assert votes == sorted(votes, reverse=True) and votes[0] == max(p.upvotes or 0 for p in site_catalog.papers)

    page.select_option("select[name=sort]", "title")
    shown_ids(page)
    titles = page.eval_on_selector_all(".browse-results .paper-title", "links => links.map(a => a.textContent)")
    initials = [t[0].casefold() for t in titles if t[0].isalpha()]
    assert initials == sorted(initials) and len(titles) >= BATCH
    page.wait_for_function("() => location.search === '?sort=title'")


def test_exclude_a_tag(browse, site_catalog: Catalog) -> None:
    page = browse()
    open_facet(page, "tag")
    survey = chip(page, "tag", "survey")
    survey.click()
    survey.click()
    assert survey.get_attribute("aria-pressed") == "mixed"
    assert "excluded" in survey.inner_text()
    kept = [p.id for p in site_catalog.papers if "survey" not in p.tags]
    expect_status(page, len(kept), len(site_catalog.papers))
    expect_first(page, kept)
    # The excluded chip counts what it hides.
    assert chip_count(page, "tag", "survey") == sum(1 for p in site_catalog.papers if "survey" in p.tags)
    page.wait_for_function("() => location.search === '?not=survey'")
    survey.click()
    assert survey.get_attribute("aria-pressed") == "false"
    expect_status(page, len(site_catalog.papers), len(site_catalog.papers))


# Each chip's box, its mark's paint and the address, as the page has them.
_CHIP_STATE_JS = """facet => ({
  boxes: Array.from(document.querySelectorAll(`.browse-facet[data-facet=${facet}] .browse-chip`), chip => {
    const box = chip.getBoundingClientRect();
    return [box.x, box.y, box.width, box.height];
  }),
  marks: Array.from(document.querySelectorAll(`.browse-facet[data-facet=${facet}] .browse-chip`), chip => {
    const mark = getComputedStyle(chip, "::before");
    return [chip.getAttribute("aria-pressed"), mark.backgroundImage.split("gradient").length === 3,
            mark.backgroundImage.split("gradient").length === 2];
  }),
  search: location.search,
})"""


def test_a_press_moves_no_chip_and_the_address_follows_a_pause(browse) -> None:
    page = browse()
    open_facet(page, "tag")
    page.wait_for_selector(".browse-facet[data-facet=tag] .browse-chips:not([aria-busy])", state="attached")
    before = page.evaluate(_CHIP_STATE_JS, "tag")
    first = page.locator(".browse-facet[data-facet=tag] .browse-chip").first
    value = first.get_attribute("data-value")
    # Included, then excluded, in one task (well within the pause): the mark is painted in a box every chip has,
    # so no chip moves or changes size.
    included, excluded = page.evaluate(f"""() => {{
      const chip = document.querySelector(".browse-facet[data-facet=tag] .browse-chip"), state = {_CHIP_STATE_JS};
      chip.click();
      const included = state("tag");
      chip.click();
      return [included, state("tag")];
    }}""")
    assert included["boxes"] == before["boxes"] == excluded["boxes"]
    assert included["marks"][0] == ["true", True, False] and excluded["marks"][0] == ["mixed", False, True]
    assert all(mark == ["false", False, False] for mark in before["marks"] + included["marks"][1:])
    # Two presses within the pause write the address once, with the last state: one entry for back to undo.
    assert included["search"] == excluded["search"] == ""
    page.wait_for_function("value => location.search === '?not=' + value", arg=value)
    page.go_back()
    page.wait_for_function("() => location.search === ''")
    assert first.get_attribute("aria-pressed") == "false"


def test_a_press_shows_the_counts_on_the_screen_in_its_frame_and_the_others_after_it(browse, site_catalog: Catalog) -> None:
    page = browse(viewport=PHONE)
    open_facet(page, "tag")
    # The chips the screen shows are known once the frame after the opening has reported them (IntersectionObserver).
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))))")
    tags = page.eval_on_selector_all(".browse-facet[data-facet=tag] .browse-chip", "chips => chips.map(c => c.dataset.value)")
    # In the frame that shows the press (a frame callback asked for before the script's own), the counts of the
    # chips the screen shows, and whether the group is still waiting for the others.
    stale = page.evaluate("""tag => new Promise(resolve => {
        const box = document.querySelector('.browse-facet[data-facet=tag] .browse-chips');
        const chip = box.querySelector(`.browse-chip[data-value='${tag}']`);
        chip.addEventListener('click', () => requestAnimationFrame(() => resolve({
            busy: box.getAttribute('aria-busy'),
            onScreen: Array.from(box.querySelectorAll('.browse-chip')).filter(c => {
                const r = c.getBoundingClientRect(), b = box.getBoundingClientRect();
                return r.bottom > b.top && r.top < b.bottom && r.top < innerHeight;
            }).map(c => [c.dataset.value, Number(c.querySelector('.browse-chip-count').textContent)])})), {once: true});
        chip.click();
    })""", "quantization")
    with_tag = [p for p in site_catalog.papers if "quantization" in p.tags]
    expected = {tag: sum(1 for p in with_tag if tag in p.tags) for tag in tags}
    assert stale["busy"] == "true"  # the box holds chips below its fold, whose counts come after the frame
    assert stale["onScreen"] and all(count == expected[tag] for tag, count in stale["onScreen"])
    assert len(stale["onScreen"]) < len(tags)
    for tag in (tags[-1], tags[len(tags) // 2]):
        assert chip_count(page, "tag", tag) == expected[tag]


def test_a_card_that_stays_in_the_list_keeps_the_focus(browse, site_catalog: Catalog) -> None:
    page = browse()
    before = shown_ids(page)
    paper = site_catalog.by_id[before[0]]
    page.focus(f".browse-results > li[data-paper='{paper.id}'] .browse-select input")
    # A press from the script, which leaves the focus where it is: the newest paper's topic keeps its card first
    # and takes others away, which leave the list at once.
    chip(page, "topic", paper.primary_topic).evaluate("chip => chip.click()")
    after = shown_ids(page)
    assert after[0] == paper.id and set(before) - set(after)
    assert page.evaluate("() => document.activeElement.closest('.browse-card')?.dataset.paper") == paper.id


def test_the_list_grows_as_its_end_nears_and_an_added_card_works_by_keyboard(browse, site_catalog: Catalog) -> None:
    page = browse()
    papers, total = [p.id for p in site_catalog.papers], len(site_catalog.papers)
    first = expect_first(page, papers)
    # Only the cards near the view are on the page (the static list is gone too); the count, the download and the
    # button still cover every match.
    assert len(first) <= 2 * BATCH < total and page.locator(".browse-static").count() == 0
    expect_status(page, total, total)
    assert page.inner_text("[data-action=bibtex]") == f"Download these {total} as BibTeX"
    assert page.inner_text(".browse-more") == f"Show {BATCH} more ({total - len(first)} not shown)"
    # A reader tabbing through the last card brings the list's end into view, and the next cards join it.
    page.locator(".browse-results > li").last.locator(".browse-abstract-toggle").focus()
    page.wait_for_function("n => document.querySelectorAll('.browse-results > li').length > n", arg=len(first))
    grown = expect_first(page, papers, at_least=len(first) + 1)
    added = site_catalog.by_id[grown[len(first)]]
    page.keyboard.press("Tab")
    assert page.evaluate("() => [document.activeElement.closest('.browse-card')?.dataset.paper, "
                         "document.activeElement.matches('.paper-title')]") == [added.id, True]
    card = page.locator(f".browse-results > li[data-paper='{added.id}']")
    card.locator(".paper-links a:not([href])").wait_for(state="detached")
    links = card.locator(".paper-links a").evaluate_all("all => all.map(a => [a.textContent, a.getAttribute('href')])")
    assert links == [list(link) for link in paper_links(added)]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/papers/{added.id}/")


def test_the_filtering_done_in_idle_time_to_warm_up_changes_nothing_shown(browse, site_catalog: Catalog) -> None:
    papers, total = [p.id for p in site_catalog.papers], len(site_catalog.papers)
    page = browse()
    first = expect_first(page, papers)
    # The page's warm-up runs once the thread is idle, with a query and tags chosen: after it, the count, the
    # download, the chips' counts and the next cards are still those of the page's own filters (none).
    page.evaluate("() => new Promise(done => requestIdleCallback(() => requestIdleCallback(done, {timeout: 3000}),"
                  " {timeout: 3000}))")
    expect_status(page, total, total)
    assert page.inner_text("[data-action=bibtex]") == f"Download these {total} as BibTeX"
    open_facet(page, "tag")
    tags = page.eval_on_selector_all(".browse-facet[data-facet=tag] .browse-chip", "all => all.map(c => c.dataset.value)")
    for tag in tags[:3]:
        assert chip_count(page, "tag", tag) == sum(1 for p in site_catalog.papers if tag in p.tags)
    page.click(".browse-more")
    expect_first(page, papers, at_least=len(first) + 1)


def test_a_focused_card_that_leaves_the_list_leaves_the_focus_on_the_list(browse) -> None:
    page = browse()
    kept = shown_ids(page)[:2]
    for paper_id in kept:
        page.check(f".browse-results > li[data-paper='{paper_id}'] .browse-select input")
    page.click("[data-action=mine]")
    page.wait_for_function("() => location.search === '?mine=1'")
    assert shown_ids(page) == kept
    # Unselected in the view of my list, the card leaves it; the focus stays in the list, whose next card Tab reaches.
    page.focus(f".browse-results > li[data-paper='{kept[0]}'] .browse-select input")
    page.keyboard.press("Space")
    page.wait_for_function("id => !document.querySelector(`.browse-results > li[data-paper='${id}']`)", arg=kept[0])
    assert page.evaluate("() => document.activeElement.matches('.browse-results')")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('.browse-card')?.dataset.paper") == kept[1]


@pytest.mark.parametrize("failures", [1, 3], ids=["once", "every-time"])
def test_a_link_chunk_that_fails_is_asked_for_again_then_the_card_says_so(browser, base_url: str, failures: int,
                                                                          site_catalog: Catalog) -> None:
    paper = site_catalog.by_id["2401.05561"]  # the hostile paper: its code and project links wait for the chunk
    context = browser.new_context(viewport=DESKTOP)
    refused: list[str] = []

    def route(request_route) -> None:
        if request_route.request.url.endswith("/browse/links/0.json") and len(refused) < failures:
            refused.append(request_route.request.url)
            request_route.fulfill(status=503, body="")
        else:
            request_route.continue_()

    context.route("**/*", route)
    try:
        page = context.new_page()
        page.goto(base_url + "browse/?query=" + paper.id)
        card = page.locator(f".browse-results > li[data-paper='{paper.id}']")
        if failures == 1:
            card.locator(".paper-links a[href*='example.org']").wait_for(state="attached")
            links = card.locator(".paper-links a").evaluate_all(
                "all => all.map(a => [a.textContent, a.getAttribute('href')])")
            assert links == [list(link) for link in paper_links(paper)]
            assert card.locator(".browse-links-failed").count() == 0
        else:
            card.locator(".browse-links-failed").wait_for(state="attached")
            assert card.locator(".paper-links a[href*='example.org']").count() == 0
        assert len(refused) == failures
    finally:
        context.close()


def test_query_and_filters_are_restored_from_a_shared_address_and_history(browse, site_catalog: Catalog) -> None:
    page = browse("?query=quant&tag=quantization&topic=compression&topic=serving&sort=oldest")
    assert page.input_value("#browse-q") == "quant"
    assert page.input_value("select[name=sort]") == "oldest"
    for facet, value in (("tag", "quantization"), ("topic", "compression"), ("topic", "serving")):
        assert chip(page, facet, value).get_attribute("aria-pressed") == "true"
    # Topics are one group (any of them); the query matches titles, and abstracts once they load.
    page.wait_for_function("() => !document.querySelector('.browse-count').textContent.includes('loading')")
    shown = shown_ids(page)
    assert shown and all("quantization" in site_catalog.by_id[i].tags for i in shown)
    assert all({"compression", "serving"} & set(site_catalog.by_id[i].topics) for i in shown)
    dates = [approximate_date(site_catalog.by_id[i]) for i in shown]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[: len(dated)] == dated  # undated papers come last

    chip(page, "topic", "serving").click()
    page.wait_for_function("() => !location.search.includes('topic=serving')")
    page.go_back()
    page.wait_for_function("() => location.search.includes('topic=serving')")
    assert chip(page, "topic", "serving").get_attribute("aria-pressed") == "true"
    assert shown_ids(page) == shown
    page.go_forward()
    page.wait_for_function("() => !location.search.includes('topic=serving')")
    assert chip(page, "topic", "serving").get_attribute("aria-pressed") == "false"


def test_the_text_box_finds_an_id_a_short_name_an_author_and_words_of_an_abstract(browse, site_catalog: Catalog) -> None:
    page = browse()
    quip = next(p for p in site_catalog.papers if p.title.startswith("QuIP:"))
    second_author = next(p for p in site_catalog.papers if len(p.authors) > 2)
    assert "rounding" not in quip.title.lower() and "rounding" in quip.abstract
    # One word of the title and one of the abstract: each word may be found in either.
    for query, paper in ((quip.id, quip), ("QuIP", quip), ("adaptive rounding procedure", quip), ("quip rounding", quip),
                         (second_author.authors[1], second_author)):
        page.fill("#browse-q", query)
        page.wait_for_function("() => !document.querySelector('.browse-count').textContent.includes('loading')")
        assert paper.id in shown_ids(page), query
    # The address follows once typing pauses.
    page.wait_for_function("name => new URLSearchParams(location.search).get('query') === name", arg=second_author.authors[1])


def test_a_cards_abstract_opens_on_demand(browse, site_catalog: Catalog) -> None:
    page = browse()
    paper = site_catalog.papers[0]
    card = page.locator(f".browse-results > li[data-paper='{paper.id}']")
    toggle = card.locator(".browse-abstract-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    abstract = card.locator(".browse-abstract")
    abstract.wait_for(state="visible")
    page.wait_for_function("el => !el.textContent.startsWith('Loading')", arg=abstract.element_handle())
    assert " ".join(paper.abstract.split())[:40] in abstract.inner_text()
    assert card.locator(".paper-title").get_attribute("href") == f"../papers/{paper.id}/"
    toggle.click()
    assert not abstract.is_visible()

    # The hostile paper's title and abstract are text: a tag in them would open a dialog, which fails the test.
    page.fill("#browse-q", "2401.05561")
    card = page.locator(".browse-results > li[data-paper='2401.05561']")
    # textContent, not innerText: a card below the screen is not rendered yet (content-visibility: auto).
    assert "<script>alert(1)</script>" in card.locator(".paper-title").text_content()
    card.locator(".browse-abstract-toggle").click()
    page.wait_for_function("() => document.querySelector(\".browse-results > li[data-paper='2401.05561'] .browse-abstract\").textContent.includes('onerror')")
    assert "<img src=x onerror=alert(1)>" in card.locator(".browse-abstract").inner_text()
    assert card.locator("img").count() == 0
    # Its code and other links get their addresses from the paper's link chunk, in paper_links' order.
    card.locator(".paper-links a[href*='example.org']").wait_for(state="attached")
    shown = card.locator(".paper-links a").evaluate_all("links => links.map(a => [a.textContent, a.getAttribute('href')])")
    assert shown == [list(link) for link in paper_links(site_catalog.by_id["2401.05561"])]


def _download(page, selector: str, tmp_path: Path) -> str:
    with page.expect_download() as download:
        page.click(selector)
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    return saved.read_text(encoding="utf-8")


def _papers_bib(built_site: Path) -> dict[str, str]:
    """papers.bib's entries by key."""
    library = bibtexparser.parse_string((built_site / "site" / "downloads" / "papers.bib").read_text(encoding="utf-8"))
    return {entry.key: entry.raw for entry in library.entries}


def test_download_the_filtered_results_as_bibtex(browse, site_catalog: Catalog, built_site: Path, tmp_path: Path) -> None:
    page = browse("?tag=kv-cache")
    wanted = [p.id for p in site_catalog.papers if "kv-cache" in p.tags]
    expect_status(page, len(wanted), len(site_catalog.papers))
    library = bibtexparser.parse_string(_download(page, "[data-action=bibtex]", tmp_path))
    assert not library.failed_blocks
    keys = citation_keys(site_catalog.papers)
    assert [e.key for e in library.entries] == [keys[i] for i in sorted(wanted)]
    papers_bib = _papers_bib(built_site)
    assert all(entry.raw == papers_bib[entry.key] for entry in library.entries)


def test_select_three_papers_and_export_them(browse, site_catalog: Catalog, built_site: Path, tmp_path: Path) -> None:
    page = browse()
    picked = [p.id for p in site_catalog.papers[2:5]]
    for paper_id in picked:
        page.check(f".browse-results > li[data-paper='{paper_id}'] .browse-select input")
    assert page.inner_text(".browse-mylist-count") == "My list: 3 papers."
    # Kept in the browser: a reload shows the same list.
    page.reload()
    page.wait_for_selector("form.browse-filters:not([hidden])")
    assert page.inner_text(".browse-mylist-count") == "My list: 3 papers."
    assert page.is_checked(f".browse-results > li[data-paper='{picked[0]}'] .browse-select input")

    library = bibtexparser.parse_string(_download(page, "[data-action=mine-bibtex]", tmp_path))
    keys = citation_keys(site_catalog.papers)
    assert not library.failed_blocks and [e.key for e in library.entries] == [keys[i] for i in sorted(picked)]
    document = json.loads(_download(page, "[data-action=mine-json]", tmp_path))
    records = json.loads((built_site / "site" / "downloads" / "papers.json").read_text(encoding="utf-8"))
    assert document["version"] == records["version"]
    assert document["papers"] == [r for r in records["papers"] if r["id"] in picked]

    page.click("[data-action=mine]")
    assert page.get_attribute("[data-action=mine]", "aria-pressed") == "true"
    page.wait_for_function("() => location.search === '?mine=1'")
    assert shown_ids(page) == picked
    page.click("[data-action=mine-clear]")
    assert page.inner_text(".browse-mylist-count").startswith("My list is empty")


def test_browse_lists_everything_without_javascript(open_page, site_catalog: Catalog) -> None:
    page = open_page("browse/", java_script_enabled=False)
    assert not page.is_visible("form.browse-filters")
    listed = page.eval_on_selector_all(".browse-list li", "items => items.map(li => li.dataset.paper)")
    assert listed == [p.id for p in site_catalog.papers]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_browse_in_use_has_no_serious_accessibility_violation(browse, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browse("?tag=quantization&not=survey&code=1", color_scheme=scheme)
    page.eval_on_selector_all("details", "all => all.forEach(d => d.open = true)")
    page.click(".browse-results > li .browse-abstract-toggle")
    page.check(".browse-results > li .browse-select input")
    page.wait_for_function("() => !document.querySelector('.browse-abstract:not([hidden])').textContent.startsWith('Loading')")
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_browse_screenshots_and_targets(browse, viewport: dict) -> None:
    page = browse("?tag=quantization&code=1", viewport=viewport)
    page.click(".browse-results > li .browse-abstract-toggle")
    page.wait_for_function("() => !document.querySelector('.browse-abstract:not([hidden])').textContent.startsWith('Loading')")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"browse-live-{viewport['width']}.png")
    # Nothing wider than the screen, and every control a finger can hit is at least 24 px tall (WCAG 2.2); a
    # checkbox's target is its label.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    heights = page.eval_on_selector_all(
        ".browse-filters button, .browse-filters summary, .browse-filters select, .browse-filters input[type=search], "
        ".browse-check, .browse-select, .browse-results a, .browse-results button, .browse-bar button",
        "els => els.filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().height)")
    assert heights and min(heights) >= 24
