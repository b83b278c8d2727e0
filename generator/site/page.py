"""A generated Markdown page: YAML front matter, then blocks separated by blank lines."""

from __future__ import annotations

import yaml
from yaml.emitter import Emitter
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

# PyYAML's own judges of a scalar: how it may be written, and whether read back plain it would still be a string.
_ANALYSE = Emitter(None, allow_unicode=True).analyze_scalar
_RESOLVE = Resolver().resolve
_STR_TAG = "tag:yaml.org,2002:str"
# Past this length a value might reach the dump's width (1000 columns), where PyYAML folds it.
_LONGEST = 800


def markdown_page(front_matter: dict, blocks: list[str]) -> str:
    """The page text, ending in exactly one newline."""
    return f"---\n{front_matter_text(front_matter)}---\n\n" + "\n\n".join(blocks) + "\n"


def front_matter_text(front_matter: dict) -> str:
    """The front matter as yaml.safe_dump(sort_keys=False, allow_unicode=True, width=1000) writes it.

    PyYAML's emitter costs about 3 ms a page; a page's front matter is a few keys of one-line text, numbers and
    flags, which are written here with PyYAML's own analysis of each string. Anything else goes to PyYAML.
    """
    lines: list[str] = []
    if front_matter and _mapping(front_matter, "", lines, set()):
        return "\n".join(lines) + "\n"
    return yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True, width=1000)


def _mapping(mapping: dict, indent: str, lines: list[str], seen: set[int], first: str | None = None) -> bool:
    """Append the mapping's lines (its first line after `first`, a sequence's dash); False for what it cannot write,
    such as a dict or list met before (`seen`), which PyYAML writes as an alias."""
    if id(mapping) in seen:
        return False
    seen.add(id(mapping))
    for key, value in mapping.items():
        name = _scalar(key) if type(key) is str else None
        if name is None or name[:1] == "'":
            return False
        lead = indent if first is None else first
        first = None
        if type(value) is dict:
            if not value:
                return False
            lines.append(f"{lead}{name}:")
            if not _mapping(value, indent + "  ", lines, seen):
                return False
        elif type(value) is list:
            if not value or id(value) in seen:
                return False
            seen.add(id(value))
            lines.append(f"{lead}{name}:")
            # PyYAML writes a list in a mapping without indenting its dashes.
            if all(type(item) is dict and item for item in value):
                if not all(_mapping(item, indent + "  ", lines, seen, indent + "- ") for item in value):
                    return False
            else:
                items = [_scalar(item) if type(item) is not list and type(item) is not dict else None for item in value]
                if None in items:
                    return False
                lines += [f"{indent}- {item}" for item in items]
        else:
            text = _scalar(value)
            if text is None:
                return False
            lines.append(f"{lead}{name}: {text}")
    return True


def _scalar(value: object) -> str | None:
    """A value as PyYAML writes it in block context: plain or in single quotes; None for anything else."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if type(value) is int:
        return str(value)
    if type(value) is not str or len(value) > _LONGEST:
        return None
    analysis = _ANALYSE(value)
    if analysis.multiline:
        return None
    if analysis.allow_block_plain and _RESOLVE(ScalarNode, value, (True, False)) == _STR_TAG:
        return value
    if analysis.allow_single_quoted:
        return "'" + value.replace("'", "''") + "'"
    return None
