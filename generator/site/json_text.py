"""JSON text byte for byte as json.dumps(value, ensure_ascii=False, indent=1) writes it, several times faster.

With an indent, the standard library falls back to its pure-Python encoder, which costs seconds on a list of
ten thousand papers; here strings go through its C escaper and the rest is joined directly. A value already
encoded (Encoded, made once per paper and kept) is put in as it is, so a list is a join of ready records.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring


class Encoded:
    """JSON text made by json_text at the nesting level it is put in at; a wrapper, not a str, so that wrapping a
    kept record copies nothing."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def newline_indent(level: int) -> str:
    """A new line and the indent of `level`, as json.dumps(indent=1) starts a line at that depth."""
    return _INDENTS[level] if level < len(_INDENTS) else "\n" + " " * level


_INDENTS = ["\n" + " " * n for n in range(16)]


def json_text(value: object, level: int = 0) -> str:
    """`value` (dicts with str keys, lists, tuples, str, int, bool, None, float) as JSON, `level` deep in a document."""
    # Exact types first, as the records are made of them; then subclasses, and scalars such as floats as json writes them.
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is Encoded:
        return value.text
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline_indent(level + 1)
        items = [f"{encode_basestring(key)}: {json_text(item, level + 1)}" for key, item in value.items()]
        return "{" + inner + ("," + inner).join(items) + newline_indent(level) + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = newline_indent(level + 1)
        return "[" + inner + ("," + inner).join([json_text(item, level + 1) for item in value]) + newline_indent(level) + "]"
    if isinstance(value, str):
        return encode_basestring(value)
    return json.dumps(value)
