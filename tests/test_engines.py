"""The site under the engines that outlive MkDocs 1.x: ProperDocs builds the same site, Zensical the same pages.

Both engines come with `make test` (the `engines` extra). Without one its tests skip locally; in CI (CI=true)
they fail instead, so that a missing engine can never pass for a green run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from generator.build import ENGINE_ENV, SiteBuildError, build
from generator.cli import main
from generator.project import copy_project_skeleton
from generator.site.pages import GENERATED_PATHS
from generator.storage.store import load_papers
from generator.text.latex import latex_to_text

# The one line an engine is allowed to change: the page's <meta name="generator"> names the engine.
GENERATOR_META = re.compile(rb'\s*<meta name="generator" content="[^"]*">')


def require(module: str) -> None:
    """Skip (fail in CI) unless the engine's package is installed."""
    if importlib.util.find_spec(module) is None:
        missing = f"{module} is not installed (make testenv installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}: CI must build with every engine")
        pytest.skip(missing)


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): GENERATOR_META.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory) -> Path:
    root = copy_project_skeleton(REPO, tmp_path_factory.mktemp("mkdocs"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENGINE_ENV, "mkdocs")  # even under `make test ENGINE=properdocs`
        return build(root).site_dir


def test_properdocs_builds_the_shipped_site_byte_for_byte_as_mkdocs_does(mkdocs_site, tmp_path, monkeypatch):
    require("properdocs")
    root = copy_project_skeleton(REPO, tmp_path)
    monkeypatch.setenv(ENGINE_ENV, "properdocs")
    site = build(root).site_dir
    generator = (site / "index.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="mkdocs-ProperDocs' in generator, "ProperDocs did not build it"
    expected, built = site_files(mkdocs_site), site_files(site)
    assert sorted(built) == sorted(expected)
    assert [path for path in expected if built[path] != expected[path]] == []


def test_an_unknown_engine_is_refused_by_name_and_writes_no_site(project, monkeypatch):
    monkeypatch.setenv(ENGINE_ENV, "hugo")
    with pytest.raises(SiteBuildError, match=f"{ENGINE_ENV}='hugo' is not an engine; use one of: mkdocs, properdocs"):
        build(project)
    assert not (project / "site").exists()


def built_page(site: Path, page: str) -> Path:
    """Where an engine writes the HTML of docs/<page>.md, with directory URLs."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site / stem.removesuffix("index") / "index.html"
    return site / stem / "index.html"


def zensical_build(root: Path, before=None) -> subprocess.CompletedProcess:
    """The pages-only step, then `zensical build --strict`, as ARCHITECTURE.md tells a user to (it runs no hooks)."""
    require("zensical")
    assert main(["--root", str(root), "build", "--pages-only"]) == 0
    if before:
        before(root)
    return subprocess.run([sys.executable, "-m", "zensical", "build", "--strict"], cwd=root, capture_output=True,
                          text=True)


def test_zensical_builds_every_generated_page_with_every_paper_on_it(tmp_path):
    root = copy_project_skeleton(REPO, tmp_path)
    done = zensical_build(root)
    assert done.returncode == 0, done.stdout + done.stderr
    docs, site = root / "docs", root / "site"
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    generated = [page for page in pages if page.split("/")[0] in GENERATED_PATHS]
    assert generated, "the pages-only step wrote no pages"
    missing_pages = [page for page in generated if not built_page(site, page).is_file()]
    assert missing_pages == []
    text = words(" ".join(BeautifulSoup(built_page(site, page).read_text(encoding="utf-8"), "html.parser").get_text(" ")
                          for page in generated))
    search = json.loads((site / "search.json").read_text(encoding="utf-8"))
    searchable = words(" ".join(BeautifulSoup(item["title"] + " " + item["text"], "html.parser").get_text(" ")
                                for item in search["items"]))
    papers, problems = load_papers(root / "data")
    assert problems == [] and papers
    titles = {paper.id: words(latex_to_text(paper.title)) for paper in papers}
    assert [pid for pid, title in titles.items() if title not in text] == [], "papers missing from the pages"
    assert [pid for pid, title in titles.items() if title not in searchable] == [], "papers missing from search"


def test_zensical_strict_fails_on_a_broken_link_naming_file_and_line(project):
    def break_a_link(root: Path) -> None:
        about = root / "docs" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\n[gone](no-such-page.md)\n", encoding="utf-8")

    done = zensical_build(project, before=break_a_link)
    lines = len((project / "docs" / "about.md").read_text(encoding="utf-8").splitlines())
    assert done.returncode != 0
    assert "page does not exist" in done.stdout + done.stderr
    assert f"about.md:{lines}:" in done.stdout + done.stderr
