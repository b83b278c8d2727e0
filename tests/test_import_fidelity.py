"""The real lists of the shared fixtures against the hand-written expectations in bench/import_fidelity.yml.

Skipped without the shared fixtures (../shared/fixtures beside the project, or LRL_SHARED).
"""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
import yaml

from generator.ids import normalize_arxiv_id
from generator.commands.ingest import ingest_files
from generator.project import copy_project_skeleton
from generator.sources import PartlyRead, read_listing
from generator.storage.store import load_papers

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LRL_SHARED") or ROOT.parent / "shared") / "fixtures"
if not SHARED.is_dir():
    pytest.skip(f"no shared fixtures at {SHARED}", allow_module_level=True)

EXPECTATIONS = yaml.safe_load((ROOT / "bench" / "import_fidelity.yml").read_text(encoding="utf-8"))
_LINK_TARGET_RE = re.compile(r"\]\(\s*<?([^)\s>]+)")
_FENCE_RE = re.compile(r"^\s*```.*?^\s*```", re.MULTILINE | re.DOTALL)
_BIB_TITLE_RE = re.compile(r"^\s*title\s*=", re.MULTILINE | re.IGNORECASE)


def entries_of(name):
    text = (SHARED / name).read_text(encoding="utf-8")
    try:
        return text, read_listing(text, name)[1]
    except PartlyRead as exc:
        assert exc.problems == [], exc.problems
        return text, exc.entries


@pytest.mark.parametrize("name", sorted(EXPECTATIONS), ids=[n.split("/")[-1].split("__")[0] for n in sorted(EXPECTATIONS)])
def test_titles_right_and_every_id_found(name):
    text, entries = entries_of(name)
    wrong = []
    for expected in EXPECTATIONS[name]["titles"]:
        key, value = ("arxiv", expected["arxiv"]) if "arxiv" in expected else ("line", expected["line"])
        found = next((e.title for e in entries if e.title and (e.arxiv if key == "arxiv" else e.source.line) == value), None)
        if found != expected["title"]:
            wrong.append((value, expected["title"], found))
    assert len(wrong) <= 0.03 * len(EXPECTATIONS[name]["titles"]), wrong
    found_ids = {e.arxiv for e in entries if e.arxiv}
    if name.endswith(".md"):
        linked = {a for url in _LINK_TARGET_RE.findall(_FENCE_RE.sub("", text)) if (a := normalize_arxiv_id(url))}
        assert linked <= found_ids, sorted(linked - found_ids)[:10]
    else:
        assert len(entries) == len(_BIB_TITLE_RE.findall(text)), "every BibTeX entry with a title is kept"


def test_a_saved_arxiv_api_answer_is_ingested_with_every_field(tmp_path):
    project = copy_project_skeleton(ROOT, tmp_path, with_papers=False)
    answer = next((SHARED / "arxiv_api").glob("*q_testing*.xml"))
    result = ingest_files(project, [answer], dt.date(2026, 12, 1))
    assert (result.read, result.added, result.skipped) == (10, 10, [])
    papers = {p.arxiv: p for p in load_papers(project / "data")[0]}
    paper = papers["2202.12139"]
    assert paper.title == "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques"
    assert paper.authors[:2] == ["Mohit Kumar Ahuja", "Arnaud Gotlieb"] and paper.published == dt.date(2022, 2, 24)
    assert paper.categories == ["cs.SE", "cs.LG"] and paper.doi == "10.1109/ICSTW55395.2022.00035"
    assert paper.comments and paper.journal_ref.startswith("Artificial Intelligence in Software Testing")
    assert paper.abstract and all(p.abstract and p.authors and p.published for p in papers.values())
