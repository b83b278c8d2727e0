"""`check` on broken copies of the data: every problem at once, each with file and line; `--fix` repairs the mechanical ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.commands.check import check_data
from generator.cli import main
from generator.model import Links, Paper
from generator.project import copy_project_skeleton
from generator.storage.schema import SCHEMA_LINE
from generator.storage.store import dump_paper, load_papers, write_paper
from generator.text.titles import derive_title

REPO = Path(__file__).resolve().parent.parent
ABSTRACT = "We propose FooServe, a serving system that batches requests across adapters. FooServe is fast."


def papers() -> list[Paper]:
    return [
        Paper(id="2401.00001", arxiv="2401.00001", title="FooServe: Serving Many Adapters", abstract=ABSTRACT,
              topics=["serving"], tags=["code"], links=Links(code=["https://github.com/foo/serve"])),
        Paper(id="bar-bench", title="BarBench: A Benchmark for Bars", abstract="A benchmark of bars.",
              topics=["evaluation", "serving"], tags=["benchmark"]),
    ]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    for vocabulary in ("topics.yml", "tags.yml"):
        shutil.copy(REPO / "data" / vocabulary, tmp_path / "data" / vocabulary)
    for paper in papers():
        write_paper(tmp_path / "data", paper)
    return tmp_path


def paper_file(project: Path, stem: str) -> Path:
    return project / "data" / "papers" / f"{stem}.yml"


def found(project: Path) -> list[str]:
    return [p.human() for p in check_data(project).problems]


def test_clean_data_passes(project, capsys):
    assert found(project) == []
    assert main(["--root", str(project), "check"]) == 0
    assert capsys.readouterr().out == "2 paper files checked: 0 error(s), 0 warning(s)\n"


def test_the_shipped_data_passes():
    report = check_data(REPO)
    assert report.problems == [] and report.files >= 216


def test_a_broken_copy_of_the_shipped_data_fails_naming_each_file_and_line(tmp_path, capsys):
    root = copy_project_skeleton(REPO, tmp_path)
    papers_dir = root / "data" / "papers"

    def edit(name: str, old: str, new: str) -> int:
        """Replace text in a shipped file; the line it is on."""
        text = (papers_dir / name).read_text(encoding="utf-8")
        (papers_dir / name).write_text(text.replace(old, new, 1), encoding="utf-8")
        return text[:text.index(old)].count("\n") + 1

    parrot = "2405.19888.yml"
    syntax_line = edit(parrot, "title: 'Parrot: Efficient Serving of LLM-based Applications with Semantic Variable'",
                       "title: Parrot: Efficient Serving of LLM-based Applications with Semantic Variable")
    topics_line = edit("2412.04315.yml", "topics:\n", "topics:\n  - scaling\n")
    twin = (papers_dir / "2401.05561.yml").read_text(encoding="utf-8")
    (papers_dir / "trustllm.yml").write_text(twin.replace("id: '2401.05561'", "id: trustllm"), encoding="utf-8")
    arxiv_line = twin[:twin.index("arxiv: ")].count("\n") + 1

    assert main(["--root", str(root), "check"]) == 1
    errors = [line.split(": error: ")[0] for line in capsys.readouterr().out.splitlines() if ": error: " in line]
    assert errors == [
        f"data/papers/2401.05561.yml:{arxiv_line}",
        f"data/papers/{parrot}:{syntax_line}",
        f"data/papers/2412.04315.yml:{topics_line}",
        f"data/papers/trustllm.yml:{arxiv_line}",
    ]


def test_broken_copies_fail_with_every_file_and_line(project, capsys):
    bar = paper_file(project, "bar-bench")
    bar.write_text(bar.read_text(encoding="utf-8").replace("  - evaluation", "  - evals"), encoding="utf-8")
    write_paper(project / "data", Paper(id="2401.00001-copy", arxiv="2401.00001", title="FooServe, again",
                                        topics=["serving"]))
    broken = paper_file(project, "broken")
    broken.write_text(f"{SCHEMA_LINE}\nid: broken\ntitle: QuIP: 2-Bit Quantization\ntopics: [compression]\n",
                      encoding="utf-8")

    assert main(["--root", str(project), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "data/papers/2401.00001-copy.yml:5: error: same arXiv id as data/papers/2401.00001.yml: one paper in two "
        "files; keep one file, move anything the other adds into it, and delete the other",
        "data/papers/2401.00001.yml:6: error: same arXiv id as data/papers/2401.00001-copy.yml: one paper in two "
        "files; keep one file, move anything the other adds into it, and delete the other",
        "data/papers/bar-bench.yml:6: error: unknown topic(s) 'evals'; use one listed in data/topics.yml",
        "data/papers/broken.yml:3: error: YAML syntax: mapping values are not allowed in this context; "
        "a value that contains ': ' must be in quotes, as in title: 'QuIP: 2-Bit ...'",
        "4 paper files checked: 4 error(s), 0 warning(s)",
    ]


def test_a_key_written_twice_is_an_error_not_a_silent_choice(project):
    bar = paper_file(project, "bar-bench")
    bar.write_text(bar.read_text(encoding="utf-8") + "title: Second Title\n", encoding="utf-8")
    assert found(project) == [
        "data/papers/bar-bench.yml:11: error: YAML syntax: the key 'title' appears twice (first at line 3); "
        "keep one of the two",
    ]


def test_github_format_marks_the_lines(project, capsys):
    bar = paper_file(project, "bar-bench")
    bar.write_text(bar.read_text(encoding="utf-8").replace("  - evaluation", "  - evals"), encoding="utf-8")
    assert main(["--root", str(project), "check", "--format", "github"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "::error file=data/papers/bar-bench.yml,line=6::unknown topic(s) 'evals'; use one listed in data/topics.yml"


def test_same_title_or_abstract_in_two_files_is_one_paper(project):
    write_paper(project / "data", Paper(id="fooserve", title="FooServe -- serving many adapters!", topics=["serving"]))
    write_paper(project / "data", Paper(id="other", title="Other", abstract=ABSTRACT.upper(), topics=["serving"]))
    assert [line.split(": error: ")[1].split(":")[0] for line in found(project)] == [
        "same title as data/papers/fooserve.yml",
        "same abstract as data/papers/other.yml",
        "same title as data/papers/2401.00001.yml",
        "same abstract as data/papers/2401.00001.yml",
    ]


def test_papers_with_different_arxiv_ids_are_never_duplicates(project):
    write_paper(project / "data", Paper(id="2402.00002", arxiv="2402.00002", title="FooServe: Serving Many Adapters",
                                        topics=["serving"]))
    assert found(project) == []


def test_a_derived_title_cannot_pass_as_the_real_one(project):
    made = derive_title(ABSTRACT)
    write_paper(project / "data", Paper(id="2401.00001", arxiv="2401.00001", title=made, abstract=ABSTRACT,
                                        topics=["serving"]))
    assert found(project) == [
        "data/papers/2401.00001.yml:3: error: this title was made by the generator, not taken from the paper, yet "
        "title_is_derived is false; write the paper's real title, or set title_is_derived: true",
    ]
    write_paper(project / "data", Paper(id="2401.00001", arxiv="2401.00001", title=made, title_is_derived=True,
                                        abstract=ABSTRACT, topics=["serving"]))
    assert found(project) == []


def test_unknown_tags_are_errors_and_a_paper_needs_a_topic(project):
    write_paper(project / "data", Paper(id="bar-bench", title="BarBench: A Benchmark for Bars", abstract="Bars.",
                                        tags=["benchmark", "bars"]))
    assert found(project) == [
        "data/papers/bar-bench.yml:2: error: no topics: the paper would be on no topic page; add `topics:` with a "
        "slug from data/topics.yml (`python -m generator enrich` suggests some once the paper has an abstract)",
        "data/papers/bar-bench.yml:6: error: unknown tag(s) 'bars'; use one listed in data/tags.yml",
    ]


def test_a_file_that_would_be_ignored_is_an_error(project):
    shutil.copy(paper_file(project, "bar-bench"), project / "data" / "papers" / "new-paper.yaml")
    assert found(project) == [
        "data/papers/new-paper.yaml: error: not read: only data/papers/<id>.yml files are papers; "
        "rename it to new-paper.yml",
    ]


MESSY = """title: "  FooServe:   Serving Many Adapters\t"
id: 2401.00001
abstract: >
  We propose FooServe, a serving system that batches requests across adapters.
  FooServe is fast.
topics: [serving]
links:
  code: [https://github.com/foo/serve]
tags:
  - code
arxiv: '2401.00001'
"""


def test_fix_repairs_order_whitespace_and_quoting_and_nothing_else(project, capsys):
    path = paper_file(project, "2401.00001")
    path.write_text(MESSY, encoding="utf-8")
    assert [(p.line, p.severity) for p in check_data(project).problems] == [
        (1, "warning"), (1, "warning"), (2, "error"), (2, "warning"), (3, "warning")]
    assert check_data(project).fixable == 1

    assert main(["--root", str(project), "check", "--fix"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "data/papers/2401.00001.yml: fixed schema line, key order, whitespace, id quoted"
    assert out[-1] == "2 paper files checked: 0 error(s), 0 warning(s)"
    assert path.read_text(encoding="utf-8") == dump_paper(papers()[0])
    assert main(["--root", str(project), "check", "--fix"]) == 0
    assert capsys.readouterr().out == "2 paper files checked: 0 error(s), 0 warning(s)\n"


def test_fix_lower_cases_the_id_and_renames_the_file(project, capsys):
    paper_file(project, "bar-bench").rename(paper_file(project, "Bar-Bench"))
    path = paper_file(project, "Bar-Bench")
    path.write_text(path.read_text(encoding="utf-8").replace("id: bar-bench", "id: Bar-Bench"), encoding="utf-8")
    assert main(["--root", str(project), "check", "--fix"]) == 0
    assert capsys.readouterr().out.startswith("data/papers/Bar-Bench.yml -> bar-bench.yml: fixed lower-case id")
    assert sorted(p.name for p in (project / "data" / "papers").iterdir()) == ["2401.00001.yml", "bar-bench.yml"]
    assert [p.id for p in load_papers(project / "data")[0]] == ["2401.00001", "bar-bench"]


def test_fix_leaves_files_with_comments_or_other_errors_alone(project, capsys):
    commented = paper_file(project, "2401.00001")
    commented.write_text(MESSY.replace("tags:", "# reviewed by hand\ntags:"), encoding="utf-8")
    broken = paper_file(project, "bar-bench")
    broken.write_text(broken.read_text(encoding="utf-8").replace("title_is_derived: false", "title_is_derived: no")
                      .replace("title: 'BarBench", "title: ' BarBench"),
                      encoding="utf-8")
    before = commented.read_text(encoding="utf-8"), broken.read_text(encoding="utf-8")
    assert main(["--root", str(project), "check", "--fix"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "data/papers/2401.00001.yml: not fixed: moving its fields would orphan its comments; fix it by hand "
        "(schema line, key order, whitespace, id quoted)",
        "data/papers/bar-bench.yml: not fixed: it has errors only a person can fix (listed below)",
    ]
    assert (commented.read_text(encoding="utf-8"), broken.read_text(encoding="utf-8")) == before
    assert "title_is_derived must be true or false, not the text 'no'" in "\n".join(out)


def test_fix_keeps_comments_when_it_only_changes_values(project, capsys):
    path = paper_file(project, "bar-bench")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: 'BarBench", "title: '  BarBench").replace("\ntopics:", "\n# reviewed\ntopics:"),
                    encoding="utf-8")
    assert main(["--root", str(project), "check", "--fix"]) == 0
    assert capsys.readouterr().out.startswith("data/papers/bar-bench.yml: fixed whitespace")
    assert path.read_text(encoding="utf-8") == text.replace("\ntopics:", "\n# reviewed\ntopics:")


def test_a_hash_inside_a_value_is_not_a_comment(project):
    path = paper_file(project, "bar-bench")
    path.write_text(path.read_text(encoding="utf-8").replace(SCHEMA_LINE + "\n", "")
                    .replace("A benchmark of bars.", "'A benchmark of bars #1, C# and more'"), encoding="utf-8")
    assert main(["--root", str(project), "check", "--fix"]) == 0
    assert path.read_text(encoding="utf-8").startswith(SCHEMA_LINE + "\n")


def test_annotations_escape_what_would_end_a_property_or_a_line(project, capsys):
    (project / "data" / "papers" / "odd, name: 50%.yaml").write_text("id: x\n", encoding="utf-8")
    (project / "data" / "topics.yml").unlink()
    assert main(["--root", str(project), "check", "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines()[:2] == [
        "::error file=data/papers/odd%2C name%3A 50%25.yaml::not read: only data/papers/<id>.yml files are papers; "
        "rename it to odd, name: 50%25.yml",
        "::error file=data/topics.yml::the taxonomy is missing; every paper's topics are defined here",
    ]
