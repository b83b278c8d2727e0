"""Real saved pages, READMEs, BibTeX and arXiv answers from the shared fixtures folder, when it is there.

The folder sits beside the project (`../shared/fixtures`) or wherever LRL_SHARED points; without it
these tests are skipped. Nothing from it is copied into the project.
"""

import datetime as dt
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from generator.enrichment.arxiv_api import ApiError, parse_feed
from generator.ids import normalize_arxiv_id
from generator.commands.ingest import ingest_files
from generator.sources import ListingError, read_listing
from generator.storage.store import load_papers
from generator.text.titles import normalize_title

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LRL_SHARED") or Path(__file__).resolve().parents[2] / "shared") / "fixtures"
if not SHARED.is_dir():
    pytest.skip(f"no shared fixtures at {SHARED}", allow_module_level=True)

READMES = sorted((SHARED / "awesome").glob("*.md"))
MIN_CAPTURE = 0.95
_LINK_TARGET_RE = re.compile(r"\]\(\s*<?([^)\s>]+)|<(https?://[^>\s]+)>")
_FENCE_RE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def linked_arxiv_ids(markdown: str) -> set[str]:
    """Every arXiv id a README links to (outside code blocks), found independently of the reader."""
    targets = _LINK_TARGET_RE.findall(_FENCE_RE.sub("", markdown))
    return {a for pair in targets for url in pair if url and (a := normalize_arxiv_id(url))}


@pytest.fixture
def seeded_project(tmp_path):
    """A copy of the project's data: imports must not duplicate papers already there."""
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("sources"))
    return tmp_path


@pytest.mark.parametrize("readme", READMES, ids=[p.name.split("__")[0] for p in READMES])
def test_awesome_readme_gives_one_titled_paper_per_linked_arxiv_id(readme, seeded_project):
    expected = linked_arxiv_ids(readme.read_text(encoding="utf-8"))
    before = {p.id for p in load_papers(seeded_project / "data")[0]}
    result = ingest_files(seeded_project, [readme], dt.date(2026, 11, 21))
    papers, problems = load_papers(seeded_project / "data")
    assert problems == [] and result.skipped == []
    by_arxiv = Counter(p.arxiv for p in papers if p.arxiv)
    titled = {p.arxiv for p in papers if p.arxiv in expected and not p.title_is_derived and len(p.title) > 3}
    share = len(titled) / len(expected)
    report = f"{readme.name}: {len(titled)}/{len(expected)} distinct arXiv ids captured with a title ({share:.1%})"
    print(report)
    assert share >= MIN_CAPTURE, f"{report}; without title: {sorted(expected - titled)[:20]}"
    assert expected <= set(by_arxiv), f"{report}; missing: {sorted(expected - set(by_arxiv))[:20]}"
    assert [a for a, n in by_arxiv.items() if n > 1] == [], "one file per arXiv id"
    titles = Counter(normalize_title(p.title) for p in papers if not p.title_is_derived)
    assert [t for t, n in titles.items() if n > 1] == [], "no paper twice under one title"
    merged_into_seed = {i for action, i, _ in result.outcomes if action == "merged" and i in before}
    print(f"{readme.name}: {len(merged_into_seed)} entries merged into papers already in data/")


def test_arxiv_listing_pages():
    listing = SHARED / "html" / "nullbio__arxiv-scraper__arxiv_list_total_entries.html"
    fmt, entries = read_listing(listing.read_text(encoding="utf-8"), listing.name)
    assert fmt == "arxiv-list-html" and [e.arxiv for e in entries] == ["2301.00001", "2301.00002", "2301.00003"]
    assert all(e.title and e.authors and e.categories for e in entries)
    assert all(e.published is None for e in entries), "a listing month is not a paper date"
    assert entries[2].links.project == "https://sites.google.com/view/chai-workshop22"
    empty = SHARED / "html" / "nullbio__arxiv-scraper__arxiv_list_no_updates_for_time_period.html"
    with pytest.raises(ListingError, match="no papers on it"):
        read_listing(empty.read_text(encoding="utf-8"), empty.name)


def test_arxiv_abstract_page():
    page = SHARED / "html" / "tkukurin__ReMarkableDropboxSyncup__arxiv_abs_2106.09608.html"
    fmt, (entry,) = read_listing(page.read_text(encoding="utf-8"), page.name)
    assert (fmt, entry.arxiv) == ("arxiv-abs-html", "2106.09608")
    assert entry.title == "Learning Knowledge Graph-based World Models of Textual Environments"
    assert entry.authors == ["Prithviraj Ammanabrolu", "Mark O. Riedl"]
    assert entry.published == dt.date(2021, 6, 17) and entry.venue == "NeurIPS 2021"
    assert entry.categories == ["cs.LG", "cs.AI", "cs.CL"] and entry.abstract.startswith("World models improve")


def test_hugging_face_paper_page():
    page = SHARED / "html" / "reonokiy__telegram-huggingface-daily-papers-bot__hf_paper_2509.24002.prettified.html"
    fmt, (entry,) = read_listing(page.read_text(encoding="utf-8"), page.name)
    assert (fmt, entry.arxiv, entry.upvotes, entry.published) == ("hf-paper-html", "2509.24002", 118, dt.date(2025, 9, 28))
    assert entry.title == "MCPMark: A Benchmark for Stress-Testing Realistic and Comprehensive MCP Use"
    assert len(entry.authors) == 15 and entry.links.code == ["https://github.com/eval-sys/mcpmark"]


def test_bibtex_file():
    bib = next((SHARED / "bibtex").glob("*.bib"))
    fmt, entries = read_listing(bib.read_text(encoding="utf-8"), bib.name)
    assert fmt == "bibtex" and len(entries) == 23 and all(e.title for e in entries)
    assert sum(1 for e in entries if e.arxiv) == 22
    assert any(a == "Josué D. Figueroa" for e in entries for a in e.authors)


def test_recorded_arxiv_api_answers():
    answers = {p.name.split("_s0_")[0].removeprefix("arxivpy__"): p.read_bytes() for p in (SHARED / "arxiv_api").glob("*.xml")}
    assert parse_feed(answers["id_0000.0000"]) == []
    (record,) = parse_feed(answers["id_0808.05394_1707.08567"])
    assert record.arxiv == "1707.08567" and record.published == dt.date(2017, 7, 27) and len(record.authors) == 34
    (record,) = parse_feed(answers["id_2104.12255v1"])
    assert (record.arxiv, record.title, record.categories) == ("2104.12255", "0", ("cs.CR",))
    records = parse_feed(answers["q_testing"])
    assert len(records) == 10 and sum(1 for r in records if r.doi) == 6 and sum(1 for r in records if r.journal_ref) == 6
    with pytest.raises(ApiError, match="incorrect id format for abc"):
        parse_feed(answers["id_abc"])
