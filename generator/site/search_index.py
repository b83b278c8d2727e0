"""The search index: one lean entry per paper page, packed into files of columns, and MkDocs' own pages trimmed short.

The papers travel as `search/papers.json` and the parts it names, which the search worker
(overrides/assets/javascripts/workers/fold.js) fetches once a reader means to search and searches itself, by the
words and weights the first file carries; lunr, in Material's worker, indexes only MkDocs' few pages. Every paper
keeps its title, short name, arXiv id and every author whatever the catalog's size (author names are coded as
numbers into one table of their words: names repeat far more than titles); its byline, tags and abstract come in as
far as its share of a fixed budget allows (all of them for a few hundred papers, none at ten thousand). The papers
come in parts in id order, the last FIRST_PART_PAPERS first, so that a first search reads one small file whatever the
catalog's size, and the others PART_PAPERS each. Pure functions and the standard library only: the MkDocs hook imports this module.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable

from ..model import Paper
from ..text.latex import latex_to_text
from ..text.links import with_schemes

# Written by the generator under docs/ and served as it is; fold.js finds it beside search_index.json. It holds the
# last part of the papers and what every part shares; the others are PART_FILE beside it, numbered in id order.
PAPERS_INDEX = "search/papers.json"
PART_FILE = "search/papers-{n}.json"
# Papers a part holds (about 110 KB gzipped): the worker answers a first query from the first file it reads, and
# fetches the others once it has; a bigger catalog has more parts, not a bigger first one.
PART_PAPERS = 2_500
# Papers the first file holds (about 50 KB gzipped at 10,000 papers): reading a part's papers into what the worker
# searches, and a one-letter query over them, cost about 27 and 8 ms per thousand papers on a phone slowed down 4x,
# which a reader who types at once waits for; the others come while the first answer shows.
FIRST_PART_PAPERS = 1_000
SITE_INDEX = "search/search_index.json"
# Characters the papers' entries may take in all, shared out evenly: about 500 KB gzipped. The title, address,
# names and authors always come; the byline and tags, then the abstract, as far as the entry's share allows.
INDEX_CHARS = 1_500_000
# An abstract cut shorter than this is a few words of the opening sentence, which match nothing a reader looks for.
MIN_ABSTRACT = 80
# A page of MkDocs' own keeps its title and opening text; a list of thousands of papers would dwarf the papers.
PAGE_TEXT = 240
# The field for what a reader types to find one paper (short name, arXiv id). Spellings need no second entry: the
# search worker folds "H₂O" to "H2O".
NAME_FIELD = "name"
# The field of a paper's authors, every one of them, as a reader remembers a paper by who wrote it; the worker puts
# a paper with an author of exactly the words a reader typed ("An Yuwen", not "Anka Yuwenko") first.
AUTHORS_FIELD = "authors"
# A paper's page address, `{id}` filled in by the worker from the id column.
PAGE = "papers/{id}/"
# What splits a paper's fields into the words the worker matches: mkdocs.yml's search separator, which lunr splits
# MkDocs' pages with (tests/test_search_index.py holds them equal, and mkdocs.yml says why it is so).
SEPARATOR = r'[\s\-,:!=\[\]()"/]+|\.(?!\d)|&[lg]t;'
# How much a word found in each field counts, the worker taking its best field: a short name or an id is what a
# reader types to find one paper, an author (every one is listed) nearly as much; a tag names what a paper is about
# more surely than a word of its title, and the abstract's words count least.
WEIGHTS = {NAME_FIELD: 10_000_000, AUTHORS_FIELD: 5_000_000, "tags": 1_000_000, "title": 1_000, "text": 1}
# What html.escape replaces: a text without any (most names and titles) is left as it is, without five passes.
_HTML_SPECIAL = re.compile(r"[&<>\"']")
_SHORT_NAME = re.compile(r"^\s*([^\s:]+(?:[ -][^\s:]+){0,2})\s*:\s+\S")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def paper_page(paper_id: str) -> str:
    """The site-relative address of a paper's own page."""
    return PAGE.format(id=paper_id)


def short_name(title: str) -> str | None:
    """'QuIP' for 'QuIP: 2-Bit Quantization of ...': one to three words before a colon, or None."""
    match = _SHORT_NAME.match(title)
    return match.group(1) if match else None


def _cut(text: str, limit: int) -> str:
    """The text's first `limit` characters, ending at a word boundary."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0]


def _byline(paper: Paper) -> str:
    authors = paper.authors[:3] + (["et al."] if len(paper.authors) > 3 else [])
    year = str(paper.published.year) if paper.published else ""
    return " · ".join(part for part in (", ".join(authors), year, paper.venue or "") if part)


def _size(entry: dict) -> int:
    return len(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))


def _escape(text: str) -> str:
    return html.escape(text) if _HTML_SPECIAL.search(text) else text


def _over(entry: dict, share: int) -> bool:
    """Whether the entry's JSON is longer than `share`: its strings alone often are, which needs no encoding."""
    strings = [value for value in entry.values() if isinstance(value, str)] + entry[AUTHORS_FIELD] + entry.get("tags", [])
    return sum(map(len, strings)) > share or _size(entry) > share


def paper_entry(paper: Paper, share: int) -> dict:
    """One paper as a search document of about `share` characters, or more if its title, names and authors need them.

    HTML-escaped, as Material renders a result's title and text as HTML.
    """
    title = " ".join(latex_to_text(paper.title).split())
    # A paper's id is its arXiv id, or a slug of its title that no reader types and whose words would outrank titles.
    names = [n for n in (short_name(title), paper.arxiv) if n]
    entry = {"location": paper_page(paper.id), "title": _escape(title), "text": "",
             NAME_FIELD: _escape(" ".join(dict.fromkeys(names))),
             AUTHORS_FIELD: [_escape(" ".join(name.split())) for name in paper.authors if name.split()]}
    fuller = {**entry, "text": _escape(_byline(paper)), **({"tags": sorted(paper.tags)} if paper.tags else {})}
    if _over(fuller, share):
        return entry
    abstract = " ".join(with_schemes(latex_to_text(paper.abstract or "")).split())
    room = share - _size(fuller) - len(" — <p></p>")
    if abstract and room >= MIN_ABSTRACT:
        cut = html.escape(_cut(abstract, room))
        fuller["text"] = f"{fuller['text']} — {cut}" if fuller["text"] else cut
    # A paragraph, as Material's own entries have it: docs/stylesheets/search.css shows a result's opening lines.
    if fuller["text"]:
        fuller["text"] = f"<p>{fuller['text']}</p>"
    return fuller


def paper_entries(papers: Iterable[Paper]) -> list[dict]:
    """Every paper's entry, in id order, the index's characters shared out evenly."""
    ordered = sorted(papers, key=lambda p: p.id)
    share = INDEX_CHARS // max(1, len(ordered))
    return [paper_entry(paper, share) for paper in ordered]


def _code(number: int) -> str:
    out = ""
    while True:
        number, digit = divmod(number, len(_DIGITS))
        out = _DIGITS[digit] + out
        if not number:
            return out


def _paper_id(entry: dict) -> str:
    return entry["location"].removeprefix(PAGE.split("{")[0]).removesuffix(PAGE.split("}")[1])


def pack(entries: list[dict]) -> dict:
    """The entries as columns, the form fold.js reads, with the separator and weights it searches them by.

    `arxiv` is 1 where the paper's id is its arXiv id, left out of the name column, which holds how many of the
    title's characters the short name is (a name that does not begin the title is written out); `authors` holds
    each author as the base-36 numbers of its words in `words` (the most frequent first, so the shortest), joined
    by "." and ",".
    """
    counts = Counter(word for entry in entries for name in entry[AUTHORS_FIELD] for word in name.split(" "))
    words = sorted(counts, key=lambda word: (-counts[word], word))
    number = {word: _code(n) for n, word in enumerate(words)}
    ids = [_paper_id(entry) for entry in entries]
    names = [entry[NAME_FIELD].split(" ") for entry in entries]
    arxiv = [int(bool(name) and name[-1] == paper_id) for name, paper_id in zip(names, ids)]
    titles = [entry["title"] for entry in entries]
    shorts = [" ".join(name[:-1] if flag else name) for name, flag in zip(names, arxiv)]
    return {
        "page": PAGE,
        "separator": SEPARATOR,
        "weights": WEIGHTS,
        "id": ids,
        "title": titles,
        NAME_FIELD: [len(short) if title.startswith(short) else short for short, title in zip(shorts, titles)],
        "arxiv": arxiv,
        "words": words,
        AUTHORS_FIELD: [",".join(".".join(number[w] for w in name.split(" ")) for name in entry[AUTHORS_FIELD])
                        for entry in entries],
        "text": [entry["text"] for entry in entries],
        "tags": [entry.get("tags", []) for entry in entries],
    }


def unpack(columns: dict) -> list[dict]:
    """The entries back from their columns, as fold.js unpacks them (the tests and benchmarks read the index so)."""
    words = columns["words"]
    out = []
    for n, paper_id in enumerate(columns["id"]):
        short = columns[NAME_FIELD][n]
        short = columns["title"][n][:short] if isinstance(short, int) else short
        name = " ".join(part for part in (short, paper_id if columns["arxiv"][n] else "") if part)
        authors = [" ".join(words[int(code, 36)] for code in author.split("."))
                   for author in columns[AUTHORS_FIELD][n].split(",") if author]
        entry = {"location": columns["page"].replace("{id}", paper_id), "title": columns["title"][n],
                 "text": columns["text"][n], NAME_FIELD: name, AUTHORS_FIELD: authors}
        if columns["tags"][n]:
            entry["tags"] = columns["tags"][n]
        out.append(entry)
    return out


# The columns with one value per paper, which each part holds for its own papers.
_PER_PAPER = ("id", "title", NAME_FIELD, "arxiv", AUTHORS_FIELD, "text", "tags")


def _columns(packed: dict, lo: int, hi: int) -> dict:
    return {"start": lo, **{key: packed[key][lo:hi] for key in _PER_PAPER}}


def split(packed: dict, part_papers: int, first_papers: int) -> dict[str, dict]:
    """The packed columns as part files: PAPERS_INDEX holds the last `first_papers` papers and what all share, the
    others `part_papers` papers each.

    `parts` lists the other files in id order, with the paper number each starts at, and `count` is every part's
    papers together, so that the worker can rank the papers it has read before the others come.
    """
    count = len(packed["id"])
    rest = max(0, count - first_papers)
    shared = {key: value for key, value in packed.items() if key not in _PER_PAPER}
    parts = {PART_FILE.format(n=n): _columns(packed, lo, min(lo + part_papers, rest))
             for n, lo in enumerate(range(0, rest, part_papers))}
    first = {**shared, "count": count, "parts": [[path.rsplit("/", 1)[1], part["start"]] for path, part in parts.items()],
             **_columns(packed, rest, count)}
    return {PAPERS_INDEX: first, **parts}


def join(read: Callable[[str], str]) -> dict:
    """The packed columns back from their part files, `read` giving a file's text by its site-relative path."""
    first = json.loads(read(PAPERS_INDEX))
    folder = PAPERS_INDEX.rsplit("/", 1)[0]
    parts = [json.loads(read(f"{folder}/{name}")) for name, _ in first["parts"]] + [first]
    return {**{key: value for key, value in first.items() if key not in (*_PER_PAPER, "start", "count", "parts")},
            **{key: [value for part in parts for value in part[key]] for key in _PER_PAPER}}


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def render_papers_files(papers: Iterable[Paper]) -> dict[str, str]:
    """The papers' entries packed into the files the generator writes: PAPERS_INDEX and its parts."""
    return {path: _json(part) for path, part in split(pack(paper_entries(papers)), PART_PAPERS, FIRST_PART_PAPERS).items()}


def read_papers_index(read: Callable[[str], str]) -> list[dict]:
    """The papers' entries of PAPERS_INDEX and its parts, `read` giving a file's text by its site-relative path."""
    return unpack(join(read))


def _trimmed(doc: dict) -> dict:
    return {**doc, "text": _cut(doc.get("text", ""), PAGE_TEXT)}


def trim_index(site_index: dict) -> dict:
    """MkDocs' index with its pages trimmed to their opening; the papers come from PAPERS_INDEX, listed above them.

    A page keeps one entry: its sections, which on a list page are its papers, are dropped.
    """
    pages = [_trimmed(doc) for doc in site_index.get("docs", []) if "#" not in doc.get("location", "")]
    return {"config": site_index.get("config", {}), "docs": pages}


def render_site_index(index: dict) -> str:
    """The trimmed index as compact JSON (Material reads no whitespace)."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
