"""The install: uv.lock agrees with pyproject.toml, the site needs no test tool, and every install step is pinned."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
from locked_uv import uv_requirement  # noqa: E402

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
LOCK_TEXT = (REPO / "uv.lock").read_text(encoding="utf-8")
LOCK = tomllib.loads(LOCK_TEXT)
UV = Path(sys.executable).parent / "uv"


def name_of(requirement: str) -> str:
    """The normalised project name a requirement string starts with (PEP 503)."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()


def runtime_closure() -> set[str]:
    """Every package uv.lock installs for the project without any extra or group."""
    packages = {p["name"]: p for p in LOCK["package"]}
    project = packages[PYPROJECT["project"]["name"]]
    todo, seen = [d["name"] for d in project.get("dependencies", [])], set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(d["name"] for d in packages[name].get("dependencies", []))
    return seen


def test_the_lock_agrees_with_pyproject():
    """After a change to a dependency in pyproject.toml, `make lock` re-resolves uv.lock; this says when it is due."""
    if not UV.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"no uv at {UV}: CI installs with `make testenv`")
        pytest.skip(f"no uv at {UV} (make testenv installs it)")
    done = subprocess.run([str(UV), "lock", "--check", "--offline"], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"})
    assert done.returncode == 0, f"uv.lock is out of date with pyproject.toml: run `make lock`\n{done.stderr}"


def test_the_site_installs_no_test_browser_or_engine_tool():
    tools = {name_of(r) for extra in PYPROJECT["project"]["optional-dependencies"].values() for r in extra}
    runtime = {name_of(r) for r in PYPROJECT["project"]["dependencies"]}
    assert runtime_closure() & (tools - runtime) == set()
    assert {"mkdocs", "mkdocs-material"} <= runtime_closure()


def test_the_licence_is_an_spdx_expression_with_its_file():
    """A licence table makes setuptools print a deprecation warning on every install."""
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert all((REPO / path).is_file() for path in project["license-files"])


def test_the_build_backend_is_pinned_to_one_version():
    [backend] = PYPROJECT["build-system"]["requires"]
    assert re.fullmatch(r"setuptools==[\d.]+", backend)


def test_uv_is_installed_at_the_locked_version_with_every_wheel_hash():
    [uv] = [p for p in LOCK["package"] if p["name"] == "uv"]
    requirement = uv_requirement(LOCK_TEXT)
    assert requirement.startswith(f"uv=={uv['version']} --hash=sha256:")
    assert sorted(re.findall(r"--hash=(\S+)", requirement)) == sorted(w["hash"] for w in uv["wheels"])


def test_a_lock_without_uv_is_a_clear_error():
    with pytest.raises(ValueError, match="uv.lock pins no single uv with wheels: run `make lock`"):
        uv_requirement('version = 1\n[[package]]\nname = "mkdocs"\nversion = "1.6.1"\n')


def test_every_install_in_the_makefile_is_locked_or_hash_checked():
    recipes = [line.strip() for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
               if line.startswith("\t")]
    script = "\n".join(recipes).replace("\\\n", " ")
    installs = [line for line in script.splitlines() if re.search(r"pip( --\S+)* install|uv (sync|pip|add)", line)]
    assert installs, "the Makefile installs nothing?"
    for line in installs:
        assert "--require-hashes" in line or ("$(SYNC)" in line or "--locked" in line), line
    assert "--locked" in re.search(r"^SYNC := (.*)$", (REPO / "Makefile").read_text(encoding="utf-8"), re.M).group(1)


def make_dry_run(*args: str) -> subprocess.CompletedProcess:
    """What make would run, printed but not run (-n); -B so that no recipe is skipped as up to date."""
    # Under `make test BROWSER=no` the outer make passes its variables down, in MAKEFLAGS and as environment
    # variables of their own: start afresh.
    outer = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "BROWSER", "PORT", "ENGINE"}
    env = {k: v for k, v in os.environ.items() if k not in outer}
    return subprocess.run(["make", "-n", "-B", "--no-print-directory", *args], cwd=REPO, env=env,
                          capture_output=True, text=True)


def test_serve_takes_its_port_from_port():
    done = make_dry_run("serve", "PORT=8123")
    assert done.returncode == 0, done.stderr
    assert "mkdocs serve --config-file mkdocs.yml --dev-addr 127.0.0.1:8123" in done.stdout
    assert "--extra" not in done.stdout.split("uv sync")[1].splitlines()[0], "serve installs only the runtime"


def test_test_installs_the_browser_extra_unless_told_no():
    full, quick = make_dry_run("test"), make_dry_run("test", "BROWSER=no")
    assert "--extra browser" in full.stdout and "--ignore-glob" not in full.stdout
    assert "--extra browser" not in quick.stdout
    assert "pytest --ignore-glob='tests/test_browser*.py'" in quick.stdout


def test_an_unknown_engine_stops_make_with_its_name():
    done = make_dry_run("build", "ENGINE=hugo")
    assert done.returncode != 0
    assert 'ENGINE is "hugo"; it must be mkdocs or properdocs' in done.stderr
