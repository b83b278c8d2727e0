"""Print the pip requirement for the uv that uv.lock records: its exact version and its wheels' hashes.

uv installs everything else from the lock, so this is how uv itself is installed pinned and verified.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "uv.lock"


def uv_requirement(lock_text: str) -> str:
    """`uv==VERSION --hash=sha256:...` for every wheel of uv in the lock; ValueError if it has none."""
    packages = [p for p in tomllib.loads(lock_text).get("package", []) if p.get("name") == "uv"]
    if len(packages) != 1 or not packages[0].get("wheels"):
        raise ValueError("uv.lock pins no single uv with wheels: run `make lock`")
    [uv] = packages
    hashes = sorted(wheel["hash"] for wheel in uv["wheels"])
    return " ".join([f"uv=={uv['version']}", *(f"--hash={h}" for h in hashes)])


def main() -> int:
    try:
        print(uv_requirement(LOCK.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValueError) as exc:
        print(f"{LOCK}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
