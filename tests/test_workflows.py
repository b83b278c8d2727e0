"""The GitHub workflows: valid, free of zizmor findings, least privilege, and built only from the Makefile's targets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import COMMANDS
from generator.storage.store import load_topics
from generator.storage.yamlfile import parse_yaml, plain

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
TOOLS = Path(sys.executable).parent


def workflow(name: str) -> dict:
    # The store's loader reads YAML 1.2, as GitHub does: `on:` stays a key instead of becoming True.
    data, problems = parse_yaml((GITHUB / "workflows" / name).read_text(encoding="utf-8"), name)
    assert problems == []
    return plain(data)


def steps(name: str) -> list[dict]:
    return [step for job in workflow(name)["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.github-issue-forms", [GITHUB / "ISSUE_TEMPLATE" / "suggest-paper.yml"]),
        ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
    ],
)
def test_github_files_match_githubs_schemas(schema, files):
    done = subprocess.run([str(TOOLS / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing_of_medium_severity_or_above():
    done = subprocess.run([str(TOOLS / "zizmor"), "--offline", "--no-progress", "--min-severity", "medium",
                           "--format", "json", str(GITHUB)], capture_output=True, text=True)
    findings = json.loads(done.stdout or "[]")
    assert findings == [], [f["ident"] for f in findings]
    assert done.returncode == 0, done.stderr


def test_every_action_is_pinned_to_a_commit_with_its_version_named():
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$", line), (path.name, line)


def test_no_event_text_is_ever_pasted_into_a_shell_line():
    for path in WORKFLOWS:
        for step in steps(path.name):
            assert "${{" not in step.get("run", ""), (path.name, step)
        assert "pull_request_target" not in workflow(path.name)["on"]
        assert "secrets." not in path.read_text(encoding="utf-8")


def test_pull_requests_get_a_read_only_check_and_preview():
    ci = workflow("ci.yml")
    assert set(ci["on"]) == {"pull_request", "push"} and ci["permissions"] == {"contents": "read"}
    assert ci["concurrency"]["cancel-in-progress"] is True
    named = {step.get("name"): step for step in steps("ci.yml")}
    assert named["Check the data"]["run"] == "make check FORMAT=github"
    assert named["Test"]["run"] == "make test" and named["Build the site (strict)"]["run"] == "make build"
    assert named["Upload the site preview"]["with"]["path"] == "site/"
    summary = named["Summarise the changes"]
    assert summary["env"] == {"BASE": "${{ github.event.pull_request.base.sha }}"}
    assert summary["run"] == 'make --silent changes >> "$GITHUB_STEP_SUMMARY"'
    checkout = steps("ci.yml")[0]["with"]
    assert checkout == {"fetch-depth": 0, "persist-credentials": False}
    assert "cache" not in steps("ci.yml")[1]["with"]
    assert named["Install from uv.lock"]["run"] == "make testenv"


def test_main_is_deployed_with_the_pages_actions_and_least_privilege():
    pages = workflow("pages.yml")
    assert pages["on"]["push"] == {"branches": ["main"]}
    assert pages["permissions"] == {}
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"} and deploy["needs"] == "build"
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert "cache" not in build["steps"][1].get("with", {})
    # What is published is built from the runtime dependencies alone, installed from uv.lock.
    assert build["steps"][2] == {"name": "Install the runtime dependencies from uv.lock", "run": "make install"}
    # The site is built for the address Pages gives it (mkdocs.yml reads SITE_URL into site_url).
    named = {step.get("id") or step.get("name"): step for step in build["steps"]}
    assert named["pages"]["uses"].startswith("actions/configure-pages@")
    assert named["Build the site (strict)"]["env"] == {"SITE_URL": "${{ steps.pages.outputs.base_url }}"}


def test_the_link_check_runs_weekly():
    links = workflow("linkcheck.yml")
    assert [entry["cron"] for entry in links["on"]["schedule"]] == ["23 5 * * 1"]
    assert links["permissions"] == {"contents": "read"}
    assert steps("linkcheck.yml")[-1]["run"] == 'make --silent linkcheck | tee -a "$GITHUB_STEP_SUMMARY"'


def test_one_source_of_truth_workflows_ci_and_readme_call_the_makefile():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z]+):", makefile, flags=re.MULTILINE))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    scripts = [step["run"] for path in WORKFLOWS for step in steps(path.name) if "run" in step]
    ci_run = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    scripts.append("\n".join(line for line in ci_run if not line.startswith(("#", "set ", "cd "))))
    for script in scripts:
        for line in filter(None, script.splitlines()):
            match = re.match(r"make (?:--silent )?([a-z]+)\b", line)
            assert match and match.group(1) in targets, f"not a make target: {line!r}"
            assert f"make {match.group(1)}" in readme, f"the README does not show `make {match.group(1)}`"
    for name in COMMANDS:
        assert f"`{name}" in readme, f"the README does not list the {name} command"


def test_the_issue_form_offers_every_topic():
    form, _ = parse_yaml((GITHUB / "ISSUE_TEMPLATE" / "suggest-paper.yml").read_text(encoding="utf-8"), "form")
    [dropdown] = [item for item in form["body"] if item["type"] == "dropdown"]
    expected = [f"{topic.title} ({topic.slug})" for topic in load_topics(REPO / "data")] + ["Not sure"]
    assert dropdown["attributes"]["options"] == expected
