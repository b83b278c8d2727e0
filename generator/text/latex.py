"""LaTeX as BibTeX files write it, turned into plain Unicode text: accents, escapes, braces, dashes."""

from __future__ import annotations

import re
import unicodedata

# \'e -> e + combining acute, and so on for every accent command BibTeX files use.
_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a",
}
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
            "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}
# One or more backslashes: "{\\'e}" is a common slip for "{\'e}" and means the same to a reader.
_ACCENT_RE = re.compile(r"\\+(['`^\"~=.])\s*\{?\s*(\\?[A-Za-z])\s*\}?|\\+([uvHckr])(?:\s+|\{)\s*(\\?[A-Za-z])\}?")
_LETTER_RE = re.compile(r"\\+(ss|aa|AA|ae|AE|oe|OE|[oOlLij])(?![A-Za-z])\s?")
_ESCAPED_RE = re.compile(r"\\([&%$#_{}])")
_STYLE_RE = re.compile(r"\\(?:textbf|textit|emph|texttt|textsc|textrm|textsf|mathrm|mathbf|mathit|text|url)\s*\{")
_COMMAND_RE = re.compile(r"\\([A-Za-z]+)\s*")


def _accent(match: re.Match) -> str:
    mark, letter = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    # an accent over a dotless \i is simply an accented i
    base = letter if not letter.startswith("\\") else "i" if letter == "\\i" else _LETTERS[letter[1:]]
    return unicodedata.normalize("NFC", base + _ACCENTS[mark])


def _command(match: re.Match) -> str:
    """A Greek letter (\\alpha, \\Omega) as itself; any other command leaves nothing behind."""
    name = match.group(1)
    case = "CAPITAL" if name[0].isupper() else "SMALL"
    try:
        return unicodedata.lookup(f"GREEK {case} LETTER {name.upper()}")
    except KeyError:
        return ""


def latex_to_text(text: str) -> str:
    """Readable text: accents composed, escapes resolved, grouping braces and style commands dropped."""
    text = _ACCENT_RE.sub(_accent, text)
    text = _LETTER_RE.sub(lambda m: _LETTERS[m.group(1)], text)
    text = _STYLE_RE.sub("{", text)
    text = _ESCAPED_RE.sub(lambda m: "\x00" + m.group(1), text)
    text = text.replace("---", "—").replace("--", "–").replace("~", " ").replace("$", "")
    text = _COMMAND_RE.sub(_command, text.replace("{", "").replace("}", ""))
    return " ".join(text.replace("\x00", "").split())
