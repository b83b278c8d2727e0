"""YAML files a curator edits: parsed safely, every key and list item remembering its line, syntax errors as problems.

Nothing in a file can make reading it hang or blow up: only regular files inside the project are opened, at most
MAX_FILE_BYTES of them; aliases, control characters and numbers no paper could have are problems, with line and column.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import yaml

from ..problems import Problem

# A paper file is a few kilobytes; a megabyte is far beyond any real one and still cheap to refuse.
MAX_FILE_BYTES = 1_000_000
# More digits than any count or vote could have (and Python refuses to read past 4300 of them).
MAX_INT_DIGITS = 18
# C0 controls but tab, line feed and carriage return; DEL; C1 controls. Pasted from PDFs (form feeds) or terminals (ESC).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE_LOADER):
    """A safe loader (libyaml's when installed, for speed) that records the line of every key and list item.

    It reads scalars the way YAML 1.2 and therefore editors do: dates stay text (the paper schema checks their
    form) and only true/false are booleans, so `check` and an editor never disagree about a value.
    """


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)
    lines, columns = {}, {}
    for key_node, value_node in node.value:
        key = loader.constructed_objects[key_node]
        if key in lines:
            # YAML forbids it and editors flag it, but PyYAML would silently keep the last value.
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} appears twice (first at line "
                                                    f"{lines[key]})", key_node.start_mark)
        lines[key] = key_node.start_mark.line + 1
        columns[key] = value_node.start_mark.column + 1
    return _LinedDict(mapping, lines, node.start_mark.line + 1, columns)


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode, deep: bool = False) -> list:
    items = yaml.constructor.SafeConstructor.construct_sequence(loader, node, deep=deep)
    return _LinedList(items, [item.start_mark.line + 1 for item in node.value], node.start_mark.line + 1)


class _LinedDict(dict):
    """A dict that knows the source line of each key (and the column of its value) and of itself."""

    def __init__(self, data: dict, lines: dict, line: int, columns: dict | None = None):
        super().__init__(data)
        self.lines = lines
        self.line = line
        self.columns = columns or {}


class _LinedList(list):
    """A list that knows the source line of each item and of itself."""

    def __init__(self, items: list, lines: list[int], line: int):
        super().__init__(items)
        self.lines = lines
        self.line = line


_NUMBER_PROBLEM = "digits cannot be right"


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    digits = len(node.value.lstrip("+-").replace("_", ""))  # hex and octal count too: 0xfff... is as absurd
    if digits > MAX_INT_DIGITS:
        raise yaml.constructor.ConstructorError(None, None, f"a number of {digits} {_NUMBER_PROBLEM}; "
                                                f"write the real value", node.start_mark)
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


_BOOL_TAG = "tag:yaml.org,2002:bool"
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_scalar)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class _Unusual(Exception):
    """Something the direct construction leaves to PyYAML's constructors: a tag, a merge key, a problem to report."""


_STR, _NULL, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:int"
_MAP, _SEQ = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_SCALARS = {
    _BOOL_TAG: yaml.constructor.SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:float": yaml.constructor.SafeConstructor.construct_yaml_float,
    _INT: yaml.constructor.SafeConstructor.construct_yaml_int,
}


def _direct(loader: _Loader, node: yaml.Node) -> object:
    """The value _Loader's constructors make of a node, built in one walk; _Unusual for anything else."""
    if isinstance(node, yaml.ScalarNode):
        tag = node.tag
        if tag == _STR or tag == "tag:yaml.org,2002:timestamp":
            return node.value
        if tag == _NULL:
            return None
        if tag not in _SCALARS or (tag == _INT and len(node.value.lstrip("+-").replace("_", "")) > MAX_INT_DIGITS):
            raise _Unusual
        return _SCALARS[tag](loader, node)
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return _LinedList([_direct(loader, item) for item in node.value],
                          [item.start_mark.line + 1 for item in node.value], node.start_mark.line + 1)
    if not isinstance(node, yaml.MappingNode) or node.tag != _MAP:
        raise _Unusual
    mapping, lines, columns = {}, {}, {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, _INT, _NULL, _BOOL_TAG):
            raise _Unusual
        key = _direct(loader, key_node)
        if key in lines:
            raise _Unusual
        mapping[key] = _direct(loader, value_node)
        lines[key] = key_node.start_mark.line + 1
        columns[key] = value_node.start_mark.column + 1
    return _LinedDict(mapping, lines, node.start_mark.line + 1, columns)


def _load(text: str) -> object:
    """yaml.load(text, Loader=_Loader), building the common nodes (plain text, numbers, lists, mappings) directly.

    PyYAML's constructors cost twice the parse; they still build, and report on, any file with a tag, a merge
    key, a repeated key or an absurd number, which is read again through them.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        try:
            return None if node is None else _direct(loader, node)
        except (_Unusual, RecursionError, yaml.YAMLError):
            pass
    finally:
        loader.dispose()
    return yaml.load(text, Loader=_Loader)


def plain(data: object) -> object:
    """Parsed data without the line bookkeeping: plain dicts and lists, safe to build records from and dump."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(item) for item in data]
    return data


def has_comments(text: str) -> bool:
    """True when the YAML text holds a comment besides the schema line, which a plain rewrite would drop."""
    try:
        spans = [(t.start_mark.index, t.end_mark.index) for t in yaml.scan(text) if isinstance(t, yaml.ScalarToken)]
    except yaml.YAMLError:
        return "#" in text  # unreadable: assume the worst, so that nothing a curator wrote is dropped unseen
    for index, char in enumerate(text):
        if char != "#" or (index and not text[index - 1].isspace()):
            continue
        if any(start <= index < end for start, end in spans):
            continue
        line_start = text.rfind("\n", 0, index) + 1
        if not text[line_start:].startswith(_SCHEMA_COMMENT):
            return True
    return False


# Any schema line, even one pointing elsewhere, is the file's header, which a rewrite replaces rather than loses.
_SCHEMA_COMMENT = "# yaml-language-server:"


def display_path(path: Path, root: Path) -> str:
    """A path as the curator should see it: relative to the project root where possible."""
    return display_paths([path], root)[0]


def display_paths(paths: list[Path], root: Path) -> list[str]:
    """display_path of each path, resolving each folder and the root once rather than once per file."""
    resolved_root = root.resolve()
    # Each folder's name as shown, by the folder as the paths spell it: a file's name is joined to it as text,
    # which costs a tenth of making and relating a Path per file.
    folders: dict[str, str | None] = {}
    shown = []
    for path in paths:
        folder, name = os.path.split(str(path))
        if name in ("", ".."):
            shown.append(_display_path(path, resolved_root))
            continue
        if folder not in folders:
            folders[folder] = _shown_folder(path.absolute().parent, resolved_root)
        prefix = folders[folder]
        shown.append(path.as_posix() if prefix is None else name if prefix == "." else f"{prefix}/{name}")
    return shown


def _shown_folder(folder: Path, resolved_root: Path) -> str | None:
    """The folder relative to the resolved root, or None when it is not in it."""
    # the folder is resolved, not the file: a symbolic link is named where it is, not where it points
    try:
        return folder.resolve().relative_to(resolved_root).as_posix()
    except ValueError:
        return None


def _display_path(path: Path, resolved_root: Path) -> str:
    try:
        return (path.absolute().parent.resolve() / path.name).relative_to(resolved_root).as_posix()
    except ValueError:
        return path.as_posix()


# The syntax errors newcomers meet most, and what to do about each.
_SYNTAX_HINTS = {
    "mapping values are not allowed": "a value that contains ': ' must be in quotes, as in title: 'QuIP: 2-Bit ...'",
    "cannot start any token": "indent with spaces, not tabs, and quote a value that starts with @, ` or %",
    "appears twice": "keep one of the two",
}


def control_characters(text: str, shown: str, limit: int = 10) -> list[Problem]:
    """A problem at the line and column of each control character (the first `limit` of them)."""
    problems = []
    for match in _CONTROL_RE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - text.rfind("\n", 0, match.start())
        problems.append(Problem(shown, line, "error", f"control character U+{ord(match.group()):04X} "
                                f"(invisible, usually pasted from a PDF or a terminal); delete it or use a space",
                                column))
        if len(problems) == limit:
            break
    return problems


def _aliases(text: str, shown: str) -> list[Problem]:
    """Every `*alias` in the text: it has no use in these files, and a few of them nest into gigabytes."""
    return [Problem(shown, event.start_mark.line + 1, "error",
                    "YAML aliases (*name) are not allowed here; write the value out in full",
                    event.start_mark.column + 1)
            for event in yaml.parse(text, Loader=_BASE_LOADER) if isinstance(event, yaml.AliasEvent)][:10]


def parse_yaml(text: str, shown: str) -> tuple[object, list[Problem]]:
    """Parse YAML text, turning a syntax error, an alias, a control character or an absurd number into a problem."""
    problems = control_characters(text, shown)
    if problems:
        return None, problems
    try:
        # An alias is written with '*': a text without one needs no second pass over its events.
        problems = _aliases(text, shown) if "*" in text else []
        return (None, problems) if problems else (_load(text), [])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or str(exc)
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            # An unclosed quote or bracket is noticed far below it; say where it opened, since that is what to fix.
            what += f" {exc.context} that starts at line {exc.context_mark.line + 1}"
        hint = next((h for cause, h in _SYNTAX_HINTS.items() if cause in what), "fix the syntax at this line")
        if _NUMBER_PROBLEM in what:
            return None, [Problem(shown, line, "error", what, mark.column + 1 if mark else None)]
        return None, [Problem(shown, line, "error", f"YAML syntax: {what}; {hint}")]
    except yaml.YAMLError as exc:  # a reader error: a character YAML refuses, at a position in the text
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        return None, [Problem(shown, line, "error", f"YAML cannot read this file: {exc}")]
    except RecursionError:
        return None, [Problem(shown, None, "error", "lists or mappings nested too deeply to be a paper; flatten them")]


def _refusal(path: Path, root: Path | None) -> str | None:
    """Why a path must not be opened as a data file, or None: only regular files inside the project are read."""
    try:
        info = path.lstat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "a symbolic link to nothing; delete it or replace it with the file itself"
        if root is not None and not target.is_relative_to(root.resolve()):
            return "a symbolic link out of the project, which is never followed; put the file itself here"
        info = target.stat()
    if stat.S_ISDIR(info.st_mode):
        return "a folder, not a file; a paper is one <id>.yml file"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a pipe, socket or device), which could hang any reader; delete it"
    if info.st_size > MAX_FILE_BYTES:
        return f"{info.st_size:,} bytes, more than the {MAX_FILE_BYTES:,} a data file may have; is it the right file?"
    return None


def _read_bytes(path: Path) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes, opened without blocking so that a file swapped for a pipe cannot hang us."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file")
        # Plain reads, the first sized by the file (a buffered reader costs more than reading a small file), then
        # on to the cap in case the file grew.
        chunks, left, size = [], MAX_FILE_BYTES + 1, min(info.st_size, MAX_FILE_BYTES) + 1
        while left > 0 and (chunk := os.read(fd, min(size, left))):
            chunks.append(chunk)
            left -= len(chunk)
            size = 65536
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: Path, shown: str, root: Path | None = None) -> tuple[str | None, list[Problem]]:
    """A data file's text, or the problem why it cannot be: not a regular file in the project, too big, not UTF-8."""
    refusal = _refusal(path, root)
    if refusal is None:
        try:
            data = _read_bytes(path)
        except OSError as exc:
            refusal = f"cannot be read ({exc.strerror})"
    if refusal is not None:
        return None, [Problem(shown, None, "error", refusal)]
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(shown, None, "error", f"more than the {MAX_FILE_BYTES:,} bytes a data file may have")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        return None, [Problem(shown, line, "error", f"not UTF-8 text ({exc.reason}, byte 0x{data[exc.start]:02x}); "
                              f"save the file as UTF-8", column)]


def read_yaml(path: Path, shown: str, root: Path | None = None) -> tuple[object, list[Problem]]:
    """Parse a YAML file, turning a syntax error into a problem at its line."""
    text, problems = read_text(path, shown, root)
    return (None, problems) if text is None else parse_yaml(text, shown)
