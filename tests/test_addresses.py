"""Addresses: site_url from the environment through mkdocs.yml, the sitemap, canonical links and link previews.

The shared real build of the five hostile papers with SITE_URL set (conftest.py); tests/test_site_build.py checks
a build without it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PUBLISHED_URL, make_papers
from generator.site.addresses import SiteConfigError, preview_text, read_site_url
from generator.site.pages import render_pages
from generator.text.latex import latex_to_text

SITE_URL = PUBLISHED_URL
LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


@pytest.fixture
def site(published_site: Path) -> Path:
    return published_site


def _html(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_site_url_comes_from_the_environment_through_mkdocs_yml(tmp_path: Path, monkeypatch) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nsite_url: !ENV [SITE_URL, null]\nmarkdown_extensions:\n"
                      "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    monkeypatch.delenv("SITE_URL", raising=False)
    assert read_site_url(config) is None
    monkeypatch.setenv("SITE_URL", "https://user.github.io/repo")
    assert read_site_url(config) == "https://user.github.io/repo/"
    monkeypatch.setenv("SITE_URL", "javascript:alert(1)")
    with pytest.raises(SiteConfigError, match="mkdocs.yml: site_url 'javascript:alert"):
        read_site_url(config)
    config.write_text("site_name: x\nsite_url: [unclosed\n")
    with pytest.raises(SiteConfigError, match=r"mkdocs.yml:3: not readable YAML"):
        read_site_url(config)


def test_topic_and_tag_pages_name_their_feed_and_topics_their_preview(catalog) -> None:
    pages = render_pages(catalog)
    serving = yaml.safe_load(pages["topics/serving.md"].split("---")[1])
    assert serving["feed"] == "feeds/serving.xml" and serving["description"] == (
        "Running trained models fast and cheaply: serving systems, batching, KV caches, speculative decoding.")
    assert yaml.safe_load(pages["tags/kv-cache.md"].split("---")[1])["feed"] == "feeds/tags/kv-cache.xml"


def test_the_sitemap_lists_every_page_and_every_paper_page(site: Path) -> None:
    locs = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iter(LOC)]
    assert locs == sorted(locs) and len(locs) == len(set(locs))
    built = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    pages = {SITE_URL + ("" if page == "." else page + "/") for page in built if page != "papers/_shell"}
    assert set(locs) == pages
    assert {SITE_URL + f"papers/{p.id}/" for p in make_papers()} <= set(locs)
    assert SITE_URL + "about/" in locs and not (site / "sitemap.xml.gz").exists()


def test_every_page_has_its_canonical_link(site: Path) -> None:
    for path in sorted(site.rglob("index.html")):
        page = path.parent.relative_to(site).as_posix()
        if page == "papers/_shell":
            continue
        canonical = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all("link", rel="canonical")
        assert [c["href"] for c in canonical] == [SITE_URL + ("" if page == "." else page + "/")], page


def test_paper_and_topic_pages_carry_an_escaped_link_preview(site: Path) -> None:
    nasty = make_papers()[0]
    page = _html(site, f"papers/{nasty.id}")
    meta = {m.get("property") or m.get("name"): m["content"] for m in page.find_all("meta") if m.get("content")}
    title = " ".join(latex_to_text(nasty.title).split())
    assert meta["og:title"] == meta["twitter:title"] == title
    assert meta["og:description"] == meta["twitter:description"] == meta["description"]
    assert meta["og:description"] == preview_text(latex_to_text(nasty.abstract))
    assert meta["og:description"].startswith("Click javascript:alert(1) or <img src=x onerror=alert(1)>")
    assert meta["og:url"] == SITE_URL + f"papers/{nasty.id}/" and meta["og:type"] == "article"
    assert meta["og:site_name"] == "LLM Reading List" and meta["twitter:card"] == "summary"
    # The hostile text stays text: no element came out of it.
    head = page.find("head")
    assert not head.find_all("img") and not head.find_all("script", src=False, string=lambda s: s and "alert" in s)
    topic = _html(site, "topics/serving")
    meta = {m.get("property") or m.get("name"): m["content"] for m in topic.find_all("meta") if m.get("content")}
    assert meta["og:title"] == "Inference & Serving" and meta["og:type"] == "website"
    assert meta["og:description"].startswith("Running trained models fast and cheaply")
    assert meta["og:url"] == SITE_URL + "topics/serving/"


def test_the_404_page_loads_its_styles_from_the_sites_folder(site: Path) -> None:
    page = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    hrefs += [script["src"] for script in page.find_all("script", src=True)]
    assert hrefs and all(href.startswith("/reading-list/") for href in hrefs), hrefs


def test_feeds_link_absolutely_under_the_site_url(site: Path) -> None:
    feed = ET.parse(site / "feeds" / "serving.xml").getroot()
    hrefs = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link") if link.get("rel") != "related"]
    assert hrefs and all(href.startswith(SITE_URL) for href in hrefs)
    assert all((site / href.removeprefix(SITE_URL)).exists() for href in hrefs)


def test_a_bad_site_url_is_named_not_a_traceback(project: Path, monkeypatch, capsys) -> None:
    from generator.cli import main

    monkeypatch.setenv("SITE_URL", "ftp://user.example.io/")
    assert main(["--root", str(project), "build", "--pages-only"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{project / 'mkdocs.yml'}: site_url 'ftp://user.example.io/' is not an http(s) address")
    assert "Traceback" not in err and not (project / "docs" / "index.md").exists()
