"""BibTeX for papers: one @misc entry per paper, keyed by its id, every value escaped for BibTeX and LaTeX."""

from __future__ import annotations

import html
from collections.abc import Iterable

from ..catalog import approximate_date
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
# URL fields are read verbatim by biblatex and \url, so only what would unbalance the entry is encoded.
_URL_ESCAPES = str.maketrans({"{": "%7B", "}": "%7D"})


def bibtex_text(s: str) -> str:
    """A data string as the value of a braced BibTeX field that typesets as exactly that text."""
    return plain_text(s).translate(_LATEX_ESCAPES)


def bibtex_key(paper: Paper) -> str:
    """The citation key: the paper id, unique in data/ and stable as long as the paper's file keeps its name."""
    return paper.id


def bibtex_entry(paper: Paper) -> str:
    """One entry.

    Always @misc: the data has no structured journal, volume or pages, so @article would be incomplete;
    a venue or journal reference is kept as a note instead.
    """
    # The title is braced twice so that styles which change case keep names like "QuIP" as written.
    fields = [("title", "{{" + bibtex_text(latex_to_text(paper.title)) + "}}")]
    if paper.authors:
        fields.append(("author", _braced(" and ".join(_author(name) for name in paper.authors))))
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
    notes = [bibtex_text(note) for note in (paper.venue, paper.journal_ref) if note]
    if notes:
        fields.append(("note", _braced("; ".join(notes))))
    url = _url(paper)
    if url:
        fields.append(("url", _braced(url)))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{bibtex_key(paper)},\n{body}\n}}\n"


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


def bibtex_file(papers: Iterable[Paper]) -> str:
    """A .bib file: the papers' entries in id order, separated by blank lines."""
    return "\n".join(bibtex_entry(p) for p in sorted(papers, key=lambda p: p.id))


def cite_block(paper: Paper) -> str:
    """The entry in a folded, copyable code block for a card; left out of the search index, which has the card.

    The class "quote" gives it Material's look for quotations; the exclusion attribute is given an empty
    value because md_in_html drops attributes that have none.
    """
    code = html.escape(bibtex_entry(paper).rstrip("\n"), quote=False)
    return (
        '<details class="cite quote" data-search-exclude=""><summary>Cite (BibTeX)</summary>'
        f"<pre><code>{code}</code></pre></details>"
    )
