"""Reader for an awesome-list README: one paper per list entry, table row or heading that links to a paper.

The title comes from the entry's structure, in this order: the text of a link to the paper, the bold
text, the words before the first link, another named link (a title that links to its code), the heading
the entry sits under. Link labels ("paper", "[pdf]", "here", a host name) never name a paper. Leading
`[2023/05]`, `[ICLR 2024]` or `(NeurIPS'23)` marks are taken off the title and read as a venue; italic
names, a `<br>` line or an authors column give authors; a BibTeX block under the entry fills what the
entry leaves out. Entries that link to something other than a paper (a tool, a blog, a course) are not
papers: they are skipped and reported with their line.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote, urlsplit

from ..ids import normalize_arxiv_id
from ..model import Links, RawEntry, Source
from ..text.links import classify_urls, find_urls
from ..text.paper_urls import host_name, is_paper_url
from ..text.titles import normalize_title
from ..text.venue import venue_from_comment
from .bibtex import read_entries
from .entries import make_entry
from .errors import PartlyRead
from .htmlpage import looks_like_html
from .markdown_items import Item, Piece, markdown_items, plain, strip_symbols

FORMAT = "awesome-list"
# A link's target, in Markdown `](url)` or in the HTML `href="url"` some READMEs write their tables in
_LINK_TARGET_RE = re.compile(r"\]\(\s*<?([^)\s>]+)|\bhref\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_STRUCTURE_RE = re.compile(r"^\s{0,3}#{1,6}\s|^\s*(?:[-*+]|\d{1,3}[.)]|\|)\s|<(?:tr|li)\b", re.MULTILINE | re.IGNORECASE)
# Link texts that name a kind of link rather than a paper.
_GENERIC_WORDS = {
    "paper", "papers", "pdf", "arxiv", "abs", "abstract", "link", "links", "code", "github", "gitlab", "repo",
    "project", "page", "homepage", "website", "site", "html", "hf", "huggingface", "hugging", "face", "blog",
    "video", "slides", "demo", "model", "models", "dataset", "data", "poster", "talk", "openreview", "doi",
    "here", "official", "url", "bib", "bibtex", "citation", "twitter", "tweet", "weights", "checkpoint",
    "checkpoints", "colab", "notebook", "docs", "star", "stars", "publish", "type", "preprint", "pytorch", "jax",
    "tensorflow", "implementation", "unofficial", "v1", "v2", "v3", "full", "text", "download", "view", "read",
    "more", "on", "or", "and", "the", "leaderboard", "eval", "evaluation", "tool", "tools", "book", "report",
    "technical", "tech", "x", "thread", "summary", "review", "reviews", "news", "post", "article", "source",
    "api", "app", "space", "spaces", "benchmark", "press", "release", "openai", "google", "anthropic", "meta",
    "microsoft", "deepmind", "youtube", "medium", "substack", "zhihu", "reddit", "discord", "podcast",
    "acl", "anthology", "proceedings", "springer", "ieee", "acm", "semantic", "scholar", "ssrn", "nips", "neurips",
    "published", "version", "supplementary", "supp", "appendix", "cite", "ref", "main", "online",
}
_ROLE_PATTERNS = {
    "title": re.compile(r"title|paper|name"),
    "venue": re.compile(r"venue|conference|\bconf\b|publication|published|journal|where"),
    "date": re.compile(r"date|time|year|month|released"),
    "authors": re.compile(r"author"),
    "organization": re.compile(r"institut|organi[sz]ation|affiliation|\borg\b|\blab\b|compan"),
}
_BADGE_LABELS = {"conference", "journal", "venue", "publish", "published", "publication", "accepted"}
_DATE_RE = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
# A date such as 2023/05, 2024.03 or 2021-12 that dates an entry without being a paper's date.
_MONTH_RE = re.compile(r"^(?:19|20)\d{2}(?:[-/.]\d{1,2}){0,2}$")
# Leading marks before a title: "[2023/05]", "[ICLR 2024]", "(NeurIPS'23)", "2024.03 |", "1)", "12.".
_LEAD_RE = re.compile(
    r"^\s*(?:\[(?P<square>[^\[\]]{1,40})\]|\((?P<round>[^()]{1,40})\)"
    r"|(?P<bare>(?:19|20)\d{2}[-/.]\d{1,2}(?:[-/.]\d{1,2})?)\s*[|:-]?|(?P<number>\d{1,4}[.)]))\s*"
)
# What follows a title in a list entry: " – Meta (Feb 2023)" (an en dash, never a hyphen or an em dash, which
# titles use themselves) or a parenthesised note.
_TRAILER_CUT_RE = re.compile(r"\s+–\s+.*$|\s*\([^()]*\)\s*$")
_ASIDE_RE = re.compile(r"\(([^()]+)\)")
_CITING_ASIDE_RE = re.compile(r"\s*\((?:[^()]*\bet\.? al\b[^()]*|[^()]*\b(?:19|20)\d{2}\b[^()]*)\)\s*[.,;]?\s*$")
_DASH_RE = re.compile(r"\s[—–-]{1,2}\s")
# A sentence end: not after an initial ("Andrew M. Dai"), and before a capital
_SENTENCE_RE = re.compile(r"(?<=[a-z0-9)\]?!'\"])\.\s+(?=[A-Z])")
_NAME_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "du", "del", "la", "le", "bin", "al", "y", "dos", "ten"}
_PAPER_LABELS = {"paper", "pdf", "arxiv", "technical report", "tech report", "report", "full paper", "preprint"}
_PAPER_COLUMN_RE = re.compile(r"\b(?:paper|title)s?\b")
# "(@Meta AI etc)" after a title names who wrote it
_ORG_TAIL_RE = re.compile(r"\s*\(@[^()]*\)\s*$")
_HOST_LIKE_RE = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/?$")


def sniff(text: str) -> int:
    """Likely for Markdown with headings, list entries or table rows and links to papers.

    A lone pasted `[Title](https://arxiv.org/abs/…)` line scores lower, but still above bare prose.
    """
    if looks_like_html(text) or text.lstrip().startswith(("<?xml", "<feed")):
        return 0
    if not any(is_paper_url(url) for pair in _LINK_TARGET_RE.findall(text) for url in pair if url):
        return 0
    return 92 if _STRUCTURE_RE.search(text) else 50


def is_generic(text: str) -> bool:
    """True for a link label ("[pdf]", "Paper", "Eval Tool", "arxiv.org") rather than a name."""
    text = strip_symbols(text).strip(" []()|:.,-–—*")
    if not text or normalize_arxiv_id(text) or text.lower().startswith(("http", "www.")) or _HOST_LIKE_RE.match(text):
        return True
    words = re.findall(r"[a-z0-9'+.-]+", text.lower())
    return not words or (len(words) <= 4 and all(w.strip(".'") in _GENERIC_WORDS or w.isdigit() for w in words))


def _is_venue(text: str) -> bool:
    """True for a short text that only names a venue ("ICLR 2024", "NeurIPS'23 Workshop"), never a title."""
    return len(text.split()) <= 4 and venue_from_comment(text) is not None


def _roles(header: list[str] | None) -> dict[str, int]:
    """Which column holds what, from a table's header: {"title": 1, "date": 0, ...}."""
    roles: dict[str, int] = {}
    for index, name in enumerate(header or []):
        for role, pattern in _ROLE_PATTERNS.items():
            if pattern.search(name) and role not in roles:
                roles[role] = index
    # "| Name | Paper | Link |" (a table of datasets): the paper's column holds its title, not the name's
    for word in ("title", "paper"):
        column = next((i for i, name in enumerate(header or []) if word in name), None)
        if column is not None:
            roles["title"] = column
            break
    return roles


def _lines(cell: list[Piece]) -> list[list[Piece]]:
    """A cell cut at its line breaks (`<br>`, a new paragraph, a new line)."""
    out: list[list[Piece]] = [[]]
    for piece in cell:
        if piece.kind == "break":
            out.append([])
        else:
            out[-1].append(piece)
    return [line for line in out if line]


def _text_after(line: list[Piece], start: int) -> str:
    """The plain words after a piece up to the next link, image or emphasis: "[Megatron-LM](…): Training …"."""
    words = []
    for piece in line[start + 1:]:
        if piece.kind != "text" or piece.strong or piece.em:
            break
        words.append(piece.text)
    return " ".join("".join(words).split())


def _title_case(text: str) -> bool:
    """True for "A Communication-Driven Approach", false for a sentence like "Ensuring deterministic inference"."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if len(w) > 3]
    return not words or sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _joined_title(name: str, after: str) -> str:
    """The title from a link's text and the words after it, which often finish it."""
    name = name.strip()
    rest = _TRAILER_CUT_RE.sub("", after.lstrip(" :：").strip()).strip(" .,;|")
    # "… Speculative Decoding — overlaps drafting and verification …": a description after a dash is not title
    dash = _DASH_RE.search(rest)
    if dash and not _title_case(rest[dash.end():]):
        rest = rest[:dash.start()]
    if after.lstrip()[:1] in (":", "："):
        if rest.lower().startswith(name.rstrip(":").lower() + ":"):
            return rest
        if rest and (len(name.split()) <= 3 or _title_case(rest)):
            return f"{name.rstrip(':')}: {rest}"
        return name.rstrip(":")
    if name.endswith(":") and rest:
        return f"{name} {rest}"
    # "[Ring Attention](…) with Blockwise Transformers for Near-Infinite Context"
    if after.lstrip()[:1].islower() and not re.match(r"(?:is|are|was|a|an|introduces|proposes|presents)\b", after.lstrip()):
        return f"{name} {rest}"
    return name.rstrip(":")


def _strip_leads(text: str) -> tuple[str, list[str]]:
    """The title without leading dates, venues, numbers and `[ShortName]` tags, and the marks taken off."""
    marks = []
    while True:
        match = _LEAD_RE.match(text)
        if not match:
            return text, marks
        mark = next(g for g in match.group("square", "round", "bare", "number") if g is not None)
        rest = text[match.end():]
        is_mark = (match.group("number") or match.group("bare") or _MONTH_RE.match(mark.strip()) or venue_from_comment(mark)
                   or is_generic(mark) or match.group("square") and len(rest.split()) >= 3)
        if not is_mark or not rest.strip():
            return text, marks
        marks.append(mark.strip())
        text = rest


def clean_title(text: str) -> str:
    """A title as a reader shows it: no emoji, leading marks, quotes, "(@Org)", an unclosed "(Read more on", or full stop."""
    text = " ".join(strip_symbols(text).split())
    text, _ = _strip_leads(text)
    text = _ORG_TAIL_RE.sub("", text)
    # "Title (Read more on [arXiv](…)": the link cut the parenthesis open
    if text.count("(") > text.count(")"):
        text = text[:text.rindex("(")]
    text = text.strip(" |:-–—*_,;")
    if len(text) > 2 and (text[0], text[-1]) in (('"', '"'), ("“", "”")) or re.fullmatch(r'"[^"]+"\.', text):
        text = text.rstrip(".")[1:-1].strip()
    # "**Longformer: The Long-Document Transformer.**": titles carry no full stop of their own
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def _leading_text(line: list[Piece]) -> str:
    """The words before the line's first link; links before any word (badges) are passed over."""
    words: list[str] = []

    def said() -> bool:
        return bool(re.search(r"\w", strip_symbols("".join(words))))

    for piece in line:
        if piece.kind == "link" and (said() or not is_generic(piece.text)):
            break
        if piece.kind == "text" and piece.em and said():
            break
        if piece.kind == "text":
            words.append(piece.text)
    text = "".join(words).strip()
    # "1) Ultra-Fast Diffusion-based Language Models  This paper introduces …": two spaces end the title
    text = re.split(r"\s{2,}", text, maxsplit=1)[0]
    dash = _DASH_RE.search(text)
    if dash and not _title_case(text[dash.end():]):
        text = text[:dash.start()]
    # "Title (Smith et al., 2023)" or "Title (ICLR 2024)": the aside is a citation, not part of the title
    text = _CITING_ASIDE_RE.sub("", text.rstrip(" [(|"))
    return _citation_parts(text)[0]


def _citation_parts(text: str) -> tuple[str, list[str]]:
    """ "Title. A. Author, B. Author. NIPS 2015." as the title and the sentences after it, when those are names or a venue."""
    sentences = _SENTENCE_RE.split(text.strip())
    rest = [s.strip(" .") for s in sentences[1:]]
    if len(sentences[0].split()) >= 2 and rest and (names(rest[0], strict=True) or venue_from_comment(rest[0])):
        return sentences[0], rest
    return text, []


def _leading_raw(line: list[Piece]) -> str:
    return "".join(p.text for p in line if p.kind == "text").split("[")[0]


def _has_content(line: list[Piece]) -> bool:
    """True for a line with words or a named link, false for a line of badges."""
    return any(p.kind == "link" and p.text.strip() or p.kind == "text" and strip_symbols(p.text).strip() for p in line)


def _bold_run(line: list[Piece]) -> tuple[str, int] | None:
    """The first run of bold text on a line, links inside it included, and where it starts.

    A bold `[**ShortName**]` tag before the full title ("[**GQA**] GQA: Training …") is not the title.
    """
    start = None
    run: list[str] = []
    for p, piece in enumerate(line):
        if piece.strong and piece.kind in ("text", "link"):
            start = p if start is None else start
            run.append(piece.text)
        elif run and "".join(run).strip():
            break
    if start is None:
        return None
    before = line[start - 1].text if start and line[start - 1].kind == "text" else ""
    after = plain(line[start + len(run):])
    if before.rstrip().endswith("[") and after.startswith("]") and len(after.split()) >= 4:
        return None
    text = clean_title("".join(run))
    return (text, start) if text and not is_generic(text) else None


def _paper_link_title(line: list[Piece]) -> tuple[str, int] | None:
    for p, piece in enumerate(line):
        if piece.kind == "link" and is_paper_url(piece.href or "") and not is_generic(piece.text):
            title = clean_title(_joined_title(piece.text, _text_after(line, p)))
            if title and not _is_venue(title):
                return title, p
    return None


def _named_link_title(line: list[Piece]) -> tuple[str, int] | None:
    for p, piece in enumerate(line):
        if piece.kind == "link" and not (piece.href or "").startswith("#") and not is_generic(piece.text):
            title = clean_title(_joined_title(piece.text, _text_after(line, p)))
            if title and not _is_venue(title):
                return title, p
    return None


def _title(item: Item, cells: list[list[Piece]], roles: dict[str, int]) -> tuple[str | None, tuple[int, int, int] | None]:
    """The entry's title and where it was found (cell, line, piece), by the order in the module's docstring.

    The title cell (a table's title column, else an entry's first cell) is searched first and fully;
    the other cells may still hold the title's link or bold text, never a leading text.
    """
    first = roles["title"] if roles.get("title", len(cells)) < len(cells) else 0
    others = [i for i in range(len(cells)) if i != first]
    lines = {i: _lines(cells[i]) for i in range(len(cells))}
    content = next(((n, line) for n, line in enumerate(lines.get(first, [])) if _has_content(line)), None)
    for n, line in enumerate(lines.get(first, [])):
        found = _paper_link_title(line) or _bold_run(line)
        if found:
            return found[0], (first, n, found[1])
    # a table whose header names no title column ("| Category | Model | Link |") holds names, not titles
    untitled_table = item.header is not None and "title" not in roles
    if content is not None and not untitled_table:
        text = clean_title(_leading_text(content[1]))
        if len(text) >= 2 and re.search(r"[^\W\d_]", text) and not is_generic(text) and not _is_venue(text):
            return text, (first, content[0], -1)
    for n, line in enumerate(lines.get(first, []) if not untitled_table else []):
        found = _named_link_title(line)
        if found:
            return found[0], (first, n, found[1])
    for i in others:
        for n, line in enumerate(lines[i]):
            found = _paper_link_title(line) or _bold_run(line)
            if found:
                return found[0], (i, n, found[1])
    if item.header is None:
        for i in others:
            for n, line in enumerate(lines[i]):
                found = _named_link_title(line)
                if found:
                    return found[0], (i, n, found[1])
    return None, None


def _badge_venue(src: str) -> str | None:
    """The venue a shields.io badge states: `badge/Conference-NeurIPS'24%20Workshop-blue` -> "NeurIPS'24 Workshop"."""
    parts = urlsplit(src or "")
    if parts.hostname != "img.shields.io" or not parts.path.startswith("/badge/"):
        return None
    # shields writes "-" as "--" and " " as "_" inside a part
    fields = [f.replace("\x00", "-").replace("__", "\x01").replace("_", " ").replace("\x01", "_")
              for f in unquote(parts.path.removeprefix("/badge/")).replace("--", "\x00").split("-")]
    if len(fields) == 3 and fields[0].strip().lower() in _BADGE_LABELS:
        return fields[1].strip() or None
    return None


def names(text: str, strict: bool = False) -> list[str]:
    """Author names from "A. Author, B. Author et al", or nothing when the text does not look like names.

    An authors column may hold user names ("zooblastlbz"); text found elsewhere (`strict`) must read as
    capitalised personal names.
    """
    text = re.sub(r"\([^()]*\)", "", text)
    text = re.split(r"\be[lt]\.? al\b", text)[0]
    # "Qiao Jin, Zhiyong Lu. arXiv." and "A. Author. ICLR 2020": the venue after the names is not a name
    text = re.split(r"\.\s+(?=arXiv\b|[A-Z]{2,}\b)", text)[0]
    found = [n.strip(" .*_") for n in re.split(r",|;|\band\b|&", text) if n.strip(" .*_")]
    plausible = all(1 <= len(n.split()) <= 5 and not re.search(r"\d|[:;()\[\]|/@]", n) for n in found)
    if strict:
        plausible = plausible and all(n[:1].isupper() and all(w[:1].isupper() or w.lower() in _NAME_PARTICLES or "'" in w
                                                               for w in n.split()) for n in found)
    return found if found and plausible else []


def _arxiv_ids(cells: list[list[Piece]]) -> list[str]:
    """Each arXiv id the entry links to, or names by a bare URL in its text, in order of appearance."""
    found: dict[str, None] = {}
    for cell in cells:
        for piece in cell:
            if piece.kind == "link":
                found.setdefault(normalize_arxiv_id(piece.href or "") or "", None)
            elif piece.kind == "text":
                for url in find_urls(piece.text):
                    found.setdefault(normalize_arxiv_id(url) or "", None)
    found.pop("", None)
    return list(found)


def _urls(cells: list[list[Piece]]) -> list[str]:
    links = [p.href for cell in cells for p in cell if p.kind == "link" and p.href]
    text = " ".join(p.text for cell in cells for p in cell if p.kind == "text")
    return list(dict.fromkeys(u for u in [*links, *find_urls(text)] if u.startswith(("http://", "https://"))))


def _venue_and_organization(item: Item, cells: list[list[Piece]], roles: dict[str, int], where: tuple[int, int, int] | None,
                            marks: list[str]) -> tuple[str | None, str | None]:
    """The venue from a badge, a leading mark, a venue column or cell, an aside; an organisation from a `| Google` cell."""
    badges = [p.image for cell in cells for p in cell if p.image]
    venue = next(filter(None, map(_badge_venue, badges)), None)
    venue = venue or next(filter(None, map(venue_from_comment, marks)), None)
    if venue is None and roles.get("venue", len(cells)) < len(cells):
        text = plain(cells[roles["venue"]])
        venue = venue_from_comment(text) or (text if text and not is_generic(text) and text != "-" else None)
    organization = None
    if roles.get("organization", len(cells)) < len(cells):
        text = plain(cells[roles["organization"]])
        organization = text if text and text != "-" and not is_generic(text) else None
    if item.header is None and where is not None:
        line = _lines(cells[where[0]])[where[1]]
        # "(ICLR 2027)" or "*Authors*. ICLR 2027.": a venue in an aside or a short sentence of the entry's own text
        words = " ".join("".join(p.text for p in line if p.kind == "text").split())
        asides = _ASIDE_RE.findall(words)
        for aside in [*asides, *(part for a in asides for part in a.split(",")), *re.split(r"\.\s+|[\[\]]", words)]:
            if len(aside.split()) <= 6:
                venue = venue or venue_from_comment(aside.strip(" .,;"))
        for other in _lines(cells[where[0]])[where[1] + 1:]:
            # "NeurIPS 2025 Highlight, [Paper](…), [Project](…)": the line's own words, not its link labels
            own = " ".join("".join(p.text for p in other if p.kind == "text").split())
            venue = venue or venue_from_comment(re.sub(r"(?:\s*[,;|]\s*)+$", "", own))
        for cell in cells[1:]:
            text = plain(cell)
            if not text or any(p.kind == "link" for p in cell):
                continue
            if venue_from_comment(text):
                venue = venue or venue_from_comment(text)
            elif organization is None and len(text.split()) <= 6 and not re.search(r"\d", text):
                organization = text
    return venue, organization


def _stated_venue(item: Item, cells: list[list[Piece]], roles: dict[str, int], marks: list[str]) -> bool:
    """True when the entry states a venue in a place of its own (a badge, a leading mark, a venue column or cell),
    not in passing in a description ("a trend that starts from FLAN (ICLR 2022)")."""
    if any(_badge_venue(p.image) for cell in cells for p in cell if p.image) or any(map(venue_from_comment, marks)):
        return True
    if item.header is not None:
        column = roles.get("venue")
        return column is not None and column < len(cells) and bool(venue_from_comment(plain(cells[column])))
    return any(venue_from_comment(plain(cell)) for cell in cells[1:] if not any(p.kind == "link" for p in cell))


def _venue_says_other(cells: list[list[Piece]], roles: dict[str, int]) -> bool:
    column = roles.get("venue")
    text = plain(cells[column]) if column is not None and column < len(cells) else ""
    return bool(text) and text != "-" and is_generic(text) and not venue_from_comment(text)


def _date(cells: list[list[Piece]], roles: dict[str, int]) -> dt.date | None:
    """A full date from the date column; a month or a year alone is not a paper date."""
    if roles.get("date", len(cells)) >= len(cells):
        return None
    match = _DATE_RE.search(plain(cells[roles["date"]]))
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _full_date(mark: str) -> dt.date | None:
    """The date a leading `[2026/11/18]` mark states; a month alone is no paper date."""
    match = _DATE_RE.fullmatch(mark.strip())
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _authors(item: Item, cells: list[list[Piece]], roles: dict[str, int], where: tuple[int, int, int] | None) -> list[str]:
    """Names from an authors column, the italic run after the title, or the line under it in the title's cell."""
    if roles.get("authors", len(cells)) < len(cells):
        column = roles["authors"]
        lines = _lines(cells[column])
        if where and where[0] == column:
            # "Title & Authors": the names are on the line after the title's
            return names(plain(lines[where[1] + 1])) if where[1] + 1 < len(lines) else []
        return names(plain(cells[column]))
    if where is None:
        return []
    lines = _lines(cells[where[0]])
    italic = "".join(p.text for p in lines[where[1]][max(where[2], 0):] if p.em and p.kind == "text")
    if italic.strip():
        return names(italic, strict=True)
    if where[2] < 0:
        # "Title. A. Author, B. Author. Venue 2020." written as plain text
        found = next((names(part, strict=True) for part in _citation_parts(_leading_raw(lines[where[1]]))[1][:1]), [])
        if found:
            return found
    if where[1] + 1 < len(lines):
        following = lines[where[1] + 1]
        if not any(p.kind == "link" for p in following):
            return names(plain(following), strict=True)
    return []


def _paper_link(cells: list[list[Piece]], where: tuple[int, int, int] | None, venue_page: bool) -> str | None:
    """The link to the paper itself: the title's own link when it is one, else the first paper link.

    An entry with a venue whose title links to a page of the venue's (an accepted-papers list) links there.
    """
    if where is not None and where[2] >= 0:
        piece = _lines(cells[where[0]])[where[1]][where[2]]
        if piece.kind == "link" and (venue_page or is_paper_url(piece.href or "")):
            return piece.href
    return next((p.href for cell in cells for p in cell if _is_paper_link(p)), None)


def _links(urls: list[str], arxiv: str | None, paper_url: str | None) -> Links:
    links = classify_urls([u for u in urls if u != paper_url or arxiv], arxiv)
    if arxiv is None and paper_url and paper_url.startswith(("http://", "https://")):
        if urlsplit(paper_url).path.lower().endswith(".pdf"):
            links.pdf = paper_url
        else:
            links.other = [paper_url, *links.other]
    return links


def _from_bibtex(item: Item, file: str) -> RawEntry | None:
    """The entry a BibTeX block under the item describes, or None when the block cannot be read."""
    entries, _ = read_entries(item.bibtex or "", file, item.bibtex_line or item.line)
    return entries[0] if entries else None


def _matches(cited: RawEntry, title: str | None, arxiv: str | None) -> bool:
    if cited.arxiv and arxiv:
        return cited.arxiv == arxiv
    return bool(cited.title and title and normalize_title(cited.title) == normalize_title(title))


def _only_a_name(title: str, cells: list[list[Piece]]) -> bool:
    """True when an entry is nothing but one word linked: "[T5](…)", "[LLaMA-13B](…)"."""
    return len(title.split()) == 1 and " ".join(plain(cell) for cell in cells).strip(" .,;-") == title


def _is_paper_link(piece: Piece) -> bool:
    """A link to a paper's page, or one its author labels as the paper ("[Paper](…)", "[pdf]") wherever it points."""
    if piece.kind != "link" or not piece.href:
        return False
    label = strip_symbols(piece.text).strip(" []()").lower()
    return is_paper_url(piece.href) or label in _PAPER_LABELS and piece.href.startswith(("http://", "https://"))


def _is_named_link(piece: Piece) -> bool:
    href = piece.href or ""
    return piece.kind == "link" and href.startswith(("http://", "https://")) and not is_generic(piece.text)


def entries_of(item: Item, file: str, title_from_heading: str | None) -> tuple[list[RawEntry], str | None]:
    """The papers an item names, or no papers and why it is not one (None when it is not an entry at all)."""
    cells = item.cells
    arxiv_ids = _arxiv_ids(cells)
    linked = any(_is_paper_link(p) for cell in cells for p in cell)
    named = [p for cell in cells for p in cell if _is_named_link(p)]
    if not arxiv_ids and not linked and not (named and item.kind in ("bullet", "row")):
        return [], None
    roles = _roles(item.header)
    title, where = _title(item, cells, roles)
    # "#### Title" then "paper link: [here](…)" or "- Paper: [arXiv](…)": an entry of labels takes its heading's title
    labels_only = item.kind in ("paragraph", "bullet") and is_generic(" ".join(plain(cell) for cell in cells))
    if title is None and title_from_heading and labels_only:
        title = clean_title(title_from_heading)
    if title and arxiv_ids and _only_a_name(title, cells):
        # "- [T5](https://arxiv.org/abs/1910.10683)" in a list of models names the model, not the paper:
        # kept by id, the paper gets its title from another entry or from enrich
        title = None
    marks = _strip_leads(" ".join(strip_symbols(plain(_lines(cells[where[0]])[where[1]])).split()))[1] if where else []
    venue, organization = _venue_and_organization(item, cells, roles, where, marks)
    # a named link in the "Paper" column of a table is a paper, wherever it points (BIG-bench's repository)
    # … unless its venue column calls it something else ("Blog")
    in_paper_column = bool(where and item.header and where[0] < len(item.header) and _PAPER_COLUMN_RE.search(item.header[where[0]])
                           and where[2] >= 0 and not _venue_says_other(cells, roles))
    if not arxiv_ids and not linked and (not (in_paper_column or _stated_venue(item, cells, roles, marks)) or title is None):
        return [], f"not a paper: links to {host_name(named[0].href) or named[0].href} but to no paper"
    authors = _authors(item, cells, roles, where)
    published = _date(cells, roles) or next(filter(None, map(_full_date, marks)), None)
    urls = _urls(cells)
    source = Source(file, item.line, FORMAT, " > ".join(item.headings) or None)
    cited = _from_bibtex(item, file) if item.bibtex else None
    first_arxiv = arxiv_ids[0] if arxiv_ids else None
    if cited is not None and _matches(cited, title, first_arxiv):
        title, authors = title or cited.title, authors or cited.authors
        venue, published = venue or cited.venue, published or cited.published
    if title is None and first_arxiv is None:
        return [], "no title: links to a paper but names none"
    papers: list[str | None] = list(arxiv_ids) or [None]
    entries = []
    for position, arxiv in enumerate(papers):
        # Further arXiv links in an entry are mentions ("a successor to [H2O](…)"), named by a short
        # name at best: they are kept by id, and get their real title from their own entry or enrich.
        first = position == 0
        entries.append(
            make_entry(
                source,
                title=title if first else None,
                arxiv=arxiv,
                links=_links(urls, arxiv, _paper_link(cells, where, not linked) if first else None),
                venue=venue if first else None,
                organization=organization,
                published=published if first else None,
                authors=authors if first else [],
                doi=cited.doi if first and cited is not None and _matches(cited, title, arxiv) else None,
            )
        )
    return entries, None


def read(text: str, file: str) -> list[RawEntry]:
    """Every paper of the README; raises PartlyRead with the lines of entries that are not papers."""
    entries: list[RawEntry] = []
    not_papers: list[tuple[int, str]] = []
    problems: list[tuple[int, str]] = []
    used_headings: set[tuple[str, ...]] = set()
    for item in markdown_items(text):
        key = tuple(item.headings)
        offered = item.heading_title if item.heading_title and key not in used_headings else None
        try:
            found, why = entries_of(item, file, offered)
        except Exception as exc:  # noqa: BLE001 - one odd entry is one skipped line, never a traceback
            problems.append((item.line, f"entry could not be read ({type(exc).__name__}: {exc}); entry skipped"))
            continue
        if found and offered and found[0].title == clean_title(offered):
            used_headings.add(key)
        entries += found
        if why:
            not_papers.append((item.line, why))
    if problems or not_papers:
        raise PartlyRead(entries, problems, not_papers)
    return entries
