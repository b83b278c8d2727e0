"""The block YAML that dump_paper writes, read without libyaml (four times faster), and None for anything else.

It reads block mappings and lists, plain, single-quoted and escape-free double-quoted scalars, and comment lines
above the first key, each scalar as the line-aware loader would (yamlfile._Loader's resolvers and constructors).
Anything else (flow collections, block scalars, tags, anchors, later comments, tabs, unusual line breaks, a
repeated key, a list not indented under its key) gives None, and the caller reads the text with that loader.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from .yamlfile import MAX_INT_DIGITS, _Loader

# Besides the control characters parse_yaml refuses first: tabs, carriage returns, the line and paragraph separators
# YAML 1.1 breaks lines at, a byte-order mark, and the characters it cannot read.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# Every line as (indent, "- " or "", "key: " or "", the rest): the groups put together are the line.
_LINE = re.compile(r"^( *)(- |)([A-Za-z_][A-Za-z0-9_]*:(?: +|$)|)(.*)$", re.MULTILINE)
# The first characters of a scalar that is not plain text, or not read here.
_NOT_PLAIN = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_STR, _NULL, _TIMESTAMP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
_RESOLVERS = _Loader.yaml_implicit_resolvers
# A plain scalar starting with any other character is text (unless some resolver looks at every scalar).
_RESOLVED_FIRST = frozenset(first for first, found in _RESOLVERS.items() if found and first) \
    if not _RESOLVERS.get(None) else None
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = {"tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool, _INT: _CONSTRUCTOR.construct_yaml_int,
                 "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float}

Line = tuple[str, str, str, str]


class _Other(Exception):
    """The text leaves the subset read here."""


def read_canonical(text: str) -> dict | None:
    """The plain data of a paper file in the subset dump_paper writes (a top-level mapping), or None."""
    # For ASCII text the two tests agree, and the first costs a tenth of the second.
    if not (text.isascii() and text.replace("\n", "").isprintable()) and _UNUSUAL.search(text):
        return None
    lines = _LINE.findall(text)
    start = 0
    while start < len(lines) and not lines[start][0] and (not lines[start][3] or lines[start][3][0] == "#") \
            and not lines[start][1] and not lines[start][2]:
        start += 1
    try:
        data, _ = _mapping(lines, start, 0)
    except _Other:
        return None
    return data or None


def _mapping(lines: list[Line], at: int, indent: int) -> tuple[dict, int]:
    """The mapping whose keys start at column `indent` from line `at`, and the line after it."""
    data: dict = {}
    end = len(lines)
    while at < end:
        spaces, dash, key, value = lines[at]
        if not (dash or key or value):
            at += 1
            continue
        if len(spaces) < indent:
            break
        if len(spaces) > indent or dash or not key:
            raise _Other
        name = key[:key.index(":")]
        if name in data or not _is_text_key(name):
            raise _Other
        data[name], at = _scalar(lines, at + 1, value, indent) if value else _block(lines, at + 1, indent)
    return data, at


def _block(lines: list[Line], at: int, indent: int) -> tuple[object, int]:
    """What follows `key:` with nothing after it: a list or a mapping indented below the key, or null."""
    end = len(lines)
    while at < end and not (lines[at][1] or lines[at][2] or lines[at][3]):
        at += 1
    if at == end:
        return None, at
    spaces, dash, _, _ = lines[at]
    if len(spaces) <= indent:
        if len(spaces) == indent and (dash or lines[at][3][:1] == "-"):
            raise _Other  # a list level with its key: valid YAML, left to the loader
        return None, at
    return _sequence(lines, at, len(spaces)) if dash else _mapping(lines, at, len(spaces))


def _sequence(lines: list[Line], at: int, indent: int) -> tuple[list, int]:
    items = []
    end = len(lines)
    while at < end:
        spaces, dash, key, value = lines[at]
        if not (dash or key or value):
            at += 1
            continue
        if len(spaces) < indent:
            break
        if len(spaces) > indent or not dash:
            raise _Other
        if key:
            # A mapping in a list: its first key sits on the dash's line, the others two columns in.
            lines[at] = (" " * (indent + 2), "", key, value)
            item, at = _mapping(lines, at, indent + 2)
        elif value:
            item, at = _scalar(lines, at + 1, value, indent)
        else:
            raise _Other
        items.append(item)
    return items, at


def _scalar(lines: list[Line], at: int, first: str, indent: int) -> tuple[object, int]:
    """The scalar that starts with `first`, lines from `at` indented deeper than `indent` going on it."""
    head = first[0]
    if head == "'":
        return _single_quoted(lines, at, first, indent)
    if head == '"':
        body = first.rstrip(" ")
        if len(body) < 2 or body[-1] != '"' or '"' in body[1:-1] or "\\" in body:
            raise _Other
        return body[1:-1], at
    first = first.rstrip(" ")
    if head in _NOT_PLAIN:
        if first == "[]" or first == "{}":
            return ([] if head == "[" else {}), at
        raise _Other
    if ": " in first or " #" in first or first[-1] == ":":
        raise _Other
    parts = None
    blank = 0
    end = len(lines)
    following = at
    while following < end:
        spaces, dash, key, value = lines[following]
        if not (dash or key or value):
            blank += 1
            following += 1
            continue
        if len(spaces) <= indent:
            break
        content = (dash + value).rstrip(" ")
        if key or content[0] == "#" or " #" in content or ": " in content or content[-1] == ":":
            raise _Other
        if parts is None:
            parts = [first]
        parts.append("\n" * blank if blank else " ")
        parts.append(content)
        blank = 0
        following += 1
        at = following
    return _construct("".join(parts) if parts else first), at


def _single_quoted(lines: list[Line], at: int, first: str, indent: int) -> tuple[str, int]:
    close = _closing_quote(first, 1)
    if close is not None:
        if first[close + 1:].strip(" "):
            raise _Other
        return first[1:close].replace("''", "'"), at
    parts = [first[1:].rstrip(" ")]
    blank = 0
    end = len(lines)
    while at < end:
        spaces, dash, key, value = lines[at]
        at += 1
        if not (dash or key or value):
            blank += 1
            continue
        if len(spaces) <= indent:
            break
        parts.append("\n" * blank if blank else " ")
        blank = 0
        content = dash + key + value
        close = _closing_quote(content, 0)
        if close is not None:
            if content[close + 1:].strip(" "):
                break
            parts.append(content[:close])
            # '' never spans two lines: a line ending in one quote would have closed the scalar.
            return "".join(parts).replace("''", "'"), at
        parts.append(content.rstrip(" "))
    raise _Other


def _closing_quote(text: str, start: int) -> int | None:
    """Where the quote that closes a single-quoted scalar is in text from start; '' is a quote inside it."""
    while (found := text.find("'", start)) != -1:
        if text[found + 1:found + 2] != "'":
            return found
        start = found + 2
    return None


@lru_cache(maxsize=256)
def _is_text_key(name: str) -> bool:
    return _tag(name) == _STR


def _tag(value: str) -> str:
    """The tag the loader resolves a plain scalar to, by the rules of yaml's Resolver.resolve."""
    for tag, pattern in _RESOLVERS.get(value[0], []) + _RESOLVERS.get(None, []):
        if pattern.match(value):
            return tag
    return _STR


def _construct(value: str) -> object:
    if _RESOLVED_FIRST is not None and value[0] not in _RESOLVED_FIRST:
        return value
    if value.isdigit() and value.isascii() and (value[0] != "0" or len(value) == 1) and len(value) <= MAX_INT_DIGITS:
        return int(value)  # a count or a line: what the int resolver and constructor make of plain decimal digits
    tag = _tag(value)
    if tag == _STR or tag == _TIMESTAMP:
        return value
    if tag == _NULL:
        return None
    if tag == _INT and len(value.lstrip("+-").replace("_", "")) > MAX_INT_DIGITS:
        raise _Other  # the loader's problem to report, at its line
    construct = _CONSTRUCTORS.get(tag)
    if construct is None:
        raise _Other
    return construct(yaml.ScalarNode(tag, value))
