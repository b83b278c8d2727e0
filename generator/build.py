"""The build: generate docs/ from data/ with no MkDocs involved, then build the site with a strict MkDocs run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .catalog import load_catalog
from .fileio import remove_stale_staging, swap_into_place
from .site.pages import GENERATED_PATHS, render_pages
from .site.writer import WriteCounts, write_pages

SITE_DIR = "site"
# Set for the MkDocs run that build() starts, so the regenerate hook does not repeat generate().
DOCS_FRESH_ENV = "READING_LIST_DOCS_FRESH"
# The folder that holds the `generator` package, so the hook in a project copy imports this very code.
_CODE_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and how long each half took, in seconds."""

    pages: WriteCounts
    generate_seconds: float
    mkdocs_seconds: float
    site_dir: Path


class SiteBuildError(Exception):
    """MkDocs failed; carries its output, which names the broken link, anchor or page."""

    def __init__(self, returncode: int, output: str):
        self.returncode = returncode
        self.output = output
        super().__init__(f"mkdocs build failed with exit code {returncode}:\n{output}")


def generate(root: Path) -> WriteCounts:
    """Render data/ into the generated pages of docs/; raises DataError listing every problem in data/."""
    catalog = load_catalog(root / "data")
    return write_pages(root / "docs", render_pages(catalog), GENERATED_PATHS)


def build(root: Path, strict: bool = True) -> BuildResult:
    """Generate docs/, then build site/ with MkDocs; site/ is replaced only by a complete build."""
    started = time.perf_counter()
    pages = generate(root)
    generated = time.perf_counter()
    site_dir = root / SITE_DIR
    staging = Path(tempfile.mkdtemp(prefix=f".{SITE_DIR}-", dir=root))
    try:
        _run_mkdocs(root, staging, strict)
        _swap_into_place(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(pages, generated - started, time.perf_counter() - generated, site_dir)


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
    """Replace site_dir with the finished build in one atomic exchange, then clear what killed builds left."""
    swap_into_place(staging, site_dir)
    remove_stale_staging(site_dir)
