"""Hostile paper files: each gets a clear problem with file and line (and column where it helps), never a traceback
or a hang, and every other problem in data/ is still reported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.project import copy_project_skeleton

REPO = Path(__file__).resolve().parent.parent
PAPER = "id: {id}\ntitle: A title\ntopics: [serving]\n"
# Nine aliases of nine aliases, eight deep: 1 KB of text, 9**9 strings once expanded.
ALIAS_BOMB = "id: bomb\ntitle: Bomb\ntopics: [serving]\na0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)) + "authors: *a8\n"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return copy_project_skeleton(REPO, tmp_path_factory.mktemp("template"), with_papers=False)


@pytest.fixture
def project(template, tmp_path):
    import shutil

    shutil.copytree(template, tmp_path / "p", symlinks=True)
    root = tmp_path / "p"
    # a known-bad file beside each hostile one: its problem must still be reported
    (root / "data" / "papers" / "other.yml").write_text(PAPER.format(id="not-other"), encoding="utf-8")
    return root


def _check(root: Path, capsys) -> tuple[int, str]:
    status = main(["--root", str(root), "check"])
    return status, capsys.readouterr().out


CASES = {
    # name: (file name, bytes, what the problem says, where: "file:line" or "file:line:column")
    "NUL byte": ("ctl.yml", b"id: ctl\ntitle: 'a\x00b'\n", "control character U+0000", "data/papers/ctl.yml:2:10"),
    "form feed from a PDF": ("ctl.yml", b"id: ctl\ntitle: a\x0cb\n", "control character U+000C", "data/papers/ctl.yml:2:9"),
    "ESC": ("ctl.yml", b"id: ctl\ntitle: a\x1b[31m\n", "control character U+001B", "data/papers/ctl.yml:2:9"),
    "DEL": ("ctl.yml", b"id: ctl\ntitle: a\x7f\n", "control character U+007F", "data/papers/ctl.yml:2:9"),
    "escaped ESC in quotes": ("ctl.yml", b'id: ctl\ntitle: "a\\x1b[31m"\ntopics: [serving]\n', "title holds the control character U+001B",
                              "data/papers/ctl.yml:2:8"),
    "5,000-digit upvotes": ("big.yml", PAPER.format(id="big").encode() + b"upvotes: " + b"9" * 5000 + b"\n",
                            "a number of 5000 digits cannot be right", "data/papers/big.yml:4:10"),
    "40-digit hex number": ("hex.yml", PAPER.format(id="hex").encode() + b"upvotes: 0x" + b"f" * 40 + b"\n",
                            "a number of 42 digits cannot be right", "data/papers/hex.yml:4:10"),
    "a file over 1 MB": ("fat.yml", PAPER.format(id="fat").encode() + b"# " + b"x" * 1_000_000 + b"\n",
                         "more than the 1,000,000 a data file may have", "data/papers/fat.yml"),
    "lists nested 5,000 deep": ("deep.yml", PAPER.format(id="deep").encode() + b"authors: " + b"[" * 5000 + b"]" * 5000
                                + b"\n", "exceeded maximum nesting depth", "data/papers/deep.yml:4"),
    "a Python tag": ("tag.yml", PAPER.format(id="tag").encode() + b"venue: !!python/object/apply:os.system [ls]\n",
                     "could not determine a constructor", "data/papers/tag.yml:4"),
    "alias bomb": ("bomb.yml", ALIAS_BOMB.encode(), "YAML aliases (*name) are not allowed", "data/papers/bomb.yml:5:"),
    "invalid UTF-8": ("bad.yml", b"id: bad\ntitle: caf\xe9\n", "not UTF-8 text", "data/papers/bad.yml:2:11"),
    "published 9999-12-31": ("late.yml", PAPER.format(id="late").encode() + b"published: 9999-12-31\n",
                             "published '9999-12-31' is outside 1990 to", "data/papers/late.yml:4:12"),
    "published 1066": ("early.yml", PAPER.format(id="early").encode() + b"published: 1066-10-14\n",
                       "outside 1990 to", "data/papers/early.yml:4:12"),
    "id with a trailing newline": ("x.yml", b'id: "x\\n"\ntitle: Newline\ntopics: [serving]\n', "id must be lower-case",
                                   "data/papers/x.yml:1"),
    "con.yml": ("con.yml", PAPER.format(id="con").encode(), "device name on Windows", "data/papers/con.yml"),
    "nul.yml": ("nul.yml", PAPER.format(id="nul").encode(), "device name on Windows", "data/papers/nul.yml"),
    "aux.yml": ("aux.yml", PAPER.format(id="aux").encode(), "device name on Windows", "data/papers/aux.yml"),
    "huge title": ("huge.yml", PAPER.replace("A title", "t" * 5000).format(id="huge").encode(),
                   "title is 5,000 characters long", "data/papers/huge.yml:2"),
    "absolute source path": ("abs.yml", PAPER.format(id="abs").encode() + b"sources:\n  - file: /home/me/secret.txt\n",
                             "must be a path relative to the project folder", "data/papers/abs.yml:5"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_file_is_one_clear_problem_and_the_others_still_show(name, project, capsys):
    file_name, content, message, where = CASES[name]
    (project / "data" / "papers" / file_name).write_bytes(content)
    status, out = _check(project, capsys)
    assert status == 1
    assert "Traceback" not in out
    line = next((line for line in out.splitlines() if message in line), None)
    assert line is not None, out
    assert line.startswith(where), line
    assert "data/papers/other.yml:1: error: id 'not-other' does not match" in out


def test_case_colliding_names_are_refused(project, capsys):
    papers = project / "data" / "papers"
    (papers / "twin.yml").write_text(PAPER.format(id="twin"), encoding="utf-8")
    (papers / "Twin.yml").write_text(PAPER.format(id="twin"), encoding="utf-8")
    status, out = _check(project, capsys)
    assert status == 1 and "only in letter case" in out


@pytest.mark.parametrize("kind", ["folder", "dangling link", "link out of the project"])
def test_what_is_not_a_regular_file_inside_the_project_is_never_read(kind, project, capsys, tmp_path):
    path = project / "data" / "papers" / "odd.yml"
    if kind == "folder":
        path.mkdir()
    elif kind == "dangling link":
        path.symlink_to(tmp_path / "nowhere.yml")
    else:
        secret = tmp_path / "secret.yml"
        secret.write_text(PAPER.format(id="odd"), encoding="utf-8")
        path.symlink_to(secret)
    status, out = _check(project, capsys)
    assert status == 1
    assert any(line.startswith("data/papers/odd.yml: error: ") for line in out.splitlines()), out
    assert "does not match" in out  # the other file's problem is still there


def _run(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=timeout, cwd=root)


@pytest.mark.parametrize("command", [["check"], ["build", "--pages-only"]])
def test_a_fifo_or_an_alias_bomb_neither_hangs_nor_blows_up(command, project):
    os.mkfifo(project / "data" / "papers" / "fifo.yml")
    (project / "data" / "papers" / "bomb.yml").write_text(ALIAS_BOMB, encoding="utf-8")
    done = _run(project, *command)  # a hang raises TimeoutExpired and fails the test
    assert done.returncode in (1, 2)
    assert "Traceback" not in done.stderr + done.stdout
    output = done.stdout + done.stderr
    assert "data/papers/fifo.yml: error: not a regular file" in output
    assert "data/papers/bomb.yml:5:" in output and "aliases" in output


def test_annotations_for_every_problem_and_no_broken_pipe(project):
    papers = project / "data" / "papers"
    for n in range(400):
        (papers / f"e{n}.yml").write_text(f'id: e{n}\ntitle: ""\n', encoding="utf-8")
    (papers / "ctl.yml").write_bytes(b"id: ctl\ntitle: a\x0cb\n")
    full = _run(project, "check", "--format", "github")
    assert "::error file=data/papers/ctl.yml,line=2,col=9::control character U+000C" in full.stdout
    piped = subprocess.run(f"{sys.executable} -m generator --root {project} check --format github | head -1",
                           shell=True, capture_output=True, text=True, timeout=60)
    assert piped.stdout.startswith("::") and piped.stderr == ""
