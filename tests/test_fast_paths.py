"""The fast paths give what the slow ones give: the Rust schema check, the alias guard, the YAML construction, the
reader of canonical files, LaTeX, the escapers of HTML, URLs and BibTeX, a memoised list entry, display paths, link previews."""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
import re
from pathlib import Path

import jsonschema_rs

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.catalog import Fragments
from generator.model import Links, Paper, Source
from generator.site.addresses import PREVIEW_CHARS, preview_text
from generator.site.bibtex import _LATEX_ESCAPES, _PROTECT_RE, bibtex_text, bibtex_title
from generator.site.cards import compact_entry
from generator.site.markdown_text import _URL_MAP, html_text, plain_text, safe_url
from generator.storage import yamlfile
from generator.storage import canonical
from generator.storage.canonical import read_canonical
from generator.storage.schema import SCHEMA_PATH, _python_pattern, _validator, is_schema_valid
from generator.storage.store import dump_paper, paper_files, parse_paper
from generator.storage.yamlfile import display_paths, parse_yaml, plain
from generator.text import latex, links
from generator.text.latex import convert_latex, latex_to_text

REPO = Path(__file__).resolve().parent.parent
SHIPPED = paper_files(REPO / "data")
VALID = {
    "id": "2401.05561", "title": "A title", "abstract": "Some words.", "arxiv": "2401.05561",
    "links": {"code": ["https://github.com/a/b"], "hf": "https://huggingface.co/papers/2401.05561"},
    "authors": ["Ann One"], "published": "2024-01-10", "upvotes": 3, "topics": ["serving"], "tags": ["survey"],
    "sources": [{"file": "data/sources/a.txt", "line": 2}], "added": "2026-11-21",
}
# Each breaks one rule; some are near misses a regex or a type check could get wrong.
BROKEN = [
    ("published", "2024-02-31"), ("published", "2024-1-10"), ("published", "2024-01-10\n"), ("published", 20240110),
    ("added", "2026-13-01"), ("id", "Upper"), ("id", "a..b"), ("id", "x" * 101), ("id", "ok\n"), ("title", "   "),
    ("title", ""), ("title", 5), ("title", None), ("title", "t" * 2001), ("abstract", "a" * 20001), ("arxiv", "2401.556"),
    ("arxiv", "2401.05561v2"), ("upvotes", -1), ("upvotes", True), ("upvotes", "3"), ("upvotes", 10**8),
    ("upvotes", 1.5), ("authors_count", 100001), ("topics", []), ("topics", ["serving", "serving"]), ("topics", "serving"),
    ("topics", ["Serving"]), ("tags", ["a b"]), ("links", {"code": ["ftp://x"]}), ("links", {"code": ["https://a b"]}),
    ("links", {"code": ["https://a", "https://a"]}), ("links", {"homepage": "https://a"}), ("links", []),
    ("sources", [{"line": 1}]), ("sources", [{"file": "/etc/passwd"}]), ("sources", [{"file": "../x"}]),
    ("sources", [{"file": "a", "line": 0}]), ("sources", [{"file": "a", "extra": 1}]), ("title_is_derived", "yes"),
    ("authors", ["a"] * 10001), ("authors", [""]), ("unknown_field", 1), (1, "an integer key"), ("upvotes", 10**30),
    ("title", "\x1c"), ("title", " \x85 "), ("links", {"code": ["https://a\x1fb"]}), ("title", {"a", "b"}),
]


def slow_valid(data: object) -> bool:
    return not any(True for _ in _validator().iter_errors(data))


def test_the_compiled_schema_and_jsonschema_agree_on_every_shipped_paper():
    assert SHIPPED
    for path in SHIPPED:
        data = plain(parse_yaml(path.read_text(encoding="utf-8"), path.name)[0])
        assert is_schema_valid(data) == slow_valid(data) is True, path


def _shown(value: object) -> str:
    """A value as a test id, the same in every process: a set's order follows the process's string hashes."""
    return str(sorted(value)) if isinstance(value, (set, frozenset)) else str(value)


@pytest.mark.parametrize("key, value", BROKEN, ids=[f"{k}={_shown(v)[:20]!r}" for k, v in BROKEN])
def test_the_compiled_schema_refuses_what_jsonschema_refuses(key, value):
    data = {**copy.deepcopy(VALID), key: value}
    assert not slow_valid(data)
    assert not is_schema_valid(data)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**8), st.floats(allow_nan=False),
                     st.text(max_size=30), st.sampled_from(["2024-02-29", "2023-02-29", "https://a.b/c", "serving"]))
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.sampled_from(["file", "code", "x"]), inner,
                                                                         max_size=2)), max_leaves=6)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(VALID) + ["links", "organization", "x"]), _values, max_size=4))
def test_whatever_the_compiled_schema_accepts_jsonschema_accepts(changes):
    data = {**copy.deepcopy(VALID), **changes}
    if is_schema_valid(data):
        assert slow_valid(data)


def test_jsonschema_still_names_the_fix_for_a_file_the_fast_path_refuses():
    text = "id: '2401.05561'\ntitle: T\npublished: '2024-02-31'\n"
    _, paper, problems = parse_paper(text, "2401.05561", "data/papers/2401.05561.yml")
    assert paper is None
    assert [(p.line, p.message) for p in problems] == [(3, "published must be a real date, not '2024-02-31'")]


def test_a_file_without_a_star_has_no_alias_and_one_with_an_alias_is_refused():
    plain_text = "id: '2401.05561'\ntitle: Stars * and &anchors\n"
    assert parse_yaml(plain_text, "f.yml")[1] == []
    aliased = "id: &x '2401.05561'\ntitle: *x\n"
    data, problems = parse_yaml(aliased, "f.yml")
    assert data is None and [(p.line, p.column) for p in problems] == [(2, 8)]



# Letters, digits, spaces and every punctuation mark the LaTeX passes might touch, but not the marks themselves.
_NO_MARKS = st.lists(st.sampled_from(list("aAzZ09 \t\n.,;:!?'\"-_%&#*()[]<>|/=+@é–") + ["http://x.y/a_b", "textit"]),
                     max_size=40).map("".join).filter(lambda s: "--" not in s)


@settings(max_examples=150, deadline=None)
@given(_NO_MARKS)
def test_text_without_a_latex_mark_is_what_the_latex_passes_leave_unchanged(text):
    assert convert_latex(text) == text == latex_to_text(text)


def test_every_shipped_title_and_abstract_reads_the_same_through_the_latex_fast_path():
    for path in SHIPPED:
        data = plain(parse_yaml(path.read_text(encoding="utf-8"), path.name)[0])
        for text in (data["title"], data.get("abstract") or ""):
            assert latex_to_text(text) == convert_latex(text), path


def _loaded(load, text: str) -> object:
    """What a load gives, with every line and column the loader kept, or the error it raises."""
    def lined(value: object) -> object:
        if isinstance(value, dict):
            kept = [getattr(value, name, None) for name in ("line", "lines", "columns")]
            return ("map", type(value).__name__, *kept, {k: lined(v) for k, v in value.items()})
        if isinstance(value, list):
            kept = [getattr(value, name, None) for name in ("line", "lines")]
            return ("seq", type(value).__name__, *kept, [lined(v) for v in value])
        return (type(value).__name__, value)

    try:
        return lined(load(text))
    except (yaml.YAMLError, RecursionError) as exc:
        return ("error", type(exc).__name__, str(exc))


TRICKY_YAML = [
    "", "# only a comment\n", "id: a\n---\nid: b\n", "id: &anchor a\ntitle: b\n", "<<: {id: a}\ntitle: b\n",
    "id: a\nid: b\n", "upvotes: 1234567890123456789012\n", "upvotes: 0x1f\nauthors_count: 1_000\n",
    "title: !!binary aGVsbG8=\n", "title: !custom x\n", "x: !!set {a, b}\n", "x: !!omap [{a: 1}]\n",
    "published: 2024-01-10\nadded: 2024-01-10 10:00:00\n", "a: yes\nb: no\nc: true\nd: False\ne: ~\nf: null\n",
    "a: 1.5\nb: .inf\nc: -.nan\nd: 1e3\n", "{id: a, tags: [x, y], links: {code: [u]}}\n", "? [a, b]\n: c\n",
    "1: a\ntrue: b\nnull: c\n", "1.5: a\n", "a:\n  - b\n  -\n    - c\n  - {d: e}\n", "- a\n- b\n", "plain scalar\n",
    "title: |\n  two\n  lines\nabstract: >-\n  folded\n  text\n", "a: 'it''s'\nb: \"\\u00e9\\t\"\n",
    "a: [" * 30 + "]" * 30 + "\n", "a: {b: [1, {c: d}]\n", "id: a\n  bad: indent\n", "a: b: c\n",
]


@pytest.mark.parametrize("text", TRICKY_YAML)
def test_the_direct_construction_gives_what_the_loader_gives(text):
    assert _loaded(yamlfile._load, text) == _loaded(lambda t: yaml.load(t, Loader=yamlfile._Loader), text)


def test_the_direct_construction_gives_what_the_loader_gives_on_every_shipped_file():
    for path in [*SHIPPED, *sorted((REPO / "data").glob("*.yml"))]:
        text = path.read_text(encoding="utf-8")
        assert _loaded(yamlfile._load, text) == _loaded(lambda t: yaml.load(t, Loader=yamlfile._Loader), text), path


def _schema_patterns() -> list[str]:
    return sorted({json.loads(p) for p in re.findall(r'"pattern": ("(?:[^"\\\\]|\\\\.)*")', SCHEMA_PATH.read_text())})


# Where Python's re and ECMAScript's expressions could part: Latin-1, the general punctuation (spaces, separators,
# joiners), every other space and format character.
_CHARACTERS = sorted({chr(c) for c in [*range(0x250), *range(0x2000, 0x2070), 0x3000, 0xFEFF, 0xFFFE, 0x1F600]}
                     | {chr(c) for c in range(0x10000) if chr(c).isspace()})


@pytest.mark.parametrize("pattern", _schema_patterns())
def test_each_schema_pattern_reads_every_character_as_python_does_or_stricter(pattern):
    fast = jsonschema_rs.validator_for({"type": "string", "pattern": _python_pattern(pattern)})
    slow = re.compile(pattern)
    for char in _CHARACTERS:
        for text in (char, f"a{char}b", f"https://a{char}", f"2401.0556{char}"):
            if fast.is_valid(text):
                assert slow.search(text), (pattern, text)
            elif slow.search(text):
                assert char == "\ufeff", (pattern, text)  # ECMAScript's \s holds it: refused, then jsonschema passes it


def _slow_plain(text: str) -> object:
    try:
        return plain(yaml.load(text, Loader=yamlfile._Loader))
    except (yaml.YAMLError, RecursionError) as exc:
        return ("error", type(exc).__name__)


CANONICAL_EXTRA = [
    "id: a\ntitle: 'it''s: ok'\n", "id: a\ntitle: 'two\n  lines'\n", "id: a\ntitle: 'a\n\n\n  b '\n",
    "id: a\ntitle: plain\n  folded\n\n  para\n", "id: a\nlinks:\n  code:\n    - https://x\n  hf: https://y\n",
    "sources:\n  - file: a\n    line: 3\n  - file: b\n", "a:\nb: 1\n", "tags: []\nlinks: {}\n", "a: \"q\"\n",
    "a: \"q\\tq\"\n", "a:\n- b\n", "a: b # c\n", "a: b\n# c\n", "# c\n\na: 1_000\nb: 0x1f\nc: 012\nd: .5\n",
    "a: ~\nb: null\nc: True\nd: yes\ne: 2024-01-10\nf: 1e3\n", "a: 'x'  \nb: 'x' y\n", "true: a\n", "a: b:\n",
    "a:\n  - - b\n", "a:\n  - \n", "a: x\n  - y\n", "a: 'x\nb: y\n", "a: x\n\tb\n", "a: x\r\nb: y\r\n", "- a\n",
    "a: x\n   y: z\n", "a:\n  b: 1\n c: 2\n", "a: 'x\n  y' z\n", "a: =\n", "a: <<\n", "a: -1\nb: +2\n",
    "a: 'two  \n   lines  \n  \n  end '\n", "a: x  \n  y  \n\n  \nb: z\n", "a: '\n  b'\n", "a: 'b\n  ''c'''\n",
    "a:\n  - x\n    y\n  - 'p\n    q'\nb:\n  - c: 1\n    d:\n      - e\n",
]


@pytest.mark.parametrize("text", TRICKY_YAML + CANONICAL_EXTRA)
def test_the_canonical_reader_gives_what_the_loader_gives_or_nothing(text):
    fast = read_canonical(text)
    if fast is not None:
        assert fast == _slow_plain(text)
        assert repr(fast) == repr(_slow_plain(text))  # 1 and 1.0, True and 1 are equal, not the same


def test_the_canonical_reader_reads_every_shipped_paper_as_the_loader_does():
    for path in SHIPPED:
        text = path.read_text(encoding="utf-8")
        assert read_canonical(text) == _slow_plain(text), path


# What a title holds, with every mark that makes the emitter quote or fold it (one it must escape gives a file the
# canonical reader leaves to the loader).
_text = st.lists(st.sampled_from([*"aZ09 '\"#:-,.[]{}&*!|>%@`?~=<\\\n", "é", "—", "\u00a0", "word ", "long words " * 12]),
                 max_size=20).map("".join)
_papers = st.builds(
    Paper, id=st.just("2401.05561"), title=_text, abstract=st.none() | _text, arxiv=st.none() | st.just("2401.05561"),
    links=st.builds(Links, code=st.lists(_text, max_size=2), project=st.none() | _text, other=st.lists(_text, max_size=2)),
    authors=st.lists(_text, max_size=3), authors_count=st.none() | st.integers(0, 10**20), venue=st.none() | _text,
    published=st.none() | st.dates(dt.date(1990, 1, 1)), upvotes=st.none() | st.integers(-5, 10**6),
    topics=st.lists(_text, max_size=3), tags=st.lists(_text, max_size=3),
    sources=st.lists(st.builds(Source, file=_text, line=st.none() | st.integers(0, 99), heading=st.none() | _text),
                     max_size=2))


@settings(max_examples=150, deadline=None)
@given(_papers)
def test_every_file_dump_paper_writes_reads_as_the_loader_reads_it(paper):
    text = dump_paper(paper)
    fast = read_canonical(text)
    if fast is not None:
        assert repr(fast) == repr(_slow_plain(text))


_pieces = st.sampled_from(["a", "b c", "'", "''", '"', " #", "#", ": ", ":", "1", "0x1", "1.5", "~", "true", "[]", "{}",
                           "[a]", "|", ">", "&x", "*x", "!x", "é", "\u2028", "\t", "-", "- ", " ", "  ", "\n", "\n\n",
                           "---", "2024-01-10", "key: ", "key:\n  "])


@st.composite
def _edited_files(draw) -> str:
    """A file dump_paper wrote, with a few pieces put in or cut out anywhere: near misses of the canonical form."""
    text = dump_paper(draw(_papers))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(_pieces) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 3)):]
    return text


@settings(max_examples=200, deadline=None)
@given(_edited_files())
def test_any_text_the_canonical_reader_takes_reads_as_the_loader_reads_it(text):
    fast = read_canonical(text)
    if fast is not None:
        assert repr(fast) == repr(_slow_plain(text))


def _hostile_texts() -> list[tuple[str, str]]:
    from test_hostile_corpus import PAYLOADS, REFUSED, _paper
    from test_hostile_files import CASES

    texts = [(name, data.decode("utf-8", "replace")) for name, data, _, _ in CASES.values()]
    texts += [(name, text) for name, text in REFUSED.items()]
    texts += [(f"hostile-{name}.yml", _paper(name, payload, n)) for n, (name, payload) in enumerate(PAYLOADS.items())]
    return texts


def test_a_build_reads_every_hostile_file_as_check_does():
    vocabulary = {"topics": {"serving"}, "tags": {"code"}}
    for name, text in _hostile_texts():
        stem, shown = Path(name).stem, f"data/papers/{name}"
        fast = parse_paper(text, stem, shown, vocabulary, lines=False)
        slow = parse_paper(text, stem, shown, vocabulary)
        assert (fast[1], fast[2]) == (slow[1], slow[2]), name


def test_a_file_in_canonical_form_with_a_problem_is_reported_at_its_line():
    text = dump_paper(Paper(id="2401.05561", title="T", topics=["serving"], published=dt.date(2024, 1, 10)))
    text = text.replace("2024-01-10", "2024-02-31")
    assert read_canonical(text) is not None
    _, paper, problems = parse_paper(text, "2401.05561", "data/papers/2401.05561.yml", lines=False)
    assert paper is None
    assert [(p.line, p.message) for p in problems] == [(5, "published must be a real date, not '2024-02-31'")]


# Text with every character the escapers change, controls and odd spaces among them, and plain words.
_ESCAPABLE = st.lists(st.sampled_from(list("aZ9 .-'\"&<>\\{}$%#_^~|`*[]()!:\x00\x01\x1f\x7f\x85\xa0\t\n\u2028é")
                                      + ["QuIP", "GPT-4", "https://a.b/c?d=1&e=2", "  "]), max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(_ESCAPABLE)
def test_the_escapers_fast_paths_give_what_escaping_every_character_gives(text):
    assert html_text(text) == html.escape(plain_text(text), quote=True)
    assert bibtex_text(text) == plain_text(text).translate(_LATEX_ESCAPES)
    words = latex_to_text(text).split()
    slow_title = " ".join("{" + bibtex_text(w) + "}" if _PROTECT_RE.search(w) else bibtex_text(w) for w in words)
    assert bibtex_title(text) == slow_title
    url = "https://x.y/" + text
    assert safe_url(url) == url.strip().translate(_URL_MAP)


def test_a_memoised_list_entry_is_the_entry_made_afresh_for_every_way_to_the_root():
    paper = Paper(id="2401.05561", title="A $x$ title", authors=["A <b>", "B & C", "D", "E"], tags=["survey"],
                  links=Links(code=["https://github.com/a/b?x=1&y=2"]), topics=["serving"])
    memo = Fragments()
    for to_root in ("", "../", "../../"):
        assert compact_entry(paper, to_root, anchor=True, memo=memo) == compact_entry(paper, to_root, anchor=True)


def _slow_display_path(path: Path, root: Path) -> str:
    try:
        return (path.absolute().parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def test_display_paths_names_each_file_as_resolving_its_own_folder_does(tmp_path, monkeypatch):
    root = tmp_path / "project"
    (root / "data" / "papers").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (root / "data" / "linked").symlink_to(tmp_path / "elsewhere")
    monkeypatch.chdir(root / "data")
    paths = [root / "data" / "papers" / "a.yml", Path("papers/b.yml"), Path("c.yml"), root / "top.yml",
             tmp_path / "elsewhere" / "d.yml", root / "data" / "linked" / "e.yml", Path("papers/.."), Path("../x.yml"),
             Path("/"), Path("papers") / "f g.yml"]
    assert display_paths(paths, root) == [_slow_display_path(path, root) for path in paths]
    assert display_paths(paths, Path("..")) == [_slow_display_path(path, Path("..")) for path in paths]


# Where a sentence ends, as the preview's pattern found it before it started from the end's mark.
_SENTENCE_SPACE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")


def _slow_preview_text(text: str) -> str:
    sentence = _SENTENCE_SPACE.split(" ".join(text.split()), maxsplit=1)[0]
    return sentence if len(sentence) <= PREVIEW_CHARS else sentence[:PREVIEW_CHARS].rsplit(" ", 1)[0] + " …"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["A", "b", "9", "(", '"', "'", ".", "!", "?", " ", "  ", "\t", "\n", "\x1c", "\x85", "\xa0",
                                 "\u2028", "x" * 120]), max_size=40).map("".join))
def test_a_preview_is_the_first_sentence_of_the_text_with_its_spaces_made_single(text):
    assert preview_text(text) == _slow_preview_text(text)


def _every_latex_pass(s: str) -> str:
    """convert_latex as it was before its passes were guarded: every pass run on every text."""
    held: list[str] = []

    def hold(text: str) -> str:
        held.append(text)
        return latex._HOLD.format(len(held) - 1)

    s = latex._DOUBLED_URL_RE.sub(r"\1", s)
    s = latex._URL_CMD_RE.sub(r"\1", s)
    s = latex._URL_RE.sub(lambda m: hold(latex._URL_ESCAPE_RE.sub(r"\1", m.group())), s)
    s = latex._ESCAPED_RE.sub(lambda m: hold(m.group(1)), s)
    s = latex._HREF_RE.sub(lambda m: m.group(2).strip() or m.group(1), s)
    s = latex._SYMBOL_ACCENT_RE.sub(latex._accented, s)
    s = latex._LETTER_ACCENT_RE.sub(latex._accented, s)
    s = latex._MATH_RE.sub(lambda m: latex._math_to_text(m.group(1) or m.group(2) or m.group(3)), s)
    s = latex._TEXT_POWER_RE.sub(lambda m: "".join(latex._SUPERSCRIPTS[c] for c in m.group(1) or m.group(2)), s)
    s = latex._DOUBLE_QUOTES_RE.sub(r"“\1”", s)
    s = latex._SINGLE_QUOTES_RE.sub(r"‘\1’", s)
    s = latex._FONT_SWITCH_RE.sub("", s)
    s = latex._FORMAT_CMD_RE.sub("", s)
    s = latex._SPACING_RE.sub(" ", s)
    s = latex._NO_WIDTH_RE.sub("", s)
    s = latex._MACRO_RE.sub(lambda m: latex._SYMBOLS.get(m.group(1), m.group(1)), s)
    s = s.replace("{", "").replace("}", "")
    s = latex._TIE_RE.sub(" ", s)
    for pattern, dash in latex._DASHES:
        s = pattern.sub(dash, s)
    return latex._HELD_RE.sub(lambda m: held[int(m.group(1))], s)


_LATEX_PIECES = st.lists(st.sampled_from(
    ["\\", "\\\\", "{", "}", "$", "$$", "^", "_", "`", "``", "'", "''", "~", "--", "---", "://", "https://a.b/c_d",
     "\\url{", "\\href{", "textbf", "\\textit", "\\emph", "\\it ", "\\'", '\\"', "\\v", "e", "i", "\\i", "A", "2",
     " ", "\n", "\\,", "\\!", "\\alpha", "\\textbackslash", "\\textasciitilde", "x", "(", ")", "%", "&", "#"]),
    max_size=30).map("".join)


@settings(max_examples=250, deadline=None)
@given(_LATEX_PIECES)
# One text for each guarded pass, which random text may miss.
@example("`x' and ``y''")
@example("a `word' only")
@example("a~b, 3 -- 4, a --- b, O(n^2), x^{2}, $x_1^2$ and $$y$$")
@example("\\url{https://a.b/c_d} https://a.b/c{https://a.b/c} \\href{https://a.b}{the site}")
@example("Erd\\H{o}s, \\'e, \\v{s}, \\\\'{i}, textbf{x}, {\\it x}, a\\,b\\!c, \\alpha, \\$5, \\textasciitilde 3")
def test_the_latex_passes_run_only_where_their_mark_is_give_what_every_pass_gives(text):
    assert convert_latex(text) == _every_latex_pass(text)


def test_every_shipped_title_and_abstract_converts_as_every_latex_pass_converts_it():
    for path in SHIPPED:
        data = plain(parse_yaml(path.read_text(encoding="utf-8"), path.name)[0])
        for text in (data["title"], data.get("abstract") or ""):
            assert convert_latex(text) == _every_latex_pass(text), path


# Near misses of the quick path's shapes: lists of words the resolvers turn into other things, items folded or
# nested, mappings in lists with lists in them, keys alone, quotes and marks at the ends of lines.
QUICK_EXTRA = [
    "tags:\n  - true\n  - null\n  - no\n  - 1\n  - 2024-01-10\n  - 0x1f\n  - .5\n  - ~\n  - Yes\n  - n\n",
    "tags:\n  - a \n  - b\n", "tags:\n  - a:\n", "tags:\n  - a#b\n  - a #b\n", "tags:\n  - a\n   b\n", "tags:\n  - a\n    b\n",
    "tags:\n  - a\n  -  b\n", "tags:\n  - a\n - b\n", "tags:\n   - a\n   - b\n", "tags:\n  - a\n\n  - b\n", "tags:\n  -\n",
    "sources:\n  - file: a\n    line: 3\n    format: x\n  - file: b\n    line:\n", "sources:\n  - file: a\n     line: 3\n",
    "sources:\n  - file: a\n    file: b\n", "sources:\n  - file: a\n    tags:\n      - x\n", "sources:\n  - file: 'a: b'\n",
    "links:\n  code:\n    - https://x\n    - https://y\n  project: https://z\n  hf:\n", "links:\n  code:\n  - https://x\n",
    "links:\n  code:\n    - https://x\n  other:\n    - https://y\n", "links:\n  a: 1\n  a: 2\n", "links:\n  a: 1\n    b: 2\n",
    "links:\n  a:\n    b: 1\n", "links:\n  true: x\n", "a: 'x''\n  y'''\n", "a: 'x'\n  y\n", "a: x\n  'y'\n", "a: x\n  y:\n",
    "a: x\n  #y\n", "a: x\n  - y\n", "a: t\n  rue\n", "a: 1\n  2\n", "a: \"x\"\n  y\n", "a: [] \n", "a: {}\n  b\n",
    "# c\n#\n\nid: a\n", "id: a\n\n\ntitle: b\n", "id: a", "id: a\n  \n", "id:a\n", "id:  \ntitle: b\n", "\nid: a\n",
]


@pytest.mark.parametrize("text", QUICK_EXTRA)
def test_the_canonical_readers_quick_path_gives_what_the_loader_gives_or_nothing(text):
    fast = read_canonical(text)
    if fast is not None:
        assert repr(fast) == repr(_slow_plain(text))


def test_every_shipped_paper_takes_the_quick_path():
    for path in SHIPPED:
        text = path.read_text(encoding="utf-8")
        assert repr(canonical._quick(text)) == repr(canonical._scanned(text)), path


@settings(max_examples=200, deadline=None)
@given(_papers)
def test_the_quick_path_reads_what_dump_paper_writes_as_the_line_scanner_does(paper):
    text = dump_paper(paper)
    try:
        quick = canonical._quick(text)
    except (canonical._Unsure, canonical._Other):
        return
    assert repr(quick or None) == repr(canonical._scanned(text))


# Front matter text: what PyYAML quotes (numbers, booleans, null words, dates, indicators, a colon or hash in
# context, leading and trailing spaces), what it cannot write on one line, and plain words.
_FRONT_TEXT = st.lists(st.sampled_from(["a", "Z", "9", " ", ":", "#", "-", "?", "'", '"', "&", "*", "!", "|", ">", "%",
                                        "@", "`", ",", "[", "]", "{", "}", "~", ".", "é", "\xa0", "\x85", "\n", "\t",
                                        "\u2028", "\ufeff", "\x00", "😀", "2024", "yes", "null", "true", "1e3", "0x1F",
                                        "2024-01-10", "---", "...", "<b>", "&amp;"]), max_size=8).map("".join)
_FRONT_VALUE = st.one_of(_FRONT_TEXT, st.integers(-5, 10**12), st.booleans(), st.none(), st.just("t" * 801))
_SECTION = st.fixed_dictionaries({"id": _FRONT_TEXT, "title": _FRONT_TEXT})
_FRONT_MATTER = st.dictionaries(
    st.one_of(st.sampled_from(["title", "description", "feed", "nav_order"]), _FRONT_TEXT),
    st.one_of(_FRONT_VALUE, st.fixed_dictionaries({"exclude": st.booleans()}),
              st.lists(st.one_of(_SECTION, _SECTION.map(lambda s: {**s, "sections": [s, dict(s)]})), max_size=3),
              st.lists(_FRONT_VALUE, max_size=3)),
    max_size=5)
# One dict twice, which PyYAML writes as an anchor and an alias.
_SAME_SECTION = {"id": "a", "title": "b"}
_LIST_FRONT_MATTER = {"title": "Tag: it&#x27;s (page 2 of 3)", "description": "Ops: a #tag", "feed": "feeds/tags/x.xml",
                      "nav_order": 3, "search": {"exclude": True},
                      "sections": [{"id": "papers_here", "title": "Papers",
                                    "sections": [{"id": "year_2024", "title": "2024"}, {"id": "year_undated", "title": "Undated"}]}]}


@settings(max_examples=120, deadline=None)
@given(_FRONT_MATTER)
@example(_LIST_FRONT_MATTER)
@example({"title": "", "feed": " lead", "x": "trail ", "y": "- dash", "z": "~"})
@example({})
@example({"sections": [_SAME_SECTION, _SAME_SECTION]})
@example({"hide": ["navigation", "toc"], "mixed": [{"a": 1}, "b"], "nested": [["x"]]})
def test_front_matter_is_written_as_pyyaml_dumps_it(front_matter):
    from generator.site.page import front_matter_text

    assert front_matter_text(front_matter) == yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True, width=1000)


def test_a_list_pages_front_matter_is_written_without_pyyaml(monkeypatch):
    from generator.site import page

    expected = yaml.safe_dump(_LIST_FRONT_MATTER, sort_keys=False, allow_unicode=True, width=1000)
    monkeypatch.setattr(page.yaml, "safe_dump", None)
    assert page.front_matter_text(_LIST_FRONT_MATTER) == expected


@settings(max_examples=80, deadline=None)
@given(_papers, st.integers(0, 3))
@example(Paper(id="x", title="t", authors=["A", 3]), 2)
def test_a_papers_json_record_is_what_encoding_its_whole_record_gives(paper, level):
    from generator.site.exports import paper_record, record_json
    from generator.site.json_text import json_text

    record = paper_record(paper)
    assert record_json(paper, level) == json_text(record, level)
    if level == 0 and all(type(a) is str for a in paper.authors):
        assert record_json(paper, 0) == json.dumps(record, ensure_ascii=False, indent=1)


# The patterns as they were written before each started from its mark, its look-behind moved after it.
_LOOK_BEHIND_FIRST = [
    (latex._TIE_RE, r"(?<=[A-Za-z.,;:)])~(?=[A-Za-z0-9(])", " "),
    (latex._DASHES[0][0], r"(?<=\s)---(?=\s)", "—"),
    (latex._DASHES[1][0], r"(?<=\s)--(?=\s)|(?<=\d)--(?=\d)", "–"),
    (latex._SINGLE_QUOTES_RE, r"(?<![\w`])`([^`'\n]+)'(?![\w'])", r"‘\1’"),
    (links._NO_SCHEME_RE, r"(?<![\w:/])//(?=[\w-]+(?:\.[\w-]+)+/)", "https://"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["~", "-", "--", "`", "'", "/", "//", ":", ".", ",", ")", "(", "a", "Z", "é", "7", "_", " ",
                                 "\n", "\t", "x.y/"]), max_size=30).map("".join))
def test_a_pattern_started_from_its_mark_replaces_what_its_look_behind_first_form_replaced(text):
    for pattern, original, replacement in _LOOK_BEHIND_FIRST:
        assert pattern.sub(replacement, text) == re.compile(original).sub(replacement, text), original
