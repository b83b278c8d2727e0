"""The curated data on disk: one YAML file per paper in data/papers/, plus the topic vocabulary."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .fileio import write_text_atomic
from .ids import is_safe_paper_id
from .model import Paper, paper_from_dict, paper_to_dict
from .problems import DataError, Problem
from .schema import SCHEMA_LINE, line_of, schema_problems

PAPERS_DIR = "papers"
TOPICS_FILE = "topics.yml"


@dataclass(frozen=True)
class Topic:
    """One topic of the taxonomy, with the weighted phrases the classifier looks for."""

    slug: str
    title: str
    description: str
    keywords: dict[str, float] = field(default_factory=dict)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader (libyaml's when installed, for speed) that records the line of every key and list item.

    It reads scalars the way YAML 1.2 and therefore editors do: dates stay text (the schema checks their form)
    and only true/false are booleans, so `check` and an editor never disagree about a value.
    """


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)
    lines = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in lines:
            # YAML forbids it and editors flag it, but PyYAML would silently keep the last value.
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} appears twice (first at line "
                                                    f"{lines[key]})", key_node.start_mark)
        lines[key] = key_node.start_mark.line + 1
    return _LinedDict(mapping, lines, node.start_mark.line + 1)


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode, deep: bool = False) -> list:
    items = yaml.constructor.SafeConstructor.construct_sequence(loader, node, deep=deep)
    return _LinedList(items, [item.start_mark.line + 1 for item in node.value], node.start_mark.line + 1)


class _LinedDict(dict):
    """A dict that knows the source line of each key and of itself."""

    def __init__(self, data: dict, lines: dict, line: int):
        super().__init__(data)
        self.lines = lines
        self.line = line


class _LinedList(list):
    """A list that knows the source line of each item and of itself."""

    def __init__(self, items: list, lines: list[int], line: int):
        super().__init__(items)
        self.lines = lines
        self.line = line


_BOOL_TAG = "tag:yaml.org,2002:bool"
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_scalar)
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def plain(data: object) -> object:
    """Parsed data without the line bookkeeping: plain dicts and lists, safe to build records from and dump."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(item) for item in data]
    return data


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


def write_paper(data_dir: Path, paper: Paper) -> Path:
    path = paper_path(data_dir, paper.id)
    write_text_atomic(path, dump_paper(paper))
    return path


def display_path(path: Path, root: Path) -> str:
    """A path as the curator should see it: relative to the project root where possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# The syntax errors newcomers meet most, and what to do about each.
_SYNTAX_HINTS = {
    "mapping values are not allowed": "a value that contains ': ' must be in quotes, as in title: 'QuIP: 2-Bit ...'",
    "cannot start any token": "indent with spaces, not tabs, and quote a value that starts with @, ` or %",
    "appears twice": "keep one of the two",
}


def parse_yaml(text: str, shown: str) -> tuple[object, list[Problem]]:
    """Parse YAML text, turning a syntax error into a problem at its line."""
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or str(exc)
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            # An unclosed quote or bracket is noticed far below it; say where it opened, since that is what to fix.
            what += f" {exc.context} that starts at line {exc.context_mark.line + 1}"
        hint = next((h for cause, h in _SYNTAX_HINTS.items() if cause in what), "fix the syntax at this line")
        return None, [Problem(shown, line, "error", f"YAML syntax: {what}; {hint}")]


def _read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    try:
        return path.read_text(encoding="utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, None, "error", f"not UTF-8 text ({exc.reason}); save the file as UTF-8")]


def read_yaml(path: Path, shown: str) -> tuple[object, list[Problem]]:
    """Parse a YAML file, turning a syntax error into a problem at its line."""
    text, problems = _read_text(path, shown)
    return (None, problems) if text is None else parse_yaml(text, shown)


def paper_data_problems(data: object, stem: str, shown: str) -> list[Problem]:
    """Whether parsed data can be the file <stem>.yml: the schema, then the one rule a schema cannot state."""
    if not isinstance(data, dict):
        return [Problem(shown, 1, "error", "a paper file must be a mapping of field: value; copy an existing paper file")]
    problems = schema_problems(data, shown)
    paper_id = data.get("id")
    if isinstance(paper_id, str) and is_safe_paper_id(paper_id) and paper_id != stem:
        problems.append(Problem(shown, line_of(data, ("id",)), "error",
                                f"id {paper_id!r} does not match the file name {stem + '.yml'!r}; rename one to match"))
    return problems


def parse_paper(text: str, stem: str, shown: str) -> tuple[object, Paper | None, list[Problem]]:
    """The parsed data (with lines), the Paper when the text is a valid file <stem>.yml, and every problem found."""
    data, problems = parse_yaml(text, shown)
    problems = problems or paper_data_problems(data, stem, shown)
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


def read_paper_file(path: Path, root: Path) -> PaperFile:
    """Read and validate one paper file; its problems are named relative to root."""
    shown = display_path(path, root)
    text, problems = _read_text(path, shown)
    if text is None:
        return PaperFile(path, shown, None, None, None, problems)
    return PaperFile(path, shown, text, *parse_paper(text, path.stem, shown))


def paper_files(data_dir: Path) -> list[Path]:
    """The paper files, in file-name order."""
    return sorted((data_dir / PAPERS_DIR).glob("*.yml"))


def load_papers(data_dir: Path, root: Path | None = None) -> tuple[list[Paper], list[Problem]]:
    """Every paper under data/papers/, sorted by id, and every problem met on the way."""
    files = [read_paper_file(path, root or data_dir.parent) for path in paper_files(data_dir)]
    return [f.paper for f in files if f.paper], [p for f in files for p in f.problems]


def load_topics(data_dir: Path, root: Path | None = None) -> list[Topic]:
    """The taxonomy in its file order; raises DataError naming every bad entry."""
    path = data_dir / TOPICS_FILE
    shown = display_path(path, root or data_dir.parent)
    data, problems = read_yaml(path, shown)
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


def load_catalog_inputs(data_dir: Path) -> tuple[list[Paper], list[Topic]]:
    """Papers and topics, or a DataError listing every problem in data/."""
    papers, problems = load_papers(data_dir)
    try:
        topics = load_topics(data_dir)
    except DataError as exc:
        problems += exc.problems
        topics = []
    known = {t.slug for t in topics}
    for paper in papers:
        unknown = [t for t in paper.topics if t not in known]
        if topics and unknown:
            problems.append(Problem(display_path(paper_path(data_dir, paper.id), data_dir.parent), None, "error",
                                    f"unknown topic(s) {', '.join(unknown)}; use a slug from data/topics.yml"))
    if problems:
        raise DataError(problems)
    return papers, topics
