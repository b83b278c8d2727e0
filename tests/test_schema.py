"""The paper schema: one file that the loader, `check` and editors all apply, with messages at the offending line."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from generator.model import LINK_FIELDS, PAPER_FIELDS, SOURCE_FIELDS
from generator.storage.schema import SCHEMA_LINE, SCHEMA_PATH, paper_schema
from generator.storage.store import dump_paper, parse_paper

REPO = Path(__file__).resolve().parent.parent
SHOWN = "data/papers/2401.05561.yml"
GOOD = f"""{SCHEMA_LINE}
id: '2401.05561'
title: 'TrustLLM: Trustworthiness in Large Language Models'
abstract: Large language models are everywhere.
arxiv: '2401.05561'
links:
  code:
    - https://github.com/example/trust
published: 2024-01-10
topics:
  - trust
  - evaluation
added: 2026-11-21
"""


def problems_of(text: str, stem: str = "2401.05561") -> list[tuple[int | None, str]]:
    _, _, problems = parse_paper(text, stem, SHOWN)
    return [(p.line, p.message) for p in problems]


def test_the_schema_is_valid_draft_7_and_mirrors_the_model():
    schema = paper_schema()
    Draft7Validator.check_schema(schema)
    assert list(schema["properties"]) == list(PAPER_FIELDS)
    assert list(schema["properties"]["links"]["properties"]) == list(LINK_FIELDS)
    assert list(schema["properties"]["sources"]["items"]["properties"]) == list(SOURCE_FIELDS)
    assert SCHEMA_PATH == REPO / "schema" / "paper.schema.json"


def test_a_good_file_loads_with_dates_as_dates():
    data, paper, problems = parse_paper(GOOD, "2401.05561", SHOWN)
    assert problems == []
    assert paper.published == dt.date(2024, 1, 10) and paper.added == dt.date(2026, 11, 21)
    assert paper.topics == ["trust", "evaluation"] and type(paper.topics) is list
    assert dump_paper(paper).startswith(SCHEMA_LINE + "\nid: '2401.05561'\n")


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("id: '2401.05561'", "id: 2401.05561"), 2,
         "id must be text, not the number 2401.05561; put the value in quotes so YAML keeps it as written"),
        (("published: 2024-01-10", "published: 2024-02-30"), 9, "published must be a real date, not '2024-02-30'"),
        (("published: 2024-01-10", "published: 10/01/2024"), 9,
         "published must be a date written YYYY-MM-DD, not '10/01/2024'"),
        (("https://github.com/example/trust", "javascript:alert(1)"), 8,
         "links.code[0] must be a web address starting with https:// or http://, without spaces, not 'javascript:alert(1)'"),
        (("  - evaluation", "  - Evaluation Methods"), 12,
         "topics[1] must be a lower-case slug: letters, digits, '.' and '-', not 'Evaluation Methods'"),
        (("added: 2026-11-21", "title_is_derived: yes"), 13, "title_is_derived must be true or false, not the text 'yes'"),
        (("id: '2401.05561'", "id: '2401.05562'"), 2,
         "id '2401.05562' does not match the file name '2401.05561.yml'; rename one to match"),
        (("  code:", "  repo:"), 7, "unknown field 'links.repo'; known fields: code, project, pdf, hf, other"),
    ],
)
def test_each_mistake_is_named_at_its_line(change, line, message):
    assert problems_of(GOOD.replace(*change)) == [(line, message)]


def test_a_misspelt_field_a_missing_one_and_a_syntax_error_say_what_to_do():
    assert problems_of(GOOD.replace("title:", "titel:")) == [
        (2, "title is required; add a line `title: ...`"),
        (3, "unknown field 'titel'; did you mean 'title'?"),
    ]
    assert problems_of(GOOD.replace("abstract: Large", "abstract: Large: models")) == [
        (4, "YAML syntax: mapping values are not allowed in this context; "
            "a value that contains ': ' must be in quotes, as in title: 'QuIP: 2-Bit ...'"),
    ]
    unclosed = problems_of(GOOD.replace("published: 2024-01-10", "published: [2024-01-10"))
    assert unclosed == [(10, "YAML syntax: did not find expected ',' or ']' while parsing a flow sequence "
                             "that starts at line 9; fix the syntax at this line")]


def test_editors_read_the_files_the_same_way(tmp_path):
    """check-jsonschema reads YAML as editors do (YAML 1.2, with ruamel.yaml); its verdicts match the loader's."""
    cases = {
        "good": GOOD,
        "yes-is-not-a-boolean": GOOD.replace("added: 2026-11-21", "title_is_derived: yes"),
        "impossible-date": GOOD.replace("2024-01-10", "2024-02-30"),
        "numeric-id": GOOD.replace("id: '2401.05561'", "id: 2401.05561"),
        "ftp-link": GOOD.replace("https://github", "ftp://github"),
        "unknown-field": GOOD + "stars: 5\n",
    }
    for name, text in cases.items():
        (tmp_path / f"{name}.yml").write_text(text, encoding="utf-8")
    checker = Path(sys.executable).with_name("check-jsonschema")
    done = subprocess.run([str(checker), "--schemafile", str(SCHEMA_PATH), *sorted(map(str, tmp_path.glob("*.yml")))],
                          capture_output=True, text=True)
    rejected_by_editor_view = {name for name in cases if f"{name}.yml::" in done.stdout}
    rejected_by_loader = {name for name, text in cases.items() if problems_of(text)}
    assert rejected_by_editor_view == rejected_by_loader == set(cases) - {"good"}


def test_every_shipped_paper_file_names_the_schema_on_its_first_line():
    for path in sorted((REPO / "data" / "papers").glob("*.yml")):
        assert path.read_text(encoding="utf-8").split("\n", 1)[0] == SCHEMA_LINE, path.name
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["$schema"].startswith("http://json-schema.org/draft-07")
