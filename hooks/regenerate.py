"""MkDocs hook: generate the pages from data/ for each build, and fill the built stubs and paper pages.

The generated files reach MkDocs as virtual files, and under `mkdocs serve` nothing is written into the
watched docs/, so an edit gives one build (`mkdocs build` also writes docs/, as `generator build` would).
An edit to data/ alone skips MkDocs' page loop: the worker writes the edited paper's own page and the
server answers with it at once, then the worker renders the site from the patched catalog in the
background, and a thread here writes what changed into the served site when it is done and reloads the
browsers (or starts a MkDocs build, if a stub changed). Generation runs in a worker process
(generator/serve.py), so scikit-learn never loads into MkDocs.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, file_sort_key

# A checkout that is not pip-installed still finds the generator package beside this hook.
_PROJECT = Path(__file__).resolve().parent.parent
if (_PROJECT / "generator").is_dir() and str(_PROJECT) not in sys.path:
    sys.path.insert(0, str(_PROJECT))

from generator import serve  # noqa: E402

log = logging.getLogger("mkdocs.hooks.regenerate")
_state: dict = {"serving": False, "report": None, "stubs": None, "inputs": None, "edited": None}
# Held while the worker writes into the served site: by a build, and by the thread that writes a finished render.
_site_lock = threading.Lock()
_stopping = threading.Event()
# How often the writer thread asks the worker whether its render is done.
_POLL_SECONDS = 0.1
# Generated text that hand-written pages include (pymdownx.snippets' base_path in mkdocs.yml).
_SNIPPETS = "snippets/"


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"
    if _state["serving"] and threading.current_thread() is threading.main_thread():
        # A terminated server stops as an interrupted one does, so that on_shutdown ends the worker's pool.
        signal.signal(signal.SIGTERM, _interrupt)


def on_shutdown() -> None:
    _stopping.set()
    serve.stop()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def on_files(files, config):
    """Generate (or take the generation a quick rebuild just made), and give MkDocs the generated files."""
    if os.environ.get(serve.DOCS_FRESH_ENV):
        _link_into_site(files, os.environ.get(serve.LINKED_ENV))
        return files
    root = _root(config)
    report = _state["report"]
    if report is None:
        started = time.perf_counter()
        report = serve.generate(root, write_docs=not _state["serving"])
        log.info("Generated the pages from data/ in %.2f s", time.perf_counter() - started)
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
    # In the order MkDocs lists docs/ (index first), as in a build from the files written there: the search
    # index lists pages in this order.
    files = Files(sorted(files, key=file_sort_key))
    _state["stubs"] = report.stubs
    _state["inputs"] = _hand_written(root)
    _state["snippets"] = {name.removeprefix(_SNIPPETS): text for name, text in report.pages.items()
                          if name.startswith(_SNIPPETS)}
    return files


def _link_into_site(files, listed: str | None) -> None:
    """Hard-link the files named in `listed` from docs/ into the cleaned site: MkDocs then leaves each as a file a
    plugin put there, and the site shares their bytes with docs/ (about 90 MB at 10,000 papers) rather than copy
    them. Every writer of docs/ and of a built site replaces a file rather than write into it."""
    if not listed:
        return
    for name in Path(listed).read_text(encoding="utf-8").splitlines():
        file = files.get_file_from_path(name)
        if file is None or file.is_documentation_page() or file.inclusion.is_excluded() or file.abs_src_path is None:
            continue
        os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
        try:
            os.link(file.abs_src_path, file.abs_dest_path)
        except OSError:
            pass  # on another file system, or already there: MkDocs copies it as it would any other


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Under `mkdocs serve` docs/snippets/ is not written: put the generated snippets in where a page includes them."""
    if not _state["serving"]:
        return markdown
    for name, text in sorted(_state.get("snippets", {}).items()):
        markdown = markdown.replace(f'--8<-- "{name}"', text.removesuffix("\n"))
    return markdown


def on_post_build(config) -> None:
    """Fill the stubs MkDocs has just built, and write each paper's page from the shell."""
    if os.environ.get(serve.DOCS_FRESH_ENV) or _state["stubs"] is None:
        return
    serve.fill(_root(config), Path(config.site_dir))


def on_serve(server, config, builder):
    """Let a rebuild after an edit to data/ alone skip MkDocs when every stub is as MkDocs last built it."""
    full_build = server.builder
    root, site_dir = _root(config), Path(config.site_dir)

    def rebuild(report=None):
        _state["report"] = report
        _hold(server)
        full_build()

    def quick_build():
        with _site_lock:
            if _state["report"] is not None or _hand_written(root) != _state["inputs"]:
                rebuild(_state["report"])
                return
            started = time.perf_counter()
            edit = serve.serve_edits(root, site_dir)
            if edit.rebuild is not None:
                rebuild(edit.rebuild)
                return
            if edit.error:
                log.error("data/ has problems:\n%s", edit.error)
            if edit.written:
                log.info("Served %s in %.2f s", ", ".join(edit.written), time.perf_counter() - started)
            _state["edited"] = started

    def write_renders():
        """Write each finished render into the served site, then reload the browsers."""
        while not _stopping.wait(_POLL_SECONDS):
            if _state["edited"] is None:
                continue
            with _site_lock:
                progress = serve.progress(root, _state["stubs"])
                if progress.state == "rendering":
                    continue
                started, _state["edited"] = _state["edited"], None
                if progress.rebuild is not None:
                    # Only the build loop may run MkDocs: it is asked for a build, which takes this generation.
                    _state["report"] = progress.rebuild
                    _request_build(server)
                    continue
                if progress.state == "ready":
                    epoch = _hold(server)
                    written = serve.write_edits(root, site_dir)
                    _release(server, epoch)
                    if progress.error:
                        log.info("The data's problems are shown in %d pages", written)
                    else:
                        log.info("Filled %d pages from data/ without rebuilding the site, %.2f s after the edit",
                                 written, time.perf_counter() - started)

    server.builder = quick_build
    threading.Thread(target=write_renders, name="preview-writer", daemon=True).start()
    return server


def _hold(server) -> int | None:
    """Hold requests until _release(), and have browsers reload then; returns the epoch to release, None for
    a server without MkDocs' LiveReloadServer epochs (it then never holds or releases in the middle of a build)."""
    cond = getattr(server, "_epoch_cond", None)
    if cond is None or not hasattr(server, "_wanted_epoch") or not hasattr(server, "_visible_epoch"):
        return None
    with cond:
        server._wanted_epoch = max(server._wanted_epoch + 1, round(time.monotonic() * 1000))
        return server._wanted_epoch


def _release(server, epoch: int | None) -> None:
    """Answer requests again and reload browsers, unless a build began since _hold(): its end will."""
    if epoch is None:
        return
    with server._epoch_cond:
        if server._wanted_epoch == epoch:
            server._visible_epoch = epoch
            server._epoch_cond.notify_all()


def _request_build(server) -> None:
    """Wake MkDocs' build loop as a changed file would."""
    cond = getattr(server, "_rebuild_cond", None)
    if cond is not None:
        with cond:
            server._want_rebuild = True
            cond.notify_all()


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _generated(name: str, generated: tuple[str, ...]) -> bool:
    return any(name == path or name.startswith(path + "/") for path in generated)


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
