"""The vocabularies: every topic and tag in data/ is known, MkDocs allows exactly the known tags, and bad entries are named with their line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import REPO
from generator.curate.tags import suggest_tags, tag_reasons
from generator.model import Links, Paper
from generator.problems import DataError
from generator.storage.store import load_catalog_inputs
from generator.storage.vocabulary import load_tags
from generator.project import copy_project_skeleton


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data/ folder with the real vocabularies and one valid paper."""
    data = copy_project_skeleton(REPO, tmp_path, with_papers=False) / "data"
    (data / "papers" / "2401.00001.yml").write_text(
        'id: "2401.00001"\ntitle: A paper\ntopics:\n  - serving\ntags:\n  - kv-cache\n', encoding="utf-8"
    )
    return data


def test_every_topic_and_tag_in_data_is_in_the_vocabulary() -> None:
    papers, topics, tag_groups = load_catalog_inputs(REPO / "data")
    known_topics = {t.slug for t in topics}
    known_tags = {tag.slug for group in tag_groups for tag in group.tags}
    assert papers and all(p.topics and set(p.topics) <= known_topics for p in papers)
    assert all(set(p.tags) <= known_tags for p in papers)


def test_vocabulary_has_forty_tags_or_more_in_groups() -> None:
    groups = load_tags(REPO / "data")
    assert [g.slug for g in groups] == ["technique", "model-family", "artefact", "venue"]
    assert sum(len(g.tags) for g in groups) >= 40
    slugs = {tag.slug for group in groups for tag in group.tags}
    assert {"lora", "quantization", "speculative-decoding", "rag", "rlhf", "moe", "kv-cache", "llama", "opt", "gpt-4",
            "mistral", "code", "dataset", "benchmark", "survey", "model-weights", "neurips"} <= slugs


def test_mkdocs_allows_exactly_the_vocabulary() -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    tags_plugin = next(p["tags"] for p in config["plugins"] if isinstance(p, dict) and "tags" in p)
    vocabulary = [tag.slug for group in load_tags(REPO / "data") for tag in group.tags]
    assert tags_plugin["tags_allowed"] == vocabulary, "copy the slugs of data/tags.yml into mkdocs.yml, in order"


@pytest.mark.parametrize(
    "field, value, line, message",
    [
        ("tags", "  - kv-cache\n  - no-such-tag", 5, "unknown tag(s) 'no-such-tag'; use one listed in data/tags.yml"),
        ("topics", "  - no-such-topic", 3, "unknown topic(s) 'no-such-topic'; use one listed in data/topics.yml"),
    ],
)
def test_an_unknown_topic_or_tag_is_reported_at_its_key(data_dir: Path, field, value, line, message) -> None:
    path = data_dir / "papers" / "2401.00001.yml"
    text = path.read_text(encoding="utf-8")
    original = "  - kv-cache" if field == "tags" else "  - serving"
    path.write_text(text.replace(original, value), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_catalog_inputs(data_dir)
    (problem,) = raised.value.problems
    assert (problem.path, problem.line, problem.message) == ("data/papers/2401.00001.yml", line, message)


def test_bad_vocabulary_entries_are_all_reported_with_their_lines(data_dir: Path) -> None:
    (data_dir / "tags.yml").write_text(
        "technique:\n"
        "  title: Techniques\n"
        "  tags:\n"
        "    lora: {title: LoRA, aliases: [lora]}\n"
        "    Bad_Slug: {title: Bad, aliases: [x]}\n"
        "    broken: {title: Broken, patterns: ['(unclosed']}\n"
        "    silent: {title: Silent}\n"
        "venue:\n"
        "  title: Venues\n"
        "  look_in: venue\n"
        "  tags:\n"
        "    lora: {title: LoRA again, aliases: [lora]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as raised:
        load_catalog_inputs(data_dir)
    found = {(p.line, p.message.split(";")[0].split(" (")[0]) for p in raised.value.problems}
    assert found == {
        (5, "tag 'Bad_Slug' must be lower-case letters, digits and '-'"),
        (6, "tag 'broken': pattern '(unclosed' is not a regular expression"),
        (7, "tag 'silent' needs aliases, patterns or a link, or nothing can suggest it"),
        (12, "tag 'lora' is also in group 'technique'"),
    }


def test_a_missing_vocabulary_stops_loading(data_dir: Path) -> None:
    (data_dir / "tags.yml").unlink()
    with pytest.raises(DataError, match="data/tags.yml: error: the tag vocabulary is missing"):
        load_catalog_inputs(data_dir)


def test_tags_come_from_links_titles_aliases_patterns_and_venues() -> None:
    groups = load_tags(REPO / "data")
    paper = Paper(
        id="2401.00002",
        title="A Survey of Speculative Decoding",
        abstract="We study OPT and LLaMA-2 models with KV-caches; recent approaches opt for drafts. "
                 "We release our dataset of traces.",
        venue="Accepted to NeurIPS 2024",
        links=Links(code=["https://github.com/example/x"]),
    )
    reasons = tag_reasons(paper, groups)
    assert reasons["code"] == "has a code link"
    assert reasons["survey"] == "alias 'survey' in title"
    assert reasons["kv-cache"] == "alias 'kv cache' in text"
    assert reasons["opt"] == "pattern matched 'OPT' in text"
    assert reasons["neurips"] == "alias 'neurips' in venue"
    assert set(suggest_tags(paper, groups)) == {
        "code", "survey", "speculative-decoding", "kv-cache", "opt", "llama", "dataset", "neurips",
    }
    # Lower-case "opt for" is a verb, not the model family; "survey" in an abstract is not a survey.
    casual = Paper(id="2401.00003", title="Drafts", abstract="We opt for a survey of users.")
    assert suggest_tags(casual, groups) == []
