"""MkDocs hook: after Material writes its search index, trim its pages; the papers' entries are a file of their own."""

from __future__ import annotations

import json
import sys
from pathlib import Path

# A checkout that is not pip-installed still finds the generator package beside this hook.
_PROJECT = Path(__file__).resolve().parent.parent
if (_PROJECT / "generator").is_dir() and str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from generator.site.search_index import SITE_INDEX, render_site_index, trim_index  # noqa: E402


def on_post_build(config) -> None:
    """Rewrite site/search/search_index.json with MkDocs' pages trimmed (search/papers.json is copied from docs/)."""
    index_path = Path(config.site_dir) / SITE_INDEX
    if not index_path.is_file():
        return
    trimmed = trim_index(json.loads(index_path.read_text(encoding="utf-8")))
    index_path.write_text(render_site_index(trimmed), encoding="utf-8")
