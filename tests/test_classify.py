"""The topic classifier against hand labels of every seed paper, and its rules on small cases."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import REPO
from generator.curate.agreement import HALVES, agreement, half, load_labels
from generator.curate.classify import MAX_TOPICS, TopicClassifier
from generator.curate.explain import explain
from generator.model import Paper
from generator.storage.store import Topic, load_catalog_inputs

FIXTURES = Path(__file__).parent / "fixtures"
# Two labellers filed every seed paper by hand from its title and abstract, each without seeing the
# other's file or the classifier's output; agreement is reported against each of them separately.
LABELLERS = {"first": FIXTURES / "topic_labels.yml", "second": FIXTURES / "topic_labels_second.yml"}
# Floors a little under what the classifier reaches, so that a rule change that loses ground fails.
# strict: the primary topic is the labeller's first choice; lenient: or one of the alternatives the
# labeller wrote down for papers that sit between two topics. The "held-out" half (see
# generator.curate.agreement.half) was kept out of the first round of rule tuning, where those rules
# gained nothing on it (81.0% / 75.9% strict before and after); a second round then tuned on it too,
# so its floors no longer measure rules on unseen papers. The two labellers agree with each other on
# 90.7% of primary topics, a ceiling no classifier can be expected to pass against either.
FLOORS = {  # labeller: {half: (strict, lenient)}
    "first": {"all": (0.89, 0.96), "tune": (0.90, 0.96), "held-out": (0.88, 0.96)},
    "second": {"all": (0.85, 0.95), "tune": (0.84, 0.95), "held-out": (0.86, 0.95)},
}
MAX_AVERAGE_TOPICS = 1.6


@pytest.fixture(scope="module")
def seed() -> tuple[list[Paper], TopicClassifier, list]:
    papers, topics, tag_groups = load_catalog_inputs(REPO / "data")
    return papers, TopicClassifier(topics, papers), tag_groups


def test_primary_topic_agrees_with_each_labeller(seed, capsys) -> None:
    papers, classifier, _ = seed
    # The seed papers are those read from the listings under data/sources/; papers contributed later
    # (by a pull request, by `add`) carry no hand label and must not fail this test.
    seeds = [p for p in papers if any(s.file.startswith("data/sources/") for s in p.sources)]
    suggested = {p.id: classifier.classify(p) for p in seeds}
    primary = {pid: topics[0] for pid, topics in suggested.items()}
    halves = {"all": sorted(primary), **{h: sorted(i for i in primary if half(i) == h) for h in HALVES}}
    report, failures = [], []
    for name, path in LABELLERS.items():
        labels = load_labels(path)
        assert set(labels) == set(primary), f"the {name} labeller filed every seed paper"
        for group, ids in halves.items():
            result = agreement(primary, labels, ids)
            report.append(f"  {name} labeller, {group}: {result}")
            strict_floor, lenient_floor = FLOORS[name][group]
            if result.strict_share < strict_floor or result.lenient_share < lenient_floor:
                failures.append(f"{name}/{group}: {result} is under {strict_floor:.0%} / {lenient_floor:.0%}")
    average = sum(len(t) for t in suggested.values()) / len(suggested)
    with capsys.disabled():
        print("\nprimary topic agreement with the hand labels:\n" + "\n".join(report) + f"\n  {average:.2f} topics per paper")
    assert not failures, failures
    assert average <= MAX_AVERAGE_TOPICS
    assert max(len(t) for t in suggested.values()) <= MAX_TOPICS


def test_the_labellers_agree_with_each_other_as_recorded() -> None:
    first, second = (load_labels(path) for path in LABELLERS.values())
    between = agreement({pid: label["primary"] for pid, label in first.items()}, second)
    assert between.strict == 196, "the label files are not edited after they were committed"


def _topics() -> list[Topic]:
    return [
        Topic("serving", "Serving", "Running models fast: batching and caches.", {"serving": 5, "kv cache": 4, "latency": 1}),
        Topic("compression", "Compression", "Making models smaller with fewer bits.", {"quantization": 5, "pruning": 5}),
        Topic("agents", "Agents", "Models that act and plan.", {"agent": 4, "tool use": 5}),
    ]


def _paper(pid: str, title: str, abstract: str) -> Paper:
    return Paper(id=pid, title=title, abstract=abstract)


CORPUS = [
    _paper("a", "Serving LLMs with paged KV caches", "A serving system that pages the KV-cache to cut latency."),
    _paper("b", "Quantization of LLMs", "Post-training quantization to 4 bits; pruning is left for later."),
    _paper("c", "Agents that use tools", "An agent learns tool use from demonstrations with low latency."),
    _paper("d", "A note on latency", "Latency matters; latency everywhere."),
]


def test_phrases_match_whole_words_across_hyphens_and_plurals() -> None:
    classifier = TopicClassifier(_topics(), CORPUS)
    evidence = {e.phrase for s in classifier.scores(CORPUS[0]) for e in s.evidence}
    assert {"serving", "kv cache", "latency"} <= evidence


def test_a_topic_named_in_passing_is_not_added() -> None:
    classifier = TopicClassifier(_topics(), CORPUS)
    assert classifier.classify(CORPUS[0]) == ["serving"]
    # "pruning" is mentioned but the paper is about quantization: one phrase is not enough for a second topic.
    assert classifier.classify(CORPUS[1]) == ["compression"]


def test_common_words_weigh_less_than_rare_ones() -> None:
    classifier = TopicClassifier(_topics(), CORPUS)
    serving = next(s for s in classifier.scores(CORPUS[0]) if s.slug == "serving")
    by_phrase = {e.phrase: e for e in serving.evidence}
    assert by_phrase["latency"].text_idf < by_phrase["kv cache"].text_idf


def test_without_any_phrase_the_topic_descriptions_decide() -> None:
    classifier = TopicClassifier(_topics(), CORPUS)
    paper = _paper("e", "Smaller models", "We make a model smaller by storing fewer bits per weight.")
    assert not any(s.evidence for s in classifier.scores(paper))
    assert classifier.classify(paper) == ["compression"]


def test_a_paper_sharing_no_word_with_any_topic_is_left_for_a_curator() -> None:
    classifier = TopicClassifier(_topics(), CORPUS)
    assert classifier.classify(_paper("f", "Nothing relevant", "Words about nothing.")) == []


def test_a_longer_listed_phrase_keeps_its_words_from_counting_again() -> None:
    topics = [*_topics(), Topic("alignment", "Alignment", "", {"harmful fine-tuning": 5}),
              Topic("adaptation", "Adaptation", "", {"fine-tuning": 3})]
    paper = _paper("g", "Harmful fine-tuning", "Defending against harmful fine-tuning of aligned models.")
    classifier = TopicClassifier(topics, [*CORPUS, paper])
    scores = {s.slug: s for s in classifier.scores(paper)}
    assert [e.phrase for e in scores["alignment"].evidence] == ["harmful fine-tuning"]
    assert not scores["adaptation"].evidence


def test_classification_does_not_depend_on_corpus_order() -> None:
    forward = TopicClassifier(_topics(), CORPUS)
    backward = TopicClassifier(_topics(), list(reversed(CORPUS)))
    for paper in CORPUS:
        assert forward.scores(paper) == backward.scores(paper)


def test_explain_shows_terms_scores_and_tag_reasons(seed) -> None:
    papers, classifier, tag_groups = seed
    paper = next(p for p in papers if p.id == "2401.03868")
    text = explain(dataclasses.replace(paper, tags=[]), classifier, tag_groups)
    assert "suggested topics: platforms" in text
    assert "'fpga' (weight 5; title tf" in text
    assert "fpga                     alias 'fpga' in venue" in text


def test_explain_says_when_the_descriptions_filed_a_paper() -> None:
    classifier = TopicClassifier(_topics(), CORPUS)
    text = explain(_paper("e", "Smaller models", "We make a model smaller by storing fewer bits per weight."), classifier, [])
    assert "no topic phrase found at all" in text
    assert "* compression" in text
    unfiled = explain(_paper("f", "Nothing relevant", "Words about nothing."), classifier, [])
    assert "no topic until a curator files the paper" in unfiled
