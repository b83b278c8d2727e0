"""Writing generated pages into docs/: only changed files are touched, stale generated files are removed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..storage.fileio import write_if_changed


@dataclass(frozen=True)
class WriteCounts:
    """What one run did to docs/."""

    written: int
    unchanged: int
    removed: int


def write_pages(docs_dir: Path, pages: Mapping[str, str], generated_dirs: Iterable[str]) -> WriteCounts:
    """Write every page whose text changed and delete files under the generated paths that no page claims."""
    writer = DocsWriter(docs_dir, generated_dirs)
    for name in pages:
        _check_generated(PurePosixPath(name), writer.generated)
    for name in sorted(pages):
        writer.write(name, pages[name])
    return writer.finish()


class DocsWriter:
    """Writes generated files into docs/ one at a time as they are made, each only if its text changed;
    finish() then deletes the files under the generated paths that none of them claimed."""

    def __init__(self, docs_dir: Path, generated_dirs: Iterable[str]):
        self.docs_dir = docs_dir
        self.generated = tuple(PurePosixPath(p) for p in generated_dirs)
        self.names: set[str] = set()
        self.written = self.unchanged = 0

    def write(self, name: str, text: str) -> None:
        _check_generated(PurePosixPath(name), self.generated)
        if write_if_changed(self.docs_dir / name, text):
            self.written += 1
        else:
            self.unchanged += 1
        self.names.add(name)

    def claim(self, names: Iterable[str], written: int, unchanged: int) -> None:
        """Count as this writer's the files another writer put into the same docs/ (a forked child's)."""
        self.names.update(names)
        self.written += written
        self.unchanged += unchanged

    def finish(self, pages: Mapping[str, str] | None = None) -> WriteCounts:
        """Write `pages` too, then remove the stale generated files; what this writer did to docs/."""
        for name in sorted(pages or {}):
            self.write(name, pages[name])
        removed = 0
        for path in _generated_files(self.docs_dir, self.generated):
            if path.relative_to(self.docs_dir).as_posix() not in self.names:
                path.unlink()
                removed += 1
        _remove_empty_dirs(self.docs_dir, self.generated)
        return WriteCounts(self.written, self.unchanged, removed)


def _check_generated(name: PurePosixPath, generated: tuple[PurePosixPath, ...]) -> None:
    """Refuse a page outside the generated paths, so a renderer can never overwrite a hand-written page."""
    if name.is_absolute() or ".." in name.parts or not any(name == g or g in name.parents for g in generated):
        raise ValueError(f"page {str(name)!r} is outside the generated paths {[str(g) for g in generated]}")


def _generated_files(docs_dir: Path, generated: tuple[PurePosixPath, ...]) -> list[Path]:
    """Every file now on disk under the generated paths, in sorted order."""
    files = []
    for entry in generated:
        path = docs_dir / entry
        if path.is_dir():
            files += [p for p in path.rglob("*") if p.is_file() or p.is_symlink()]
        elif path.is_file() or path.is_symlink():
            files.append(path)
    return sorted(files)


def _remove_empty_dirs(docs_dir: Path, generated: tuple[PurePosixPath, ...]) -> None:
    """Delete folders left empty under generated folders, deepest first."""
    for entry in generated:
        root = docs_dir / entry
        if root.is_dir() and not root.is_symlink():
            for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
                if not any(folder.iterdir()):
                    folder.rmdir()
