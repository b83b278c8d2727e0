"""YAML files a curator edits: parsed safely, every key and list item remembering its line, syntax errors as problems."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .problems import Problem


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader (libyaml's when installed, for speed) that records the line of every key and list item.

    It reads scalars the way YAML 1.2 and therefore editors do: dates stay text (the paper schema checks their
    form) and only true/false are booleans, so `check` and an editor never disagree about a value.
    """


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)
    lines = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in lines:
            # YAML forbids it and editors flag it, but PyYAML would silently keep the last value.
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} appears twice (first at line "
                                                    f"{lines[key]})", key_node.start_mark)
        lines[key] = key_node.start_mark.line + 1
    return _LinedDict(mapping, lines, node.start_mark.line + 1)


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode, deep: bool = False) -> list:
    items = yaml.constructor.SafeConstructor.construct_sequence(loader, node, deep=deep)
    return _LinedList(items, [item.start_mark.line + 1 for item in node.value], node.start_mark.line + 1)


class _LinedDict(dict):
    """A dict that knows the source line of each key and of itself."""

    def __init__(self, data: dict, lines: dict, line: int):
        super().__init__(data)
        self.lines = lines
        self.line = line


class _LinedList(list):
    """A list that knows the source line of each item and of itself."""

    def __init__(self, items: list, lines: list[int], line: int):
        super().__init__(items)
        self.lines = lines
        self.line = line


_BOOL_TAG = "tag:yaml.org,2002:bool"
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_scalar)
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def plain(data: object) -> object:
    """Parsed data without the line bookkeeping: plain dicts and lists, safe to build records from and dump."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(item) for item in data]
    return data


def display_path(path: Path, root: Path) -> str:
    """A path as the curator should see it: relative to the project root where possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# The syntax errors newcomers meet most, and what to do about each.
_SYNTAX_HINTS = {
    "mapping values are not allowed": "a value that contains ': ' must be in quotes, as in title: 'QuIP: 2-Bit ...'",
    "cannot start any token": "indent with spaces, not tabs, and quote a value that starts with @, ` or %",
    "appears twice": "keep one of the two",
}


def parse_yaml(text: str, shown: str) -> tuple[object, list[Problem]]:
    """Parse YAML text, turning a syntax error into a problem at its line."""
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or str(exc)
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            # An unclosed quote or bracket is noticed far below it; say where it opened, since that is what to fix.
            what += f" {exc.context} that starts at line {exc.context_mark.line + 1}"
        hint = next((h for cause, h in _SYNTAX_HINTS.items() if cause in what), "fix the syntax at this line")
        return None, [Problem(shown, line, "error", f"YAML syntax: {what}; {hint}")]


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """A file's text, or the problem that it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, None, "error", f"not UTF-8 text ({exc.reason}); save the file as UTF-8")]


def read_yaml(path: Path, shown: str) -> tuple[object, list[Problem]]:
    """Parse a YAML file, turning a syntax error into a problem at its line."""
    text, problems = read_text(path, shown)
    return (None, problems) if text is None else parse_yaml(text, shown)
