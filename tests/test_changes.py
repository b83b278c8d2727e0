"""`changes`: the pure diff of two versions of the list, its Markdown, and one run against a real git history."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.commands.changes import diff_papers, render_changes
from generator.cli import main
from generator.model import Links, Paper
from generator.storage.store import write_paper

def foo(**changes) -> Paper:
    values = dict(id="2401.00001", arxiv="2401.00001", title="FooServe: Serving Many Adapters",
                  abstract="We serve adapters.", topics=["serving"], links=Links(code=["https://github.com/foo/serve"]))
    return Paper(**{**values, **changes})


BAR = Paper(id="bar-bench", title="BarBench", abstract="Bars.", topics=["evaluation", "serving"])
HOSTILE = Paper(id="2402.00002", title="Nasty | `tick` <script>alert(1)</script> *star* [x](javascript:y)",
                topics=["trust"])


def test_diff_names_added_removed_and_edited_papers_and_topic_counts():
    changes = diff_papers([foo(), BAR], [foo(title="FooServe", topics=["serving", "trust"]), HOSTILE],
                          ["serving", "trust", "evaluation"])
    assert [p.id for p in changes.added] == ["2402.00002"]
    assert [p.id for p in changes.removed] == ["bar-bench"]
    assert [(e.after.id, e.fields) for e in changes.edited] == [("2401.00001", ("title", "topics"))]
    assert changes.counts == (("serving", 2, 1), ("trust", 0, 2), ("evaluation", 1, 0))
    assert changes.totals == (2, 2)


def test_an_unchanged_list_says_so():
    text = render_changes(diff_papers([foo(), BAR], [BAR, foo()]), "main")
    assert text == "## Reading list changes against `main`\n\n**0 added, 0 removed, 0 edited**: 2 → 2 papers\n\n" \
                   "No paper changes.\n"


def test_the_summary_shows_data_as_text_never_as_markup():
    text = render_changes(diff_papers([foo()], [foo(links=Links(code=["https://github.com/foo/serve2"])), HOSTILE]),
                          "main", {"trust": "Trust & Safety"})
    assert "- **Nasty \\| \\`tick\\` \\<script\\>alert(1)\\</script\\> \\*star\\* \\[x\\](javascript:y)** " \
           "(`2402.00002`) in Trust \\& Safety" in text
    assert "  - links: added https://github.com/foo/serve2; removed https://github.com/foo/serve" in text
    assert "<script>" not in text and "|" not in text.split("### Topic counts")[0].replace("\\|", "")


TOPICS = """\
- {slug: serving, title: Inference & Serving, description: Serving.}
- {slug: evaluation, title: Evaluation, description: Benchmarks.}
- {slug: agents, title: Agents, description: Agents.}
"""


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A git repository whose first commit holds two papers."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "topics.yml").write_text(TOPICS, encoding="utf-8")
    write_paper(tmp_path / "data", foo())
    write_paper(tmp_path / "data", BAR)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "add", "."], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "commit", "--quiet", "-m", "base"], check=True)
    return tmp_path


def test_changes_against_a_commit_describes_the_working_tree(history, capsys):
    write_paper(history / "data", foo(title="FooServe: Serving Thousands of Adapters", tags=["code"]))
    (history / "data" / "papers" / "bar-bench.yml").unlink()
    write_paper(history / "data", Paper(id="2403.00003", title="New Paper", topics=["agents", "serving"]))
    (history / "data" / "papers" / "broken.yml").write_text("id: [\n", encoding="utf-8")

    assert main(["--root", str(history), "changes", "HEAD"]) == 0
    out = capsys.readouterr().out
    sha = subprocess.run(["git", "-C", str(history), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    assert out == f"""## Reading list changes against `HEAD ({sha[:12]})`

**1 added, 1 removed, 1 edited**: 2 → 2 papers

> 1 file(s) could not be read and are left out: data/papers/broken.yml; `python -m generator check` says why.

### Added

- **New Paper** (`2403.00003`) in Agents, Inference \\& Serving

### Removed

- **BarBench** (`bar-bench`)

### Edited

- **FooServe: Serving Thousands of Adapters** (`2401.00001`): title, tags
  - title: FooServe: Serving Many Adapters → FooServe: Serving Thousands of Adapters
  - tags: (none) → code

### Topic counts

| topic | before | after | change |
|---|--:|--:|--:|
| Evaluation | 1 | 0 | -1 |
| Agents | 0 | 1 | +1 |
"""


def test_an_unknown_base_is_a_clear_error(history, capsys):
    assert main(["--root", str(history), "changes", "no-such-branch"]) == 2
    assert "'no-such-branch' is not a commit here" in capsys.readouterr().err
