"""Escaping for data strings placed in generated Markdown: inline text, raw HTML text, and link targets."""

from __future__ import annotations

import html
import re

# Every character that Markdown, its extensions (attr_list, tables, arithmatex, smarty) or HTML give
# a meaning to becomes a numeric entity: entities display as the character and never start syntax.
_MARKDOWN_SPECIAL = "&<>\\`*_{}[]()#+!|~^=$:\"'"
_ENTITY_MAP = str.maketrans({c: f"&#{ord(c)};" for c in _MARKDOWN_SPECIAL})

# C0 and C1 controls that str.split() does not already treat as whitespace. Python-Markdown marks
# its own placeholders with \x02 and \x03, so data must never carry them into a page.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")

_SAFE_SCHEME_RE = re.compile(r"^https?://", re.IGNORECASE)
_URL_ENCODE = {c: f"%{ord(c):02X}" for c in " <>\"'`\\"}
_URL_ENCODE.update({chr(i): f"%{i:02X}" for i in (*range(0x20), 0x7F)})
_URL_MAP = str.maketrans(_URL_ENCODE)
# Exactly the characters _URL_MAP encodes: a URL without one is its own result, and translate (a dict lookup per
# character, as the map gives several characters for one) is skipped.
_URL_SPECIAL_RE = re.compile("[%s]" % re.escape("".join(sorted(_URL_ENCODE))))


def plain_text(s: str) -> str:
    """The string on one line: control characters dropped, runs of whitespace made a single space."""
    # Most data is already plain: a printable string holds no control character and no whitespace but the
    # space, so without a doubled, leading or trailing space it is its own result, and skips the regex.
    if s.isprintable() and "  " not in s and s[:1] != " " and s[-1:] != " ":
        return s
    return " ".join(_CONTROL_RE.sub("", s).split())


def md_text(s: str) -> str:
    """Any data string as inline Markdown that renders as exactly that text."""
    return plain_text(s).translate(_ENTITY_MAP)


def html_text(s: str) -> str:
    """Any data string as text inside raw HTML (element content or a quoted attribute)."""
    s = plain_text(s)
    # html.escape's five replacements, skipped for the names and labels that hold none of its characters.
    if "&" in s or "<" in s or ">" in s or '"' in s or "'" in s:
        return html.escape(s, quote=True)
    return s


def safe_url(u: str) -> str | None:
    """An http(s) URL made safe for a Markdown link target or an HTML attribute, or None for any other scheme."""
    url = u.strip()
    if not _SAFE_SCHEME_RE.match(url):
        return None
    return url.translate(_URL_MAP) if _URL_SPECIAL_RE.search(url) else url
