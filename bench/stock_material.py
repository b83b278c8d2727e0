"""The same papers as a plain MkDocs + Material project: 30 topic pages of Markdown cards, default search, no hooks."""

from __future__ import annotations

import html
from pathlib import Path

from generator.model import Paper

PAGES = 30

_CONFIG = """site_name: Stock Material baseline
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.details
  - toc:
      permalink: true
"""


def _text(value: str) -> str:
    return html.escape(value, quote=False).replace("*", "&#42;").replace("_", "&#95;").replace("[", "&#91;")


def card(paper: Paper) -> str:
    """A Markdown card as a hand-written Material list would have it: title, byline, links, tags, abstract."""
    byline = " · ".join(filter(None, [", ".join(paper.authors), paper.published.isoformat() if paper.published else "",
                                      paper.venue or ""]))
    links = [f"[arXiv](https://arxiv.org/abs/{paper.arxiv})"] if paper.arxiv else []
    links += [f"[code]({url})" for url in paper.links.code]
    links += [f"[{name}]({url})" for name, url in (("HF", paper.links.hf), ("project", paper.links.project)) if url]
    tags = " ".join(f"`{tag}`" for tag in paper.tags)
    abstract = _text(paper.abstract or "")
    return (f"### {_text(paper.title)} {{ #{paper.id} }}\n\n{_text(byline)}\n\n{' · '.join(links)}\n\n{tags}\n\n"
            f'??? note "Abstract"\n    {abstract}\n')


def write_stock_project(dest: Path, papers: list[Paper], topic_slugs: list[str]) -> Path:
    """Write mkdocs.yml and docs/ for the stock baseline into dest; returns dest."""
    docs = dest / "docs" / "topics"
    docs.mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(_CONFIG, encoding="utf-8")
    (dest / "docs" / "index.md").write_text(f"# Reading list\n\n{len(papers)} papers on {PAGES} topic pages.\n",
                                            encoding="utf-8")
    # Each real topic split in two pages (15 topics today), so the baseline has PAGES pages whatever the vocabulary.
    names = [f"{topic_slugs[i % len(topic_slugs)]}-{i // len(topic_slugs) + 1}" for i in range(PAGES)]
    pages: dict[str, list[str]] = {name: [] for name in names}
    for n, paper in enumerate(papers):
        slug = paper.topics[0] if paper.topics else topic_slugs[0]
        halves = [name for i, name in enumerate(names) if topic_slugs[i % len(topic_slugs)] == slug] or names
        pages[halves[n % len(halves)]].append(card(paper))
    for name, cards in pages.items():
        (docs / f"{name}.md").write_text(f"# {name}\n\n" + "\n".join(cards), encoding="utf-8")
    return dest
