"""The readers: each seed format, sniffing, and the tricky forms listings take."""

import datetime as dt
from pathlib import Path

import pytest

from generator.sources import UnknownFormat, read_listing, sniff_format
from generator.text.links import classify_urls, find_urls
from generator.text.titles import derive_title, normalize_title
from generator.text.venue import venue_from_comment

ROOT = Path(__file__).resolve().parents[1]
ABSTRACT = (
    "Large language models are expensive to serve at scale. We propose FooServe, a serving system that "
    "batches requests across many adapters to raise throughput without hurting latency. Experiments on "
    "real traces show large gains over strong baselines across several model sizes and workloads."
)


def read(text, fmt=None):
    return read_listing(text, "listing.txt", fmt)


def test_arxiv_abstracts_trailer_glued_to_next_abstract():
    text = (
        f"{ABSTRACT}\nAccepted to FPGA'24\narXiv:2401.03868{ABSTRACT.replace('FooServe', 'BarNet')}\n"
        "Under review\narXiv:2308.14929v2\n"
    )
    fmt, entries = read(text)
    assert fmt == "arxiv-abstracts"
    assert [e.arxiv for e in entries] == ["2401.03868", "2308.14929"]
    assert entries[0].venue == "FPGA'24" and entries[0].comments == ["Accepted to FPGA'24"]
    assert entries[1].venue is None and entries[1].comments == ["Under review"]
    assert "BarNet" in entries[1].abstract and entries[1].source.line == 3


def test_arxiv_abstracts_without_trailer_keeps_entries_apart():
    text = f"arXiv:2401.00001{ABSTRACT}\n{ABSTRACT.replace('FooServe', 'Other')}\narXiv:2401.00002\n"
    _, entries = read(text, "arxiv-abstracts")
    assert [e.arxiv for e in entries] == [None, "2401.00002"]


def test_hf_search_pairs_titles_and_abstracts_and_drops_chrome():
    text = (
        "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n"
        f"SubscribeS-LoRA: Serving Thousands of Concurrent LoRA Adapters\n{ABSTRACT}\n"
        f"Second Paper Title\n{ABSTRACT.replace('FooServe', 'Second')}\n"
    )
    fmt, entries = read(text)
    assert fmt == "hf-search"
    assert [e.title for e in entries] == ["S-LoRA: Serving Thousands of Concurrent LoRA Adapters", "Second Paper Title"]
    assert entries[0].source.line == 3


def test_hf_daily_metadata_never_shifts_to_the_next_card():
    text = (
        "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
        "byAK and the research community\n\nOct 27\n\n"
        f"First Title\n\n{ABSTRACT}\n\n  • 8 authors\n·\nMar 30 1\n\n"
        f"Second Title Without Metadata\n\n{ABSTRACT.replace('FooServe', 'Two')}\n\n"
        f"Third Title\n\n{ABSTRACT.replace('FooServe', 'Three')}\n\nopenbmb OpenBMB\n·\nDec 5, 2024 2\n"
    )
    fmt, entries = read(text)
    assert fmt == "hf-daily"
    first, second, third = entries
    assert (first.authors_count, first.upvotes, first.published) == (8, 1, dt.date(2025, 3, 30))
    assert (second.authors_count, second.published, second.upvotes, second.organization) == (None, None, None, None)
    assert (third.organization, third.published, third.upvotes) == ("OpenBMB", dt.date(2024, 12, 5), 2)
    assert all(e.published != dt.date(2025, 10, 27) for e in entries), "the page date is not a paper date"


def test_hf_daily_without_metadata_and_yearless_dates_without_any_year():
    text = f"Jun 4\n\nA Title\n\n{ABSTRACT}\n\n• 3 authors\n·\nMar 5\n"
    _, entries = read(text)
    assert entries[0].title == "A Title" and entries[0].published is None and entries[0].authors_count == 3


def test_bare_abstracts_one_a_line():
    text = f"{ABSTRACT}\n{ABSTRACT.replace('FooServe', 'Oobleck')}\n"
    fmt, entries = read(text)
    assert fmt == "abstracts" and len(entries) == 2 and entries[1].title is None


def test_unknown_format_is_refused():
    with pytest.raises(UnknownFormat):
        sniff_format("just one short line")
    with pytest.raises(UnknownFormat):
        read("x", "no-such-format")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("code at https://github.com/a/b.", ["https://github.com/a/b"]),
        ("code at //github.com/jerry-chee/QuIP .", ["https://github.com/jerry-chee/QuIP"]),
        ("releasing our code at github.com/UCSC-VLAA/Sight-Beyond-Text, we", ["https://github.com/UCSC-VLAA/Sight-Beyond-Text"]),
        ("The libraryhttps://github.com/modelscope/modelscope-agent is", ["https://github.com/modelscope/modelscope-agent"]),
        ("at \\href{https://github.com/l/fednar}{https://github.com/l/fednar}.", ["https://github.com/l/fednar"]),
        ("at https://llm-stacking.github.io/{https://llm-stacking.github.io/}.", ["https://llm-stacking.github.io/"]),
        ("code (https://github.com/linkedin/ControlLLM) and", ["https://github.com/linkedin/ControlLLM"]),
        ("(at https://www.llm360.ai).", ["https://www.llm360.ai"]),
        ("see https://en.wikipedia.org/wiki/A_(b).", ["https://en.wikipedia.org/wiki/A_(b)"]),
        ("speeds of 1.5x and e.g. foo/bar", []),
    ],
)
def test_find_urls_in_every_form(text, expected):
    assert find_urls(text) == expected


def test_classify_urls_sorts_code_project_and_hub_links():
    links = classify_urls([
        "https://github.com/a/b", "https://a.github.io/demo", "https://huggingface.co/papers/2401.00001",
        "https://huggingface.co/org/model", "https://github.com/a", "https://example.org/data",
    ])
    assert links.code == ["https://github.com/a/b"]
    assert links.project == "https://a.github.io/demo"
    assert links.hf == "https://huggingface.co/papers/2401.00001"
    assert links.other == ["https://huggingface.co/org/model", "https://github.com/a", "https://example.org/data"]


@pytest.mark.parametrize(
    "line, venue",
    [
        ("Accepted to FPGA'24", "FPGA'24"),
        ("Accepted at NeurIPS 2023 (spotlight)", "NeurIPS 2023"),
        ("ACMMM2023", "ACMMM2023"),
        ("Thirty-seventh Conference on Neural Information Processing Systems", "Thirty-seventh Conference on Neural Information Processing Systems"),
        ("Under review", None),
        ("Released under Apache License 2.0 at https://github.com/x/y", None),
        ("This work is still under work and we welcome your contribution", None),
        ("12 pages, 5 figures", None),
    ],
)
def test_venue_from_comment(line, venue):
    assert venue_from_comment(line) == venue


@pytest.mark.parametrize(
    "abstract, title",
    [
        ("This work studies quantization. We introduce quantization with incoherence processing (QuIP), a new method based on insight.",
         "QuIP: Quantization with incoherence processing"),
        ("Oobleck enables resilient distributed training of large DNN models with guaranteed fault tolerance. Oobleck is fast.",
         "Oobleck: Resilient distributed training of large DNN models with guaranteed fault tolerance"),
        ("LLMs are costly. This paper proposes FlightLLM, enabling efficient LLMs inference with a complete mapping flow on FPGAs.",
         "FlightLLM: Enabling efficient LLMs inference with a complete mapping flow on FPGAs"),
        ("QA is hard. In this work, we propose a new model, QA-GNN, which addresses the above challenges.",
         "QA-GNN: A new model that addresses the above challenges"),
        ("Weight decay matters. We develop {\\it Federated optimization with Normalized Annealing Regularization} (FedNAR), a plug-in.",
         "FedNAR: Federated optimization with Normalized Annealing Regularization"),
    ],
)
def test_derived_titles_name_the_system_and_what_it_is(abstract, title):
    assert derive_title(abstract) == title


def test_derived_title_falls_back_to_a_readable_claim():
    title = derive_title("Models are big. We propose a novel approach to speaker diarization that uses context cues.")
    assert title.startswith("A novel approach to speaker diarization")


def test_normalized_titles_ignore_case_and_punctuation():
    assert normalize_title("S-LoRA: Serving  Thousands!") == normalize_title("s lora serving thousands")


SEED_COUNTS = {
    "000_30f7c69f638572f5.txt": ("arxiv-abstracts", 10),
    "001_37f5cc389d24c71a.txt": ("hf-search", 71),
    "002_d25409e3f2e3aec4.txt": ("hf-daily", 36),
    "003_4364cfb9ade7291a.txt": ("hf-daily", 91),
    "004_c648f344385ea7be.txt": ("abstracts", 11),
}


@pytest.mark.parametrize("name", sorted(SEED_COUNTS))
def test_each_seed_listing_is_read_completely(name):
    text = (ROOT / "data" / "sources" / name).read_text(encoding="utf-8")
    fmt, entries = read(text)
    assert (fmt, len(entries)) == SEED_COUNTS[name]
    assert all(e.abstract for e in entries)
    assert all(e.title for e in entries) == (fmt in ("hf-search", "hf-daily"))


def test_seed_daily_page_cards_keep_their_own_metadata():
    text = (ROOT / "data" / "sources" / "003_4364cfb9ade7291a.txt").read_text(encoding="utf-8")
    entries = {e.title: e for e in read(text)[1]}
    assert entries["EfficientLLM: Efficiency in Large Language Models"].authors_count is None
    assert entries["Small LLMs Are Weak Tool Learners: A Multi-LLM Agent"].upvotes == 2
    assert entries["Densing Law of LLMs"].organization == "OpenBMB"
    assert entries["Hyper-RAG: Combating LLM Hallucinations using Hypergraph-Driven Retrieval-Augmented Generation"].published == dt.date(2025, 3, 30)
