"""MkDocs hook: generate the pages from data/ for each build, and fill the built stubs and paper pages.

The generated files reach MkDocs as virtual files, and under `mkdocs serve` nothing is written into the
watched docs/, so an edit gives one build (`mkdocs build` also writes docs/, as `generator build` would); an edit to data/ alone that leaves every stub as it was is
served without MkDocs' page loop at all: the worker fills the changed pages into the served site.
Generation runs in a worker process (generator/serve.py), so scikit-learn never loads into MkDocs.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

# A checkout that is not pip-installed still finds the generator package beside this hook.
_PROJECT = Path(__file__).resolve().parent.parent
if (_PROJECT / "generator").is_dir() and str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from generator import serve  # noqa: E402

log = logging.getLogger("mkdocs.hooks.regenerate")
_state: dict = {"serving": False, "report": None, "stubs": None, "inputs": None}


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


def on_shutdown() -> None:
    serve.stop()


def on_files(files, config):
    """Generate (or take the generation a quick rebuild just made), and give MkDocs the generated files."""
    if os.environ.get(serve.DOCS_FRESH_ENV):
        return files
    root = _root(config)
    report = _state["report"] or serve.generate(root, write_docs=not _state["serving"])
    _state["report"] = None
    if report.error:
        if not _state["serving"]:
            raise PluginError(f"data/ has problems:\n{report.error}")
        log.error("data/ has problems:\n%s", report.error)
        return files
    # MkDocs has already listed docs/: its generated files give way to this generation's, as virtual files.
    for file in list(files):
        if _generated(file.src_uri, report.generated):
            files.remove(file)
    for name, text in sorted(report.pages.items()):
        files.append(File.generated(config, name, content=text))
    _state["stubs"] = _stubs(report.pages)
    _state["inputs"] = _hand_written(root)
    return files


def on_post_build(config) -> None:
    """Fill the stubs MkDocs has just built, and write each paper's page from the shell."""
    if os.environ.get(serve.DOCS_FRESH_ENV) or _state["stubs"] is None:
        return
    serve.fill(_root(config), Path(config.site_dir), with_files=False)


def on_serve(server, config, builder):
    """Let a rebuild after an edit to data/ alone skip MkDocs when every stub is as MkDocs last built it."""
    full_build = server.builder
    root, site_dir = _root(config), Path(config.site_dir)

    def quick_build():
        report = serve.generate(root, write_docs=False)
        if report.error:
            log.error("data/ has problems:\n%s", report.error)
            serve.fill_error(root, site_dir, report.error)
            return
        if _state["stubs"] is not None and _stubs(report.pages) == _state["stubs"] and _hand_written(root) == _state["inputs"]:
            written = serve.fill(root, site_dir, with_files=True)
            log.info("Filled %d pages from data/ without rebuilding the site", written)
            return
        _state["report"] = report
        full_build()

    server.builder = quick_build
    return server


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _generated(name: str, generated: tuple[str, ...]) -> bool:
    return any(name == path or name.startswith(path + "/") for path in generated)


def _stubs(pages: dict[str, str]) -> dict[str, str]:
    return {name: text for name, text in pages.items() if name.endswith(".md")}


def _hand_written(root: Path) -> dict[str, int]:
    """Modification times of what MkDocs reads besides the generated files, to notice an edit to any of them."""
    found = {}
    for folder in ("docs", "overrides"):
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
            if path.is_file():
                found[path.relative_to(root).as_posix()] = path.stat().st_mtime_ns
    config = root / "mkdocs.yml"
    found["mkdocs.yml"] = config.stat().st_mtime_ns if config.is_file() else 0
    return found
