"""What a project folder holds, so tests and the benchmark can make a throwaway copy of this one."""

from __future__ import annotations

import shutil
from pathlib import Path

from .site.pages import GENERATED_PATHS

CONFIG_FOLDERS = ("hooks", "overrides")


def copy_project_skeleton(source: Path, dest: Path, *, with_papers: bool = True) -> Path:
    """Copy the site configuration, hand-written docs and vocabularies (and the papers, if asked) into dest."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in CONFIG_FOLDERS:
        if (source / folder).is_dir():
            shutil.copytree(source / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    generated = {path.split("/")[0] for path in GENERATED_PATHS}
    shutil.copytree(
        source / "docs",
        dest / "docs",
        ignore=lambda folder, names: [n for n in names if Path(folder) == source / "docs" and n in generated],
    )
    (dest / "data" / "papers").mkdir(parents=True, exist_ok=True)
    for vocabulary in sorted((source / "data").glob("*.yml")):
        shutil.copy(vocabulary, dest / "data" / vocabulary.name)
    if with_papers:
        for paper in sorted((source / "data" / "papers").glob("*.yml")):
            shutil.copy(paper, dest / "data" / "papers" / paper.name)
    return dest
