"""`linkcheck`: which of the papers' links are dead, as a Markdown list ready to paste into an issue.

Only a 404, a 410 or a host that does not exist counts as dead. A 403 or 429 is a site refusing robots,
not a missing page, and a timeout says nothing: those are listed as "could not check", never as dead.
The fetcher is a parameter, so tests run without a network.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..model import LINK_FIELDS, Paper
from ..storage.store import load_papers, paper_path
from ..storage.yamlfile import display_path

USER_AGENT = "llm-reading-list-linkcheck/1.0 (checks that the links of a reading list still work)"
DEAD_STATUSES = {404, 410}
# getaddrinfo's answers for "this name does not exist", as opposed to "the resolver could not be asked".
_NO_SUCH_HOST = {getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, name)}


@dataclass(frozen=True)
class Outcome:
    """What asking for one URL gave: an HTTP status, or why there was none."""

    status: int | None = None
    failure: str | None = None
    no_such_host: bool = False


Fetcher = Callable[[str], Outcome]


@dataclass(frozen=True)
class Link:
    """One URL as a paper file holds it."""

    paper: Paper
    file: str
    kind: str
    url: str


@dataclass(frozen=True)
class LinkReport:
    """Every link checked, split into dead and could-not-check, with the reason for each."""

    checked: int
    papers: int
    dead: tuple[tuple[Link, str], ...]
    unchecked: tuple[tuple[Link, str], ...]
    reachable: bool


def fetch(url: str, timeout: float = 20.0) -> Outcome:
    """Ask for a URL with HEAD, then with GET where HEAD is refused (many servers answer HEAD wrongly)."""
    status = None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Outcome(status=response.status)
        except urllib.error.HTTPError as exc:
            status = exc.code
        except urllib.error.URLError as exc:
            return _failure(exc.reason)
        except (TimeoutError, http.client.HTTPException, OSError, ValueError) as exc:
            return _failure(exc)
    return Outcome(status=status)


def _failure(reason: object) -> Outcome:
    if isinstance(reason, socket.gaierror):
        return Outcome(failure=f"host lookup failed ({reason.strerror})", no_such_host=reason.errno in _NO_SUCH_HOST)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return Outcome(failure="timed out")
    if isinstance(reason, ssl.SSLError):
        return Outcome(failure=f"TLS error ({reason.reason or reason})")
    return Outcome(failure=f"connection failed ({reason})")


def verdict(outcome: Outcome) -> tuple[str, str]:
    """("ok" | "dead" | "unchecked", why) for one outcome."""
    if outcome.no_such_host:
        return "dead", outcome.failure or "host does not exist"
    if outcome.failure:
        return "unchecked", outcome.failure
    status = outcome.status
    if status in DEAD_STATUSES:
        return "dead", f"HTTP {status}"
    if status is not None and status < 400:
        return "ok", f"HTTP {status}"
    if status in (401, 403):
        return "unchecked", f"HTTP {status}: the site refuses automated requests"
    if status == 429:
        return "unchecked", "HTTP 429: rate-limited"
    return "unchecked", f"HTTP {status}"


def paper_links(papers: list[Paper], data_dir: Path, root: Path) -> list[Link]:
    """Every link of every paper, in paper and field order."""
    links = []
    for paper in papers:
        shown = display_path(paper_path(data_dir, paper.id), root)
        for kind in LINK_FIELDS:
            value = getattr(paper.links, kind)
            for url in value if isinstance(value, list) else [value] if value else []:
                links.append(Link(paper, shown, kind, url))
    return links


def check_links(links: list[Link], fetcher: Fetcher | None = None, workers: int = 8) -> LinkReport:
    """Fetch each distinct URL once, in parallel, and sort every link by what its URL gave."""
    urls = sorted({link.url for link in links})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = dict(zip(urls, pool.map(fetcher or fetch, urls)))
    dead, unchecked = [], []
    for link in links:
        kind, why = verdict(outcomes[link.url])
        if kind == "dead":
            dead.append((link, why))
        elif kind == "unchecked":
            unchecked.append((link, why))
    # With no answer from any host at all, the network is down: claiming every link dead would be false.
    reachable = not urls or any(o.status is not None for o in outcomes.values())
    return LinkReport(len(urls), len({link.paper.id for link in links}), tuple(dead), tuple(unchecked), reachable)


def render_report(report: LinkReport) -> str:
    """The issue-ready Markdown: a checkbox per dead link, then the links that could not be checked."""
    if not report.reachable:
        return (f"## Link check\n\nNo host answered any of the {report.checked} links; the network seems down, "
                f"so nothing is reported dead.\n")
    lines = [f"## Link check: {len(report.dead)} dead link(s)", "",
             f"{report.checked} distinct links of {report.papers} papers checked.", ""]
    if report.dead:
        lines += ["### Dead", "", "Fix each link in its file (or remove it), then tick it off.", ""]
        lines += [f"- [ ] {_line(link, why)}" for link, why in report.dead] + [""]
    if report.unchecked:
        lines += ["### Could not check", "",
                  "These sites refused or did not answer an automated request; they are not known to be dead.", ""]
        lines += [f"- {_line(link, why)}" for link, why in report.unchecked] + [""]
    return "\n".join(lines)


def _line(link: Link, why: str) -> str:
    # URLs and paths from data go into code spans; a backtick inside one would end it early.
    return f"`{link.file}` {link.kind}: `{link.url.replace('`', '%60')}` ({why})"


def check_project_links(root: Path, fetcher: Fetcher | None = None, workers: int = 8) -> LinkReport:
    """Check the links of every paper that loads; papers with problems are the data check's business."""
    data_dir = root / "data"
    papers, _ = load_papers(data_dir, root)
    return check_links(paper_links(papers, data_dir, root), fetcher, workers)
