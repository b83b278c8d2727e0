"""The build: generate docs/ from data/ with no MkDocs involved, build the site with a strict MkDocs run, fill it.

A rebuild whose inputs (data, vocabularies, hand-written docs, theme, the generator's own code) are those
of the last good build, with docs/ and site/ as it left them, does nothing beyond checking that.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .buildcache import CACHE_DIR, code_version, digest, load_catalog_cached, _read_pickle, _write_pickle
from .serve import DOCS_FRESH_ENV
from .site.fill import Fill, fill_page
from .site.pages import GENERATED_PATHS, Site, render_site
from .site.writer import WriteCounts, write_pages

SITE_DIR = "site"
# The folder that holds the `generator` package, so the hook in a project copy imports this very code.
_CODE_ROOT = Path(__file__).resolve().parent.parent
# Besides data/ and docs/, what MkDocs reads: its configuration, the theme overrides and the hooks.
_SITE_INPUTS = ("mkdocs.yml", "overrides", "hooks")
_STAMP = "site.stamp"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and how long each half took, in seconds."""

    pages: WriteCounts
    generate_seconds: float
    mkdocs_seconds: float
    site_dir: Path
    filled: int = 0
    up_to_date: bool = False


class SiteBuildError(Exception):
    """MkDocs failed; carries its output, which names the broken link, anchor or page."""

    def __init__(self, returncode: int, output: str):
        self.returncode = returncode
        self.output = output
        super().__init__(f"mkdocs build failed with exit code {returncode}:\n{output}")


@dataclass(frozen=True)
class Generated:
    """One generation: the site model, what writing docs/ did, and the key of every input it came from."""

    site: Site
    pages: WriteCounts
    key: str | None


def generate_site(root: Path) -> Generated:
    """Render data/ into the generated pages of docs/; raises DataError listing every problem in data/."""
    loaded = load_catalog_cached(root)
    site = render_site(loaded.catalog)
    return Generated(site, write_pages(root / "docs", site.pages, GENERATED_PATHS), loaded.key)


def generate(root: Path) -> WriteCounts:
    """Render data/ into the generated pages of docs/ (the standalone `--pages-only` step)."""
    return generate_site(root).pages


def build(root: Path, strict: bool = True) -> BuildResult:
    """Generate docs/, build site/ with MkDocs and fill its pages; site/ is replaced only by a complete build."""
    started = time.perf_counter()
    site_dir = root / SITE_DIR
    stamp = _read_pickle(root / CACHE_DIR / _STAMP)
    inputs = _inputs_key(root)
    if stamp and site_dir.is_dir() and stamp.get("inputs") == inputs and _docs_unchanged(root, stamp.get("docs", {})):
        unchanged = WriteCounts(0, len(stamp["docs"]), 0)
        return BuildResult(unchanged, time.perf_counter() - started, 0.0, site_dir, up_to_date=True)

    generated = generate_site(root)
    done_generating = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=f".{SITE_DIR}-", dir=root))
    try:
        _run_mkdocs(root, staging, strict)
        filled = fill_site(staging, generated.site.fills)
        _swap_into_place(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if generated.key:
        _write_pickle(root / CACHE_DIR / _STAMP, {"inputs": _inputs_key(root), "docs": _docs_state(root, generated.site)})
    return BuildResult(generated.pages, done_generating - started, time.perf_counter() - done_generating, site_dir, filled)


def fill_site(site_dir: Path, fills: dict[str, Fill]) -> int:
    """Write every filled page into a built site; returns how many files were written."""
    built: dict[str, str] = {}
    written = 0
    for target in sorted(fills):
        fill = fills[target]
        if fill.source not in built:
            source = site_dir / fill.source
            if not source.is_file():
                raise FileNotFoundError(f"{source}: MkDocs built no page to fill; is its stub under docs/?")
            built[fill.source] = source.read_text(encoding="utf-8")
        path = site_dir / target
        text = fill_page(built[fill.source], fill, target)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += 1
    return written


def _inputs_key(root: Path) -> str:
    """Everything a build reads, as content hashes: data/, the vocabularies, the hand-written docs, the theme, the code."""
    parts: list[bytes | str] = [code_version()]
    generated = tuple(root / "docs" / p for p in GENERATED_PATHS)
    folders = [root / "data", root / "docs", *(root / name for name in _SITE_INPUTS)]
    for folder in folders:
        files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        for path in files:
            if "__pycache__" in path.parts or any(path == g or g in path.parents for g in generated):
                continue
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


def _docs_state(root: Path, site: Site) -> dict[str, tuple[int, int]]:
    """Size and modification time of each generated docs/ file, to notice one changed or deleted by hand."""
    state = {}
    for name in site.pages:
        info = (root / "docs" / name).stat()
        state[name] = (info.st_size, info.st_mtime_ns)
    return state


def _docs_unchanged(root: Path, state: dict[str, tuple[int, int]]) -> bool:
    for name, (size, mtime) in state.items():
        try:
            info = (root / "docs" / name).stat()
        except OSError:
            return False
        if (info.st_size, info.st_mtime_ns) != (size, mtime):
            return False
    return True


def _run_mkdocs(root: Path, site_dir: Path, strict: bool) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(root / "mkdocs.yml"),
               "--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    python_path = os.pathsep.join(p for p in (str(_CODE_ROOT), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", DOCS_FRESH_ENV: "1", "PYTHONPATH": python_path}
    done = subprocess.run(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise SiteBuildError(done.returncode, done.stdout)


def _swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace site_dir with the finished build: two renames, so site/ is never half-written."""
    retired = staging.with_name(staging.name + ".old")
    if site_dir.exists():
        site_dir.rename(retired)
    staging.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)
