"""BibTeX syntax: a .bib file split into entries of raw field values, each bad entry reported and skipped.

Handles `{...}` and `"..."` values, `#` concatenation, numbers, `@string` macros and month names,
`@comment` and `@preamble`, and entries delimited by parentheses. An entry whose braces do not balance
is reported with its key and line; reading resumes at the next `@` that starts a line, so one broken
entry never hides the rest of the file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_ENTRY_RE = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
_NEXT_ENTRY_RE = re.compile(r"\n[ \t]*@\s*[A-Za-z]+\s*[{(]")
_NAME_RE = re.compile(r"\s*([A-Za-z0-9_:.+/-]+)\s*")
_KEY_RE = re.compile(r"\s*([^,\s{}()]*)\s*")
_NUMBER_RE = re.compile(r"\s*(\d+)\s*")
MONTHS = {m: str(i) for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_CLOSING = {"{": "}", "(": ")"}


@dataclass
class BibEntry:
    """One entry: its type and key, its fields (names lower-cased, values still LaTeX), and its line."""

    type: str
    key: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)


class BibSyntaxError(ValueError):
    """Where an entry goes wrong: the character offset and what is the matter."""

    def __init__(self, position: int, message: str):
        self.position = position
        super().__init__(message)


class _Scanner:
    def __init__(self, text: str, macros: dict[str, str]):
        self.text = text
        self.macros = macros
        self.pos = 0
        self.limit = len(text)

    def expect(self, pattern: re.Pattern, what: str) -> str:
        match = pattern.match(self.text, self.pos, self.limit)
        if not match or not match.group(1):
            raise BibSyntaxError(self.pos, f"expected {what} near {self.text[self.pos:self.pos + 20].strip()!r}")
        self.pos = match.end()
        return match.group(1)

    def skip_space(self) -> str:
        while self.pos < self.limit and self.text[self.pos].isspace():
            self.pos += 1
        return self.text[self.pos] if self.pos < self.limit else ""

    def braced(self) -> str:
        """A {...} value with nested braces; stops at the next entry when a closing brace is missing."""
        start, depth = self.pos + 1, 0
        while self.pos < self.limit:
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            depth += {"{": 1, "}": -1}.get(char, 0)
            self.pos += 1
            if depth == 0:
                return self.text[start:self.pos - 1]
        raise BibSyntaxError(start, "unbalanced braces: a '{' is never closed")

    def quoted(self) -> str:
        """A "..." value; quotes inside braces do not end it."""
        start, depth = self.pos + 1, 0
        self.pos += 1
        while self.pos < self.limit:
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == '"' and depth == 0:
                self.pos += 1
                return self.text[start:self.pos - 1]
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth < 0:
                raise BibSyntaxError(self.pos, "unbalanced braces: a '}' closes nothing")
            self.pos += 1
        raise BibSyntaxError(start, "a quoted value is never closed")

    def value(self) -> str:
        """One field value: parts joined with #."""
        parts = []
        while True:
            char = self.skip_space()
            if char == "{":
                parts.append(self.braced())
            elif char == '"':
                parts.append(self.quoted())
            elif char.isdigit():
                parts.append(self.expect(_NUMBER_RE, "a number"))
            else:
                name = self.expect(_NAME_RE, "a value").lower()
                parts.append(self.macros.get(name, MONTHS.get(name[:3], name)))
            if self.skip_space() != "#":
                return "".join(parts)
            self.pos += 1

    def fields(self, closing: str) -> dict[str, str]:
        found: dict[str, str] = {}
        while True:
            char = self.skip_space()
            if char == closing:
                self.pos += 1
                return found
            if char == ",":
                self.pos += 1
                continue
            if not char:
                raise BibSyntaxError(self.pos, f"unbalanced braces: the entry is never closed with '{closing}'")
            name = self.expect(_NAME_RE, "a field name").lower()
            if self.skip_space() != "=":
                raise BibSyntaxError(self.pos, f"expected '=' after field {name!r}")
            self.pos += 1
            found[name] = self.value()


def parse_bibtex(text: str) -> tuple[list[BibEntry], list[tuple[int, str]]]:
    """Every well-formed entry, and (line, message) for every entry that had to be skipped."""
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def line_of(position: int) -> int:
        return bisect.bisect_right(line_starts, position)

    entries: list[BibEntry] = []
    problems: list[tuple[int, str]] = []
    macros: dict[str, str] = {}
    pos = 0
    while match := _ENTRY_RE.search(text, pos):
        kind, opening = match.group(1).lower(), match.group(2)
        # an entry ends where the next one starts at the beginning of a line, so a missing brace stays local
        following = _NEXT_ENTRY_RE.search(text, match.end())
        end = following.start() + 1 if following else len(text)
        scanner = _Scanner(text, macros)
        scanner.pos, scanner.limit = match.end(), end
        pos = end
        if kind in ("comment", "preamble"):
            continue
        key = ""
        try:
            if kind == "string":
                macros.update(scanner.fields(_CLOSING[opening]))
                continue
            key = scanner.expect(_KEY_RE, "a citation key") if scanner.skip_space() != "," else ""
            fields = scanner.fields(_CLOSING[opening])
            # any '}' left before the next entry means one closed the entry early
            if "}" in text[scanner.pos:end]:
                raise BibSyntaxError(scanner.pos, "unbalanced braces: a '}' ends the entry before its last fields")
        except BibSyntaxError as exc:
            name = f"entry {key!r}" if key else f"@{kind} entry"
            problems.append((line_of(match.start()), f"{name}: {exc} (line {line_of(exc.position)}); entry skipped"))
            continue
        entries.append(BibEntry(kind, key, line_of(match.start()), fields))
    return entries, problems
