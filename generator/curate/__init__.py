"""Curation: deduplicating entries into papers, and suggesting their topics and tags."""
