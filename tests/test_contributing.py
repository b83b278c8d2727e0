"""The contributor guides tell the truth: their example file passes the check, and the messages they quote are real."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from generator.commands.check import check_data
from generator.model import paper_from_dict
from generator.project import copy_project_skeleton
from generator.storage.yamlfile import parse_yaml, plain
from generator.text.titles import derive_title

REPO = Path(__file__).resolve().parent.parent
GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
SITE_PAGE = (REPO / "docs" / "contributing.md").read_text(encoding="utf-8")


def yaml_example(markdown: str) -> str:
    [block] = re.findall(r"```yaml\n(.*?)```", markdown, flags=re.DOTALL)
    return textwrap.dedent(block)


EXAMPLE = yaml_example(GUIDE)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """A copy of the shipped data to add the example paper to."""
    return copy_project_skeleton(REPO, tmp_path_factory.mktemp("shipped"))


@pytest.fixture(scope="module")
def vocabularies_only(tmp_path_factory) -> Path:
    """The project's vocabularies and no paper: a quick place to try one file's mistakes."""
    return copy_project_skeleton(REPO, tmp_path_factory.mktemp("empty"), with_papers=False)


def messages_with(root: Path, text: str) -> list[str]:
    path = root / "data" / "papers" / "1706.03762.yml"
    path.write_text(text, encoding="utf-8")
    try:
        return [p.human() for p in check_data(root).problems]
    finally:
        path.unlink()


def test_both_guides_show_the_same_example_and_it_passes_the_check(shipped):
    assert yaml_example(SITE_PAGE) == EXAMPLE
    assert messages_with(shipped, EXAMPLE) == []


def test_the_sample_message_on_the_site_is_what_the_check_prints(vocabularies_only):
    quoted = re.search(r"`(data/papers/1706\.03762\.yml:\d+: error: unknown topic[^`]*)`", SITE_PAGE, re.DOTALL)
    assert messages_with(vocabularies_only, EXAMPLE.replace("- architectures", "- transformers")) == [
        " ".join(quoted.group(1).split())]


# Each row of the guide's table of messages, and a mistake in the example that should produce it.
MISTAKES = [
    ("YAML syntax: mapping values are not allowed", "title: Attention", "title: Transformer: Attention"),
    ("id must be text, not the number 1706.03762", "id: '1706.03762'", "id: 1706.03762"),
    ("id '…' does not match the file name '…'", "id: '1706.03762'", "id: '1706.03763'"),
    ("unknown field 'titel'", "title:", "titel:"),
    ("unknown topic(s) 'llm'; use one listed in data/topics.yml", "- architectures", "- llm"),
    ("no topics: the paper would be on no topic page", "topics:\n  - architectures\n", ""),
    ("links.code[0] must be a web address starting with https:// or http://", "https://github", "github"),
    ("published must be a date written YYYY-MM-DD", "published: 2017-06-12", "published: 12/06/2017"),
    ("same … as data/papers/….yml: one paper in two files", "", ""),
    ("this title was made by the generator, not taken from the paper", "title: Attention Is All You Need",
     f"title: '{derive_title(paper_from_dict(plain(parse_yaml(EXAMPLE, 'x')[0])).abstract)}'"),
]


def test_every_message_in_the_guides_table_is_one_the_check_prints(vocabularies_only):
    rows = re.findall(r"^\| `([^`]+)` \|", GUIDE, flags=re.MULTILINE)
    assert len(rows) == len(MISTAKES)
    twin = vocabularies_only / "data" / "papers" / "attention.yml"
    for row, (quoted, old, new) in zip(rows, MISTAKES):
        assert row.startswith(quoted), row
        if quoted.startswith("same "):
            twin.write_text(EXAMPLE.replace("id: '1706.03762'", "id: attention"), encoding="utf-8")
        try:
            found = messages_with(vocabularies_only, EXAMPLE.replace(old, new))
        finally:
            twin.unlink(missing_ok=True)
        pattern = ".*".join(map(re.escape, quoted.split("…")))
        assert any(re.search(pattern, message) for message in found), (row, found)
