"""JSON text byte for byte as json.dumps(value, ensure_ascii=False, indent=1) writes it, several times faster.

With an indent, the standard library falls back to its pure-Python encoder, which costs seconds on a list of
ten thousand papers; here strings go through its C escaper and the rest is joined directly. A value already
encoded (Encoded, made once per paper and kept) is put in as it is, so a list is a join of ready records.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring


class Encoded(str):
    """JSON text made by json_text at the nesting level it is put in at."""


def json_text(value: object, level: int = 0) -> str:
    """`value` (str keys, str, int, bool, None, float, list, tuple, dict) as JSON, `level` deep in a document."""
    if isinstance(value, Encoded):
        return value
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    inner = "\n" + " " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        brackets = "{}"
        items = (f"{_key(key)}: {json_text(item, level + 1)}" for key, item in value.items())
    elif isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        brackets = "[]"
        items = (json_text(item, level + 1) for item in value)
    else:
        # Floats (and NaN) as json writes them; anything else raises its TypeError.
        return json.dumps(value)
    return brackets[0] + inner + ("," + inner).join(items) + "\n" + " " * level + brackets[1]


def _key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"JSON object keys here are strings, not {type(key).__name__}")
    return encode_basestring(key)
