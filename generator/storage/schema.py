"""The paper schema, schema/paper.schema.json: the one definition of a valid paper file that editors and `check` share."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path

import jsonschema_rs
from jsonschema import Draft7Validator, ValidationError

from ..problems import Problem

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema" / "paper.schema.json"
# The first line of every paper file: yaml-language-server (VS Code, Neovim, Helix, ...) then checks while you type.
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/paper.schema.json"

_KINDS = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of field: value",
}


@lru_cache(maxsize=1)
def paper_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Draft7Validator:
    return Draft7Validator(paper_schema(), format_checker=Draft7Validator.FORMAT_CHECKER)


@lru_cache(maxsize=1)
def _fast_validator() -> jsonschema_rs.Draft7Validator:
    """The schema checked in Rust, about fourteen times faster than fastjsonschema's Python code for it.

    Its regular expressions are ECMAScript's, whose \\s leaves out five characters Python's re counts as
    spaces: the patterns are rewritten to count them, so that both read every pattern alike.
    """
    return jsonschema_rs.Draft7Validator(_python_spaces(paper_schema()), validate_formats=True)


# The characters Python's re reads as \s and ECMAScript's regular expressions do not.
_PYTHON_ONLY_SPACES = r"\x1c-\x1f\x85"


def _python_spaces(schema: object) -> object:
    """The schema with every pattern's \\s and \\S made to include the spaces only Python's re knows."""
    if isinstance(schema, dict):
        return {key: _python_pattern(value) if key == "pattern" and isinstance(value, str) else _python_spaces(value)
                for key, value in schema.items()}
    if isinstance(schema, list):
        return [_python_spaces(item) for item in schema]
    return schema


def _python_pattern(pattern: str) -> str:
    """One pattern rewritten so: each \\s in a class gains the characters, each \\s or \\S outside becomes a class."""
    out, in_class, index = [], False, 0
    while index < len(pattern):
        char = pattern[index]
        pair = pattern[index:index + 2]
        if pair == "\\s":
            out.append("\\s" + _PYTHON_ONLY_SPACES if in_class else f"[\\s{_PYTHON_ONLY_SPACES}]")
        elif pair == "\\S" and not in_class:
            out.append(f"[^\\s{_PYTHON_ONLY_SPACES}]")
        elif pair == "\\S":
            raise ValueError(f"cannot rewrite \\S inside a class in the paper schema's pattern {pattern!r}")
        elif char == "\\":
            out.append(pair)
        else:
            in_class = (char == "[") if not in_class else char != "]"
            out.append(char)
            index += 1
            continue
        index += 2
    return "".join(out)


def is_schema_valid(data: object) -> bool:
    """True when the fast validator accepts data; False sends it to jsonschema, whose errors name the fix."""
    try:
        return _fast_validator().is_valid(data)
    except ValueError:  # a value JSON has no word for (a key that is not text, a set, a lone surrogate)
        return False


def schema_problems(data: object, shown: str) -> list[Problem]:
    """Every way the parsed paper breaks the schema, one problem per offending field, at that field's line."""
    if is_schema_valid(data):
        return []
    seen: set[tuple] = set()
    problems = []
    for error in sorted(_validator().iter_errors(data), key=_error_order):
        for path, message in _explain(error):
            if path in seen:
                continue  # a date can fail both its pattern and its format: one message per field is enough
            seen.add(path)
            problems.append(Problem(shown, line_of(data, path), "error", message))
    return problems


def line_of(data: object, path: tuple) -> int:
    """The line of the value at `path` in data parsed by the store's loader, or the nearest enclosing line known."""
    line = getattr(data, "line", 1)
    node = data
    for step in path:
        lines = getattr(node, "lines", None)
        try:
            line = lines[step]
        except (KeyError, IndexError, TypeError):
            pass  # a value the loader kept no line for (a scalar, a missing key): keep the enclosing line
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    return line


# When one value breaks several rules, the first of these names the fix best: "must be text" before any pattern.
_RULE_ORDER = ("type", "required", "additionalProperties", "pattern")


def _error_order(error: ValidationError) -> tuple:
    rank = _RULE_ORDER.index(error.validator) if error.validator in _RULE_ORDER else len(_RULE_ORDER)
    return ([str(p) for p in error.absolute_path], rank, str(error.validator))


def field_name(path: tuple) -> str:
    """A path into the data as a curator reads it: links.code[0]."""
    shown = ""
    for step in path:
        shown += f"[{step}]" if isinstance(step, int) else (f".{step}" if shown else str(step))
    return shown or "the file"


def _explain(error: ValidationError) -> list[tuple[tuple, str]]:
    """(path of the offending value, message saying what to write instead) for one schema error."""
    path = tuple(error.absolute_path)
    field, value, rule = field_name(path), error.instance, error.validator
    if rule == "required":
        missing = [k for k in error.validator_value if k not in value]
        return [(path + (k,), f"{field_name(path + (k,))} is required; add a line `{k}: ...`") for k in missing]
    if rule == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        found = []
        for key in sorted((k for k in value if k not in known), key=str):
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(known)}"
            found.append((path + (key,), f"unknown field {field_name(path + (key,))!r}; {hint}"))
        return found
    if rule == "type":
        message = f"{field} must be {_KINDS.get(error.validator_value, error.validator_value)}, not {_describe(value)}"
        if error.validator_value == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
            message += "; put the value in quotes so YAML keeps it as written"
        return [(path, message)]
    if rule == "pattern":
        hint = error.schema.get("patternErrorMessage", f"must match {error.validator_value}")
        return [(path, f"{field} {hint}, not {shown_value(value)}")]
    if rule == "format":
        return [(path, f"{field} must be a real {error.validator_value}, not {shown_value(value)}")]
    if rule in ("minItems", "minLength"):
        return [(path, f"{field} must not be empty")]
    if rule == "uniqueItems":
        return [(path, f"{field} lists the same value twice; keep one")]
    if rule == "minimum":
        return [(path, f"{field} must be {error.validator_value} or more, not {value!r}")]
    if rule == "maximum":
        return [(path, f"{field} must be at most {error.validator_value:,}, not {value!r}; is it the right number?")]
    if rule == "maxLength":
        return [(path, f"{field} is {len(value):,} characters long, more than the {error.validator_value:,} allowed")]
    if rule == "maxItems":
        return [(path, f"{field} lists {len(value):,} items, more than the {error.validator_value:,} allowed")]
    return [(path, f"{field}: {error.message}")]


def shown_value(value: object, limit: int = 80) -> str:
    """repr() of a value, cut short: a message quotes enough of a huge value to find it, never all of it."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {shown_value(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
