"""`linkcheck` without the internet: verdicts from injected answers, and the real fetcher against a local server."""

from __future__ import annotations

import shutil
import socket
import threading
import urllib.error
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.commands import linkcheck
from generator.cli import main
from generator.commands.linkcheck import Outcome, check_links, fetch, paper_links, render_report, verdict
from generator.model import Links, Paper
from generator.storage.store import write_paper

REPO = Path(__file__).resolve().parent.parent
ANSWERS = {
    "https://github.com/alive/repo": Outcome(status=200),
    "https://github.com/gone/repo": Outcome(status=404),
    "https://old.example.org/project": Outcome(failure="host lookup failed (Name or service not known)",
                                               no_such_host=True),
    "https://paywalled.example.org/paper.pdf": Outcome(status=403),
    "https://huggingface.co/papers/2401.00001": Outcome(status=429),
    "https://slow.example.org/": Outcome(failure="timed out"),
    "https://removed.example.org/": Outcome(status=410),
}


def papers() -> list[Paper]:
    return [
        Paper(id="2401.00001", title="Foo", topics=["serving"],
              links=Links(code=["https://github.com/alive/repo", "https://github.com/gone/repo"],
                          project="https://old.example.org/project", hf="https://huggingface.co/papers/2401.00001")),
        Paper(id="bar", title="Bar", topics=["serving"],
              links=Links(pdf="https://paywalled.example.org/paper.pdf", code=["https://github.com/gone/repo"],
                          other=["https://slow.example.org/", "https://removed.example.org/"])),
    ]


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (Outcome(status=200), "ok"), (Outcome(status=301), "ok"), (Outcome(status=404), "dead"),
        (Outcome(status=410), "dead"), (Outcome(status=403), "unchecked"), (Outcome(status=429), "unchecked"),
        (Outcome(status=500), "unchecked"), (Outcome(failure="timed out"), "unchecked"),
        (Outcome(failure="host lookup failed", no_such_host=True), "dead"),
        (Outcome(failure="host lookup failed (Temporary failure in name resolution)"), "unchecked"),
    ],
)
def test_only_missing_pages_and_hosts_are_dead(outcome, expected):
    assert verdict(outcome)[0] == expected


def test_the_report_is_an_issue_ready_list(tmp_path):
    asked = []

    def fake(url: str) -> Outcome:
        asked.append(url)
        return ANSWERS[url]

    report = check_links(paper_links(papers(), tmp_path / "data", tmp_path), fake)
    assert sorted(asked) == sorted(ANSWERS)  # the URL two papers share is fetched once
    assert render_report(report) == """## Link check: 4 dead link(s)

7 distinct links of 2 papers checked.

### Dead

Fix each link in its file (or remove it), then tick it off.

- [ ] `data/papers/2401.00001.yml` code: `https://github.com/gone/repo` (HTTP 404)
- [ ] `data/papers/2401.00001.yml` project: `https://old.example.org/project` (host lookup failed (Name or service not known))
- [ ] `data/papers/bar.yml` code: `https://github.com/gone/repo` (HTTP 404)
- [ ] `data/papers/bar.yml` other: `https://removed.example.org/` (HTTP 410)

### Could not check

These sites refused or did not answer an automated request; they are not known to be dead.

- `data/papers/2401.00001.yml` hf: `https://huggingface.co/papers/2401.00001` (HTTP 429: rate-limited)
- `data/papers/bar.yml` pdf: `https://paywalled.example.org/paper.pdf` (HTTP 403: the site refuses automated requests)
- `data/papers/bar.yml` other: `https://slow.example.org/` (timed out)
"""


def test_without_any_answer_nothing_is_called_dead(tmp_path):
    offline = Outcome(failure="host lookup failed", no_such_host=True)
    report = check_links(paper_links(papers(), tmp_path / "data", tmp_path), lambda url: offline)
    assert not report.reachable
    assert "nothing is reported dead" in render_report(report)


def test_the_command_exits_1_on_a_dead_link(tmp_path, monkeypatch, capsys):
    (tmp_path / "data").mkdir()
    shutil.copy(REPO / "data" / "topics.yml", tmp_path / "data")
    for paper in papers():
        write_paper(tmp_path / "data", paper)
    monkeypatch.setattr(linkcheck, "fetch", lambda url: ANSWERS[url])
    assert main(["--root", str(tmp_path), "linkcheck"]) == 1
    assert capsys.readouterr().out.startswith("## Link check: 4 dead link(s)\n")
    monkeypatch.setattr(linkcheck, "fetch", lambda url: Outcome(status=200))
    assert main(["--root", str(tmp_path), "linkcheck"]) == 0


class _Site(BaseHTTPRequestHandler):
    """A local site: /ok, /gone (410), /missing (404), /forbidden (403), /busy (429), /no-head (405 to HEAD only)."""

    STATUS = {"/ok": 200, "/gone": 410, "/missing": 404, "/forbidden": 403, "/busy": 429, "/no-head": 200}

    def _answer(self) -> None:
        refused = self.command == "HEAD" and self.path == "/no-head"
        self.send_response(405 if refused else self.STATUS.get(self.path, 404))
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("path", "status"), [("/ok", 200), ("/gone", 410), ("/missing", 404), ("/forbidden", 403),
                                              ("/busy", 429), ("/no-head", 200)])
def test_the_real_fetcher_reads_statuses(site, path, status):
    assert fetch(site + path, timeout=5) == Outcome(status=status)


def test_a_refused_connection_is_not_a_dead_link():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    outcome = fetch(f"http://127.0.0.1:{port}/", timeout=5)
    assert outcome.status is None and verdict(outcome)[0] == "unchecked"


@pytest.mark.parametrize(("code", "dead"), [(socket.EAI_NONAME, True), (socket.EAI_AGAIN, False)])
def test_a_host_that_does_not_exist_is_dead_but_a_resolver_hiccup_is_not(monkeypatch, code, dead):
    def no_dns(request, timeout):
        raise urllib.error.URLError(socket.gaierror(code, "lookup failed"))

    monkeypatch.setattr(linkcheck.urllib.request, "urlopen", no_dns)
    assert (verdict(fetch("https://gone.example.org/"))[0] == "dead") is dead
