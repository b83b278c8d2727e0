"""The site as others link to it: its site_url (from mkdocs.yml, as MkDocs reads it), sitemaps, link previews.

Without a site_url (a local build, `mkdocs serve`) every link stays relative, no page has a canonical link and the
sitemaps list nothing: a sitemap may only hold absolute addresses, and a guessed host would be wrong.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from yaml_env_tag import construct_env_tag

from ..model import Paper
from ..text.latex import latex_to_text
from ..text.links import with_schemes
from .markdown_text import html_text

SITEMAP = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# A preview's text: the abstract's first sentence, or its opening words when that sentence runs on.
PREVIEW_CHARS = 240
# The space after a sentence's end, found from the end's mark: a pattern that starts with a look-behind is tried at
# every character.
_SENTENCE_END = re.compile(r"[.!?](\s+)(?=[A-Z0-9(\"'])")


@dataclass(frozen=True)
class SiteAddress:
    """The published site's address (None for a local build) and the hand-written pages, as docs/ paths."""

    url: str | None = None
    handwritten: tuple[str, ...] = ()


class SiteConfigError(ValueError):
    """mkdocs.yml cannot be read, or its site_url is no web address; names the file and line."""


# libyaml's parser where PyYAML has it: a build reads mkdocs.yml three times, about 10 ms each in Python, 1 ms in C.
class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """mkdocs.yml as MkDocs reads it for site_url: `!ENV` resolved, any other tag (Python names) read as nothing."""


_ConfigLoader.add_constructor("!ENV", construct_env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_site_url(config_file: Path) -> str | None:
    """site_url from mkdocs.yml with `!ENV` resolved, ending in '/', or None when it is unset or empty."""
    if not config_file.is_file():
        return None
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{config_file}:{mark.line + 1}" if mark else str(config_file)
        raise SiteConfigError(f"{where}: not readable YAML ({getattr(error, 'problem', error)})") from None
    value = config.get("site_url") if isinstance(config, dict) else None
    if value in (None, ""):
        return None
    url = str(value).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SiteConfigError(f"{config_file}: site_url {url!r} is not an http(s) address of a folder")
    return url if url.endswith("/") else url + "/"


def handwritten_pages(docs: Path, generated: Iterable[str]) -> tuple[str, ...]:
    """The Markdown pages under docs/ that the generator does not write, as sorted docs/ paths."""
    skip = {name.split("/")[0] for name in generated}
    pages = (p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.is_file())
    return tuple(sorted(p for p in pages if p.split("/")[0] not in skip))


def absolute(site_url: str, address: str) -> str:
    """A site-relative address ('papers/x/', '' for the home page) under the site's published address."""
    return site_url + address.lstrip("/")


def render_sitemap(site_url: str | None, addresses: Iterable[str]) -> str:
    """A sitemap (sitemaps.org 0.9) of the site-relative addresses, sorted; empty without a site_url."""
    urls = sorted(set(addresses)) if site_url else []
    lines = [f"  <url><loc>{html.escape(absolute(site_url, a), quote=False)}</loc></url>" for a in urls]
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">', *lines, "</urlset>"]) + "\n"


def preview_text(text: str) -> str:
    """The first sentence of a plain text, cut at a word when it runs past PREVIEW_CHARS."""
    # The first sentence is found before the spaces are made single, which moves no sentence's end: an abstract's
    # other sentences are not copied and split again.
    end = _SENTENCE_END.search(text)
    sentence = " ".join((text[:end.start(1)] if end else text).split())
    if len(sentence) <= PREVIEW_CHARS:
        return sentence
    return sentence[:PREVIEW_CHARS].rsplit(" ", 1)[0] + " …"


def page_meta(feed: str, description: str | None = None) -> dict:
    """Front matter overrides/main.html turns into a page's feed link and link preview; the description is plain text."""
    return {"feed": feed, **({"description": html_text(preview_text(description))} if description else {})}


def paper_preview(paper: Paper) -> str:
    """What a shared link to a paper's page previews, as HTML text: its abstract's first sentence, else its title."""
    text = latex_to_text(paper.abstract) if paper.abstract else ""
    return html_text(preview_text(with_schemes(text) if text.strip() else latex_to_text(paper.title)))
