"""The progress bar: drawn on a terminal for long runs, silent in pipes, CI logs and short runs."""

import datetime as dt
import io
from pathlib import Path

from generator.commands.ingest import ingest_files
from generator.progress import MIN_ITEMS, Progress, track
from generator.project import copy_project_skeleton

ROOT = Path(__file__).resolve().parents[1]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_run_on_a_terminal_draws_and_then_clears_the_bar():
    stream = Terminal()
    assert list(track(range(MIN_ITEMS), "ingest", stream)) == list(range(MIN_ITEMS))
    drawn = stream.getvalue()
    assert f"ingest [{'#' * 30}] {MIN_ITEMS}/{MIN_ITEMS}" in drawn and drawn.endswith("\r")
    assert drawn.count("\r") <= 2 * MIN_ITEMS + 1, "redrawn only when the line changes"


def test_pipes_and_short_runs_stay_quiet():
    pipe = io.StringIO()
    list(track(range(500), "ingest", pipe))
    short = Terminal()
    list(track(range(MIN_ITEMS - 1), "ingest", short))
    with Progress("enrich", 100, None) as bar:
        bar.advance(100)
    assert pipe.getvalue() == "" and short.getvalue() == ""


def test_ingesting_a_long_listing_shows_progress_on_a_terminal(tmp_path):
    copy_project_skeleton(ROOT, tmp_path, with_papers=False)
    listing = tmp_path / "ids.txt"
    listing.write_text("".join(f"2611.{n:05d}\n" for n in range(1, 46)), encoding="utf-8")
    stream = Terminal()
    ingest_files(tmp_path, [listing], dt.date(2026, 11, 21), stream=stream)
    assert "ingest [" in stream.getvalue() and "45/45" in stream.getvalue()
