"""Related papers computed in blocks give exactly the lists of the dense all-pairs algorithm they replaced."""

from __future__ import annotations

import random
import sys

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from conftest import REPO
from generator.curate import related
from generator.curate.related import MAX_RELATED, MIN_SIMILARITY, PRECISION, Related, related_papers
from generator.curate.words import words
from generator.model import Paper
from generator.storage.store import load_catalog_inputs


def _dense_reference(papers: list[Paper]) -> dict[str, tuple[Related, ...]]:
    """The former algorithm, kept here as the oracle: an N x N matrix and a Python loop over every pair."""
    vectorizer = TfidfVectorizer(
        tokenizer=words, lowercase=False, token_pattern=None, stop_words=related._stop_words(),
        sublinear_tf=True, min_df=2, max_df=related.MAX_DOCUMENT_SHARE,
    )
    try:
        matrix = vectorizer.fit_transform([related._document(p) for p in papers])
    except ValueError:
        return {}
    similarity = linear_kernel(matrix)
    out = {}
    for i, paper in enumerate(papers):
        candidates = sorted(
            (-round(float(similarity[i, j]), PRECISION), other.id)
            for j, other in enumerate(papers)
            if other.id != paper.id and similarity[i, j] >= MIN_SIMILARITY
        )
        if candidates:
            out[paper.id] = tuple(Related(pid, -score) for score, pid in candidates[:MAX_RELATED])
    return out


def _synthetic(count: int, seed: int) -> list[Paper]:
    """Papers from a small vocabulary; a third repeat an earlier paper's text, so that many cosines tie exactly."""
    rng = random.Random(seed)
    vocabulary = ("cache attention sparse quantized agent reward retrieval memory kernel decoding pruning "
                  "adapter privacy watermark benchmark vision speech graph tool code").split()
    abstracts = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 25))) for _ in range(count // 3)]
    papers = []
    for n in range(count):
        if papers and n % 3 == 0:
            title, abstract = rng.choice([(p.title, p.abstract) for p in papers])
        else:
            title, abstract = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(2, 6))), rng.choice(abstracts)
        papers.append(Paper(id=f"p{rng.randrange(10**6):06d}-{n}", title=title, abstract=abstract, topics=["serving"]))
    return papers


def test_same_lists_as_the_dense_algorithm_on_the_shipped_data() -> None:
    papers, _, _ = load_catalog_inputs(REPO / "data")
    expected = _dense_reference(papers)
    assert expected, "the shipped data has related papers"
    assert related_papers(papers) == expected


@pytest.mark.parametrize("candidates, redo_cells", [(related.CANDIDATES, related.REDO_CELLS), (2, 1), (7, 997)])
def test_same_lists_as_the_dense_algorithm_on_synthetic_ties_whatever_is_kept(monkeypatch, candidates, redo_cells) -> None:
    papers = _synthetic(400, seed=0)
    monkeypatch.setattr(related, "CANDIDATES", candidates)
    monkeypatch.setattr(related, "REDO_CELLS", redo_cells)
    found = related_papers(papers)
    assert found == _dense_reference(papers)
    assert list(found) == [p.id for p in papers if p.id in found]
    tied = [rel for rel in found.values() if len({r.similarity for r in rel}) < len(rel)]
    assert tied, "the synthetic set exercises ties"


def test_two_papers_and_one_paper() -> None:
    pair = [Paper(id="b", title="kv cache", abstract="paged kv cache", topics=["serving"]),
            Paper(id="a", title="kv cache", abstract="paged kv cache", topics=["serving"]),
            Paper(id="c", title="apples", abstract="orchards", topics=["serving"])]
    assert related_papers(pair) == _dense_reference(pair)
    assert related_papers(pair[:1]) == {}


def test_same_lists_as_the_dense_algorithm_on_the_bench_corpus(monkeypatch) -> None:
    """Realistic papers (bench/corpus.py), with few candidates kept, so that rows computed whole are among them."""
    sys.path.insert(0, str(REPO / "bench"))
    from corpus import make_papers

    papers = make_papers(REPO / "data", 300, seed=3)
    monkeypatch.setattr(related, "CANDIDATES", MAX_RELATED + 2)
    found = related_papers(papers)
    assert len(found) > 250
    assert found == _dense_reference(papers)
