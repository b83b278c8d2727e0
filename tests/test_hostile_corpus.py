"""A hostile corpus end to end: `check` names every harmful file, and the site built from the rest (a real strict
MkDocs build) shows every payload as text: no script, event attribute, javascript:/data: link, included snippet,
evaluated template or attr_list attribute comes from data."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.project import copy_project_skeleton

REPO = Path(__file__).resolve().parent.parent
# One payload per kind of attack on a Markdown + Jinja + HTML pipeline; each is put in every text field of a paper.
PAYLOADS = {
    "script": "<script>alert('x1')</script>",
    "event": '<img src=x onerror="alert(\'x2\')"><a onmouseover=alert(3)>hover</a>',
    "svg": "<svg/onload=alert('x4')>",
    "attr-list": "Heading {: onclick=\"alert('x5')\" } and {#id .cls onclick=alert(6)}",
    "snippet": '--8<-- "mkdocs.yml"',
    "jinja": "{{ 7*191 }} {% include 'main.html' %} {{ config.site_name }}",
    "markdown-link": "[click](javascript:alert('x7')) ![img](data:text/html,<script>alert(8)</script>)",
    "entities": "&lt;script&gt;alert(9)&lt;/script&gt; &#x3C;b&#x3E;",
    "bidi": "abc\u202edcba\u2066x\u2069 zero\u200bwidth",
    "long": "w" * 1999,
}
# Harmful files `check` must refuse, each named in its output; the build then refuses too.
REFUSED = {
    "js-link.yml": "id: js-link\ntitle: T\ntopics: [serving]\nlinks:\n  project: javascript:alert(1)\n",
    "data-link.yml": "id: data-link\ntitle: T\ntopics: [serving]\nlinks:\n  code: ['data:text/html,<script>alert(1)</script>']\n",
    "ctl.yml": 'id: ctl\ntitle: "a\\x1b[2Jb"\ntopics: [serving]\n',
    "bomb.yml": "id: bomb\ntitle: T\ntopics: [serving]\nx: &a [1, 1]\nauthors: *a\n",
    "con.yml": "id: con\ntitle: T\ntopics: [serving]\n",
    "late.yml": "id: late\ntitle: T\ntopics: [serving]\npublished: 9999-12-31\n",
    "huge.yml": "id: huge\ntitle: " + "t" * 2001 + "\ntopics: [serving]\n",
    "Upper.yml": "id: upper\ntitle: T\ntopics: [serving]\n",
}


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _paper(name: str, payload: str, n: int) -> str:
    value = _quoted(payload)
    return (f"id: hostile-{name}\ntitle: {_quoted('Hostile ' + name + ' ' + payload[:300])}\nabstract: {value}\n"
            f"arxiv: '2401.{10000 + n}'\nlinks:\n  code:\n    - https://github.com/example/{name}\n"
            f"authors:\n  - {value}\n  - Ann Author\norganization: {value}\npublished: 2024-01-{n + 1:02d}\n"
            f"venue: {value}\ncomments: {value}\ntopics:\n  - serving\ntags:\n  - code\n"
            f"sources:\n  - file: data/sources/{name}.txt\n    line: 1\n    heading: {value}\nadded: 2026-11-21\n")


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=600, cwd=root)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = copy_project_skeleton(REPO, tmp_path_factory.mktemp("hostile"), with_papers=False)
    for n, (name, payload) in enumerate(sorted(PAYLOADS.items())):
        (root / "data" / "papers" / f"hostile-{name}.yml").write_text(_paper(name, payload, n), encoding="utf-8")
    for name, text in REFUSED.items():
        (root / "data" / "papers" / name).write_text(text, encoding="utf-8")
    return root


def test_check_names_every_harmful_file_and_no_hostile_text(corpus):
    done = _run(corpus, "check")
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    errors = [line for line in done.stdout.splitlines() if ": error: " in line]
    flagged = {line.split(":")[0] for line in errors}
    assert {f"data/papers/{name}" for name in REFUSED} <= flagged, done.stdout
    assert not any(name.startswith("data/papers/hostile-") for name in flagged), done.stdout
    built = _run(corpus, "build")
    assert built.returncode == 2 and "Traceback" not in built.stderr  # the build refuses the same files


def test_the_site_built_from_the_rest_shows_every_payload_as_text(corpus, tmp_path):
    root = tmp_path / "site-project"
    shutil.copytree(corpus, root)
    for name in REFUSED:
        (root / "data" / "papers" / name).unlink()
    done = _run(root, "build")
    assert done.returncode == 0, done.stdout + done.stderr
    pages = sorted((root / "site").rglob("*.html"))
    assert pages
    config_text = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()[0]
    for path in pages:
        text = path.read_text(encoding="utf-8")
        page = BeautifulSoup(text, "html.parser")
        where = path.relative_to(root / "site").as_posix()
        for tag in page.find_all(True):
            events = [a for a in tag.attrs if a.lower().startswith("on")]
            assert not events, (where, tag.name, events)
            for attribute in ("href", "src", "action", "formaction", "xlink:href"):
                value = str(tag.get(attribute, "")).strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (where, tag)
        for script in page.find_all("script"):
            assert not re.search(r"alert\(|x1|x4", script.get_text()), where
        assert not page.find("svg", attrs={"onload": True}) and not page.find("img", src="x")
        assert "1337" not in page.get_text(), where  # {{ 7*191 }} was not evaluated
        assert config_text not in page.get_text() or where.startswith("downloads"), where  # no snippet included
    card = BeautifulSoup((root / "site" / "topics" / "serving" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    shown = card.get_text()
    for name in ("script", "jinja", "snippet", "attr-list", "event"):
        assert PAYLOADS[name][:20] in shown, name  # the payload is on the page, as the text it is
