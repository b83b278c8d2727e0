"""A generated Markdown page: YAML front matter, then blocks separated by blank lines."""

from __future__ import annotations

import yaml


def markdown_page(front_matter: dict, blocks: list[str]) -> str:
    """The page text, ending in exactly one newline."""
    front = yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n\n" + "\n\n".join(blocks) + "\n"
