"""The curated data on disk: one YAML file per paper in data/papers/, the topic taxonomy, and loading them all checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .fileio import write_text_atomic
from .ids import is_safe_paper_id
from .model import LINK_FIELDS, PAPER_FIELDS, SOURCE_FIELDS, Paper, paper_from_dict, paper_to_dict
from .problems import DataError, Problem
from .vocabulary import TagGroup, load_tags
from .yamlfile import display_path, read_yaml

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
    """The YAML text of a paper, fields in canonical order."""
    return yaml.dump(
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


def _check_paper_data(data: object, path: Path, shown: str, vocabulary: Vocabulary) -> list[Problem]:
    """The structural checks a paper must pass before it can be loaded, vocabulary included."""
    if not isinstance(data, dict):
        return [Problem(shown, 1, "error", "a paper file must be a mapping of field: value")]
    lines = getattr(data, "lines", {})
    problems = []

    def add(key: str, message: str) -> None:
        problems.append(Problem(shown, lines.get(key, getattr(data, "line", 1)), "error", message))

    for key in data:
        if key not in PAPER_FIELDS:
            add(key, f"unknown field {key!r}; known fields: {', '.join(PAPER_FIELDS)}")
    for key in ("id", "title"):
        if not isinstance(data.get(key), str) or not data.get(key).strip():
            add(key, f"field {key!r} is required and must be a non-empty string")
    paper_id = data.get("id")
    if isinstance(paper_id, str):
        if not is_safe_paper_id(paper_id):
            add("id", f"id {paper_id!r} is not a safe file name: lower-case letters, digits, '.' and '-'")
        elif path.stem != paper_id:
            add("id", f"id {paper_id!r} does not match the file name {path.name!r}; rename one to match")
    for key in ("published", "added"):
        if key in data and not isinstance(data[key], dt.date):
            add(key, f"{key!r} must be a date written YYYY-MM-DD")
    for key in ("authors_count", "upvotes"):
        if key in data and (not isinstance(data[key], int) or isinstance(data[key], bool) or data[key] < 0):
            add(key, f"{key!r} must be a whole number, zero or more")
    for key in ("topics", "tags", "authors", "categories"):
        if key in data and not (isinstance(data[key], list) and all(isinstance(v, str) for v in data[key])):
            add(key, f"{key!r} must be a list of strings")
        elif key in vocabulary and key in data:
            unknown = [v for v in data[key] if v not in vocabulary[key]]
            if unknown:
                add(key, f"unknown {key[:-1]}(s) {', '.join(map(repr, unknown))}; use one listed in data/{key}.yml")
    if "title_is_derived" in data and not isinstance(data["title_is_derived"], bool):
        add("title_is_derived", "'title_is_derived' must be true or false")
    links = data.get("links", {})
    if not isinstance(links, dict):
        add("links", "'links' must be a mapping (code, project, pdf, hf, other)")
    else:
        for key, value in links.items():
            if key not in LINK_FIELDS:
                add("links", f"unknown link kind {key!r}; known: {', '.join(LINK_FIELDS)}")
                continue
            urls = value if isinstance(value, list) else [value]
            for url in urls:
                if not isinstance(url, str) or not url.startswith(("https://", "http://")):
                    add("links", f"link {key} {url!r} must be an http(s) URL")
    sources = data.get("sources", [])
    if not isinstance(sources, list) or not all(
        isinstance(s, dict) and "file" in s and set(s) <= set(SOURCE_FIELDS) for s in sources
    ):
        add("sources", f"'sources' must be a list of mappings with 'file' and optionally {SOURCE_FIELDS[1:]}")
    return problems


# The known values of a paper's list fields, by field name ("topics", "tags"); a field left out is not checked.
Vocabulary = Mapping[str, Collection[str]]


def load_papers(data_dir: Path, root: Path | None = None, vocabulary: Vocabulary | None = None) -> tuple[list[Paper], list[Problem]]:
    """Every paper under data/papers/, sorted by id, and every problem met on the way."""
    root = root or data_dir.parent
    papers, problems = [], []
    for path in sorted((data_dir / PAPERS_DIR).glob("*.yml")):
        shown = display_path(path, root)
        data, found = read_yaml(path, shown)
        found = found or _check_paper_data(data, path, shown, vocabulary or {})
        problems += found
        if not found:
            papers.append(paper_from_dict(dict(data)))
    return papers, problems


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


def load_catalog_inputs(data_dir: Path) -> tuple[list[Paper], list[Topic], list[TagGroup]]:
    """Papers, topics and tag groups, or a DataError listing every problem in data/.

    Every topic and tag a paper carries must be in the vocabulary; a paper that uses another is
    reported at the line of its `topics:` or `tags:` key. A broken vocabulary file is reported
    itself, and the papers are then not checked against it.
    """
    problems: list[Problem] = []
    vocabulary: dict[str, set[str]] = {}
    topics: list[Topic] = []
    tag_groups: list[TagGroup] = []
    try:
        topics = load_topics(data_dir)
        vocabulary["topics"] = {t.slug for t in topics}
    except DataError as exc:
        problems += exc.problems
    try:
        tag_groups = load_tags(data_dir)
        vocabulary["tags"] = {tag.slug for group in tag_groups for tag in group.tags}
    except DataError as exc:
        problems += exc.problems
    papers, found = load_papers(data_dir, vocabulary=vocabulary)
    problems += found
    if problems:
        raise DataError(problems)
    return papers, topics, tag_groups
