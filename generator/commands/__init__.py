"""The curator commands: one module per `python -m generator` command, each a library function the CLI calls."""
