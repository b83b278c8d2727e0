"""The tag vocabulary in data/tags.yml: groups of tags, each with the phrases, patterns or links that suggest it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..ids import is_safe_paper_id
from ..problems import DataError, Problem
from .yamlfile import display_path, read_yaml

TAGS_FILE = "tags.yml"
# Where a tag's aliases and patterns are looked for.
LOOK_IN = {
    "text": "the title and abstract",
    "title": "the title only",
    "venue": "the venue, comments and journal reference",
}
# The link kinds that can give a tag on their own (a paper with a code link is tagged `code`).
TAG_LINKS = ("code", "project", "hf")
_TAG_KEYS = ("title", "aliases", "patterns", "link", "look_in")


@dataclass(frozen=True)
class Tag:
    """One tag: its slug (what papers carry), a display title, and how it is recognised."""

    slug: str
    title: str
    group: str
    look_in: str
    aliases: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()
    link: str | None = None


@dataclass(frozen=True)
class TagGroup:
    """A group of tags shown together: techniques, model families, artefacts, venues."""

    slug: str
    title: str
    tags: tuple[Tag, ...]


def load_tags(data_dir: Path, root: Path | None = None) -> list[TagGroup]:
    """The tag groups in file order; raises DataError naming every bad entry with its line."""
    path = data_dir / TAGS_FILE
    shown = display_path(path, root or data_dir.parent)
    if not path.is_file():
        raise DataError([Problem(shown, None, "error", "the tag vocabulary is missing; every tag must be listed in it")])
    data, problems = read_yaml(path, shown)
    if not problems and not isinstance(data, dict):
        problems.append(Problem(shown, 1, "error", "tags.yml must map each group name to its title, look_in and tags"))
    groups: list[TagGroup] = []
    seen: dict[str, str] = {}
    for group_slug, body in (data.items() if isinstance(data, dict) and not problems else ()):
        line = data.lines.get(group_slug)
        group_problems, tags = _read_group(str(group_slug), body, line, shown)
        problems += group_problems
        for tag in tags:
            if tag.slug in seen:
                problems.append(Problem(shown, _line_of(body, tag.slug, line), "error",
                                        f"tag {tag.slug!r} is also in group {seen[tag.slug]!r}; keep one"))
            seen.setdefault(tag.slug, tag.group)
        if not group_problems:
            groups.append(TagGroup(str(group_slug), body["title"], tuple(tags)))
    if problems:
        raise DataError(problems)
    return groups


def _line_of(group: object, tag_slug: str, fallback: int | None) -> int | None:
    tags = group.get("tags") if isinstance(group, dict) else None
    return getattr(tags, "lines", {}).get(tag_slug, fallback)


def _read_group(slug: str, body: object, line: int | None, shown: str) -> tuple[list[Problem], list[Tag]]:
    """One group's tags, or the problems that stop it being used."""
    def problem(message: str, at: int | None = line) -> Problem:
        return Problem(shown, at, "error", message)

    if not is_safe_paper_id(slug):
        return [problem(f"group name {slug!r} must be lower-case words joined by '-'")], []
    if not isinstance(body, dict) or not isinstance(body.get("title"), str) or not isinstance(body.get("tags"), dict):
        return [problem(f"group {slug!r} needs a 'title' and a mapping of 'tags'")], []
    look_in = body.get("look_in", "text")
    if look_in not in LOOK_IN:
        return [problem(f"group {slug!r}: look_in must be one of {', '.join(LOOK_IN)}")], []
    problems, tags = [], []
    for tag_slug, spec in body["tags"].items():
        at = body["tags"].lines.get(tag_slug, line)
        found, tag = _read_tag(str(tag_slug), spec, slug, look_in)
        problems += [problem(message, at) for message in found]
        if tag:
            tags.append(tag)
    return problems, tags


def _read_tag(slug: str, spec: object, group: str, look_in: str) -> tuple[list[str], Tag | None]:
    """A tag from its entry, or the messages saying what is wrong with it."""
    if not is_safe_paper_id(slug):
        return [f"tag {slug!r} must be lower-case letters, digits and '-'"], None
    if not isinstance(spec, dict) or not isinstance(spec.get("title"), str):
        return [f"tag {slug!r} needs a 'title' (and aliases, patterns or a link)"], None
    unknown = sorted(set(spec) - set(_TAG_KEYS))
    if unknown:
        return [f"tag {slug!r}: unknown key(s) {', '.join(unknown)}; known: {', '.join(_TAG_KEYS)}"], None
    messages = []
    aliases, patterns = spec.get("aliases", []), spec.get("patterns", [])
    for key, value in (("aliases", aliases), ("patterns", patterns)):
        if not (isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
            messages.append(f"tag {slug!r}: {key} must be a list of non-empty strings")
    compiled = []
    for pattern in patterns if isinstance(patterns, list) else ():
        try:
            compiled.append(re.compile(pattern))
        except (re.error, TypeError) as exc:
            messages.append(f"tag {slug!r}: pattern {pattern!r} is not a regular expression ({exc})")
    link = spec.get("link")
    if link is not None and link not in TAG_LINKS:
        messages.append(f"tag {slug!r}: link must be one of {', '.join(TAG_LINKS)}")
    own_look_in = spec.get("look_in", look_in)
    if own_look_in not in LOOK_IN:
        messages.append(f"tag {slug!r}: look_in must be one of {', '.join(LOOK_IN)}")
    if not (aliases or patterns or link):
        messages.append(f"tag {slug!r} needs aliases, patterns or a link, or nothing can suggest it")
    if messages:
        return messages, None
    return [], Tag(slug, spec["title"], group, own_look_in, tuple(aliases), tuple(compiled), link)
