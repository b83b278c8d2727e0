"""Asking arXiv politely: batches of at most 100 ids, title searches, 3 s between requests, retries, a disk cache.

arXiv asks API users to wait 3 seconds between requests; this client never sends two sooner, and backs
off further when arXiv is busy (HTTP 429 or 5xx) or a request times out. A host that cannot be found or
refuses the connection means there is no network: that is reported at once, without retrying.
The HTTP call is one small function passed in, so tests give recorded answers instead of the network.
"""

from __future__ import annotations

import errno
import hashlib
import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .arxiv_api import MAX_IDS, SEARCH_RESULTS, ApiError, ArxivRecord, parse_feed, query_url, search_url
from ..storage.fileio import write_text_atomic
from ..ids import paper_id_for_arxiv
from ..progress import Progress

Fetch = Callable[[str], bytes]
USER_AGENT = "llm-reading-list/0.1 (python -m generator enrich)"
REQUEST_GAP = 3.0
RETRIES = 3
TIMEOUT = 30.0
_BUSY = {429, 500, 502, 503, 504}
_OFFLINE_ERRNOS = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ECONNREFUSED, errno.ENETDOWN}


def http_get(url: str) -> bytes:
    """The body of a GET request; raises urllib's errors for HTTP errors and network failures."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return response.read()


class Unreachable(OSError):
    """arXiv cannot be reached: no network, or it kept failing after every retry."""


def _is_offline(exc: BaseException) -> bool:
    reason = getattr(exc, "reason", exc)
    return isinstance(reason, (socket.gaierror, ConnectionRefusedError)) or getattr(reason, "errno", None) in _OFFLINE_ERRNOS


@dataclass
class Lookup:
    """What a lookup found: records by id, ids arXiv does not know, batches it refused, and why it stopped early."""

    records: dict[str, ArxivRecord] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unreachable: str | None = None


@dataclass
class ArxivClient:
    """Looks papers up by id through `fetch`, keeping each record in `cache_dir` (when given) for next time."""

    fetch: Fetch = http_get
    cache_dir: Path | None = None
    refresh: bool = False
    gap: float = REQUEST_GAP
    retries: int = RETRIES
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: float | None = None

    def _cache_path(self, arxiv: str) -> Path | None:
        return self.cache_dir / f"{paper_id_for_arxiv(arxiv)}.json" if self.cache_dir else None

    def _cached(self, arxiv: str) -> ArxivRecord | None:
        path = self._cache_path(arxiv)
        if self.refresh or path is None or not path.is_file():
            return None
        try:
            return ArxivRecord.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError):
            return None  # a damaged cache file is simply fetched again

    def _store(self, record: ArxivRecord) -> None:
        path = self._cache_path(record.arxiv)
        if path is not None:
            write_text_atomic(path, json.dumps(record.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n")

    def _wait_turn(self) -> None:
        if self._last is not None:
            wait = self._last + self.gap - self.clock()
            if wait > 0:
                self.sleep(wait)

    def _get(self, url: str) -> bytes:
        """One answer from arXiv, retrying busy answers and timeouts with growing pauses."""
        attempt = 0
        while True:
            self._wait_turn()
            try:
                return self.fetch(url)
            except urllib.error.HTTPError as exc:
                if exc.code == 400:
                    return exc.read()  # arXiv explains a bad request in an error feed
                if exc.code not in _BUSY or attempt == self.retries:
                    raise Unreachable(f"arXiv answered HTTP {exc.code}") from exc
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                if _is_offline(exc):
                    raise Unreachable(f"cannot reach export.arxiv.org ({reason})") from exc
                if attempt == self.retries:
                    raise Unreachable(f"export.arxiv.org did not answer ({reason})") from exc
            finally:
                self._last = self.clock()
            self.sleep(self.gap * 2**attempt)
            attempt += 1

    def lookup(self, ids: Sequence[str], progress: Progress | None = None) -> Lookup:
        """Records for the ids: from the cache where held, else from arXiv in batches of at most MAX_IDS."""
        result = Lookup()
        wanted = list(dict.fromkeys(ids))
        to_fetch = []
        for arxiv in wanted:
            record = self._cached(arxiv)
            if record is None:
                to_fetch.append(arxiv)
            else:
                result.records[arxiv] = record
        if progress:
            progress.advance(len(wanted) - len(to_fetch))
        for start in range(0, len(to_fetch), MAX_IDS):
            batch = to_fetch[start:start + MAX_IDS]
            try:
                records = parse_feed(self._get(query_url(batch)))
            except Unreachable as exc:
                result.unreachable = str(exc)
                break
            except ApiError as exc:
                result.errors.append(f"{', '.join(batch)}: {exc}")
                continue
            for record in records:
                self._store(record)
                result.records[record.arxiv] = record
            result.missing += [a for a in batch if a not in result.records]
            if progress:
                progress.advance(len(batch))
        return result

    def _search_cache_path(self, search_query: str) -> Path | None:
        digest = hashlib.sha256(search_query.encode()).hexdigest()[:20]
        return self.cache_dir / "search" / f"{digest}.json" if self.cache_dir else None

    def _cached_search(self, search_query: str) -> list[ArxivRecord] | None:
        path = self._search_cache_path(search_query)
        if path is None or self.refresh or not path.is_file():
            return None
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            return [ArxivRecord.from_json(r) for r in cached["records"]] if cached.get("query") == search_query else None
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # a damaged cache file is simply fetched again

    def search_together(self, queries: Sequence[str]) -> dict[str, list[ArxivRecord]]:
        """Records for each search expression; those not cached are asked in one request, joined by OR.

        Each expression is cached with the whole answer, a superset of its own records, so that a later
        run asking it in other company needs no request. Raises Unreachable when arXiv cannot be reached
        and ApiError when it refuses the query.
        """
        found = {q: records for q in dict.fromkeys(queries) if (records := self._cached_search(q)) is not None}
        asked = [q for q in dict.fromkeys(queries) if q not in found]
        if asked:
            records = parse_feed(self._get(search_url(" OR ".join(asked), SEARCH_RESULTS * len(asked))))
            for query in asked:
                found[query] = records
                path = self._search_cache_path(query)
                if path is not None:
                    document = {"query": query, "records": [r.to_json() for r in records]}
                    write_text_atomic(path, json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        return found

    def search(self, search_query: str) -> list[ArxivRecord]:
        """The records arXiv finds for one search expression (such as `ti:"..."`), from the cache when asked before."""
        return self.search_together([search_query])[search_query]
