"""Pages MkDocs themes and the generator fills: MkDocs renders a small stub, the generator puts the content in.

MkDocs spends about 10 ms of theme on each page it renders, so lists and paper pages never go through
its page loop with their content. A list page's stub is rendered by MkDocs with an empty slot, and the
slot is filled in the built HTML; every paper page is one themed shell (papers/_shell/, at the same
depth as papers/<id>/, so its relative URLs hold) filled once per paper. The slot keeps its markers,
so a page can be filled again from its own built file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .page import markdown_page

SLOT_OPEN = '<div class="generated-fill">'
SLOT_CLOSE = "<!--/generated-fill--></div>"
# An underscore, which paper ids never contain, so the shell cannot take a paper's address.
SHELL_PAGE = "papers/_shell.md"
SHELL_TITLE = "PAPER-SHELL-TITLE"
# The shell's description (its meta description and link preview), which each paper's page replaces.
SHELL_DESCRIPTION = "PAPER-SHELL-DESCRIPTION"


@dataclass(frozen=True)
class Fill:
    """The content of one built page, and the built page it starts from: itself, or the paper shell."""

    content: str
    source: str
    title: str | None = None
    description: str | None = None


def stub_page(front_matter: dict) -> str:
    """A Markdown page holding only the empty slot; raw HTML, which Markdown passes through unchanged."""
    return markdown_page(front_matter, [SLOT_OPEN + SLOT_CLOSE])


def shell_page() -> str:
    """The paper shell: out of search and nav, its title a token each paper's page replaces."""
    return stub_page({"title": SHELL_TITLE, "description": SHELL_DESCRIPTION, "og_type": "article",
                       "search": {"exclude": True}})


def published_url(docs_path: str) -> str:
    """Where MkDocs publishes a docs/ file with its default directory URLs: topics/serving.md -> topics/serving/."""
    if not docs_path.endswith(".md"):
        return docs_path
    stem = docs_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def built_file(docs_path: str) -> str:
    """The HTML file a docs/ page becomes: topics/serving.md -> topics/serving/index.html."""
    return published_url(docs_path) + "index.html"


def to_root(docs_path: str) -> str:
    """The relative URL from a page's published address to the site root: '../../' for topics/serving/."""
    return "../" * published_url(docs_path).count("/")


SHELL_FILE = built_file(SHELL_PAGE)


def paper_file(paper_id: str) -> str:
    return f"papers/{paper_id}/index.html"


@dataclass(frozen=True)
class Slotted:
    """A built page cut at its slot: the theme before it (with the slot's opening tag) and after it, each split at
    the tokens a fill replaces (its title, description and address), which sit at the odd places."""

    source: str
    head: tuple[str, ...]
    tail: tuple[str, ...]


def slotted(built: str, source: str) -> Slotted:
    """The built HTML of `source` cut at its one slot; a shell is cut once for all the papers filled into it."""
    start = built.find(SLOT_OPEN)
    end = built.find(SLOT_CLOSE, start)
    if start < 0 or end < 0 or built.find(SLOT_OPEN, start + 1) >= 0:
        raise ValueError(f"{source} has no single slot to fill; is its page a stub from generator/site/fill.py?")
    tokens = [SHELL_TITLE, SHELL_DESCRIPTION, *([_address(source)] if _address(source) else [])]
    split = re.compile("(" + "|".join(map(re.escape, tokens)) + ")").split
    # The description goes in the head only: the tail keeps any token of it as it is.
    tail = re.compile("(" + "|".join(re.escape(t) for t in tokens if t != SHELL_DESCRIPTION) + ")").split
    return Slotted(source, tuple(split(built[: start + len(SLOT_OPEN)])), tuple(tail(built[end:])))


def fill_slot(page: Slotted, fill: Fill, target: str) -> str:
    """The built page of fill.source (cut at its slot) with fill.content in the slot, retitled and readdressed for `target`.

    The theme's tokens are replaced in the theme alone, in one pass: nothing from data is ever read as a token.
    """
    values = {_address(fill.source): _address(target)}
    if fill.title is not None:
        values[SHELL_TITLE] = fill.title
    head = _joined(page.head, values if fill.description is None else {**values, SHELL_DESCRIPTION: fill.description})
    return head + fill.content + _joined(page.tail, values)


def _address(built: str) -> str:
    """The address a built file is published at: papers/_shell/index.html -> papers/_shell/."""
    return built.removesuffix("index.html")


def _joined(parts: tuple[str, ...], values: dict[str, str]) -> str:
    joined = list(parts)
    joined[1::2] = [values.get(token, token) for token in parts[1::2]]
    return "".join(joined)
