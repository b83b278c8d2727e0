"""`check`: every rule the data/ folder must pass, each returning problems with file and line; printing is the CLI's."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..curate.dedupe import paper_keys
from .fixes import fix_files, tidy
from ..problems import Problem
from ..storage.schema import line_of
from ..storage.fileio import stale_temp_files
from ..storage.store import (PAPERS_DIR, PaperFile, file_name_problems, load_vocabularies, paper_files, read_paper_file,
                    vocabulary_of)
from ..text.titles import derive_title
from ..storage.yamlfile import display_path

# What each identity key of the dedupe is called in a message and the field whose line it points at, strongest first.
_KEY_NAMES = {"arxiv": ("arXiv id", "arxiv"), "title": ("title", "title"),
              "abstract": ("abstract", "abstract"), "abstract-prefix": ("abstract", "abstract")}
_KEY_ORDER = list(_KEY_NAMES)


@dataclass
class CheckReport:
    """What one check found, in file and line order, and how many paper files it read."""

    problems: list[Problem]
    files: int
    fixable: int

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    def summary(self) -> str:
        line = f"{self.files} paper files checked: {self.errors} error(s), {self.warnings} warning(s)"
        if self.fixable:
            line += f"; `python -m generator check --fix` can repair {self.fixable} file(s)"
        return line


def check_data(root: Path) -> CheckReport:
    """Run every rule over root/data/ and report all problems at once."""
    data_dir = root / "data"
    topics, tag_groups, problems = load_vocabularies(data_dir, root)
    vocabulary = vocabulary_of(topics, tag_groups)
    paths = paper_files(data_dir)
    files = [read_paper_file(path, root, vocabulary) for path in paths]
    problems += stray_files(data_dir, root) + file_name_problems(paths, root) + duplicates(files)
    fixable = 0
    for file in files:
        problems += file.problems
        tidied = tidy(file)
        if tidied is not None:
            problems += tidied.findings
            fixable += bool(tidied.repairs)
        problems += without_topics(file)
        if file.paper is not None:
            problems += derived_title_shown_as_real(file)
    return CheckReport(sorted(set(problems), key=_in_file_order), len(files), fixable)


def _in_file_order(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.severity, problem.message)


def fix_data(root: Path) -> list[str]:
    """Apply the safe fixes to every paper file that needs one; one report line per file."""
    return fix_files([read_paper_file(path, root) for path in paper_files(root / "data")])


def stray_files(data_dir: Path, root: Path) -> list[Problem]:
    """Files in data/papers/ that are not read as papers, so a contribution would silently vanish."""
    problems = [Problem(display_path(path, root), None, "warning",
                        "a temporary file left by a command that was interrupted; the next ingest, add or enrich "
                        "removes it (or delete it)") for path in stale_temp_files(data_dir)]
    for path in sorted((data_dir / PAPERS_DIR).iterdir()) if (data_dir / PAPERS_DIR).is_dir() else []:
        if path.name.startswith(".") or path.suffix == ".yml":
            continue  # every *.yml is read as a paper, and reported there when it cannot be
        hint = f"rename it to {path.stem}.yml" if path.suffix.lower() in (".yaml", ".yml") else "move it out of data/papers/"
        problems.append(Problem(display_path(path, root), None, "error",
                                f"not read: only data/papers/<id>.yml files are papers; {hint}"))
    return problems


def without_topics(file: PaperFile) -> list[Problem]:
    """A paper with no topic, which no topic page would show; `add` by id leaves one so until `enrich` runs."""
    if not isinstance(file.data, dict) or "topics" in file.data:
        return []
    return [Problem(file.shown, line_of(file.data, ()), "error",
                    "no topics: the paper would be on no topic page; add `topics:` with a slug from "
                    "data/topics.yml (`python -m generator enrich` suggests some once the paper has an abstract)")]


def derived_title_shown_as_real(file: PaperFile) -> list[Problem]:
    """A provisional title (made from the abstract or the arXiv id) marked as the paper's real one."""
    paper = file.paper
    if paper.title_is_derived:
        return []
    made = {derive_title(paper.abstract)} if paper.abstract else set()
    if paper.arxiv:
        made.add(f"arXiv:{paper.arxiv}")
    if paper.title not in made:
        return []
    return [Problem(file.shown, line_of(file.data, ("title",)), "error",
                    "this title was made by the generator, not taken from the paper, yet title_is_derived is "
                    "false; write the paper's real title, or set title_is_derived: true")]


def duplicates(files: list[PaperFile]) -> list[Problem]:
    """The same paper in two files: same arXiv id, or same normalised title or abstract (as ingest's dedupe sees it)."""
    owners: dict[tuple[str, str], list[PaperFile]] = defaultdict(list)
    for file in files:
        if file.paper is not None:
            for key in paper_keys(file.paper):
                owners[key].append(file)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (kind, _), group in sorted(owners.items(), key=lambda item: (_KEY_ORDER.index(item[0][0]), item[0][1])):
        for file in group:
            for other in group:
                # Two different arXiv ids are two papers, however alike their titles, as in ingest.
                distinct = file.paper.arxiv and other.paper.arxiv and file.paper.arxiv != other.paper.arxiv
                if other is not file and not distinct and kind not in shared[file.shown, other.shown]:
                    shared[file.shown, other.shown].append(kind)
    by_file = {file.shown: file for file in files}
    problems = []
    for (shown, other), kinds in sorted(shared.items()):
        names = list(dict.fromkeys(_KEY_NAMES[k][0] for k in kinds))
        file = by_file[shown]
        problems.append(Problem(shown, line_of(file.data, (_KEY_NAMES[kinds[0]][1],)), "error",
                                f"same {' and '.join(names)} as {other}: one paper in two files; "
                                f"keep one file, move anything the other adds into it, and delete the other"))
    return problems
