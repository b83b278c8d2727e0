"""A generated Markdown page: YAML front matter, then blocks separated by blank lines."""

from __future__ import annotations

import json
from functools import lru_cache

import yaml


def markdown_page(front_matter: dict, blocks: list[str]) -> str:
    """The page text, ending in exactly one newline."""
    # Keyed by its JSON, which keeps the order and the types of the values: a render after an edit finds
    # almost every page's front matter as the last one wrote it, and PyYAML's emitter is slow.
    front = _front_matter(json.dumps(front_matter, ensure_ascii=False))
    return f"---\n{front}---\n\n" + "\n\n".join(blocks) + "\n"


@lru_cache(maxsize=4096)
def _front_matter(key: str) -> str:
    return yaml.safe_dump(json.loads(key), sort_keys=False, allow_unicode=True, width=1000)
