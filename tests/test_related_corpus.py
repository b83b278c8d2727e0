"""The benchmark's papers (bench/corpus.py) are as rich in words of their own as the shipped abstracts, and repeatable."""

from __future__ import annotations

import sys

import pytest

from conftest import REPO
from generator.storage.store import load_catalog_inputs

sys.path.insert(0, str(REPO / "bench"))
from bench_related import _document_words, vocabulary_figures  # noqa: E402
from corpus import make_papers  # noqa: E402


@pytest.fixture(scope="module")
def figures() -> tuple[dict, dict]:
    shipped, _, _ = load_catalog_inputs(REPO / "data")
    synthetic = make_papers(REPO / "data", len(shipped), seed=0)
    return tuple(vocabulary_figures(_document_words([f"{p.title} {p.abstract or ''}" for p in papers]))
                 for papers in (shipped, synthetic))


@pytest.mark.parametrize("figure, tolerance", [
    ("words", 0.15), ("distinct", 0.15), ("in_one", 0.25), ("in_at_most_two", 0.25), ("vocabulary", 0.15),
    ("heaps_exponent", 0.15),
])
def test_as_many_words_and_rare_words_as_the_shipped_abstracts(figures, figure, tolerance) -> None:
    real, synthetic = figures
    assert synthetic[figure] == pytest.approx(real[figure], rel=tolerance)


def test_vocabulary_keeps_growing_with_the_papers() -> None:
    documents = _document_words([f"{p.title} {p.abstract}" for p in make_papers(REPO / "data", 2000, seed=0)])
    small, large = (len({w for d in documents[:n] for w in d}) for n in (200, 2000))
    # Heaps' law with the exponent measured on the shipped abstracts (0.55) gives 3.5x; whole shipped sentences
    # drawn from one pool gave 1.7x.
    assert large / small > 2.5


def test_the_same_papers_for_the_same_seed() -> None:
    assert make_papers(REPO / "data", 30, seed=5) == make_papers(REPO / "data", 30, seed=5)
    assert make_papers(REPO / "data", 30, seed=5) != make_papers(REPO / "data", 30, seed=6)
