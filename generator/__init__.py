"""LLM Reading List: turn raw paper listings into curated YAML and a searchable MkDocs site."""
