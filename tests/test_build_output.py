"""What a build writes: the generated files MkDocs would copy are hard links of docs/'s, which no writer writes into."""

from __future__ import annotations

import os

from generator.storage.fileio import write_if_changed


def test_generated_files_in_the_site_are_docs_files_not_copies(published_site):
    docs = published_site.parent / "docs"
    for name in ("feed.xml", "downloads/papers.bib", "search/papers.json", "sitemap.xml"):
        assert os.path.samefile(docs / name, published_site / name), name
    # A hand-written file is MkDocs' own copy, as before.
    css = next((docs / "stylesheets").glob("*.css")).name
    assert not os.path.samefile(docs / "stylesheets" / css, published_site / "stylesheets" / css)


def test_a_changed_docs_file_is_replaced_so_the_site_linked_to_it_keeps_its_bytes(tmp_path):
    page, linked = tmp_path / "feed.xml", tmp_path / "site-feed.xml"
    page.write_text("old", encoding="utf-8")
    os.link(page, linked)
    assert write_if_changed(page, "new")
    assert linked.read_text(encoding="utf-8") == "old"
    assert page.read_text(encoding="utf-8") == "new"
