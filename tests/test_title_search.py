"""Finding a paper's arXiv record by its title, on recorded API answers: the right record taken, near-misses refused."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.enrichment.arxiv_api import search_queries, search_url
from generator.enrichment.arxiv_client import ArxivClient
from generator.cli import main
from generator.commands.enrich import enrich
from generator.model import Paper
from generator.project import copy_project_skeleton
from generator.storage.store import load_papers, write_paper
from generator.enrichment.title_match import Verdict, judge

ROOT = Path(__file__).resolve().parents[1]
RECORDED = Path(__file__).resolve().parent / "fixtures" / "arxiv_api"

ELASTIC_ABSTRACT = (
    "Serving long-context requests wastes most of the key-value cache: memory is reserved for the longest "
    "possible answer and fragments as requests come and go. We store the cache in fixed-size pages that requests "
    "borrow and return, share the pages of common prompt prefixes between requests, and move cold pages to host "
    "memory. On a trace of chat traffic this serves three times as many concurrent requests as contiguous "
    "allocation at the same latency."
)
CODE_JUDGES_ABSTRACT = (
    "Grading programs written by language models needs tests that few benchmarks ship. We train a small model "
    "to predict whether a program passes hidden unit tests from its source alone, and find that its verdicts "
    "rank code generators in the same order as executing the tests does, on five programming languages."
)


def papers() -> list[Paper]:
    """Four listed papers without arXiv ids, as ingest leaves Hugging Face listings."""
    return [
        Paper(id="elastic-kv-caches-paging-attention-memory-for-long-context",
              title="Elastic KV Caches: Paging Attention Memory for Long-Context Serving",
              abstract=ELASTIC_ABSTRACT, topics=["serving"]),
        Paper(id="paged-adapters-serving-many-fine-tuned-models-on-one-gpu",
              title="Paged Adapters: Serving Many Fine-Tuned Models on One GPU", topics=["serving"], venue="Curated Venue"),
        Paper(id="tiny-judges-for-code-small-models-grade-programs",
              title="Tiny Judges for Code: Small Models Grade Programs", abstract=CODE_JUDGES_ABSTRACT, topics=["evaluation"]),
        Paper(id="tiny-judges-small-models-grade-the-large-ones",
              title="Tiny Judges: Small Models Grade the Large Ones", topics=["evaluation"]),
    ]


class RecordedSearch:
    """Answers each search with the recorded feed for it (an empty feed when none was recorded); counts time."""

    def __init__(self):
        self.queries: list[str] = []
        self.max_results: list[int] = []
        self.sent_at: list[float] = []
        self.now = 0.0

    def answer(self, query: str) -> str:
        if "elastic" in query:
            return "search_elastic_phrase.xml" if query.startswith('ti:"') else "search_elastic_loose.xml"
        if "paged adapters" in query:
            return "search_paged_adapters.xml"
        if query.startswith("ti:") and "tiny" in query:
            return "search_tiny_judges.xml"
        return "empty.xml"

    def __call__(self, url: str) -> bytes:
        asked = parse_qs(urlsplit(url).query)
        query = asked["search_query"][0]
        self.queries.append(query)
        self.max_results.append(int(asked["max_results"][0]))
        self.sent_at.append(self.now)
        # titles asked together (a OR b) get the entries recorded for each, in one feed, as arXiv answers
        feeds = [(RECORDED / self.answer(part)).read_text(encoding="utf-8") for part in query.split(" OR ")]
        entries = "".join(e for feed in feeds for e in re.findall(r"<entry>.*?</entry>", feed, re.DOTALL))
        head = re.split(r"<entry>|</feed>", feeds[0])[0]
        return (head + entries + "</feed>\n").encode()

    def client(self, cache_dir: Path | None = None) -> ArxivClient:
        def sleep(seconds):
            self.now += seconds

        return ArxivClient(fetch=self, cache_dir=cache_dir, sleep=sleep, clock=lambda: self.now)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_project_skeleton(ROOT, tmp_path, with_papers=False)
    for paper in papers():
        write_paper(tmp_path / "data", paper)
    return tmp_path


def files(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "data" / "papers").iterdir())}


def test_queries_go_from_the_exact_title_to_its_words_then_the_abstract():
    queries = search_queries("H$_2$O: Heavy-Hitter Oracle", "word " * 20)
    assert queries == ['ti:"h2o heavy hitter oracle"', "ti:h2o AND ti:heavy AND ti:hitter AND ti:oracle", 'abs:"' + " ".join(["word"] * 12) + '"']
    assert search_queries(None, "too short") == []
    assert "search_query=ti%3A%22h2o" in search_url(queries[0])


def test_the_rule_takes_equal_titles_and_near_titles_with_agreeing_abstracts_only():
    renamed = "Elastic KV Cache: Paging Attention Memory for Long-Context LLM Serving at Scale"
    longer = ELASTIC_ABSTRACT + " The system is deployed in production at scale."
    ours = "Elastic KV Caches: Paging Attention Memory for Long-Context Serving"
    assert judge("Paged Adapters", None, "PAGED adapters", None).verdict is Verdict.SAME
    assert judge(ours, ELASTIC_ABSTRACT, renamed, longer).verdict is Verdict.SAME
    assert judge(ours, ELASTIC_ABSTRACT, renamed, None).verdict is Verdict.UNSURE, "a near title alone is not proof"
    near_miss = judge(ours, ELASTIC_ABSTRACT, "Elastic KV Caches: Paging Activation Memory for Long-Context Training",
                      CODE_JUDGES_ABSTRACT)
    assert near_miss.verdict is Verdict.DIFFERENT and "abstracts agree 0%" in near_miss.reason
    assert judge(None, ELASTIC_ABSTRACT, "Anything", longer).verdict is Verdict.SAME, "a made-up title: the abstract decides"
    assert judge("A Survey", ELASTIC_ABSTRACT, "A Survey", CODE_JUDGES_ABSTRACT).verdict is Verdict.UNSURE


def test_title_search_finds_the_renamed_paper_and_refuses_the_near_misses(project):
    fake = RecordedSearch()
    result = enrich(project, fake.client())
    assert sorted(result.renamed.items()) == [
        ("elastic-kv-caches-paging-attention-memory-for-long-context", "2611.00999"),
        ("paged-adapters-serving-many-fine-tuned-models-on-one-gpu", "2611.00101"),
    ]
    found = {p.id: p for p in load_papers(project / "data")[0]}
    elastic = found["2611.00999"]
    assert (elastic.arxiv, elastic.venue, elastic.published) == ("2611.00999", "OSDI 2027", dt.date(2026, 11, 3))
    assert elastic.title == "Elastic KV Caches: Paging Attention Memory for Long-Context Serving", "a listed title is kept"
    assert elastic.abstract == ELASTIC_ABSTRACT and elastic.authors == ["Lena Okafor", "Marco Bianchi"]
    paged = found["2611.00101"]
    assert paged.venue == "Curated Venue" and paged.journal_ref == "Proceedings of MLSys 2027", "the curator's venue wins"
    assert "tiny-judges-for-code-small-models-grade-programs" in found, "the near-miss is refused and the file kept"
    assert found["tiny-judges-for-code-small-models-grade-programs"].arxiv is None
    assert result.missing == ["tiny-judges-for-code-small-models-grade-programs"]
    [doubt] = result.doubts
    assert doubt.startswith("data/papers/tiny-judges-small-models-grade-the-large-ones.yml: arXiv:2611.00777")
    assert found["tiny-judges-small-models-grade-the-large-ones"].arxiv is None, "an unsure candidate is never written"
    assert all(b - a >= 3.0 for a, b in zip(fake.sent_at, fake.sent_at[1:])), "searches 3 s apart"
    assert fake.queries[0].count(" OR ti:") == 3 and fake.max_results[0] == 40, "the four exact titles in one request"
    assert not [q for q in fake.queries[1:] if "paged adapters" in q], "a paper the batch settled is not asked again"
    assert not (project / "data" / "papers" / "paged-adapters-serving-many-fine-tuned-models-on-one-gpu.yml").exists()


def test_searches_are_cached_and_a_second_run_changes_nothing(project, capsys):
    cache = project / ".cache" / "arxiv"
    enrich(project, RecordedSearch().client(cache))
    before = files(project)
    again = RecordedSearch()
    second = enrich(project, again.client(cache))
    assert second.changed == {} and files(project) == before
    assert again.queries == [], "every search answered from the cache"


def test_the_cli_lists_candidates_to_check(project, capsys, monkeypatch):
    fake = RecordedSearch()
    monkeypatch.setattr("generator.enrichment.arxiv_client.ArxivClient", lambda cache_dir, refresh: fake.client(cache_dir))
    assert main(["--root", str(project), "enrich"]) == 1, "one paper was not found"
    out, err = capsys.readouterr()
    assert "renamed data/papers/paged-adapters-serving-many-fine-tuned-models-on-one-gpu.yml -> data/papers/2611.00101.yml" in out
    assert "check: data/papers/tiny-judges-small-models-grade-the-large-ones.yml: arXiv:2611.00777" in err
    assert "enriched 2 (renamed 2 to their arXiv id), 1 candidate(s) to check by hand, not found 1" in out


def test_a_refused_search_is_reported_and_the_paper_left_alone(project):
    class Refusing(RecordedSearch):
        def answer(self, query: str) -> str:
            return "error.xml"

    before = files(project)
    result = enrich(project, Refusing().client())
    assert result.changed == {} and files(project) == before
    assert result.errors[0].startswith("elastic-kv-caches-paging-attention-memory-for-long-context, ")
    assert all("arXiv API error: incorrect id format" in e for e in result.errors)
