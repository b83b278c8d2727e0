"""Real MkDocs builds of the five-paper project, checked on the HTML a reader's browser would get."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, make_papers, make_project, search_docs
from test_feeds import assert_valid_atom
from generator.build import BuildResult, SiteBuildError, build
from generator.catalog import build_catalog
from generator.model import Paper
from generator.problems import DataError
from generator.site.pages import render_pages
from generator.storage.store import load_topics
from generator.storage.vocabulary import load_tags
from generator.text.latex import latex_to_text
from generator.site.markdown_text import plain_text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """One strict build shared by the read-only tests of this module, a local one (no SITE_URL)."""
    root = make_project(tmp_path_factory.mktemp("project"))
    with pytest.MonkeyPatch.context() as env:
        env.delenv("SITE_URL", raising=False)
        return root, build(root)


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def all_pages(site: Path) -> list[BeautifulSoup]:
    return [BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in sorted(site.rglob("*.html"))]


def display(paper: Paper) -> str:
    return plain_text(latex_to_text(paper.title))


def test_build_reports_pages_and_timings(built) -> None:
    root, result = built
    assert result.site_dir == root / "site"
    expected = render_pages(build_catalog(make_papers(), load_topics(root / "data"), load_tags(root / "data")))
    assert result.pages.written == len(expected) and result.pages.removed == 0
    assert result.generate_seconds > 0 and result.mkdocs_seconds > 0
    assert (root / "site" / "index.html").is_file()
    assert not [p for p in root.iterdir() if p.name.startswith(".site")]


def test_each_paper_is_anchored_on_its_topic_and_titles_its_own_page(built) -> None:
    root, _ = built
    for paper in make_papers():
        entry = soup(root / "site", f"topics/{paper.primary_topic}").find(id=paper.id)
        assert entry is not None and entry.name == "li", paper.id
        link = entry.find("a", class_="paper-title")
        assert link.get_text() == display(paper) and link["href"] == f"../../papers/{paper.id}/"
        page = soup(root / "site", f"papers/{paper.id}")
        assert page.find("h1").get_text() == display(paper)
        assert page.title.get_text() == f"{display(paper)} - LLM Reading List"
        assert "PAPER-SHELL-TITLE" not in str(page) and "_shell" not in str(page)


def test_paper_pages_are_the_themed_shell_and_stay_out_of_the_nav(built) -> None:
    root, _ = built
    page = soup(root / "site", "papers/2402.00001")
    assert page.find("nav", class_="md-nav") is not None and page.find("header", class_="md-header") is not None
    stylesheets = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert "../../stylesheets/extra.css" in stylesheets
    for other in all_pages(root / "site"):
        assert not other.find("a", href=re.compile(r"papers/_shell")), "the shell is linked"


def test_no_script_or_javascript_link_comes_from_data(built) -> None:
    root, _ = built
    for page in all_pages(root / "site"):
        for script in page.find_all("script"):
            assert "alert" not in script.get_text() and "alert" not in script.get("src", "")
        assert not page.find(attrs={"onerror": True})
        assert not page.find("img", src="x")
        for tag in page.find_all(href=True):
            assert not tag["href"].strip().lower().startswith(("javascript:", "data:")), tag


def test_hostile_text_is_shown_as_text(built) -> None:
    root, _ = built
    entry = soup(root / "site", "topics/serving").find(id="2401.05561")
    assert "<script>alert(1)</script>" in entry.find("a", class_="paper-title").get_text()
    page = soup(root / "site", "papers/2401.05561")
    assert "<script>alert(1)</script>" in page.h1.get_text() and "<script>alert(1)</script>" in page.title.get_text()
    abstract = page.find("p", class_="paper-abstract")
    assert "<img src=x onerror=alert(1)> and nothing runs" in abstract.get_text()
    for html_page in (entry, page):
        assert html_page.find("a", string="example.org")["href"] == "https://example.org/a%22%3E%3Cscript%3Ealert(2)%3C/script%3E"


def test_every_abstract_is_on_its_paper_page(built) -> None:
    root, _ = built
    for paper in make_papers():
        text = soup(root / "site", f"papers/{paper.id}").find("p", class_="paper-abstract").get_text()
        assert text == plain_text(latex_to_text(paper.abstract))


def test_secondary_papers_link_to_the_paper_page(built) -> None:
    root, _ = built
    serving = soup(root / "site", "topics/serving")
    also = serving.find(id="also_relevant").find_next("ul")
    link = also.find("a")
    assert link["href"] == "../../papers/2312.11111/"
    assert link.get_text() == "H₂O: Heavy-Hitter Oracle for Efficient Inference"
    assert soup(root / "site", "topics/compression").find(id="2312.11111").name == "li"


def test_search_index_holds_every_title_and_abstract(built) -> None:
    root, _ = built
    docs = search_docs(root / "site")
    titles = {html.unescape(doc["title"]) for doc in docs}
    text = html.unescape(" ".join(doc["text"] for doc in docs))
    for paper in make_papers():
        assert display(paper) in titles, paper.id
        assert plain_text(latex_to_text(paper.abstract)) in text, paper.id
    tags = {tag for doc in docs for tag in doc.get("tags", [])}
    assert {"benchmark", "survey", "kv-cache"} <= tags


# Every element and attribute through which a page fetches something, as opposed to linking to it.
_FETCHING = {
    "script": ("src",), "link": ("href",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "iframe": ("src",), "embed": ("src",), "object": ("data",), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def _other_host(url: str) -> bool:
    return url.strip().lower().startswith(("http:", "https:", "//"))


def test_site_loads_nothing_from_other_hosts(built) -> None:
    root, _ = built
    site = root / "site"
    for path in sorted(site.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in page.find_all(list(_FETCHING)):
            for attr in _FETCHING[tag.name]:
                for url in (tag.get(attr) or "").split(","):
                    assert not _other_host(url.split(" ")[0] if url.strip() else ""), (path, tag)
        css = [s.get_text() for s in page.find_all("style")] + [t["style"] for t in page.find_all(style=True)]
        for text in css:
            assert not [u for m in _CSS_URL.finditer(text) for u in m.groups() if u and _other_host(u)], path
    for path in sorted(site.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        assert not [u for m in _CSS_URL.finditer(text) for u in m.groups() if u and _other_host(u)], path


def test_same_data_gives_a_byte_identical_site(built, tmp_path: Path) -> None:
    first, _ = built
    second = make_project(tmp_path)
    build(second)
    files = sorted(p.relative_to(first / "site") for p in (first / "site").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second / "site") for p in (second / "site").rglob("*") if p.is_file())
    for name in files:
        assert (first / "site" / name).read_bytes() == (second / "site" / name).read_bytes(), name


def test_every_page_announces_the_feed_and_feeds_lead_to_paper_pages(built) -> None:
    root, _ = built
    site = root / "site"
    for path in sorted(site.rglob("*.html")):
        links = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all(
            "link", rel="alternate", type="application/atom+xml")
        # Topic and tag pages announce their own feed after the whole list's.
        own = path.relative_to(site).parts[0] in ("topics", "tags") and path.parent.name not in ("topics", "tags")
        assert len(links) == 1 + own, path
        if path.name == "index.html":  # 404.html is served from any folder, so its relative links cannot hold
            assert (path.parent / links[0]["href"]).resolve() == (site / "feed.xml").resolve()
            assert all((path.parent / link["href"]).resolve().is_file() for link in links)
    feeds = [p for p in sorted((site / "feeds").rglob("*.xml")) if p.name != "sitemap.xml"]
    assert len(feeds) > 10
    for feed_path in [site / "feed.xml", *feeds]:
        feed = assert_valid_atom(feed_path.read_text(encoding="utf-8"))
        for link in feed.iter("{http://www.w3.org/2005/Atom}link"):
            href = link.get("href")
            if link.get("rel") == "related":
                assert href.startswith("https://arxiv.org/abs/")
                continue
            target, _, anchor = href.partition("#")
            page = (feed_path.parent / target).resolve()
            page = page / "index.html" if page.is_dir() else page
            assert page.is_file(), href
            if anchor:
                assert BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(id=anchor), href


def test_a_local_build_links_relatively_with_no_canonical_and_an_empty_sitemap(built) -> None:
    """Without a site_url nothing can be absolute (tests/test_addresses.py builds with one)."""
    site = built[1].site_dir
    assert "<url>" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    for page in ("index.html", "topics/serving/index.html", "papers/2312.11111/index.html"):
        html = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        assert not html.find_all("link", rel="canonical") and not html.find_all("meta", property="og:url"), page
    paper = BeautifulSoup((site / "papers/2312.11111/index.html").read_text(encoding="utf-8"), "html.parser")
    assert paper.find("meta", property="og:title")["content"].startswith("H₂O: Heavy-Hitter")
    feed = (site / "feeds" / "serving.xml").read_text(encoding="utf-8")
    assert "http://" not in feed.replace("http://www.w3.org/2005/Atom", "") and 'href="../papers/2312.11111/"' in feed


def test_downloads_are_in_the_site(built) -> None:
    root, _ = built
    site = root / "site"
    assert len(json.loads((site / "downloads" / "papers.json").read_text(encoding="utf-8"))["papers"]) == 5
    assert len(re.findall(r"^@\w+\{", (site / "downloads" / "papers.bib").read_text(encoding="utf-8"), re.M)) == 5
    assert (site / "downloads" / "topics" / "serving.bib").is_file()
    index = json.loads((site / "browse" / "index.json").read_text(encoding="utf-8"))
    assert len(index["id"]) == index["count"] == 5


def test_search_index_holds_each_paper_once(built) -> None:
    root, _ = built
    docs = search_docs(root / "site")
    titles = [html.unescape(doc["title"]) for doc in docs]
    text = html.unescape(" ".join(doc["text"] for doc in docs))
    for paper in make_papers():
        assert titles.count(display(paper)) == 1, paper.id
        assert text.count(plain_text(latex_to_text(paper.abstract))) == 1, paper.id
        assert display(paper) not in text, paper.id  # no list repeats a title elsewhere
    assert not [doc for doc in docs if doc["location"].startswith("browse/")]
    assert not re.search(r"@(?:misc|inproceedings|article)\{", text)
    # What a paper costs the index beyond its title and abstract: its location, names, byline and tags.
    for paper in make_papers():
        card = next(doc for doc in docs if doc["location"] == f"papers/{paper.id}/")
        size = len(json.dumps(card, ensure_ascii=False, separators=(",", ":")).encode())
        assert size - len(card["title"].encode()) - len(paper.abstract.encode()) < 400, paper.id


def test_failed_build_keeps_the_previous_site(built, tmp_path: Path) -> None:
    source, _ = built
    root = tmp_path / "copy"
    shutil.copytree(source, root)
    before = (root / "site" / "topics" / "serving" / "index.html").read_text(encoding="utf-8")
    (root / "docs" / "about.md").write_text("# About\n\n[broken](missing.md#nowhere)\n", encoding="utf-8")

    with pytest.raises(SiteBuildError, match="missing.md"):
        build(root)
    assert (root / "site" / "topics" / "serving" / "index.html").read_text(encoding="utf-8") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".site")]


def test_data_error_stops_the_build_before_mkdocs(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "data" / "papers" / "2402.00001.yml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        build(root)
    assert [p.path for p in raised.value.problems] == ["data/papers/2402.00001.yml"]
    assert not (root / "site").exists() and not (root / "docs" / "topics").exists()


def test_hook_regenerates_pages_when_mkdocs_runs_alone(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    env.pop("READING_LIST_DOCS_FRESH", None)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "out")],
        cwd=root, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (root / "docs" / "topics" / "serving.md").is_file()
    assert soup(root / "out", "topics/serving").find(id="2402.00001") is not None


def _links_with_fragments(site: Path) -> list[tuple[Path, str, Path, str]]:
    """(page, href, target file, fragment) for every link inside the site that names an anchor."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True):
            path, _, fragment = a["href"].partition("#")
            if not fragment or path.startswith(("http:", "https:", "//", "mailto:")):
                continue
            target = (page.parent / path).resolve() if path else page
            found.append((page, a["href"], target / "index.html" if target.is_dir() else target, fragment))
    return found


def test_every_anchor_link_in_the_built_site_resolves(built) -> None:
    root, _ = built
    site = root / "site"
    links = _links_with_fragments(site)
    ids: dict[Path, set[str]] = {}
    for page, href, target, fragment in links:
        if target not in ids:
            ids[target] = {tag["id"] for tag in BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find_all(id=True)}
        assert fragment in ids[target], f"{page.relative_to(site)}: {href} has no target"
    # The old card addresses, topics/<slug>/#<id>, still name an element on the primary topic page.
    for paper in make_papers():
        assert soup(site, f"topics/{paper.primary_topic}").find(id=paper.id) is not None, paper.id


def test_every_link_to_a_page_inside_the_site_resolves(built) -> None:
    root, _ = built
    site = root / "site"
    hrefs = set()
    for page in sorted(site.rglob("*.html")):
        if page.name != "index.html":
            continue  # 404.html is served from any folder, so its relative links cannot hold
        for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True):
            path = a["href"].partition("#")[0]
            if not path or path.startswith(("http:", "https:", "//", "mailto:")):
                continue
            target = (page.parent / path).resolve()
            assert (target / "index.html").is_file() or target.is_file(), f"{page.relative_to(site)}: {a['href']}"
            hrefs.add((page.relative_to(site).parent.as_posix(), a["href"]))
    # Each kind of link to a paper page is present, so the check above covers them all.
    assert ("papers/2312.11111", "../../papers/2402.00001/") in hrefs  # a related paper
    assert ("topics/serving", "../../papers/2312.11111/") in hrefs  # an "also relevant" entry
    assert ("tags/kv-cache", "../../papers/2312.11111/") in hrefs  # a tag page entry
    assert ("timeline", "../papers/2401.05561/") in hrefs  # a timeline entry
    assert ("browse", "../papers/2401.05561/") in hrefs  # a browse entry


def test_paper_pages_link_related_papers_tags_and_topics(built) -> None:
    root, _ = built
    page = soup(root / "site", "papers/2312.11111")
    related = page.find(id="related_papers").find_next("ul")
    assert [a["href"] for a in related.find_all("a", class_="paper-title")] == ["../../papers/2401.05561/", "../../papers/2402.00001/"]
    assert [a["href"] for a in page.find("p", class_="paper-tags").find_all("a")] == ["../../tags/kv-cache/"]
    assert [a["href"] for a in page.find("p", class_="paper-topics").find_all("a")] == ["../../topics/compression/", "../../topics/serving/"]
    related_topics = soup(root / "site", "topics/compression").find(id="related_topics").find_next("ul")
    assert related_topics.a["href"] == "../../topics/serving/" and "1 paper in common" in related_topics.get_text()


def test_related_titles_stay_out_of_the_search_index(built) -> None:
    """Searching a title finds that paper's card, not the cards it is related to."""
    root, _ = built
    sections = {doc["location"]: html.unescape(doc["text"]) for doc in search_docs(root / "site")}
    assert "Fast Serving with Paged KV Caches" not in sections["papers/2312.11111/"]
    assert not [loc for loc in sections if loc.startswith(("tags/", "timeline/"))]


def test_pages_only_writes_list_pages_complete_for_an_engine_without_hooks(tmp_path: Path) -> None:
    from generator.build import generate

    root = make_project(tmp_path)
    generate(root)
    serving = (root / "docs" / "topics" / "serving.md").read_text(encoding="utf-8")
    assert 'id="2402.00001"' in serving and "Fast Serving with Paged KV Caches" in serving
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in serving and "<script>" not in serving
    build(root)  # the build writes the stubs back: MkDocs themes them, the generator fills them
    assert "Fast Serving" not in (root / "docs" / "topics" / "serving.md").read_text(encoding="utf-8")
