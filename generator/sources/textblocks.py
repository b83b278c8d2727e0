"""Line and paragraph helpers shared by the plain-text readers, each keeping 1-based line numbers."""

from __future__ import annotations

import re

ABSTRACT_MIN_WORDS = 40


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their line numbers, stripped."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines separated by blank lines, each with the number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not current:
                start = n
            current.append(line.strip())
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def word_count(line: str) -> int:
    return len(line.split())


def looks_like_abstract(line: str) -> bool:
    """A long run of prose: many words and at least one full sentence."""
    words = word_count(line)
    return words >= ABSTRACT_MIN_WORDS or (words >= 20 and bool(re.search(r"[a-z0-9)][.!?]\s+[A-Z]", line)))
