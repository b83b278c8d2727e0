"""The README's curator guide shows each curator command with an example and the exit statuses it promises."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def curator_guide() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Curator guide")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_each_curator_command_has_an_example():
    guide = curator_guide()
    for command in ("ingest", "add", "enrich"):
        assert f"python -m generator {command} " in guide, command


def test_the_no_network_exit_status_is_documented():
    from generator.cli import cmd_enrich

    assert "`3` arXiv could not be reached" in curator_guide()
    assert "3 arXiv could not be reached" in cmd_enrich.__doc__
