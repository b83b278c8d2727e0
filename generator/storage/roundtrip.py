"""Rewriting a paper file a curator has commented: ruamel.yaml's round trip changes the values, keeps the comments."""

from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..model import PAPER_FIELDS


def _yaml() -> YAML:
    """A round-trip YAML with the layout the writer uses: lists indented under their key, lines up to 100."""
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 100
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def updated_text(old_text: str, new: dict) -> str | None:
    """old_text with its values made those of `new` (plain data), comments and untouched values kept as written;
    None when the old text is not a mapping to update."""
    rt = _yaml()
    try:
        doc = rt.load(old_text)
    except Exception:  # noqa: BLE001 - an unreadable old file is simply rewritten from scratch
        return None
    if not isinstance(doc, CommentedMap):
        return None
    _update_map(doc, new, PAPER_FIELDS)
    out = io.StringIO()
    rt.dump(doc, out)
    return out.getvalue()


def _same(old: object, new: object) -> bool:
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in new)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new))
    return type(old) is type(new) and old == new or (isinstance(old, str) and isinstance(new, str) and str(old) == new)


def _update_map(target: CommentedMap, new: dict, order: tuple = ()) -> None:
    for key in [k for k in target if k not in new]:
        del target[key]
    for key, value in new.items():
        if key in target:
            _set(target, key, value)
            continue
        # a new field goes where the canonical order puts it among the fields already there
        rank = order.index(key) if key in order else len(order)
        position = sum(1 for k in target if (order.index(k) if k in order else len(order)) < rank)
        target.insert(position, key, value)


def _set(target: CommentedMap | CommentedSeq, key: object, value: object) -> None:
    old = target[key]
    if _same(old, value):
        return
    if isinstance(old, CommentedMap) and isinstance(value, dict):
        _update_map(old, value)
    elif isinstance(old, CommentedSeq) and isinstance(value, list) and len(old) <= len(value) and all(
            _same(a, b) for a, b in zip(old, value)):
        old.extend(value[len(old):])  # a list that only grew (a new source, a new link) keeps its items' comments
    else:
        target[key] = value
