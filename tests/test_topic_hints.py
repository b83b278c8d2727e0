"""Topic hints: a heading suggests a topic only when it clearly names one."""

from pathlib import Path

import pytest

from generator.curate.headings import topic_for_heading
from generator.storage.store import load_topics

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "heading, topic",
    [
        ("LLM Systems > Serving > LLM serving", "serving"),
        ("Serving > Inference & Serving systems", "serving"),
        ("Network Pruning / Sparsity", "compression"),
        ("Training > Fault Tolerance / Straggler Mitigation", "training"),
        ("Efficient Fine-tuning", "adaptation"),
        ("Agents", "agents"),
        ("Multi-Modal Training Systems", None),
        ("Training > Multi-Modal Training Systems", None),
        ("Survey (or Benchmark)", None),
        ("Table of Contents", None),
        (None, None),
    ],
)
def test_headings_suggest_a_topic_only_when_clear(heading, topic):
    assert topic_for_heading(heading, load_topics(ROOT / "data")) == topic
