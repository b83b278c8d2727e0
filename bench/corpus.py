"""Realistic synthetic papers for the benchmarks: sentences from data/sources/, the real vocabularies, authors, links."""

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
from generator.storage.store import dump_paper, load_topics, paper_path  # noqa: E402
from generator.storage.vocabulary import load_tags  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_LETTERS = re.compile(r"[A-Za-z]{3,}")
# Syllables for author names and short names: made up, so that no real person is named.
_SYLLABLES = ("ka ri mo an te lu si ven da or mi sha no ta el ju ra ko be li na to yu fe ha ze qi wen lin "
              "chen par sol dor vik ma ne lo ga ri pe").split()
_VENUES = ("NeurIPS {y}", "ICML {y}", "ICLR {y}", "ACL {y}", "EMNLP {y}", "NAACL {y}", "AAAI {y}", "CVPR {y}",
           "KDD {y}", "MLSys {y}", "COLM {y}", "TMLR")
# The share of papers with each kind of link or field, about as in the shipped data and the awesome lists.
CODE_SHARE, HF_SHARE, PROJECT_SHARE, VENUE_SHARE, SHORT_NAME_SHARE = 0.45, 0.35, 0.1, 0.3, 0.6


def source_sentences(repo: Path = REPO) -> list[str]:
    """Every prose sentence of the shipped listings (6 to 60 words), in file order."""
    out = []
    for path in sorted((repo / "data" / "sources").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in _SENTENCE_END.split(line.strip()):
                count = len(sentence.split())
                if 6 <= count <= 60 and len(_LETTERS.findall(sentence)) >= count // 2:
                    out.append(sentence)
    return out


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


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
        self.sentences = source_sentences()
        self.topics = [t.slug for t in load_topics(data_dir)]
        self.tags = sorted(tag.slug for group in load_tags(data_dir) for tag in group.tags)
        self.surnames = [_name(self.rng, self.rng.randint(2, 3)) for _ in range(4000)]
        self.given = [_name(self.rng, self.rng.randint(1, 2)) for _ in range(600)]

    def paper(self, n: int) -> Paper:
        rng = self.rng
        year, month = rng.randint(2019, 2026), rng.randint(1, 12)
        arxiv = f"{year % 100:02d}{month:02d}.{n:05d}"
        words = rng.choice(self.sentences).rstrip(".").split()
        phrase = " ".join(words[: rng.randint(5, 12)])
        title = f"{_name(rng, rng.randint(2, 3))}: {phrase}" if rng.random() < SHORT_NAME_SHARE else phrase
        abstract = " ".join(rng.choice(self.sentences) for _ in range(rng.randint(4, 9)))
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
            topics=_skewed_sample(rng, self.topics, rng.choice((1, 1, 1, 2, 2, 3))),
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
