"""The curated data on disk: one YAML file per paper in data/papers/, the topic taxonomy, and loading them all checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

import yaml

from .canonical import read_canonical
from .fileio import write_text_atomic
from ..ids import is_safe_paper_id, is_windows_reserved
from ..model import Links, Paper, paper_from_dict, paper_to_dict
from ..problems import DataError, Problem
from .roundtrip import updated_text
from .schema import SCHEMA_LINE, field_name, line_of, schema_problems, shown_value
from ..text.links import web_url
from ..text.titles import derive_title
from .vocabulary import TagGroup, load_tags
from .yamlfile import display_path, has_comments, parse_yaml, plain, read_text, read_yaml

PAPERS_DIR = "papers"
TOPICS_FILE = "topics.yml"


@dataclass(frozen=True)
class Topic:
    """One topic of the taxonomy, with the weighted phrases the classifier looks for."""

    slug: str
    title: str
    description: str
    keywords: dict[str, float] = field(default_factory=dict)


def paper_path(data_dir: Path, paper_id: str) -> Path:
    """The file of a paper; refuses any id that could point outside data/papers/."""
    if not is_safe_paper_id(paper_id):
        raise ValueError(f"unsafe paper id {paper_id!r}: use lower-case letters, digits, '.' and '-'")
    return data_dir / PAPERS_DIR / f"{paper_id}.yml"


def dump_paper(paper: Paper) -> str:
    """The YAML text of a paper: the schema line, then the fields in canonical order."""
    return SCHEMA_LINE + "\n" + yaml.dump(
        paper_to_dict(paper),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key, as people write YAML by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


class PaperRejected(ValueError):
    """A paper that would not pass `check`, refused before it reaches the disk; carries the problems."""

    def __init__(self, paper: Paper, problems: list[Problem]):
        self.paper = paper
        self.problems = problems
        where = next((f"{s.file}:{s.line}" for s in reversed(paper.sources)), f"data/papers/{paper.id}.yml")
        super().__init__(f"{where}: not written ({paper.id}): " + "; ".join(p.message for p in problems))


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(text: str | None) -> str | None:
    """Text with control characters made spaces, stripped; None when nothing is left."""
    if text is None:
        return None
    text = _CONTROL_RE.sub(" ", text).strip()
    return text or None


def _local_name(file: str) -> str:
    """A source file as the project may store it: an absolute or escaping path is cut to its file name."""
    windows = PureWindowsPath(file)
    if PurePosixPath(file).is_absolute() or windows.drive or windows.root or file.startswith(("~", "../", "..\\")):
        return windows.name or PurePosixPath(file).name or file
    return file


def repair_paper(paper: Paper) -> Paper:
    """The safe repairs before a write: control characters and blank values dropped, URL schemes lower-cased and
    links with no host dropped, an empty title derived from the abstract, absolute source paths cut to the file name."""
    strings = {name: _clean(getattr(paper, name)) for name in ("abstract", "organization", "venue", "comments",
                                                                 "doi", "journal_ref")}
    lists = {name: [v for v in map(_clean, getattr(paper, name)) if v] for name in ("authors", "categories")}
    links = paper.links
    single = {kind: web_url(getattr(links, kind)) if getattr(links, kind) else None for kind in ("project", "pdf", "hf")}
    code = list(dict.fromkeys(filter(None, map(web_url, links.code))))
    other = list(dict.fromkeys(u for u in filter(None, map(web_url, links.other)) if u not in code))
    sources = list(dict.fromkeys(dataclasses.replace(s, file=_local_name(s.file), heading=_clean(s.heading))
                                 for s in paper.sources))
    title, derived = _clean(paper.title), paper.title_is_derived
    if title is None:
        abstract = strings["abstract"]
        title = (_clean(derive_title(abstract)) if abstract else None) or (f"arXiv:{paper.arxiv}" if paper.arxiv else None)
        derived = title is not None
    return dataclasses.replace(paper, **strings, **lists, title=title or "", title_is_derived=derived,
                               links=Links(code=code, other=other, **single), sources=sources)


def validated_text(data_dir: Path, paper: Paper, vocabulary: Vocabulary | None = None) -> tuple[Paper, str]:
    """The repaired paper and the text to write, held to the rules `check` applies; PaperRejected when it fails them.

    A file that already exists and holds a curator's comments is updated in place (round trip), comments kept.
    """
    paper = repair_paper(paper)
    path = paper_path(data_dir, paper.id)
    text = dump_paper(paper)
    _, _, problems = parse_paper(text, paper.id, f"data/papers/{paper.id}.yml", vocabulary)
    if problems:
        raise PaperRejected(paper, problems)
    old = _existing_text(path)
    if old is not None and has_comments(old):
        text = updated_text(old, yaml.safe_load(text)) or text
    return paper, text


def _existing_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8") if path.is_file() and not path.is_symlink() else None
    except (OSError, UnicodeDecodeError):
        return None


def write_paper(data_dir: Path, paper: Paper, vocabulary: Vocabulary | None = None) -> Path:
    """Write one paper atomically once it passes the check; raises PaperRejected (a ValueError) when it does not."""
    _, text = validated_text(data_dir, paper, vocabulary)
    path = paper_path(data_dir, paper.id)
    write_text_atomic(path, text)
    return path


def write_papers(data_dir: Path, papers: Iterable[Paper]) -> dict[str, str]:
    """Write every paper that passes the check (vocabularies included); for each one refused, its id and
    'file:line: why'."""
    topics, tag_groups, _ = load_vocabularies(data_dir)
    vocabulary = vocabulary_of(topics, tag_groups)
    refused = {}
    for paper in papers:
        try:
            write_paper(data_dir, paper, vocabulary)
        except ValueError as exc:  # PaperRejected, or an id no file may have
            refused[paper.id] = str(exc)
    return refused


# The known values of a paper's list fields, by field name ("topics", "tags"); a field left out is not checked.
Vocabulary = Mapping[str, Collection[str]]


def paper_data_problems(data: object, stem: str, shown: str, vocabulary: Vocabulary | None = None,
                        text_checked: bool = False) -> list[Problem]:
    """Whether parsed data can be the file <stem>.yml: the schema, then what a schema cannot state (the file
    name, the vocabularies); `text_checked` when no value can hold a control character (canonical.py's data)."""
    if not isinstance(data, dict):
        return [Problem(shown, 1, "error", "a paper file must be a mapping of field: value; copy an existing paper file")]
    problems = schema_problems(data, shown) + value_problems(data, shown, control_characters=not text_checked)
    paper_id = data.get("id")
    if isinstance(paper_id, str) and is_windows_reserved(paper_id):
        problems.append(Problem(shown, line_of(data, ("id",)), "error",
                                f"id {paper_id!r} is a name Windows keeps for a device, so the repository could not be "
                                f"checked out there; add a word, as in {paper_id + '-paper'!r}"))
    elif isinstance(paper_id, str) and is_safe_paper_id(paper_id) and paper_id != stem:
        problems.append(Problem(shown, line_of(data, ("id",)), "error",
                                f"id {paper_id!r} does not match the file name {stem + '.yml'!r}; rename one to match"))
    for key, known in (vocabulary or {}).items():
        words = data.get(key)
        unknown = [w for w in words if isinstance(w, str) and w not in known] if isinstance(words, list) else []
        if unknown:
            problems.append(Problem(shown, line_of(data, (key,)), "error",
                                    f"unknown {key[:-1]}(s) {', '.join(map(repr, unknown))}; use one listed in data/{key}.yml"))
    return problems


# No paper on the list predates 1990; a date past next year is a typo that would stretch every timeline and chart.
FIRST_YEAR = 1990


def value_problems(data: dict, shown: str, today: dt.date | None = None,
                   control_characters: bool = True) -> list[Problem]:
    """What the schema cannot say about values: control characters (written as escapes; unless told there are
    none), dates outside 1990 to next year."""
    problems = []
    last_year = (today or dt.date.today()).year + 1

    def visit(node: object, path: tuple) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            if isinstance(value, (dict, list)):
                visit(value, path + (key,))
            elif isinstance(value, str) and _CONTROL_RE.search(value.replace("\t", " ").replace("\n", " ")):
                char = _CONTROL_RE.search(value.replace("\t", " ").replace("\n", " ")).group()
                problems.append(Problem(shown, line_of(data, path + (key,)), "error",
                                        f"{field_name(path + (key,))} holds the control character U+{ord(char):04X} "
                                        f"(invisible); delete it", _column_of(data, path + (key,))))

    if control_characters:
        visit(data, ())
    for name in ("published", "added"):
        value = data.get(name)
        year = int(value[:4]) if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) else None
        if year is not None and not FIRST_YEAR <= year <= last_year:
            problems.append(Problem(shown, line_of(data, (name,)), "error",
                                    f"{name} {shown_value(value)} is outside {FIRST_YEAR} to {last_year}; write the "
                                    f"real date", _column_of(data, (name,))))
    return problems


def _column_of(data: object, path: tuple) -> int | None:
    node = data
    for step in path[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return (getattr(node, "columns", None) or {}).get(path[-1]) if path else None


def parse_paper(text: str, stem: str, shown: str, vocabulary: Vocabulary | None = None,
                lines: bool = True) -> tuple[object, Paper | None, list[Problem]]:
    """The parsed data, the Paper when the text is a valid file <stem>.yml, and every problem found.

    The data keeps the line of every key and item unless `lines` is False; then a file in the form dump_paper
    writes is read without libyaml, and any other file, or one with a problem, as with lines.
    """
    if not lines:
        data = read_canonical(text)
        # The control characters value_problems looks for cannot be there: read_canonical refuses every one.
        if data is not None and not paper_data_problems(data, stem, shown, vocabulary, text_checked=True):
            return data, paper_from_dict(data), []
    data, problems = parse_yaml(text, shown)
    problems = problems or paper_data_problems(data, stem, shown, vocabulary)
    return data, None if problems else paper_from_dict(plain(data)), problems


@dataclass
class PaperFile:
    """One file of data/papers/ as read: its text, the parsed data (with lines), and the Paper when it is valid."""

    path: Path
    shown: str
    text: str | None
    data: object
    paper: Paper | None
    problems: list[Problem]


def read_paper_file(path: Path, root: Path, vocabulary: Vocabulary | None = None, shown: str | None = None,
                    lines: bool = True) -> PaperFile:
    """Read and validate one paper file; its problems are named relative to root (as `shown`, when given).

    Without `lines` the data of a valid file keeps no lines (parse_paper), for a caller that needs only the Paper.
    """
    shown = shown or display_path(path, root)
    text, problems = read_text(path, shown, root)
    if text is None:
        return PaperFile(path, shown, None, None, None, problems)
    return PaperFile(path, shown, text, *parse_paper(text, path.stem, shown, vocabulary, lines))


def paper_files(data_dir: Path) -> list[Path]:
    """The paper files (what the glob *.yml matches: no hidden name), in file-name order."""
    folder = data_dir / PAPERS_DIR
    try:
        # One folder, so names sort as the paths would; listing names is a fifth of globbing and sorting paths.
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith(".yml") and entry.name[0] != ".")
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [folder / name for name in names]


def file_name_problems(paths: list[Path], root: Path) -> list[Problem]:
    """Names that break a checkout elsewhere: Windows device names, and two names differing only in letter case."""
    problems = []
    by_folded: dict[str, list[Path]] = {}
    for path in paths:
        by_folded.setdefault(path.name.casefold(), []).append(path)
        if is_windows_reserved(path.name):
            problems.append(Problem(display_path(path, root), None, "error",
                                    f"{path.name!r} is a device name on Windows, where the repository could then not "
                                    f"be checked out; rename the file (and its id)"))
    for group in by_folded.values():
        for path in group[1:]:
            problems.append(Problem(display_path(path, root), None, "error",
                                    f"differs from {group[0].name!r} only in letter case, which is one file on macOS "
                                    f"and Windows; merge the two into one lower-case file"))
    return problems


def load_papers(data_dir: Path, root: Path | None = None,
                vocabulary: Vocabulary | None = None) -> tuple[list[Paper], list[Problem]]:
    """Every paper under data/papers/, sorted by id, and every problem met on the way."""
    root = root or data_dir.parent
    paths = paper_files(data_dir)
    files = [read_paper_file(path, root, vocabulary) for path in paths]
    problems = file_name_problems(paths, root) + [p for f in files for p in f.problems]
    return [f.paper for f in files if f.paper], problems


def load_topics(data_dir: Path, root: Path | None = None) -> list[Topic]:
    """The taxonomy in its file order; raises DataError naming every bad entry."""
    path = data_dir / TOPICS_FILE
    shown = display_path(path, root or data_dir.parent)
    if not path.is_file():
        raise DataError([Problem(shown, None, "error", "the taxonomy is missing; every paper's topics are defined here")])
    data, problems = read_yaml(path, shown, root or data_dir.parent)
    topics: list[Topic] = []
    if not problems and not isinstance(data, list):
        problems.append(Problem(shown, 1, "error", "topics.yml must be a list of topics"))
    for item in data if isinstance(data, list) else []:
        line = getattr(item, "line", None)
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("slug", "title")):
            problems.append(Problem(shown, line, "error", "each topic needs a 'slug' and a 'title'"))
            continue
        if not is_safe_paper_id(item["slug"]):
            problems.append(Problem(shown, line, "error", f"topic slug {item['slug']!r} must be lower-case words joined by '-'"))
            continue
        keywords = item.get("keywords") or {}
        if not isinstance(keywords, dict) or not all(isinstance(v, (int, float)) for v in keywords.values()):
            problems.append(Problem(shown, line, "error", "'keywords' must map each phrase to a number (its weight)"))
            continue
        topics.append(Topic(item["slug"], item["title"], item.get("description", ""), {str(k): float(v) for k, v in keywords.items()}))
    slugs = [t.slug for t in topics]
    for slug in sorted({s for s in slugs if slugs.count(s) > 1}):
        problems.append(Problem(shown, None, "error", f"topic {slug!r} is defined twice"))
    if problems:
        raise DataError(problems)
    return topics


def load_vocabularies(data_dir: Path, root: Path | None = None) -> tuple[list[Topic], list[TagGroup], list[Problem]]:
    """The taxonomy and the tag groups, and the problems of their own files (whose words then go unchecked)."""
    problems: list[Problem] = []
    topics: list[Topic] = []
    tag_groups: list[TagGroup] = []
    try:
        topics = load_topics(data_dir, root)
    except DataError as exc:
        problems += exc.problems
    try:
        tag_groups = load_tags(data_dir, root)
    except DataError as exc:
        problems += exc.problems
    return topics, tag_groups, problems


def vocabulary_of(topics: list[Topic], tag_groups: list[TagGroup]) -> dict[str, set[str]]:
    """The words papers may use, by field; a vocabulary that failed to load is left out, not taken as empty."""
    vocabulary = {}
    if topics:
        vocabulary["topics"] = {t.slug for t in topics}
    if tag_groups:
        vocabulary["tags"] = {tag.slug for group in tag_groups for tag in group.tags}
    return vocabulary


def load_catalog_inputs(data_dir: Path) -> tuple[list[Paper], list[Topic], list[TagGroup]]:
    """Papers, topics and tag groups, or a DataError listing every problem in data/.

    Every topic and tag a paper carries must be in the vocabulary; a paper that uses another is
    reported at the line of its `topics:` or `tags:` key. A broken vocabulary file is reported
    itself, and the papers are then not checked against it.
    """
    topics, tag_groups, problems = load_vocabularies(data_dir)
    papers, found = load_papers(data_dir, vocabulary=vocabulary_of(topics, tag_groups))
    problems += found
    if problems:
        raise DataError(problems)
    return papers, topics, tag_groups
