"""Shared text extraction for every reader: links, titles, venues."""
