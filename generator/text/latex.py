"""LaTeX left in titles and abstracts turned into readable Unicode text for display; stored data keeps it verbatim."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Pieces that must come out exactly as they went in (URLs, escaped specials) hide behind
# private-use placeholders while the LaTeX passes run.
_HOLD = "\ue000{}\ue001"
_HELD_RE = re.compile("\ue000(\\d+)\ue001")

# Some listings flatten \href{url}{url} into "url{url}".
_DOUBLED_URL_RE = re.compile(r"(https?://[^\s{}]+)\{\1\}")
_URL_CMD_RE = re.compile(r"\\url\{([^{}]*)\}")
_URL_RE = re.compile(r"https?://[^\s{}<>\"]+", re.IGNORECASE)
_URL_ESCAPE_RE = re.compile(r"\\([_%&#~])")
_ESCAPED_RE = re.compile(r"\\([$%_&#{}])")
_HREF_RE = re.compile(r"\\href\{([^{}]*)\}\{((?:[^{}]|\{[^{}]*\})*)\}")

_COMBINING = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a",
}
# One or more backslashes: BibTeX files often double them ("{\\'e}"), and a reader means the same thing.
_SYMBOL_ACCENT_RE = re.compile(r"""\\+(['`^"~=.])\s*(?:\{(\\i|[A-Za-z])\}|(\\i|[A-Za-z]))""")
_LETTER_ACCENT_RE = re.compile(r"\\+([uvHckr])(?:\{(\\i|[A-Za-z])\}|\s+(\\i|[A-Za-z]))")

# Pandoc's rule for inline math: no space just inside the dollars, and no digit right after the
# closing one, so prices like "$5 and $10" stay text. Math that opens with a macro, as in
# "$\sim$10", is never a price, so a digit may follow it.
_MATH_RE = re.compile(
    r"\$\$(.+?)\$\$|\$(\\[^$\n]{0,199}?)(?<!\s)\$|\$(?!\s)([^$\n]{1,200}?)(?<!\s)\$(?!\d)", re.DOTALL
)
_SCRIPT_RE = re.compile(r"([_^])(?:\{([^{}]*)\}|([^\s{}\\]))")
# Outside math only powers are converted: "O(T^2)" reads as a power, while "_2" is often part of a name.
_TEXT_POWER_RE = re.compile(r"\^(?:\{([-+=()0-9]+)\}|(\d+))")
_SUBSCRIPTS = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"))
_SUPERSCRIPTS = dict(zip("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾"))

# Font switches inside a group ({\it x}) and formatting commands around an argument (\textbf{x});
# the braces go later with every other brace. Real data also has "textit{O}" without its backslash.
_FONT_SWITCH_RE = re.compile(r"\\(?:it|bf|em|tt|sc|rm|sf|sl|itshape|bfseries|ttfamily|scshape)(?![A-Za-z])\s*")
_FORMAT_CMD_RE = re.compile(
    r"\\(?:text(?:bf|it|tt|sc|sf|rm|up|normal)?|emph|underline|mbox|operatorname|boldsymbol"
    r"|math(?:rm|bf|it|sf|tt|cal|bb|frak))\s*(?=\{)"
    r"|(?<![A-Za-z\\])(?:text(?:bf|it|tt|sc)|emph)(?=\{)"
)
_SPACING_RE = re.compile(r"\\(?:\\|[,;: ])")
_NO_WIDTH_RE = re.compile(r"\\[!/-]")
_MACRO_RE = re.compile(r"\\([A-Za-z]+)")

_SYMBOLS = {
    "times": "×", "div": "÷", "pm": "±", "mp": "∓", "cdot": "·", "ast": "∗", "star": "⋆", "circ": "∘",
    "bullet": "•", "sim": "∼", "approx": "≈", "simeq": "≃", "propto": "∝", "equiv": "≡",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "ll": "≪", "gg": "≫",
    "rightarrow": "→", "to": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "uparrow": "↑", "downarrow": "↓",
    "mapsto": "↦", "infty": "∞", "ldots": "…", "dots": "…", "cdots": "⋯",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩", "forall": "∀",
    "exists": "∃", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫", "sqrt": "√",
    "neg": "¬", "land": "∧", "lor": "∨", "oplus": "⊕", "otimes": "⊗", "checkmark": "✓",
    "dagger": "†", "ddagger": "‡", "S": "§", "degree": "°", "textdegree": "°", "copyright": "©",
    "textasciitilde": "~", "textbackslash": "\\", "textendash": "–", "textemdash": "—",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ",
    "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ",
    "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
    "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
    "l": "ł", "L": "Ł", "i": "i",
    "aka": "a.k.a.", "ie": "i.e.", "eg": "e.g.", "etal": "et al.", "vs": "vs.", "wrt": "w.r.t.",
    "quad": " ", "qquad": " ", "newline": " ", "linebreak": " ",
    "left": "", "right": "", "big": "", "Big": "", "bigl": "", "bigr": "", "xspace": "",
}

_DOUBLE_QUOTES_RE = re.compile(r"``(.*?)''", re.DOTALL)
_SINGLE_QUOTES_RE = re.compile(r"`(?<![\w`]`)([^`'\n]+)'(?![\w'])")
# A tie (~) joins two words in LaTeX; "~3x" (about) and "3~5" (a range) are left alone.
# Each starts with the mark it replaces and looks behind it from there: a pattern that starts with a literal is found
# by a quick scan for it, one that starts with a look-behind is tried at every character of the text.
_TIE_RE = re.compile(r"~(?<=[A-Za-z.,;:)]~)(?=[A-Za-z0-9(])")
_DASHES = ((re.compile(r"---(?<=\s---)(?=\s)"), "—"), (re.compile(r"--(?:(?<=\s--)(?=\s)|(?<=\d--)(?=\d))"), "–"))


# Every pass above needs one of these in the text (a held piece's marker included); most abstracts have none.
# Looked for one by one with `in`, a scan in C per mark, several times quicker than one regex's scan of the text.
_LATEX_MARKS = ("\\", "$", "^", "{", "}", "~", "`", "\ue000", "\ue001", "--")


# A site shows each abstract on several pages and files (its page, preview, feeds, search, browse): converted once.
@lru_cache(maxsize=1 << 16)
def latex_to_text(s: str) -> str:
    """The string with LaTeX markup replaced by the Unicode text it stands for; URLs are kept as they are."""
    for mark in _LATEX_MARKS:
        if mark in s:
            return convert_latex(s)
    return s


def convert_latex(s: str) -> str:
    """latex_to_text's passes, run whatever the text holds."""
    held: list[str] = []

    def hold(text: str) -> str:
        held.append(text)
        return _HOLD.format(len(held) - 1)

    # Each pass only where the text holds a mark every match of its pattern has (no pass adds one a pass before it
    # looks for): a pass that cannot match costs a scan of the whole text, and most texts here need two or three.
    if "{" in s:
        s = _DOUBLED_URL_RE.sub(r"\1", s)
    if "\\url" in s:
        s = _URL_CMD_RE.sub(r"\1", s)
    if "://" in s:
        s = _URL_RE.sub(lambda m: hold(_URL_ESCAPE_RE.sub(r"\1", m.group())), s)
    backslash = "\\" in s
    if backslash:
        s = _ESCAPED_RE.sub(lambda m: hold(m.group(1)), s)
        if "\\href" in s:
            s = _HREF_RE.sub(lambda m: m.group(2).strip() or m.group(1), s)
        s = _SYMBOL_ACCENT_RE.sub(_accented, s)
        s = _LETTER_ACCENT_RE.sub(_accented, s)
    if "$" in s:
        s = _MATH_RE.sub(lambda m: _math_to_text(m.group(1) or m.group(2) or m.group(3)), s)
    if "^" in s:
        s = _TEXT_POWER_RE.sub(lambda m: "".join(_SUPERSCRIPTS[c] for c in m.group(1) or m.group(2)), s)
    if "`" in s:
        s = _DOUBLE_QUOTES_RE.sub(r"“\1”", s)
        s = _SINGLE_QUOTES_RE.sub(r"‘\1’", s)
    if backslash:
        s = _FONT_SWITCH_RE.sub("", s)
    if "{" in s:
        s = _FORMAT_CMD_RE.sub("", s)
    if backslash:
        s = _SPACING_RE.sub(" ", s)
        s = _NO_WIDTH_RE.sub("", s)
        s = _MACRO_RE.sub(lambda m: _SYMBOLS.get(m.group(1), m.group(1)), s)
    s = s.replace("{", "").replace("}", "")
    if "~" in s:
        s = _TIE_RE.sub(" ", s)
    if "--" in s:
        for pattern, dash in _DASHES:
            s = pattern.sub(dash, s)
    return _HELD_RE.sub(lambda m: held[int(m.group(1))], s) if "\ue000" in s else s


def _accented(match: re.Match[str]) -> str:
    """One accented letter (\\'i, \\"{o}, \\v{s}) as its precomposed Unicode character."""
    accent, letter = match.group(1), match.group(2) or match.group(3)
    base = "i" if letter == "\\i" else letter
    return unicodedata.normalize("NFC", base + _COMBINING[accent])


def _math_to_text(math: str) -> str:
    """Inline math without its dollars: digit sub/superscripts become Unicode, macros are left to the text passes."""
    return _SCRIPT_RE.sub(_script, math)


def _script(match: re.Match[str]) -> str:
    """One sub- or superscript: Unicode when every character has a small form, else the plain characters."""
    mark, body = match.group(1), match.group(2) if match.group(2) is not None else match.group(3)
    table = _SUBSCRIPTS if mark == "_" else _SUPERSCRIPTS
    if body and all(c in table for c in body):
        return "".join(table[c] for c in body)
    return mark + body
