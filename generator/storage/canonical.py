"""The block YAML that dump_paper writes, read without libyaml (four times faster), and None for anything else.

It reads block mappings and lists, plain, single-quoted and escape-free double-quoted scalars, and comment lines
above the first key, each scalar as the line-aware loader would (yamlfile._Loader's resolvers and constructors).
Anything else (flow collections, block scalars, tags, anchors, later comments, tabs, unusual line breaks, a
repeated key, a list not indented under its key) gives None, and the caller reads the text with that loader.
Files as dump_paper writes them take a quicker path first (_quick): each top-level entry and its indented lines
in one match, a folded scalar joined at once, the usual lists and mappings line by line; whatever it is unsure of
goes to the line scanner (_scanned), which has the last word.
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
# The first characters of a plain scalar that no resolver looks at and that start no other kind of scalar.
_TEXT_FIRST = frozenset(chr(c) for c in range(0x20, 0x7f)) - _NOT_PLAIN - _RESOLVED_FIRST - {"'", '"'} \
    if _RESOLVED_FIRST is not None else frozenset()
# A list under a top-level key of one-line plain items, none with a colon, a hash or a space at its end: read by a
# split, each item resolved unless _TEXT_FIRST makes it text; _scalar's checks (': ', ' #', a last ':') cannot fail.
_LIST_FIRST = frozenset(chr(c) for c in range(0x20, 0x7f)) - _NOT_PLAIN - {"'", '"'}
_TEXT_LIST = re.compile("(?:  - [%s](?:[^\n:#]*[^\n :#])?\n)+" % re.escape("".join(sorted(_LIST_FIRST))))
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = {"tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool, _INT: _CONSTRUCTOR.construct_yaml_int,
                 "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float}

# The comment and blank lines above the first key, then a top-level entry: its key, what follows `key: ` on its
# line (None for `key:` alone), and every indented or empty line after it.
_HEADER = re.compile(r"(?:(?:#[^\n]*)?\n)*")
_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +([^\n]*))?\n((?:(?: [^\n]*)?\n)*)")
# A key and its value (None for a key alone) where a list item or an indented line starts.
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*)|$)")

Line = tuple[str, str, str, str]


class _Other(Exception):
    """The text leaves the subset read here."""


class _Unsure(Exception):
    """The quick path leaves this text (or this block) to the line scanner."""


def read_canonical(text: str) -> dict | None:
    """The plain data of a paper file in the subset dump_paper writes (a top-level mapping), or None."""
    # For ASCII text the two tests agree, and the first costs a tenth of the second.
    if not (text.isascii() and text.replace("\n", "").isprintable()) and _UNUSUAL.search(text):
        return None
    try:
        return _quick(text) or None
    except (_Unsure, _Other):
        return _scanned(text)


def _quick(text: str) -> dict:
    """read_canonical's data for a text without unusual characters; _Unsure where the line scanner must decide."""
    at = _HEADER.match(text).end()
    data: dict = {}
    text_first = _TEXT_FIRST
    for entry in _ENTRY.finditer(text, at):
        if entry.start() != at:
            raise _Unsure
        name, value, body = entry.groups()
        at = entry.end()
        if name in data or not _is_text_key(name):
            raise _Unsure
        if value:
            if body:
                data[name] = _folded(value, body)
            elif value[0] in text_first and value[-1] not in " :" and ": " not in value and " #" not in value:
                data[name] = value  # _line_scalar's first case, the most common one, without the call
            else:
                data[name] = _line_scalar(value)
        elif _TEXT_LIST.fullmatch(body):
            data[name] = [item if item[0] in text_first else _resolved(item) for item in body[4:-1].split("\n  - ")]
        else:
            data[name] = _quick_block(body) if body else None
    if at != len(text):
        raise _Unsure
    return data


def _line_scalar(value: str) -> object:
    """A scalar that `value` (not empty, no leading space) holds whole, as _scalar reads it with no line after."""
    head = value[0]
    if head in _TEXT_FIRST:
        # Text as it is, unless a mark makes it something else: the common case, taken without _construct.
        value = value.rstrip(" ")
        if ": " in value or " #" in value or value[-1] == ":":
            raise _Unsure
        return value
    if head == "'":
        body = value.rstrip(" ")
        inner = body[1:-1]
        if len(body) < 2 or body[-1] != "'" or "'" in inner.replace("''", ""):
            raise _Unsure
        return inner.replace("''", "'")
    if head == '"':
        body = value.rstrip(" ")
        if len(body) < 2 or body[-1] != '"' or '"' in body[1:-1] or "\\" in body:
            raise _Unsure
        return body[1:-1]
    value = value.rstrip(" ")
    if head in _NOT_PLAIN:
        if value == "[]" or value == "{}":
            return [] if head == "[" else {}
        raise _Unsure
    if ": " in value or " #" in value or value[-1] == ":":
        raise _Unsure
    return _resolved(value)


def _folded(value: str, body: str) -> object:
    """A top-level scalar from `value` on its key's line and the indented lines of body, with no blank line."""
    pieces = [line.strip(" ") for line in body.split("\n")]
    pieces.pop()  # what follows body's last line break
    head = value[0]
    if head == "'":
        pieces.insert(0, value.rstrip(" ")[1:])
        if not all(pieces[1:]):
            raise _Unsure
        text = " ".join(pieces)
        inner = text[:-1]
        if text[-1] != "'" or "'" in inner.replace("''", ""):
            raise _Unsure
        return inner.replace("''", "'")
    if head in _NOT_PLAIN:
        raise _Unsure
    pieces.insert(0, value.rstrip(" "))
    if not all(pieces):
        raise _Unsure
    # Each line's checks in _scalar (no ': ' or ' #', none ending in ':', none after the first starting with '#')
    # are these three on the joined text.
    text = " ".join(pieces)
    if ": " in text or " #" in text or text[-1] == ":":
        raise _Unsure
    return text if head in _TEXT_FIRST else _construct(text)


def _quick_block(body: str) -> object:
    """What the indented lines under a `key:` hold: the usual lists and mappings here, the rest by the scanner."""
    lines = body.split("\n")
    lines.pop()
    try:
        first = lines[0]
        indent = len(first) - len(first.lstrip(" "))
        value, at = (_quick_sequence if first.startswith("- ", indent) else _quick_mapping)(lines, 0, indent)
        if at != len(lines):
            raise _Unsure
        return value
    except _Unsure:
        found = _LINE.findall(body)
        value, at = _block(found, 0, 0)
        if at < len(found):
            raise _Other from None
        return value


def _quick_sequence(lines: list[str], at: int, indent: int) -> tuple[list, int]:
    """A list at `indent` of one-line scalars, or of mappings of one-line scalars, from line `at`."""
    items = []
    dash = " " * indent + "- "
    inner = indent + 2
    end = len(lines)
    while at < end:
        line = lines[at]
        if not line.startswith(dash):
            if len(line) - len(line.lstrip(" ")) < indent and line.strip(" "):
                break
            raise _Unsure
        rest = line[inner:]
        key = _KEY.match(rest) if ":" in rest else None
        if key is None:
            if not rest or rest[0] == " ":
                raise _Unsure
            items.append(_line_scalar(rest))
            at += 1
        else:
            item: dict = {}
            _quick_pair(item, key)
            at += 1
            keys = " " * inner
            while at < end and lines[at].startswith(keys) and lines[at][inner:inner + 1] not in ("", " "):
                key = _KEY.match(lines[at], inner)
                if key is None:
                    raise _Unsure
                _quick_pair(item, key)
                at += 1
            items.append(item)
        if at < end and _deeper(lines[at], indent) and not lines[at].startswith(dash):
            raise _Unsure
    return items, at


def _quick_mapping(lines: list[str], at: int, indent: int) -> tuple[dict, int]:
    """A mapping at `indent` of one-line scalars and of lists (as _quick_sequence reads them), from line `at`."""
    data: dict = {}
    end = len(lines)
    while at < end:
        line = lines[at]
        if not _deeper(line, indent - 1):
            if line.strip(" "):
                break
            raise _Unsure
        if _deeper(line, indent):
            raise _Unsure
        key = _KEY.match(line, indent)
        if key is None:
            raise _Unsure
        at += 1
        if key.group(2):
            _quick_pair(data, key)
            continue
        name = key.group(1)
        if name in data or not _is_text_key(name):
            raise _Unsure
        following = lines[at] if at < end else ""
        below = len(following) - len(following.lstrip(" "))
        if below > indent and following.startswith("- ", below):
            data[name], at = _quick_sequence(lines, at, below)
        elif below < indent or not following.startswith("-", below):
            if below > indent:
                raise _Unsure
            data[name] = None
        else:
            raise _Unsure
    return data, at


def _quick_pair(data: dict, key: re.Match) -> None:
    """A one-line `key: value` put in data; a key alone, repeated or not text is the scanner's to judge."""
    name, value = key.groups()
    if not value or name in data or not _is_text_key(name):
        raise _Unsure
    data[name] = _line_scalar(value)


def _deeper(line: str, indent: int) -> bool:
    """Whether the line starts with more than `indent` spaces."""
    return line.startswith(" " * (indent + 1))


def _scanned(text: str) -> dict | None:
    """read_canonical's answer line by line, for a text without unusual characters."""
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


# One-line values repeat from file to file (dates, counts, tags, names): each is resolved once. Its results are
# immutable (str, int, float, bool, None).
_resolved = lru_cache(maxsize=1 << 16)(_construct)
