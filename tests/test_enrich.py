"""`enrich` against recorded arXiv answers only: filling rules, batching, pauses, retries, cache, and no network."""

import dataclasses
import datetime as dt
import socket
import urllib.error
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.enrichment.arxiv_api import ApiError, ArxivRecord, parse_feed, query_url
from generator.enrichment.arxiv_client import ArxivClient
from generator.cli import main
from generator.curate.fill import fill_from_arxiv
from generator.commands.enrich import enrich
from generator.commands.ingest import ingest_files
from generator.model import Paper
from generator.curate.classify import TopicClassifier
from generator.storage.store import load_catalog_inputs, load_papers, load_topics, write_paper
from generator.project import copy_project_skeleton

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.date(2026, 11, 21)


def feed_for(ids: list[str]) -> bytes:
    """A small Atom answer with one made-up record per id."""
    entries = "".join(
        f"<entry><id>http://arxiv.org/abs/{i}v1</id><title>Paper {i}</title><summary>About {i}.</summary>"
        f"<published>2026-01-02T00:00:00Z</published><author><name>A. Author</name></author></entry>"
        for i in ids
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'.encode()


def asked_ids(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query)["id_list"][0].split(",")


class FakeArxiv:
    """A fetch function that answers from recorded feeds and counts time instead of sleeping."""

    def __init__(self, answers=None, failures=()):
        self.answers = answers
        self.failures = list(failures)
        self.urls: list[str] = []
        self.now = 0.0
        self.sent_at: list[float] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        self.sent_at.append(self.now)
        if self.failures:
            raise self.failures.pop(0)
        return self.answers if self.answers is not None else feed_for(asked_ids(url))

    def client(self, **kwargs) -> ArxivClient:
        def sleep(seconds):
            self.now += seconds

        return ArxivClient(fetch=self, sleep=sleep, clock=lambda: self.now, **kwargs)


def http_error(code: int, body: bytes = b"") -> urllib.error.HTTPError:
    import io

    return urllib.error.HTTPError("https://export.arxiv.org/api/query", code, "error", {}, io.BytesIO(body))


def test_recorded_answers_are_read():
    (paged, judges) = parse_feed((FIXTURES / "arxiv_api" / "two_papers.xml").read_bytes())
    assert paged.title == "Paged Adapters: Serving Many Fine-Tuned Models on One GPU"
    assert paged.categories == ("cs.CL", "cs.DC"), "the primary category first"
    assert (paged.published, paged.doi, paged.comment) == (dt.date(2026, 11, 18), "10.1234/mlsys.2027.42", "Accepted to MLSys 2027; 12 pages")
    assert judges.authors == ("Eve Park",) and judges.journal_ref is None
    assert parse_feed((FIXTURES / "arxiv_api" / "empty.xml").read_bytes()) == []
    with pytest.raises(ApiError, match="incorrect id format for 2611.x"):
        parse_feed((FIXTURES / "arxiv_api" / "error.xml").read_bytes())
    with pytest.raises(ApiError):
        parse_feed(b"<html>busy</html")


def test_queries_hold_at_most_a_hundred_ids():
    assert query_url(["2401.05561", "hep-th/9901001"]).endswith("id_list=2401.05561,hep-th/9901001&max_results=2")
    with pytest.raises(ValueError):
        query_url([f"2401.{n:05d}" for n in range(101)])


def test_batches_of_a_hundred_three_seconds_apart():
    fake = FakeArxiv()
    ids = [f"2401.{n:05d}" for n in range(230)]
    found = fake.client().lookup(ids)
    assert [len(asked_ids(u)) for u in fake.urls] == [100, 100, 30]
    assert all(later - earlier >= 3.0 for earlier, later in zip(fake.sent_at, fake.sent_at[1:]))
    assert sorted(found.records) == ids and found.missing == []


def test_busy_answers_are_retried_with_growing_pauses():
    fake = FakeArxiv(failures=[http_error(503), urllib.error.URLError(TimeoutError("timed out"))])
    found = fake.client().lookup(["2401.00001"])
    assert list(found.records) == ["2401.00001"] and found.unreachable is None
    assert fake.sent_at == [0.0, 3.0, 9.0], "pauses of 3 s then 6 s before the retries"


def test_no_network_is_reported_at_once_without_retrying():
    fake = FakeArxiv(failures=[urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))])
    found = fake.client().lookup(["2401.00001", "2401.00002"])
    assert found.records == {} and "cannot reach export.arxiv.org" in found.unreachable
    assert len(fake.urls) == 1


def test_arxiv_that_stays_busy_is_unreachable_after_the_retries():
    fake = FakeArxiv(failures=[http_error(503)] * 4)
    found = fake.client(retries=3).lookup(["2401.00001"])
    assert len(fake.urls) == 4 and found.unreachable == "arXiv answered HTTP 503"


def test_error_feeds_and_unknown_ids_are_reported():
    bad = FakeArxiv(failures=[http_error(400, (FIXTURES / "arxiv_api" / "error.xml").read_bytes())])
    found = bad.client().lookup(["2611.x"])
    assert found.errors == ["2611.x: arXiv API error: incorrect id format for 2611.x"]
    empty = FakeArxiv(answers=(FIXTURES / "arxiv_api" / "empty.xml").read_bytes())
    assert empty.client().lookup(["2611.99999"]).missing == ["2611.99999"]


def test_answers_are_cached_on_disk(tmp_path):
    fake = FakeArxiv()
    fake.client(cache_dir=tmp_path).lookup(["2401.00001", "hep-th/9901001"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2401.00001.json", "hep-th-9901001.json"]
    again = FakeArxiv()
    found = again.client(cache_dir=tmp_path).lookup(["2401.00001", "hep-th/9901001"])
    assert again.urls == [] and found.records["hep-th/9901001"].title == "Paper hep-th/9901001"
    (tmp_path / "2401.00001.json").write_text("{broken", encoding="utf-8")
    repaired = FakeArxiv()
    repaired.client(cache_dir=tmp_path).lookup(["2401.00001", "hep-th/9901001"])
    assert [asked_ids(u) for u in repaired.urls] == [["2401.00001"]], "a damaged cache entry is fetched again"
    refreshed = FakeArxiv()
    refreshed.client(cache_dir=tmp_path, refresh=True).lookup(["2401.00001"])
    assert len(refreshed.urls) == 1


def test_only_empty_fields_are_filled_and_a_derived_title_replaced():
    papers, topics, tag_groups = load_catalog_inputs(ROOT / "data")
    classifier = TopicClassifier(topics, papers)
    record = ArxivRecord(
        arxiv="2611.00101", title="Paged Adapters", abstract="Serving many adapters with paged memory for inference serving.",
        authors=("Ada Lin",), published=dt.date(2026, 11, 18), categories=("cs.CL",),
        comment="Accepted to MLSys 2027", doi="10.1/x", journal_ref="Proc. MLSys 7",
    )
    bare = Paper(id="2611.00101", title="arXiv:2611.00101", title_is_derived=True, arxiv="2611.00101")
    filled = fill_from_arxiv(bare, record, classifier, tag_groups)
    assert (filled.title, filled.title_is_derived, filled.authors, filled.published) == (
        "Paged Adapters", False, ["Ada Lin"], dt.date(2026, 11, 18))
    assert (filled.venue, filled.comments, filled.doi, filled.journal_ref) == ("MLSys 2027", "Accepted to MLSys 2027", "10.1/x", "Proc. MLSys 7")
    assert "serving" in filled.topics, "a paper with no topics gets them once it has text"
    curated = dataclasses.replace(bare, title="Curator's Title", title_is_derived=False, venue="Workshop X",
                                  published=dt.date(2026, 1, 1), topics=["agents"])
    kept = fill_from_arxiv(curated, record, classifier, tag_groups)
    assert (kept.title, kept.venue, kept.published, kept.topics) == ("Curator's Title", "Workshop X", dt.date(2026, 1, 1), ["agents"])


@pytest.fixture
def project(tmp_path):
    copy_project_skeleton(ROOT, tmp_path, with_papers=False)
    return tmp_path


def snapshot(project):
    return {p.name: p.read_bytes() for p in sorted((project / "data" / "papers").iterdir())}


def test_enrich_writes_what_arxiv_adds_and_keeps_edits(project):
    ids = project / "ids.txt"
    ids.write_text("2611.00101\n2611.00777\n2611.99999\n", encoding="utf-8")
    ingest_files(project, [ids], TODAY)
    papers = {p.id: p for p in load_papers(project / "data")[0]}
    write_paper(project / "data", dataclasses.replace(papers["2611.00777"], venue="Curated Venue"))
    fake = FakeArxiv(answers=(FIXTURES / "arxiv_api" / "two_papers.xml").read_bytes())
    result = enrich(project, fake.client(cache_dir=project / ".cache" / "arxiv"))
    assert (result.asked, sorted(result.changed), result.missing) == (3, ["2611.00101", "2611.00777"], ["2611.99999"])
    papers = {p.id: p for p in load_papers(project / "data")[0]}
    paged, judges = papers["2611.00101"], papers["2611.00777"]
    assert paged.title == "Paged Adapters: Serving Many Fine-Tuned Models on One GPU" and not paged.title_is_derived
    assert (paged.venue, paged.published, paged.categories) == ("MLSys 2027", dt.date(2026, 11, 18), ["cs.CL", "cs.DC"])
    assert paged.topics, "classified now that it has a title and abstract"
    assert judges.venue == "Curated Venue", "a curator's edit is never overwritten"
    before = snapshot(project)
    cached = FakeArxiv(answers=b"<feed xmlns='http://www.w3.org/2005/Atom'/>")
    assert enrich(project, cached.client(cache_dir=project / ".cache" / "arxiv")).changed == {}
    assert [asked_ids(u) for u in cached.urls] == [["2611.99999"]], "answers come from the cache"
    assert snapshot(project) == before


def test_without_network_enrich_says_so_and_changes_nothing(project, capsys, monkeypatch):
    ids = project / "ids.txt"
    ids.write_text("2611.00101\n", encoding="utf-8")
    ingest_files(project, [ids], TODAY)
    before = snapshot(project)

    def no_network(*args, **kwargs):
        raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    assert main(["--root", str(project), "enrich"]) == 3
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert "arXiv is out of reach" in err and "nothing changed" in err
    assert snapshot(project) == before


def test_enrich_of_named_papers(project, capsys):
    assert main(["--root", str(project), "enrich", "no-such-paper"]) == 1
    assert "skipped: no-such-paper: no such paper in data/papers/" in capsys.readouterr().err
