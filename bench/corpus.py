"""Realistic synthetic papers for the benchmarks: the shipped abstracts' prose, words of their own, authors, links.

Measured on real text (title and abstract, as curate/related.py reads them: words.words(), English stop words out)
by `python bench/bench_related.py --vocabulary`: the 216 shipped abstracts hold 152 words each (103 distinct), 9.7
of them in no other abstract and 15.8 in at most two; their vocabulary, 4,390 words, grows with Heaps' law as
papers ** 0.55 (0.57 over the 97 records of the shared arXiv snapshot); half of a paper's related papers share its
primary topic. Sentences drawn whole from one pool gave none of that: vocabulary grew as papers ** 0.2-0.3, so that
at 10,000 papers every word was shared by dozens. Here, at 216 papers and seed 0: 150 words (111 distinct), 8.5 in
one abstract, 15.4 in at most two, 4,376 words growing as papers ** 0.52, and on to 26,399 words at 10,000 papers
(exponent 0.40 from 216 to 2,000, 0.57 from 2,000 to 10,000); half of the related papers on the same primary topic.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from generator.model import Links, Paper, Source  # noqa: E402
from generator.project import copy_project_skeleton  # noqa: E402
from generator.storage.store import dump_paper, load_catalog_inputs, load_topics, paper_path  # noqa: E402
from generator.storage.vocabulary import load_tags  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_LETTERS = re.compile(r"[A-Za-z]{3,}")
# A word an invented term may stand in for: lower-case prose, long enough not to be a function word.
_CONTENT_WORD = re.compile(r"(?<![\w-])[a-z]{5,}(?![\w-])")
# Syllables for author names and short names: made up, so that no real person is named.
_SYLLABLES = ("ka ri mo an te lu si ven da or mi sha no ta el ju ra ko be li na to yu fe ha ze qi wen lin "
              "chen par sol dor vik ma ne lo ga ri pe").split()
# Syllables of invented terms (methods, datasets, jargon), apart from the names' so that a term is never a name.
_TERM_SYLLABLES = ("bra cle dro fyn gor hux jat kel lum mir nox pra qua rel sto tav urb vel wix yar zon "
                   "ast ber cor dex eph fra glo hep ift jor kry lix mur nyd opt").split()
_VENUES = ("NeurIPS {y}", "ICML {y}", "ICLR {y}", "ACL {y}", "EMNLP {y}", "NAACL {y}", "AAAI {y}", "CVPR {y}",
           "KDD {y}", "MLSys {y}", "COLM {y}", "TMLR")
# The share of papers with each kind of link or field, about as in the shipped data and the awesome lists.
CODE_SHARE, HF_SHARE, PROJECT_SHARE, VENUE_SHARE, SHORT_NAME_SHARE = 0.45, 0.35, 0.1, 0.3, 0.6
# Sentences per abstract: the shipped abstracts have 6 to 11 (deciles), 8.8 on average.
SENTENCES = (6, 11)
# A sentence comes from the paper's own topic this often, else from any topic: papers on one topic then share
# words as the shipped ones do (half of their related papers share their primary topic).
TOPIC_SENTENCE_SHARE = 0.3
# Each paper has TERMS_PER_PAPER invented terms of its own, a TOPIC_TERM_SHARE of them its topic's, and uses them in
# place of TERM_SHARE of its content words, so that they recur in its abstract as a paper's own names do.
TERMS_PER_PAPER = (6, 16)
TERM_SHARE = 0.3
TOPIC_TERM_SHARE = 0.3
# Term ranks: Zipf's law with this exponent, drawn up to MAX_RANK (a longer tail would spell words of 40 letters).
ZIPF_EXPONENT = 1.25
MAX_RANK = 10**6


def topic_sentences(repo: Path = REPO) -> dict[str, list[str]]:
    """The prose sentences (6 to 60 words) of the shipped papers' abstracts, by the paper's primary topic."""
    papers, _, _ = load_catalog_inputs(repo / "data")
    out: dict[str, list[str]] = {}
    for paper in sorted(papers, key=lambda p: p.id):
        for sentence in _SENTENCE_END.split(" ".join((paper.abstract or "").split())):
            count = len(sentence.split())
            if 6 <= count <= 60 and len(_LETTERS.findall(sentence)) >= count // 2:
                out.setdefault(paper.topics[0], []).append(sentence)
    return out


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def _spelled(number: int, syllables: int) -> str:
    """A pronounceable word for a number: its `syllables` digits in base len(_TERM_SYLLABLES), one syllable each."""
    out = []
    for _ in range(syllables):
        number, digit = divmod(number, len(_TERM_SYLLABLES))
        out.append(_TERM_SYLLABLES[digit])
    return "".join(out)


class InventedTerms:
    """Terms of the papers' own (method, model and dataset names, jargon), so that vocabulary grows as in real lists.

    Term ranks follow Zipf's law with exponent ZIPF_EXPONENT over an unbounded vocabulary, which makes the number of
    distinct terms grow as (papers) ** (1 / ZIPF_EXPONENT), Heaps' law: a few terms recur in many papers, most in
    one or two. Each topic has its own terms, and one set is shared by all.
    """

    def __init__(self, rng: random.Random, spaces: int):
        self.rng = rng
        self.spaces = spaces

    def term(self, space: int) -> str:
        # The inverse of a Pareto tail, P(rank >= r) = r ** -(s - 1), drawn again above MAX_RANK.
        rank = MAX_RANK + 1
        while rank > MAX_RANK:
            rank = int((1.0 - self.rng.random()) ** (-1.0 / (ZIPF_EXPONENT - 1.0)))
        # Scrambled (an odd multiplier that is no multiple of 5 is a bijection modulo a power of 40): neighbouring
        # ranks do not look alike, and no two (space, rank) share a spelling.
        number, syllables = rank * self.spaces + space, 3
        while number >= len(_TERM_SYLLABLES) ** syllables:
            number, syllables = number - len(_TERM_SYLLABLES) ** syllables, syllables + 1
        return _spelled(number * 2654435761 % len(_TERM_SYLLABLES) ** syllables, syllables)


def _skewed_sample(rng: random.Random, items: list[str], count: int) -> list[str]:
    """`count` distinct items, the first ones far more often (real lists have a few big topics and many small)."""
    weights = [1 / (rank + 1) for rank in range(len(items))]
    chosen: list[str] = []
    while len(chosen) < min(count, len(items)):
        item = rng.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


class PaperMaker:
    """Makes paper number n of a data set, the same paper for the same seed and n."""

    def __init__(self, data_dir: Path, seed: int):
        self.rng = random.Random(seed)
        self.topics = [t.slug for t in load_topics(data_dir)]
        by_topic = topic_sentences()
        self.sentences = {topic: by_topic.get(topic) or sum(by_topic.values(), []) for topic in self.topics}
        self.all_sentences = [s for topic in sorted(by_topic) for s in by_topic[topic]]
        self.terms = InventedTerms(self.rng, len(self.topics) + 1)
        self.tags = sorted(tag.slug for group in load_tags(data_dir) for tag in group.tags)
        self.surnames = [_name(self.rng, self.rng.randint(2, 3)) for _ in range(4000)]
        self.given = [_name(self.rng, self.rng.randint(1, 2)) for _ in range(600)]

    def _prose(self, topic: str) -> str:
        """A sentence's worth of the topic's prose: the start of one shipped sentence and the end of another."""
        rng = self.rng
        first, second = (rng.choice(self.sentences[topic] if rng.random() < TOPIC_SENTENCE_SHARE
                                     else self.all_sentences).split() for _ in range(2))
        cut = rng.randint(1, len(first) - 1)
        return " ".join(first[:cut] + second[max(1, len(second) * cut // len(first)):])

    def _own_terms(self, topic: str) -> list[str]:
        """The invented terms one paper uses: its own names and the jargon of its topic and of the field."""
        rng, space = self.rng, self.topics.index(topic) + 1
        return [self.terms.term(space if rng.random() < TOPIC_TERM_SHARE else 0)
                for _ in range(rng.randint(*TERMS_PER_PAPER))]

    def _sentence(self, topic: str, terms: list[str]) -> str:
        rng = self.rng
        return _CONTENT_WORD.sub(lambda m: rng.choice(terms) if rng.random() < TERM_SHARE else m[0], self._prose(topic))

    def paper(self, n: int) -> Paper:
        rng = self.rng
        year, month = rng.randint(2019, 2026), rng.randint(1, 12)
        arxiv = f"{year % 100:02d}{month:02d}.{n:05d}"
        topics = _skewed_sample(rng, self.topics, rng.choice((1, 1, 1, 2, 2, 3)))
        terms = self._own_terms(topics[0])
        words = self._sentence(topics[0], terms).rstrip(".").split()
        phrase = " ".join(words[: rng.randint(5, 12)])
        short_name = _name(rng, rng.randint(2, 3)) if rng.random() < SHORT_NAME_SHARE else None
        title = f"{short_name}: {phrase}" if short_name else phrase
        sentences = [self._sentence(topics[0], terms) for _ in range(rng.randint(*SENTENCES))]
        if short_name:
            # An abstract names its method where it introduces it.
            sentences.insert(1, f"We introduce {short_name}.")
        abstract = " ".join(sentences)
        authors = [f"{rng.choice(self.given)} {rng.choice(self.surnames)}" for _ in range(rng.choice((1, 2, 3, 4, 5, 6, 8, 12)))]
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40]
        links = Links(
            code=[f"https://github.com/{authors[0].split()[-1].lower()}/{slug}"] if rng.random() < CODE_SHARE else [],
            hf=f"https://huggingface.co/papers/{arxiv}" if rng.random() < HF_SHARE else None,
            project=f"https://{slug}.github.io/" if rng.random() < PROJECT_SHARE else None,
        )
        return Paper(
            id=arxiv, arxiv=arxiv, title=title, abstract=abstract, authors=authors, authors_count=len(authors),
            published=dt.date(year, month, rng.randint(1, 28)),
            venue=rng.choice(_VENUES).format(y=year) if rng.random() < VENUE_SHARE else None,
            upvotes=rng.randint(0, 80) if links.hf else None,
            topics=topics,
            tags=sorted(rng.sample(self.tags, rng.choice((0, 1, 1, 2, 2, 3, 4)))),
            links=links,
            sources=[Source("data/sources/synthetic.txt", n + 1, "hf-daily")],
            added=dt.date(2026, rng.randint(1, 11), rng.randint(1, 28)),
        )


def make_papers(data_dir: Path, size: int, seed: int = 0) -> list[Paper]:
    maker = PaperMaker(data_dir, seed)
    return [maker.paper(n) for n in range(size)]


def make_project(dest: Path, size: int, seed: int = 0) -> list[Paper]:
    """The real site configuration and hand-written docs, with `size` synthetic papers as data; returns the papers."""
    copy_project_skeleton(REPO, dest, with_papers=False)
    papers = make_papers(dest / "data", size, seed)
    for paper in papers:
        paper_path(dest / "data", paper.id).write_text(dump_paper(paper), encoding="utf-8")
    return papers


def build_site(dest: Path, size: int | None) -> Path:
    """A fresh project in `dest` with `size` synthetic papers (None: the shipped ones), built; its site folder."""
    if size is None:
        copy_project_skeleton(REPO, dest)
    else:
        make_project(dest, size)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)}
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(dest), "build"], cwd=dest, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the build of {size or 'the shipped'} papers failed:\n{done.stdout}{done.stderr}")
    return dest / "site"
