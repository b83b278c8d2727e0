"""MkDocs hook: after Material writes its search index, trim its pages and add one lean entry per paper page."""

from __future__ import annotations

import json
import sys
from pathlib import Path

# A checkout that is not pip-installed still finds the generator package beside this hook.
_PROJECT = Path(__file__).resolve().parent.parent
if (_PROJECT / "generator").is_dir() and str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from generator.site.search_index import PAPERS_INDEX, SITE_INDEX, merge_index, render_site_index  # noqa: E402


def on_post_build(config) -> None:
    """Rewrite site/search/search_index.json; the papers' entries, copied from docs/ as a static file, are consumed."""
    site = Path(config.site_dir)
    index_path, papers_path = site / SITE_INDEX, site / PAPERS_INDEX
    if not index_path.is_file() or not papers_path.is_file():
        return
    papers = json.loads(papers_path.read_text(encoding="utf-8"))
    merged = merge_index(json.loads(index_path.read_text(encoding="utf-8")), papers)
    index_path.write_text(render_site_index(merged), encoding="utf-8")
    papers_path.unlink()
