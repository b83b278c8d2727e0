"""Past MAX_PAPERS_PER_WORD, a paper's list is chosen from the candidates its rarer words find, deterministically."""

from __future__ import annotations

import random

import numpy as np
import pytest

from generator.curate import related
from generator.curate.related import MAX_RELATED, MIN_SIMILARITY, PRECISION, Related, related_papers
from generator.model import Paper
from test_related_scale import _dense_reference, _synthetic


def _candidate_reference(papers: list[Paper], bound: int, pool: int) -> dict[str, tuple[Related, ...]]:
    """The rule, the slow way: each paper's `pool` best by the cosine of its words in at most `bound` papers (ties
    by id), and of those its best by the whole cosine."""
    by_id = sorted(papers, key=lambda p: p.id)
    matrix = related._tfidf([related._document(p) for p in by_id]).toarray()
    rare = matrix[:, (matrix > 0).sum(axis=0) <= bound]
    rare_cosines, cosines = rare @ rare.T, matrix @ matrix.T
    out = {}
    for i, paper in enumerate(by_id):
        candidates = sorted((-round(float(rare_cosines[i, j]), PRECISION), j)
                            for j in range(len(by_id)) if rare_cosines[i, j] > 0)[:pool]
        found = sorted((-round(float(cosines[i, j]), PRECISION), j)
                       for _, j in candidates if j != i and cosines[i, j] >= MIN_SIMILARITY)[:MAX_RELATED]
        if found:
            out[paper.id] = tuple(Related(by_id[j].id, -score) for score, j in found)
    return {p.id: out[p.id] for p in papers if p.id in out}


def _paper(paper_id: str, text: str) -> Paper:
    return Paper(id=paper_id, title=text, abstract=text, topics=["serving"])


def test_a_word_in_more_papers_than_the_bound_finds_no_candidates_but_still_counts() -> None:
    papers = [_paper("a1", "alpha"), _paper("a2", "alpha"), _paper("z1", "alpha zeta"), _paper("z2", "alpha zeta"),
              _paper("e1", "alpha eta"), _paper("e2", "alpha eta"),
              *(_paper(f"g{n}", f"gamma delta{n % 3}") for n in range(6))]
    exact = related_papers(papers)
    assert exact == _dense_reference(papers)
    assert {r.id for r in exact["a1"]} == {"a2", "z1", "z2", "e1", "e2"}, "alpha alone relates a1 to the other alphas"
    bounded = related_papers(papers, max_papers_per_word=5)  # alpha, in six papers, finds nothing
    assert "a1" not in bounded and "a2" not in bounded
    # zeta finds z2 for z1; their cosine still counts what alpha shares: the exact one
    assert bounded["z1"] == (Related("z2", exact["z1"][0].similarity),) and exact["z1"][0].id == "z2"
    assert bounded == _candidate_reference(papers, 5, related.POOL)


def test_no_word_over_the_bound_gives_the_exact_lists() -> None:
    papers = _synthetic(120, seed=4)
    assert related_papers(papers, max_papers_per_word=len(papers)) == _dense_reference(papers)


@pytest.mark.parametrize("pool", [related.POOL, 3])
def test_candidates_and_ties_chosen_by_the_rule_whatever_the_input_order(monkeypatch, pool) -> None:
    """Synthetic papers full of exact ties (a third repeat another's text), with a bound that leaves half the words
    out of the candidates' product; a pool of 3 makes many rows' cut fall inside a tie, computed whole."""
    papers = _synthetic(300, seed=1)
    matrix = related._tfidf([related._document(p) for p in papers])
    bound = int(np.median(np.bincount(matrix.indices)))
    monkeypatch.setattr(related, "POOL", pool)
    found = related_papers(papers, max_papers_per_word=bound)
    assert found == _candidate_reference(papers, bound, pool)
    shuffled = papers[:]
    random.Random(2).shuffle(shuffled)
    again = related_papers(shuffled, max_papers_per_word=bound)
    assert again == found and list(again) == [p.id for p in shuffled if p.id in found]
    assert found != related_papers(papers), "the bound changed some lists"
    assert any(len({r.similarity for r in rel}) < len(rel) for rel in found.values()), "ties are exercised"
