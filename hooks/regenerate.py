"""MkDocs hook: regenerate docs/ from data/ before every build, so `mkdocs serve` shows data edits on reload."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# A checkout that is not pip-installed still finds the generator package beside this hook.
_PROJECT = Path(__file__).resolve().parent.parent
if (_PROJECT / "generator").is_dir() and str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from generator.build import DOCS_FRESH_ENV, generate  # noqa: E402
from generator.problems import DataError  # noqa: E402


def on_pre_build(config) -> None:
    """Write the pages whose text changed; unchanged pages keep their timestamps, so serve does not loop."""
    if os.environ.get(DOCS_FRESH_ENV):
        return
    try:
        generate(Path(config.config_file_path).resolve().parent)
    except DataError as exc:
        raise PluginError(f"data/ has problems:\n{exc}") from exc
