"""The browser tests' shared harness: one built site, one static server, one Chromium for the whole session.

One site is built from the project's own data (plus one paper of hostile text), served on 127.0.0.1 by a
threaded http.server, and driven with Playwright through Debian's Chromium: Playwright's own browser
download does not work on these machines. Every request to another host is aborted and fails the test,
as does any console error, page error, failed response or dialog. Without Chromium the tests skip locally;
in CI (CI=true) they fail instead, so that a missing browser can never pass for a green run.

tests/conftest.py imports the fixtures, so every tests/test_browser*.py file shares them (and the one build)
by naming them: `open_page`, `site_catalog`, `built_site`, `base_url`, `browser`.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import REPO, make_papers
from generator.build import build
from generator.catalog import Catalog, load_catalog
from generator.model import Paper
from generator.project import copy_project_skeleton
from generator.storage.store import write_paper

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Chromium as a headless test browser: no sandbox (tests may run as root) and none of its own traffic.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = REPO / "tests" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def browser_or_skip():
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


@pytest.fixture(scope="session")
def playwright_api():
    return browser_or_skip()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, playwright_api) -> Path:
    """The project's own papers, the hostile one in place of its namesake, built once for every browser test."""
    root = copy_project_skeleton(REPO, tmp_path_factory.mktemp("site"))
    write_paper(root / "data", make_papers()[0])
    build(root)
    return root


@pytest.fixture(scope="session")
def site_catalog(built_site: Path) -> Catalog:
    return load_catalog(built_site / "data")


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 at a free port, for the whole session."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=built_site / "site"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser(playwright_api):
    with playwright_api.sync_playwright() as playwright:
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
    """A function that opens a site path in a fresh context (options as for browser.new_context); checks afterwards
    that nothing went wrong on any page it opened."""
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


def follow(page, locator) -> str:
    """Click a link and wait for the page it opens; its path."""
    locator.click()
    page.wait_for_load_state("networkidle")
    return urlsplit(page.url).path


def heading(page) -> str:
    """The page's h1 as one line of text."""
    return " ".join(page.inner_text("h1").split())
