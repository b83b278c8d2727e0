"""Shared fixtures: a five-paper catalog full of hostile text, and a throwaway project built from it."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import pytest

from generator.catalog import Catalog, build_catalog
from generator.model import Links, Paper
from generator.project import copy_project_skeleton
from generator.storage.store import load_topics, write_paper
from generator.storage.vocabulary import load_tags

REPO = Path(__file__).resolve().parent.parent

# The projects the tests build share one folder of the theme's compiled templates (hooks/template_cache.py), so that
# no MkDocs run compiles them again: Jinja keys each by its source, so projects of other code can share it too.
os.environ.setdefault("READING_LIST_TEMPLATE_CACHE", str(Path(tempfile.gettempdir()) / f"reading-list-templates-{os.getuid()}"))

NASTY_TITLE = r"Nasty $\times$ {\it Italic} <script>alert(1)</script> | pipe * star [bracket `tick`"
NASTY_ABSTRACT = (
    "Click javascript:alert(1) or <img src=x onerror=alert(1)> and nothing runs; "
    r"H$_2$O is {\bf bold}, 54.6\% cheaper. See \href{https://example.org/nasty}{our page}."
)
# Passes the store's http(s) check, then tries to break out of the href attribute.
BREAKOUT_URL = 'https://example.org/a"><script>alert(2)</script>'


def make_papers() -> list[Paper]:
    """Five papers: hostile text, an arXiv-month date, a secondary topic, a slug id, an organisation."""
    return [
        Paper(
            id="2401.05561",
            arxiv="2401.05561",
            title=NASTY_TITLE,
            abstract=NASTY_ABSTRACT,
            published=dt.date(2024, 1, 10),
            venue="FPGA'24",
            authors_count=8,
            upvotes=12,
            topics=["serving", "trust"],
            tags=["benchmark", "survey"],
            links=Links(
                code=["https://github.com/example/nasty"],
                hf="https://huggingface.co/papers/2401.05561",
                other=[BREAKOUT_URL],
            ),
        ),
        Paper(
            id="2402.00001",
            arxiv="2402.00001",
            title="Fast Serving with Paged KV Caches",
            abstract="We serve models quickly by paging the KV cache.",
            topics=["serving"],
            tags=["kv-cache"],
        ),
        Paper(
            id="2312.11111",
            arxiv="2312.11111",
            title=r"H$_2$O: Heavy-Hitter Oracle for Efficient Inference",
            abstract="Evicting cold tokens from the cache keeps quality and halves memory.",
            published=dt.date(2023, 12, 20),
            topics=["compression", "serving"],
            tags=["kv-cache"],
        ),
        Paper(
            id="a-paper-without-arxiv",
            title="A Provisional Title Made From An Abstract",
            title_is_derived=True,
            abstract="This paper exists only as an abstract in a listing.",
            authors=["Ada Lovelace"],
            topics=["serving"],
        ),
        Paper(
            id="2310.16355",
            arxiv="2310.16355",
            title="Weight Decay in Federated Learning",
            abstract="Weight decay changes what federated learning converges to.",
            published=dt.date(2023, 10, 25),
            organization="Example Lab",
            topics=["compression"],
            links=Links(project="https://example.org/project"),
        ),
    ]


@pytest.fixture
def catalog() -> Catalog:
    return build_catalog(make_papers(), load_topics(REPO / "data"), load_tags(REPO / "data"))


# Where the shared published build says it lives, given as actions/configure-pages gives it (no final slash).
PUBLISHED_URL = "https://user.example.io/reading-list/"


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five papers built once with SITE_URL set, as the Pages workflow builds; its site/ is for reading only."""
    from generator.build import build

    root = make_project(tmp_path_factory.mktemp("published"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", PUBLISHED_URL.rstrip("/"))
        return build(root).site_dir


def make_project(dest: Path, papers: list[Paper] | None = None) -> Path:
    """A copy of the site's configuration, hand-written docs and vocabularies, with the five papers (or `papers`)."""
    copy_project_skeleton(REPO, dest, with_papers=False)
    for paper in make_papers() if papers is None else papers:
        write_paper(dest / "data", paper)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def search_docs(site: Path) -> list[dict]:
    """Every document a built site's search holds: MkDocs' pages, then the papers of search/papers.json."""
    from generator.site.search_index import SITE_INDEX, read_papers_index

    pages = json.loads((site / SITE_INDEX).read_text(encoding="utf-8"))["docs"]
    return pages + read_papers_index(lambda path: (site / path).read_text(encoding="utf-8"))


# The browser tests' session-wide site, server and Chromium, shared by every tests/test_browser*.py file. Imported
# last: the harness builds its site from make_papers above.
from browser_harness import base_url, browser, built_site, open_page, playwright_api, site_catalog  # noqa: E402, F401
