"""MkDocs hook: the theme's compiled templates kept in .cache/jinja/, so a build does not compile them again.

Compiling Material's templates is a third of a `mkdocs build` of the generated pages (about 0.5 s of CPU),
and the same on every build. Jinja keys each compiled template by its name and a hash of its source, and the
file by the Python version, so a changed template or another Python compiles anew: the pages are the same.
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

# A folder to keep them in instead: the tests' many projects share one.
CACHE_ENV = "READING_LIST_TEMPLATE_CACHE"


def on_env(env, config, files):
    folder = Path(os.environ.get(CACHE_ENV) or Path(config.config_file_path).parent / ".cache" / "jinja")
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env
