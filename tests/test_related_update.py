"""After an edit, the lists recomputed only where the edit reaches are the lists a fresh computation gives."""

from __future__ import annotations

import dataclasses
import random
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from conftest import REPO
from generator import buildcache
from generator.curate import related, related_update
from generator.curate.related import RelatedState, related_papers, related_state
from generator.curate.related_update import updated_state
from generator.curate.words import words
from generator.model import Paper
from test_related_scale import _synthetic


def _same(found: RelatedState, fresh: RelatedState) -> bool:
    """The same lists, and the same candidates for the next edit to start from."""
    return found.pairs() == fresh.pairs() and (found.pools is None) == (fresh.pools is None) and (
        found.pools is None or all(np.array_equal(a, b) for a, b in zip(found.pools, fresh.pools)))


def _edited(paper: Paper, rng: random.Random, donors: list[Paper]) -> Paper:
    """The paper with a title word replaced, words added to its abstract, a sentence cut, or another's text."""
    kind = rng.randrange(4)
    if kind == 0:
        title = paper.title.split()
        title[rng.randrange(len(title))] = rng.choice(rng.choice(donors).title.split())
        return dataclasses.replace(paper, title=" ".join(title))
    if kind == 1:
        extra = " ".join(rng.choice(rng.choice(donors).title.split()) for _ in range(rng.randint(1, 6)))
        return dataclasses.replace(paper, abstract=f"{paper.abstract or ''} {extra}")
    if kind == 2:
        return dataclasses.replace(paper, abstract=(paper.abstract or "").rsplit(".", 2)[0])
    donor = rng.choice(donors)
    return dataclasses.replace(paper, title=donor.title, abstract=donor.abstract)


@pytest.fixture(scope="module")
def bench_papers() -> list[Paper]:
    sys.path.insert(0, str(REPO / "bench"))
    from corpus import make_papers

    return sorted(make_papers(REPO / "data", 400, seed=7), key=lambda p: p.id)


@pytest.mark.parametrize("pool", [related.POOL, 4])
def test_many_random_edits_give_the_lists_computed_afresh(monkeypatch, bench_papers, pool) -> None:
    """Realistic papers with a bound that leaves the commonest words out of the candidates; a pool of 4 makes
    many rows' merged pools fall short of the old one's end, computed whole."""
    monkeypatch.setattr(related, "POOL", pool)
    # Every edit on the shortcut, however many papers it moves: that is the path under test.
    monkeypatch.setattr("generator.curate.related_update.MAX_MOVED_SHARE", 1.0)
    bound = 60
    papers = bench_papers[:]
    state = related_state(papers, bound)
    assert state.pools is not None, "the bound puts the corpus on the candidates' path"
    rng = random.Random(pool)
    routes = []
    for _ in range(12):
        edits = rng.choice([1, 1, 1, 2, 3])
        for index in rng.sample(range(len(papers)), edits):
            papers[index] = _edited(papers[index], rng, bench_papers)
        state, route = updated_state(state, papers, bound)
        routes.append(route)
        # The texts counted are reused (test_counts_reused_are_the_counts_made_afresh holds them to fresh ones).
        assert _same(state, related_state(papers, bound, state.counts)), route
    assert routes.count("rows") >= 10, routes


def test_papers_added_removed_unchanged_or_exact_are_computed_afresh(bench_papers) -> None:
    bound = 60
    state = related_state(bench_papers, bound)
    assert updated_state(state, bench_papers, bound) == (state, "unchanged")
    elsewhere = dataclasses.replace(state, basis=state.basis[:1] + ("another numpy",) + state.basis[2:])
    edited = [dataclasses.replace(bench_papers[0], title="Another title")] + bench_papers[1:]
    found, route = updated_state(elsewhere, edited, bound)
    assert route == "other settings" and _same(found, related_state(edited, bound))
    fewer = bench_papers[:-1]
    found, route = updated_state(state, fewer, bound)
    assert route == "papers added or removed" and _same(found, related_state(fewer, bound))
    exact = related_state(bench_papers[:50], 1000)
    assert exact.pools is None
    edited = [dataclasses.replace(bench_papers[0], title="Another title")] + bench_papers[1:50]
    found, route = updated_state(exact, edited, 1000)
    assert route == "no candidate pools (the lists were exact)" and _same(found, related_state(edited, 1000))


def test_counts_made_with_other_stop_words_are_not_reused(bench_papers, monkeypatch) -> None:
    """The counts leave the stop words out: a state made when "the" and "we" were none holds them, and reusing its
    counts would weigh them."""
    bound = 60
    stop = related._stop_words()
    monkeypatch.setattr(related, "_stop_words", lambda: [w for w in stop if w not in ("the", "we")])
    before = related_state(bench_papers, bound)
    assert {"the", "we"} <= set(before.counts.vocabulary)
    monkeypatch.setattr(related, "_stop_words", lambda: stop)
    edited = [dataclasses.replace(bench_papers[0], title="Another title")] + bench_papers[1:]
    found, route = updated_state(before, edited, bound)
    assert route == "other settings" and _same(found, related_state(edited, bound))
    assert not {"the", "we"} & set(found.counts.vocabulary)


def test_an_edit_of_a_common_word_moves_many_papers_and_falls_back(bench_papers, monkeypatch) -> None:
    """A word in a hundred papers or more: its document frequency changes every one's weights."""
    bound = 60
    state = related_state(bench_papers, bound)
    counts = state.counts
    weighed = np.flatnonzero(counts.document_frequency() <= related.MAX_DOCUMENT_SHARE * len(bench_papers))
    common = counts.vocabulary[weighed[np.argmax(counts.document_frequency()[weighed])]]
    papers = bench_papers[:]
    holder = next(i for i, p in enumerate(papers) if common not in words(related._document(p)))
    papers[holder] = dataclasses.replace(papers[holder], title=f"{papers[holder].title} {common}")
    monkeypatch.setattr("generator.curate.related_update.MAX_MOVED_SHARE", 0.1)
    found, route = updated_state(state, papers, bound)
    assert route.endswith("papers' weights changed") and int(route.split()[0]) > 100
    assert _same(found, related_state(papers, bound))


def test_counts_reused_are_the_counts_made_afresh(bench_papers) -> None:
    documents = [related._document(p) for p in bench_papers]
    known = related.count_words(documents[:300])
    edited = documents[:]
    edited[10] = "A new text, with words never seen: zyxwv qponm."
    for texts in (edited, edited[::-1]):
        found, fresh = related.count_words(texts, known), related.count_words(texts)
        assert _as_dicts(found) == _as_dicts(fresh) and found.digests == fresh.digests


def _as_dicts(counts) -> list[dict[str, int]]:
    matrix, words = counts.counts, counts.vocabulary
    return [{words[c]: n for c, n in zip(matrix.indices[start:end].tolist(), matrix.data[start:end].tolist())}
            for start, end in zip(matrix.indptr.tolist(), matrix.indptr[1:].tolist())]


def test_the_build_child_keeps_its_state_and_never_trusts_another(tmp_path, bench_papers, monkeypatch) -> None:
    """buildcache._related_pairs: the state file written, used after an edit, ignored when unreadable or made
    by other code."""
    monkeypatch.setattr(related, "MAX_PAPERS_PER_WORD", 60)
    state_file = tmp_path / "related-state.pickle"
    papers = bench_papers[:]

    def expected() -> dict:
        return {pid: tuple((r.id, r.similarity) for r in found) for pid, found in related_papers(papers, 60).items()}

    assert buildcache._related_pairs(papers, state_file) == expected()
    papers[5] = dataclasses.replace(papers[5], title=papers[5].title + " revisited")
    routes = []
    monkeypatch.setattr(buildcache, "read_pickle", _spy(buildcache.read_pickle, routes))
    assert buildcache._related_pairs(papers, state_file) == expected()
    kept = routes[-1]
    assert isinstance(kept, tuple) and kept[0] == buildcache.code_version()
    assert updated_state(kept[1], papers, 60)[1] == "rows", "the kept state was the one before the edit"
    state_file.write_bytes(b"not a pickle")
    papers[6] = dataclasses.replace(papers[6], abstract="A new abstract about caches.")
    assert buildcache._related_pairs(papers, state_file) == expected()
    buildcache.write_pickle(state_file, ("other code", related_state(bench_papers, 60)))
    assert buildcache._related_pairs(papers, state_file) == expected()


def _spy(read, seen: list):
    def reading(path):
        value = read(path)
        seen.append(value)
        return value
    return reading


_WORDS = "cache attention sparse agent reward memory kernel decoding pruning graph tool code".split()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), pool=st.sampled_from([2, 3, 8]), edits=st.lists(
    st.tuples(st.integers(0, 79), st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12)),
    min_size=1, max_size=6))
def test_any_edits_of_papers_full_of_ties_give_the_lists_computed_afresh(seed, pool, edits) -> None:
    """Papers from a dozen words, a third repeating another's text: cosines tie everywhere, at every pool's end."""
    papers = sorted(_synthetic(80, seed), key=lambda p: p.id)
    original, related.POOL = related.POOL, pool
    share, related_update.MAX_MOVED_SHARE = related_update.MAX_MOVED_SHARE, 1.0
    try:
        state = related_state(papers, 12)
        # A seed whose papers leave no word over the bound gives exact lists, which have no pools to update.
        assume(state.pools is not None)
        for index, words in edits:
            papers[index] = dataclasses.replace(papers[index], abstract=" ".join(words))
            state, route = updated_state(state, papers, 12)
            assert route in ("rows", "unchanged")
            assert _same(state, related_state(papers, 12)), route
    finally:
        related.POOL, related_update.MAX_MOVED_SHARE = original, share
