"""Each paper's pieces rendered once and kept: fast paths equal to their slow ones, kept pieces equal to fresh ones."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import xml.etree.ElementTree as ET

from conftest import make_papers
from generator.catalog import Fragments, build_catalog
from generator.site.addresses import SiteAddress
from generator.site.exports import paper_record
from generator.site.feeds import render_feeds
from generator.site.json_text import Encoded, json_text
from generator.site.markdown_text import plain_text
from generator.site.pages import render_site

# Every kind of character plain_text treats apart: C0 and C1 controls, each Unicode space, and plain text.
_CHARS = [chr(c) for c in range(0x00, 0xA1)] + list("\u1680\u2000\u2007\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
                                                     "é₂$\\{}<>&\"'|*[`")


def _slow_plain_text(s: str) -> str:
    return " ".join(re.sub(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]", "", s).split())


def test_plain_text_is_the_same_with_or_without_its_fast_path() -> None:
    rng = random.Random(9)
    samples = [c for c in _CHARS] + [f"a{c}b" for c in _CHARS] + [f"{c} x" for c in _CHARS] + ["a  b", " a", "a ", ""]
    samples += ["".join(rng.choice(_CHARS + ["a", " "]) for _ in range(rng.randrange(1, 12))) for _ in range(3000)]
    for s in samples:
        assert plain_text(s) == _slow_plain_text(s), repr(s)


def _value(rng: random.Random, depth: int = 0):
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return "".join(rng.choice(_CHARS) for _ in range(rng.randrange(6)))
    if kind == 1:
        return rng.choice([None, True, False])
    if kind == 2:
        return rng.randrange(-10**12, 10**12)
    if kind == 3:
        return rng.choice([0.5, -1e300, 3.0, float("nan"), float("inf")])
    if kind in (4, 5):
        return rng.choice(["", "\x00\n\u2028\"\\", "H₂O"])
    if kind == 6:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 7:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randrange(3)))
    return {"".join(rng.choice(_CHARS) for _ in range(3)): _value(rng, depth + 1) for _ in range(rng.randrange(4))}


def test_json_text_writes_the_bytes_json_dumps_writes_with_an_indent() -> None:
    rng = random.Random(4)
    values = [_value(rng) for _ in range(2000)] + [paper_record(p) for p in make_papers()]
    for value in values:
        assert json_text(value) == json.dumps(value, ensure_ascii=False, indent=1)
    records = [paper_record(p) for p in make_papers()]
    joined = json_text({"papers": [Encoded(json_text(r, 2)) for r in records]})
    assert joined == json.dumps({"papers": records}, ensure_ascii=False, indent=1)


def test_a_feed_joined_from_its_entries_reads_as_elementtree_writes_it_whole(catalog) -> None:
    for site_url in (None, "https://user.example.io/list/"):
        for path, text in render_feeds(catalog, site_url).items():
            body = text.split("?>\n", 2)[2].removesuffix("\n")
            # Without its default namespace the tree writes back with the tags as they are.
            plain = body.replace(' xmlns="http://www.w3.org/2005/Atom"', "", 1)
            tree = ET.fromstring(plain)
            ET.indent(tree, space="  ")
            assert ET.tostring(tree, encoding="unicode") == plain, path


def _digests(papers, edited: set[str] = frozenset()) -> dict[str, str]:
    return {p.id: f"file-{p.id}" + ("-edited" if p.id in edited else "") for p in papers}


def _whole(site) -> tuple[dict, dict]:
    return dict(site.pages), dict(site.fills)


def test_a_render_from_kept_fragments_after_an_edit_is_a_fresh_render(catalog) -> None:
    papers = make_papers()
    memo = Fragments(digests=_digests(papers))
    render_site(build_catalog(papers, catalog.topics, catalog.tag_groups, memo=memo))
    kept = memo.kept()
    target = papers[1].id
    edited = [dataclasses.replace(p, title="Paged Caches $\\alpha$ <b>Retitled</b>", abstract="Edited & shorter.")
              if p.id == target else p for p in papers]
    for address in (SiteAddress(), SiteAddress("https://user.example.io/list/")):
        again = Fragments(kept, _digests(edited, {target}))
        warm = render_site(build_catalog(edited, catalog.topics, catalog.tag_groups, memo=again), address)
        cold = render_site(build_catalog(edited, catalog.topics, catalog.tag_groups), address)
        assert _whole(warm) == _whole(cold)


def test_an_edit_renders_again_only_the_pieces_of_the_edited_paper_and_of_what_lists_it(catalog) -> None:
    papers = make_papers()
    memo = Fragments(digests=_digests(papers))
    render_site(build_catalog(papers, catalog.topics, catalog.tag_groups, memo=memo))
    unchanged = Fragments(memo.kept(), _digests(papers))
    render_site(build_catalog(papers, catalog.topics, catalog.tag_groups, memo=unchanged))
    assert not unchanged.fresh

    target = papers[2].id
    edited = [dataclasses.replace(p, abstract="Edited.") if p.id == target else p for p in papers]
    again = Fragments(memo.kept(), _digests(edited, {target}))
    render_site(build_catalog(edited, catalog.topics, catalog.tag_groups, catalog.related, memo=again))
    made = [key for key in again.used if key not in memo]
    assert made, "the edited paper's pieces are rendered again"
    assert all(f"file-{target}-edited" in repr(key) for key in made), made


def test_a_citation_keys_words_are_the_same_with_or_without_the_ascii_fast_path() -> None:
    import unicodedata

    from generator.site.bibtex import _ascii_word

    rng = random.Random(2)
    letters = list("aZ09-_.'éßÅΩ₂İ") + ["\u212a", "\u0301", "ﬁ"]
    for _ in range(5000):
        word = "".join(rng.choice(letters) for _ in range(rng.randrange(8)))
        slow = "".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()))
        assert _ascii_word(word) == slow, repr(word)


def test_scheme_less_addresses_get_their_scheme_with_or_without_the_fast_path() -> None:
    from generator.text.links import _NO_SCHEME_RE, with_schemes

    samples = ["code at //github.com/a/b.", "see https://x.org/a//b", "a / b", "//x.y/", "no address", "",
               "a//b.c/d", "(//host.example.org/path)"]
    for text in samples:
        assert with_schemes(text) == _NO_SCHEME_RE.sub("https://", text), text


def test_a_fill_replaces_the_shells_tokens_in_the_theme_alone() -> None:
    from generator.site.fill import SHELL_DESCRIPTION, SHELL_TITLE, SLOT_CLOSE, SLOT_OPEN, Fill, fill_slot, slotted

    shell = (f'<title>{SHELL_TITLE}</title><meta content="{SHELL_DESCRIPTION}"><link href="/site/papers/_shell/">'
             f"{SLOT_OPEN}{SLOT_CLOSE}<footer>{SHELL_TITLE} papers/_shell/ {SHELL_DESCRIPTION}</footer>")
    title = f"T papers/_shell/ {SHELL_DESCRIPTION} {SHELL_TITLE}"
    fill = Fill(f"<p>{title}</p>", "papers/_shell/index.html", title, f"D {SHELL_TITLE} papers/_shell/")
    page = fill_slot(slotted(shell, fill.source), fill, "papers/2401.1/index.html")
    assert page == (f'<title>{title}</title><meta content="D {SHELL_TITLE} papers/_shell/"><link href="/site/papers/2401.1/">'
                    f"{SLOT_OPEN}<p>{title}</p>{SLOT_CLOSE}<footer>{title} papers/2401.1/ {SHELL_DESCRIPTION}</footer>")
    itself = Fill("<p>list</p>", "topics/x/index.html")
    assert fill_slot(slotted(shell, itself.source), itself, itself.source) == shell.replace(SLOT_OPEN, SLOT_OPEN + "<p>list</p>")


def test_nothing_but_the_papers_pages_reads_related_papers(catalog) -> None:
    from collections.abc import Mapping

    from generator.curate.related import related_papers
    from generator.site.bibtex import citation_keys
    from generator.site.pages import render_paper_pages

    papers = make_papers()
    found = related_papers(sorted(papers, key=lambda p: p.id))
    looked = []

    class Watched(Mapping):
        """Related papers as the build has them while their child works: any look waits for it."""

        def __getitem__(self, paper_id):
            looked.append(paper_id)
            return found[paper_id]

        def __iter__(self):
            looked.append(None)
            return iter(found)

        def __len__(self):
            looked.append(None)
            return len(found)

    whole = render_site(build_catalog(papers, catalog.topics, catalog.tag_groups, related=found))
    waiting = build_catalog(papers, catalog.topics, catalog.tag_groups, related=Watched())
    site = render_site(waiting, paper_pages=False)
    assert not looked and site.pages == whole.pages
    fills = render_paper_pages(waiting, citation_keys(waiting.papers))
    assert looked and {**site.fills, **fills} == whole.fills and any(found.values())
