"""Incremental builds: a rebuild with no change does nothing, an edit rewrites what shows it, the cache never goes stale."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import make_papers, make_project
from generator import buildcache
from generator import build as build_module
from generator.build import build
from generator.problems import DataError
from generator.storage.store import write_paper


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def fresh_site(tmp_path: Path, papers) -> dict[str, bytes]:
    """The site a cold build of these papers gives, in a project of its own."""
    root = make_project(tmp_path / "fresh", papers)
    build(root)
    return site_files(root / "site")


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("incremental"))
    build(root)
    return root


def test_a_rebuild_with_no_change_leaves_the_site_alone(built_once) -> None:
    before = {p: p.stat().st_mtime_ns for p in (built_once / "site").rglob("*") if p.is_file()}
    result = build(built_once)
    assert result.up_to_date and result.mkdocs_seconds == 0
    assert {p: p.stat().st_mtime_ns for p in (built_once / "site").rglob("*") if p.is_file()} == before


def test_an_edit_no_stub_shows_skips_mkdocs_and_gives_the_cold_build_site(built_once, tmp_path: Path) -> None:
    papers = make_papers()
    edited = [dataclasses.replace(p, abstract="Paged caches, edited.") if p.id == "2402.00001" else p for p in papers]
    write_paper(built_once / "data", edited[1])
    untouched = (built_once / "site" / "topics" / "compression" / "index.html").stat().st_mtime_ns
    result = build(built_once)
    assert result.reused_site and not result.up_to_date
    assert 0 < result.filled < 10  # the edited paper's page, and the pages listing its related papers
    assert (built_once / "site" / "topics" / "compression" / "index.html").stat().st_mtime_ns == untouched
    assert site_files(built_once / "site") == fresh_site(tmp_path, edited)


def test_an_edit_a_stub_shows_runs_mkdocs_and_gives_the_cold_build_site(built_once, tmp_path: Path) -> None:
    current = [dataclasses.replace(p, abstract="Paged caches, edited.") if p.id == "2402.00001" else p for p in make_papers()]
    edited = [dataclasses.replace(p, title="Paged Caches, Retitled") if p.id == "2402.00001" else p for p in current]
    write_paper(built_once / "data", edited[1])
    result = build(built_once)  # the home page, which MkDocs renders, lists the newest papers by title
    assert not result.reused_site and not result.up_to_date
    assert site_files(built_once / "site") == fresh_site(tmp_path, edited)


def test_the_paper_cache_is_keyed_by_the_vocabularies(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    buildcache.load_catalog_cached(root)
    tags = root / "data" / "tags.yml"
    tags.write_text(tags.read_text(encoding="utf-8").replace("    kv-cache: {", "    kv-caching: {"), encoding="utf-8")
    with pytest.raises(DataError, match="kv-cache"):
        buildcache.load_catalog_cached(root)


def test_the_paper_cache_is_keyed_by_the_generators_code(tmp_path: Path, monkeypatch) -> None:
    root = make_project(tmp_path)
    buildcache.load_catalog_cached(root)
    reads = []
    real = buildcache.read_paper_file
    monkeypatch.setattr(buildcache, "read_paper_file", lambda *a, **k: reads.append(a[0]) or real(*a, **k))
    buildcache.load_catalog_cached(root)
    assert reads == []
    monkeypatch.setattr(buildcache, "code_version", lambda: "another version")
    buildcache.load_catalog_cached(root)
    assert len(reads) == len(make_papers())


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    first = buildcache.load_catalog_cached(root)
    for name in ("papers.pickle", "related.pickle"):
        (root / buildcache.CACHE_DIR / name).write_bytes(b"not a pickle")
    again = buildcache.load_catalog_cached(root)
    assert again.key == first.key and again.catalog.papers == first.catalog.papers
    assert again.catalog.related == first.catalog.related


def test_a_removed_paper_leaves_no_page_behind(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    build(root)
    (root / "data" / "papers" / "2310.16355.yml").unlink()
    build(root)
    assert not (root / "site" / "papers" / "2310.16355").exists()
    kept = [p for p in make_papers() if p.id != "2310.16355"]
    assert site_files(root / "site") == fresh_site(tmp_path, kept)


def test_edits_built_on_the_spare_site_give_the_cold_build_site_each_time(tmp_path: Path, monkeypatch) -> None:
    papers = make_papers()
    first = [dataclasses.replace(p, abstract="Paged caches, edited.") if p.id == "2402.00001" else p for p in papers]
    # Another paper edited: the spare (the first edit's site) needs its own changes undone as well.
    second = [dataclasses.replace(p, abstract="Quantized, edited.") if p.id == papers[0].id else p for p in papers]
    root = make_project(tmp_path / "project")
    build(root)
    original = site_files(root / "site")
    write_paper(root / "data", first[1])
    assert build(root).reused_site  # the last site linked: no spare yet
    write_paper(root / "data", papers[1])
    assert build(root).reused_site  # the spare: the first site, which needs no change
    assert site_files(root / "site") == original
    write_paper(root / "data", second[0])
    assert build(root).reused_site  # the spare: the first edit's site
    edited = site_files(root / "site")
    assert edited == fresh_site(tmp_path, second)
    # A build stopped while it writes into the spare leaves site/ as it was, and the next build right.
    write_paper(root / "data", papers[0])
    real = build_module.write_changed
    monkeypatch.setattr(build_module, "write_changed", lambda *args: (real(*args), 1 / 0))
    with pytest.raises(ZeroDivisionError):
        build(root)
    assert site_files(root / "site") == edited
    monkeypatch.undo()
    build(root)
    assert site_files(root / "site") == original
