"""The downloads: papers.json with every field and its documented schema, BibTeX for the list and each topic."""

from __future__ import annotations

import json
import random

import bibtexparser

from conftest import make_papers
from generator.catalog import Catalog, build_catalog
from generator.model import LINK_FIELDS, PAPER_FIELDS, SOURCE_FIELDS, Source
from generator.site.exports import (
    DOWNLOADS_PAGE, JSON_FIELDS, PAPERS_BIB, PAPERS_JSON, render_exports, topic_bib,
)


def test_papers_json_has_one_record_per_paper_with_every_field(catalog: Catalog) -> None:
    document = json.loads(render_exports(catalog)[PAPERS_JSON])
    assert document["version"] == 1
    assert [t["slug"] for t in document["topics"]] == [t.slug for t in catalog.topics]
    records = document["papers"]
    assert [r["id"] for r in records] == sorted(p.id for p in make_papers())
    for record in records:
        assert list(record) == list(PAPER_FIELDS)
        assert list(record["links"]) == list(LINK_FIELDS)
    nasty = next(r for r in records if r["id"] == "2401.05561")
    assert nasty["title"] == make_papers()[0].title and nasty["published"] == "2024-01-10"
    assert nasty["links"]["code"] == ["https://github.com/example/nasty"] and nasty["links"]["project"] is None


def test_sources_keep_every_key(catalog: Catalog) -> None:
    papers = make_papers()
    papers[0].sources = [Source(file="data/sources/a.txt", line=3)]
    record = json.loads(render_exports(build_catalog(papers, catalog.topics))[PAPERS_JSON])["papers"][2]
    assert record["sources"] == [dict.fromkeys(SOURCE_FIELDS) | {"file": "data/sources/a.txt", "line": 3}]


def test_every_paper_field_is_documented_on_the_downloads_page(catalog: Catalog) -> None:
    assert [f.name for f in JSON_FIELDS] == list(PAPER_FIELDS)
    page = render_exports(catalog)[DOWNLOADS_PAGE]
    for field in JSON_FIELDS:
        assert f"\n- `{field.name}` ({field.type}): " in page


def test_bibtex_for_the_whole_list_and_for_each_topic(catalog: Catalog) -> None:
    out = render_exports(catalog)
    everything = bibtexparser.parse_string(out[PAPERS_BIB])
    assert len(everything.entries) == len(make_papers()) and not everything.failed_blocks
    serving = bibtexparser.parse_string(out[topic_bib("serving")])
    assert [e.key for e in serving.entries] == ["h2o2023", "nasty2024", "fast2024", "lovelaceprovisional"], "in id order"
    assert out[topic_bib("training")] == ""
    page = out[DOWNLOADS_PAGE]
    for topic in catalog.topics:
        assert f"[{topic.slug}.bib](topics/{topic.slug}.bib)" in page and f"(../feeds/{topic.slug}.xml)" in page


def test_exports_do_not_depend_on_input_order(catalog: Catalog) -> None:
    shuffled = make_papers()
    random.Random(11).shuffle(shuffled)
    assert render_exports(catalog) == render_exports(build_catalog(shuffled, catalog.topics))
