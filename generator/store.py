"""The curated data on disk: one YAML file per paper in data/papers/, the topic taxonomy, and loading them all checked."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .fileio import write_text_atomic
from .ids import is_safe_paper_id
from .model import Paper, paper_from_dict, paper_to_dict
from .problems import DataError, Problem
from .schema import SCHEMA_LINE, line_of, schema_problems
from .vocabulary import TagGroup, load_tags
from .yamlfile import display_path, parse_yaml, plain, read_text, read_yaml

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


def write_paper(data_dir: Path, paper: Paper) -> Path:
    path = paper_path(data_dir, paper.id)
    write_text_atomic(path, dump_paper(paper))
    return path


# The known values of a paper's list fields, by field name ("topics", "tags"); a field left out is not checked.
Vocabulary = Mapping[str, Collection[str]]


def paper_data_problems(data: object, stem: str, shown: str, vocabulary: Vocabulary | None = None) -> list[Problem]:
    """Whether parsed data can be the file <stem>.yml: the schema, then what a schema cannot state (the file
    name, the vocabularies)."""
    if not isinstance(data, dict):
        return [Problem(shown, 1, "error", "a paper file must be a mapping of field: value; copy an existing paper file")]
    problems = schema_problems(data, shown)
    paper_id = data.get("id")
    if isinstance(paper_id, str) and is_safe_paper_id(paper_id) and paper_id != stem:
        problems.append(Problem(shown, line_of(data, ("id",)), "error",
                                f"id {paper_id!r} does not match the file name {stem + '.yml'!r}; rename one to match"))
    for key, known in (vocabulary or {}).items():
        words = data.get(key)
        unknown = [w for w in words if isinstance(w, str) and w not in known] if isinstance(words, list) else []
        if unknown:
            problems.append(Problem(shown, line_of(data, (key,)), "error",
                                    f"unknown {key[:-1]}(s) {', '.join(map(repr, unknown))}; use one listed in data/{key}.yml"))
    return problems


def parse_paper(text: str, stem: str, shown: str,
                vocabulary: Vocabulary | None = None) -> tuple[object, Paper | None, list[Problem]]:
    """The parsed data (with lines), the Paper when the text is a valid file <stem>.yml, and every problem found."""
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


def read_paper_file(path: Path, root: Path, vocabulary: Vocabulary | None = None) -> PaperFile:
    """Read and validate one paper file; its problems are named relative to root."""
    shown = display_path(path, root)
    text, problems = read_text(path, shown)
    if text is None:
        return PaperFile(path, shown, None, None, None, problems)
    return PaperFile(path, shown, text, *parse_paper(text, path.stem, shown, vocabulary))


def paper_files(data_dir: Path) -> list[Path]:
    """The paper files, in file-name order."""
    return sorted((data_dir / PAPERS_DIR).glob("*.yml"))


def load_papers(data_dir: Path, root: Path | None = None,
                vocabulary: Vocabulary | None = None) -> tuple[list[Paper], list[Problem]]:
    """Every paper under data/papers/, sorted by id, and every problem met on the way."""
    files = [read_paper_file(path, root or data_dir.parent, vocabulary) for path in paper_files(data_dir)]
    return [f.paper for f in files if f.paper], [p for f in files for p in f.problems]


def load_topics(data_dir: Path, root: Path | None = None) -> list[Topic]:
    """The taxonomy in its file order; raises DataError naming every bad entry."""
    path = data_dir / TOPICS_FILE
    shown = display_path(path, root or data_dir.parent)
    if not path.is_file():
        raise DataError([Problem(shown, None, "error", "the taxonomy is missing; every paper's topics are defined here")])
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
