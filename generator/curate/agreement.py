"""How well suggested topics agree with a hand labeller's: the measure the tests and bench/topic_agreement.py share.

A label file maps each paper id to `{primary: slug, also: [slug, ...]}`: the topic the labeller would
look under first, and the others it could defend. Agreement is strict when the suggested primary
topic is the labeller's primary, lenient when it is the primary or one of `also`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

HALVES = ("tune", "held-out")


def load_labels(path: Path) -> dict[str, dict]:
    """One labeller's file: paper id -> {'primary': slug, 'also': [slugs]}."""
    labels = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {pid: {"primary": label["primary"], "also": list(label.get("also") or [])} for pid, label in labels.items()}


def half(paper_id: str) -> str:
    """'tune' for ids whose SHA-1 starts with an even byte, else 'held-out': a split fixed for good.

    Rules tuned while looking at one half are checked on the other, so that a change that only fits
    the papers it was made for shows up as such.
    """
    return HALVES[hashlib.sha1(paper_id.encode()).digest()[0] % 2]


@dataclass(frozen=True)
class Agreement:
    papers: int
    strict: int
    lenient: int

    @property
    def strict_share(self) -> float:
        return self.strict / self.papers

    @property
    def lenient_share(self) -> float:
        return self.lenient / self.papers

    def __str__(self) -> str:
        return f"{self.strict_share:.1%} strict, {self.lenient_share:.1%} with alternatives ({self.papers} papers)"


def agreement(primary: Mapping[str, str], labels: Mapping[str, dict], ids: Iterable[str] | None = None) -> Agreement:
    """How often the suggested primary topic (paper id -> slug) is the labeller's, over `ids` (default: all labelled)."""
    ids = list(labels if ids is None else ids)
    strict = sum(primary[i] == labels[i]["primary"] for i in ids)
    lenient = sum(primary[i] in (labels[i]["primary"], *labels[i]["also"]) for i in ids)
    return Agreement(len(ids), strict, lenient)
