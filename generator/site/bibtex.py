"""BibTeX for papers: one entry per paper (@inproceedings, @article or @misc), keyed `lastname2024firstword`,
every value escaped for BibTeX and LaTeX."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from ..catalog import Fragments, approximate_date
from ..model import Paper
from ..text.latex import latex_to_text
from .markdown_text import plain_text, safe_url

_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# BibTeX counts braces even when a backslash precedes them, so a lone brace from data is written as a
# command whose own braces balance. The other characters mean something to LaTeX when the entry is typeset.
_LATEX_ESCAPES = str.maketrans({
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
    # In LaTeX's default font encoding these three print as other glyphs unless named.
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
})
# The characters _LATEX_ESCAPES changes: a text without one is its own result, which skips translate (a dict
# lookup per character, as the table gives several characters for one).
_LATEX_SPECIAL_RE = re.compile("[%s]" % re.escape("".join(sorted(map(chr, _LATEX_ESCAPES)))))
# URL fields are read verbatim by biblatex and \url, so only what would unbalance the entry is encoded.
_URL_ESCAPES = str.maketrans({"{": "%7B", "}": "%7D"})


def bibtex_text(s: str) -> str:
    """A data string as the value of a braced BibTeX field that typesets as exactly that text."""
    s = plain_text(s)
    return s.translate(_LATEX_ESCAPES) if _LATEX_SPECIAL_RE.search(s) else s


# Words skipped when a key takes the title's first word, as reference managers do.
_KEY_STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "is", "are", "do", "does", "can", "how", "what",
                  "why", "when", "towards", "toward", "via", "with", "from", "by", "at", "as", "beyond", "we", "our"}
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# An accepted paper's venue or journal reference that names a journal rather than a conference.
_JOURNAL_RE = re.compile(r"\b(?:journal|transactions|letters|magazine|review|TMLR|TACL|JMLR|Nature|Science)\b", re.IGNORECASE)
_PROCEEDINGS_RE = re.compile(r"\b(?:proceedings|proc\.|conference|workshop|symposium)\b", re.IGNORECASE)
# A word whose case a bibliography style must not change: a capital after the first letter of one of its
# hyphen-joined parts (QuIP, LLMs, GPT-4, H2O), but not Heavy-Hitter or 2-Bit, which read well in lower case.
_PROTECT_RE = re.compile(r"\w[^\s-]*[A-Z]")


_NOT_KEY_CHARS = re.compile(r"[^a-z0-9]+")


def _ascii_word(text: str) -> str:
    """The word's ASCII letters and digits in lower case, accents taken off (NFKD leaves ASCII text as it is)."""
    ascii_text = text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_KEY_CHARS.sub("", ascii_text.lower())


def bibtex_key(paper: Paper) -> str:
    """The paper's key before collisions: first author's last name, year, first word of the title (`lin2026paged`).

    Without authors it is the title's word and the year; `citation_keys` adds a suffix where two papers share one.
    """
    last = ""
    if paper.authors:
        words = [w for w in latex_to_text(paper.authors[0]).split() if _ascii_word(w) not in _NAME_SUFFIXES]
        last = _ascii_word(words[-1]) if words else ""
    first = _first_word(latex_to_text(paper.title).split())
    date = approximate_date(paper)
    year = str(date.year) if date else ""
    return f"{last}{year}{first}" if last else f"{first}{year}"


def _first_word(words: list[str]) -> str:
    """The first word (as _ascii_word gives it) that is not a stopword, else the first that is not empty, else 'paper'."""
    fallback = None
    for word in words:
        ascii_word = _ascii_word(word)
        if ascii_word and ascii_word not in _KEY_STOPWORDS:
            return ascii_word
        fallback = fallback or ascii_word
    return fallback or "paper"


def citation_keys(papers: Iterable[Paper], memo: Fragments | None = None) -> dict[str, str]:
    """Every paper's key by paper id, unique: where several share one, all but the first (by id) get b, c, ... appended.

    With `memo` (Catalog.memo) each paper's own key is made once and kept with its other fragments.
    """
    def own(paper: Paper) -> str:
        return bibtex_key(paper) if memo is None else memo.made(("bibkey", memo.key_of(paper)), lambda: bibtex_key(paper))

    by_key: dict[str, list[str]] = {}
    for paper in sorted(papers, key=lambda p: p.id):
        by_key.setdefault(own(paper), []).append(paper.id)
    taken = set(by_key)
    keys = {}
    for key, ids in by_key.items():
        keys[ids[0]] = key
        suffixes = (f"{key}{_suffix(n)}" for n in range(1, 10**6))
        for paper_id in ids[1:]:
            keys[paper_id] = next(k for k in suffixes if k not in taken)
            taken.add(keys[paper_id])
    return keys


def _suffix(n: int) -> str:
    """b, c, ..., z, aa, ab, ...: letters, so that a key never ends in a digit that reads as a year."""
    letters, n = "", n + 1
    while n:
        n, digit = divmod(n - 1, 26)
        letters = chr(ord("a") + digit) + letters
    return letters


def bibtex_title(title: str) -> str:
    """A title as a BibTeX value: escaped, with each word whose capitals matter braced so that styles keep them."""
    text = latex_to_text(title)
    words = text.split()
    if text.isprintable() and not _LATEX_SPECIAL_RE.search(text):
        # Each word is its own bibtex_text: printable, without a space, and with nothing to escape.
        return " ".join(["{" + w + "}" if _PROTECT_RE.search(w) else w for w in words])
    return " ".join(["{" + bibtex_text(w) + "}" if _PROTECT_RE.search(w) else bibtex_text(w) for w in words])


def _entry_type(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    """@inproceedings with booktitle or @article with journal for an accepted paper, else @misc.

    A venue (read from comments) is most often a conference, a journal reference most often a journal;
    the words in either can say otherwise.
    """
    where = paper.venue or paper.journal_ref
    if not where:
        return "misc", []
    if _PROCEEDINGS_RE.search(where):
        journal = False
    else:
        journal = bool(_JOURNAL_RE.search(where)) or not paper.venue
    if journal:
        return "article", [("journal", _braced(bibtex_text(where)))]
    return "inproceedings", [("booktitle", _braced(bibtex_text(where)))]


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """One entry, keyed `key` (from `citation_keys` over the whole list) or else the paper's own `bibtex_key`.

    An accepted paper is @inproceedings or @article by its venue; a preprint is @misc. Both keep the arXiv
    fields, which biblatex and most styles print as a link to the preprint.
    """
    kind, venue_fields = _entry_type(paper)
    fields = [("title", _braced(bibtex_title(paper.title)))]
    if paper.authors:
        fields.append(("author", _braced(" and ".join(_author(name) for name in paper.authors))))
    fields += venue_fields
    date = approximate_date(paper)
    if date:
        # A month macro stays bare, so that every bibliography style prints it in its own language.
        fields += [("year", _braced(str(date.year))), ("month", _MONTH_MACROS[date.month - 1])]
    if paper.arxiv:
        fields += [("eprint", _braced(paper.arxiv)), ("archivePrefix", "{arXiv}")]
        if paper.categories:
            fields.append(("primaryClass", _braced(bibtex_text(paper.categories[0]))))
    if paper.doi:
        fields.append(("doi", _braced(bibtex_text(paper.doi))))
    if paper.journal_ref and paper.journal_ref != paper.venue and kind != "misc" and paper.venue:
        fields.append(("note", _braced(bibtex_text(paper.journal_ref))))
    url = _url(paper)
    if url:
        fields.append(("url", _braced(url)))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{key or bibtex_key(paper)},\n{body}\n}}\n"


def _braced(value: str) -> str:
    return "{" + value + "}"


def _author(name: str) -> str:
    """One author; a name containing the word 'and' is braced so that it stays one name."""
    text = bibtex_text(name)
    return f"{{{text}}}" if " and " in f" {text.lower()} " else text


def _url(paper: Paper) -> str | None:
    """The arXiv page where there is one, else the paper's own first link."""
    if paper.arxiv:
        return f"https://arxiv.org/abs/{paper.arxiv}"
    links = paper.links
    for candidate in (links.pdf, links.project, *links.code, links.hf):
        safe = safe_url(candidate) if candidate else None
        if safe:
            return safe.translate(_URL_ESCAPES)
    return None


def bibtex_entries(papers: Iterable[Paper], keys: dict[str, str], memo: Fragments | None = None) -> dict[str, str]:
    """Each paper's entry by paper id, made once for every file and page that shows it (and kept in `memo`)."""
    if memo is None:
        return {p.id: bibtex_entry(p, keys[p.id]) for p in papers}
    return {p.id: memo.made(("bibtex", memo.key_of(p), keys[p.id]), lambda p=p: bibtex_entry(p, keys[p.id])) for p in papers}


def bibtex_file(papers: Iterable[Paper], keys: dict[str, str] | None = None, entries: dict[str, str] | None = None) -> str:
    """A .bib file: the papers' entries in id order, separated by blank lines.

    `keys` (from `citation_keys` over the whole list) keeps a paper's key the same in every file it is in;
    `entries` (from `bibtex_entries` with those keys) saves making them again.
    """
    papers = sorted(papers, key=lambda p: p.id)
    if entries is None:
        keys = keys or citation_keys(papers)
        entries = bibtex_entries(papers, keys)
    return "\n".join(entries[p.id] for p in papers)


def cite_block(paper: Paper, key: str | None = None, entry: str | None = None) -> str:
    """The entry in a folded, copyable code block for a card; left out of the search index, which has the card.

    The class "quote" gives it Material's look for quotations; the exclusion attribute is given an empty
    value because md_in_html drops attributes that have none.
    """
    code = html.escape((entry or bibtex_entry(paper, key)).rstrip("\n"), quote=False)
    return (
        '<details class="cite quote" data-search-exclude=""><summary>Cite (BibTeX)</summary>'
        f"<pre><code>{code}</code></pre></details>"
    )
