"""The curated data on disk: paper files read line-aware and validated, written atomically, one writer at a time."""
