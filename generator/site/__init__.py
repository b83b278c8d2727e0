"""Rendering: pure functions from the catalog to Markdown pages, and the one writer that puts them in docs/."""
