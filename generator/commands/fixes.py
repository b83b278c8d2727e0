"""The safe mechanical fixes of `check --fix`: canonical key order, trimmed text, quoted and lower-case ids, the schema line.

Each fix is one that a reviewer would accept without reading it: it changes how a paper is written, never what it says.
`tidy` finds what to fix (the check reports it); `fix_file` rewrites the file, and only when the result is valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from ..storage.fileio import write_text_atomic
from ..ids import is_safe_paper_id
from ..model import LINK_FIELDS, PAPER_FIELDS, SOURCE_FIELDS, paper_from_dict
from ..problems import Problem
from ..storage.roundtrip import updated_text
from ..storage.schema import SCHEMA_LINE, field_name, line_of
from ..storage.store import PaperFile, dump_paper, paper_data_problems
from ..storage.yamlfile import has_comments, plain

# Fields that hold running text; every other string is one line (a title, a URL, a slug).
_PROSE_FIELDS = {"abstract", "comments"}
# Values whose every character counts: spaces inside a file name are part of it, so only the ends are trimmed.
_VERBATIM_KEYS = {"file"}
_FIX_HINT = "`python -m generator check --fix` repairs this"
# Repairs that move text about, which a round trip cannot do with the comments still beside what they explain.
_MOVING_REPAIRS = {"key order", "schema line"}


@dataclass
class Tidied:
    """A paper file's data with the safe fixes applied, the file name it belongs in, and what was fixed."""

    data: dict
    stem: str
    findings: list[Problem] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)


def tidy(file: PaperFile) -> Tidied | None:
    """The safe fixes one parsed paper file needs, or None when it is not a mapping of fields at all."""
    if not isinstance(file.data, dict):
        return None
    tidied = Tidied(plain(file.data), file.path.stem)
    _schema_line(file, tidied)
    _key_order(file, tidied)
    _whitespace(file, tidied)
    _id_spelling(file, tidied)
    return tidied


def _schema_line(file: PaperFile, tidied: Tidied) -> None:
    if (file.text or "").split("\n", 1)[0].rstrip("\r") != SCHEMA_LINE:
        tidied.findings.append(Problem(file.shown, 1, "warning",
                                       f"the first line should be `{SCHEMA_LINE}`, so that editors check the file "
                                       f"as you type; {_FIX_HINT}"))
        tidied.repairs.append("schema line")


def _key_order(file: PaperFile, tidied: Tidied) -> None:
    mappings = [((), PAPER_FIELDS)]
    if isinstance(file.data.get("links"), dict):
        mappings.append((("links",), LINK_FIELDS))
    sources = file.data.get("sources")
    for n, source in enumerate(sources if isinstance(sources, list) else []):
        if isinstance(source, dict):
            mappings.append((("sources", n), SOURCE_FIELDS))
    for path, order in mappings:
        node = file.data
        for step in path:
            node = node[step]
        keys = [k for k in node if k in order]
        expected = sorted(keys, key=order.index)
        if keys == expected:
            continue
        first, wanted = next((k, e) for k, e in zip(keys, expected) if k != e)
        where = f" in {field_name(path)}" if path else ""
        tidied.findings.append(Problem(file.shown, line_of(file.data, path + (wanted,)), "warning",
                                       f"{wanted!r} belongs before {first!r}{where}: fields go in the order "
                                       f"{', '.join(k for k in order if k in keys)}; {_FIX_HINT}"))
        if "key order" not in tidied.repairs:
            tidied.repairs.append("key order")


def _whitespace(file: PaperFile, tidied: Tidied) -> None:
    def visit(container: dict | list, path: tuple) -> None:
        for key, value in list(container.items() if isinstance(container, dict) else enumerate(container)):
            here = path + (key,)
            if isinstance(value, (dict, list)):
                visit(value, here)
            elif isinstance(value, str):
                prose = here[0] in _PROSE_FIELDS or here[-1] in _VERBATIM_KEYS
                fixed = value.strip() if prose else " ".join(value.split())
                if fixed == value or not fixed:
                    continue  # a blank value is the schema's error to report, not something to trim away
                container[key] = fixed
                what = "spaces or line breaks at its start or end" if prose else "extra spaces, tabs or line breaks"
                tidied.findings.append(Problem(file.shown, line_of(file.data, here), "warning",
                                               f"{field_name(here)} has {what}; {_FIX_HINT}"))
                if "whitespace" not in tidied.repairs:
                    tidied.repairs.append("whitespace")

    visit(tidied.data, ())


def _id_spelling(file: PaperFile, tidied: Tidied) -> None:
    data, stem = tidied.data, tidied.stem
    paper_id = data.get("id")
    # YAML reads an unquoted 2401.05561 as a number; when it reads back as the file name, quoting loses nothing.
    if isinstance(paper_id, (int, float)) and not isinstance(paper_id, bool) and str(paper_id) == stem:
        data["id"] = paper_id = stem
        tidied.repairs.append("id quoted")
    if isinstance(paper_id, str) and paper_id.lower() == stem.lower() and is_safe_paper_id(stem.lower()):
        if paper_id != stem.lower() or stem != stem.lower():
            data["id"] = tidied.stem = stem.lower()
            tidied.repairs.append("lower-case id and file name")
    arxiv = data.get("arxiv")
    if isinstance(arxiv, float) and str(arxiv) == data.get("id"):
        data["arxiv"] = str(arxiv)
        tidied.repairs.append("arxiv quoted")


def fix_file(file: PaperFile, tidied: Tidied) -> str:
    """Rewrite one file with its fixes applied, atomically; returns what was done, or why it was left alone."""
    target = file.path.with_name(f"{tidied.stem}.yml")
    if paper_data_problems(tidied.data, tidied.stem, file.shown):
        return f"{file.shown}: not fixed: it has errors only a person can fix (listed below)"
    text = dump_paper(paper_from_dict(tidied.data))
    if file.text is not None and has_comments(file.text):
        # values are changed in place around the comments; moving fields or the header line would orphan them
        if set(tidied.repairs) & _MOVING_REPAIRS:
            return (f"{file.shown}: not fixed: moving its fields would orphan its comments; fix it by hand "
                    f"({', '.join(tidied.repairs)})")
        text = updated_text(file.text, yaml.safe_load(text)) or text
    if target != file.path:
        if target.exists() and not target.samefile(file.path):
            return f"{file.shown}: not fixed: {target.name} already exists; merge the two files by hand"
        file.path.rename(target)  # a rename that changes only letter case works on case-insensitive disks too
    write_text_atomic(target, text)
    renamed = f" -> {target.name}" if target != file.path else ""
    return f"{file.shown}{renamed}: fixed {', '.join(tidied.repairs)}"


def fix_files(files: list[PaperFile]) -> list[str]:
    """Apply the safe fixes to every file that needs one; the report, one line per file touched or left."""
    report = []
    for file in files:
        tidied = tidy(file)
        if tidied is not None and tidied.repairs:
            report.append(fix_file(file, tidied))
    return report
