"""The words a paper may use: topic slugs from data/topics.yml and, once it exists, tag slugs from data/tags.yml."""

from __future__ import annotations

from pathlib import Path

from .problems import DataError, Problem
from .store import TOPICS_FILE, display_path, load_topics, read_yaml

TAGS_FILE = "tags.yml"


def known_topics(data_dir: Path, root: Path) -> tuple[set[str], list[Problem]]:
    """The topic slugs, and the problems of data/topics.yml itself."""
    path = data_dir / TOPICS_FILE
    if not path.is_file():
        return set(), [Problem(display_path(path, root), None, "error",
                               "missing: every paper needs topics, and they are defined here; restore the file")]
    try:
        return {topic.slug for topic in load_topics(data_dir, root)}, []
    except DataError as exc:
        return set(), exc.problems


def known_tags(data_dir: Path, root: Path) -> tuple[set[str] | None, list[Problem]]:
    """The tag slugs of data/tags.yml, or None while the list has no tag vocabulary yet.

    Tolerant of the shapes a vocabulary takes, grouped or not: a list of slugs or of entries with a `slug`
    (or `name`), a mapping from slug to its details, a group entry holding `tags`, a mapping from group name
    to its tags.
    """
    path = data_dir / TAGS_FILE
    if not path.is_file():
        return None, []
    data, problems = read_yaml(path, display_path(path, root))
    return set(_tag_slugs(data)), problems


def _tag_slugs(node: object):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            name = item.get("slug", item.get("name")) if isinstance(item, dict) and "tags" not in item else None
            if isinstance(name, str):
                yield name  # one tag's entry: slug (or name) and its details
            else:
                yield from _tag_slugs(item)
    elif isinstance(node, dict):
        if "tags" in node:
            yield from _tag_slugs(node["tags"])  # a group entry: its own name is not a tag
            return
        for key, value in node.items():
            nested = isinstance(value, dict) and ("tags" in value or (value and all(isinstance(v, dict) for v in value.values())))
            if isinstance(value, list) or nested:
                yield from _tag_slugs(value)  # a group name and its tags
            elif isinstance(value, dict) and isinstance(value.get("slug"), str):
                yield value["slug"]
            else:
                yield str(key)  # a slug and its details (aliases, patterns, description)
