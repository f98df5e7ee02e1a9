"""The GitHub Actions workflows: valid YAML, only official actions that exist, the right steps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
KNOWN_ACTIONS = {
    "actions/checkout@v4",
    "actions/setup-python@v5",
    "actions/cache@v4",
    "actions/configure-pages@v5",
    "actions/upload-pages-artifact@v3",
    "actions/deploy-pages@v4",
    "actions/upload-artifact@v4",
    "actions/download-artifact@v4",
    "actions/cache/save@v4",
    "./.github/actions/setup",  # the project's own composite action
}
ALL = ["check.yml", "deploy.yml", "first-build.yml", "tests.yml"]


def load(name: str) -> dict[str, Any]:
    """A workflow read as GitHub reads it: YAML 1.2, so `on` stays a key."""
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_duplicate_keys = False
    data = yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps_of(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def commands_of(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps_of(workflow))


@pytest.mark.parametrize("name", ALL)
def test_workflow_shape_and_actions(name: str) -> None:
    workflow = load(name)
    assert {"name", "on", "jobs"} <= set(workflow)
    for job_name, job in workflow["jobs"].items():
        assert isinstance(job.get("runs-on"), str), job_name
        assert job.get("steps"), job_name
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
            if "uses" in step:
                assert step["uses"] in KNOWN_ACTIONS, step["uses"]
        needs = job.get("needs", [])
        assert set([needs] if isinstance(needs, str) else needs) <= set(workflow["jobs"])


def test_every_workflow_file_is_checked() -> None:
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ALL


def test_pull_requests_run_the_whole_test_suite_as_ci_does() -> None:
    workflow = load("tests.yml")
    assert "pull_request" in workflow["on"]
    job = workflow["jobs"]["test"]
    assert job["container"].startswith("python:3.11")  # Debian: a real chromium package
    assert commands_of(workflow).strip() == "bash .ci/run"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "default-jre-headless" in ci


def test_pull_requests_are_checked_with_annotations_and_built() -> None:
    workflow = load("check.yml")
    assert "pull_request" in workflow["on"]
    commands = commands_of(workflow)
    assert "-m generator check" in commands  # annotations: GITHUB_ACTIONS=true on the runner
    assert "make build" in commands
    assert commands.index("-m generator check") < commands.index("make build")
    caches = [s for s in steps_of(workflow) if s.get("uses") == "actions/cache@v4"]
    assert [c["with"]["path"] for c in caches] == [".cache/audio"]
    assert workflow["permissions"] == {"contents": "read"}


def test_main_is_built_and_deployed_to_pages() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [s.get("uses") for s in build["steps"]]
    assert uses.index("actions/configure-pages@v5") < uses.index("actions/upload-pages-artifact@v3")
    upload = next(s for s in build["steps"] if s.get("uses") == "actions/upload-pages-artifact@v3")
    assert upload["with"]["path"] == "site"
    assert "make build" in commands_of(workflow)
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"] for s in deploy["steps"]] == ["actions/deploy-pages@v4"]


def test_workflow_commands_exist_in_the_project() -> None:
    """Every `make` target and generator command the workflows run is a real one."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    setup = YAML(typ="safe", pure=True).load(
        (ROOT / ".github" / "actions" / "setup" / "action.yml").read_text(encoding="utf-8")
    )
    lines = "\n".join(step.get("run", "") for step in setup["runs"]["steps"]).splitlines()
    for name in ALL:
        lines += commands_of(load(name)).splitlines()
    for line in lines:
        words = line.split()
        if words[:1] == ["make"]:
            target = words[1].replace(".venv/.installed", "$(STAMP)")
            assert f"\n{target}:" in makefile, line
        if "-m generator" in line:
            command = words[words.index("generator") + 1]
            assert (ROOT / "generator" / "commands" / f"{command}.py").is_file(), line


def test_first_build_runs_each_stage_per_language_then_assembles_from_the_caches() -> None:
    """The shards of generator/shard.py as a matrix; tests/test_shard.py runs the same steps."""
    workflow = load("first-build.yml")
    jobs = workflow["jobs"]
    assert list(jobs) == ["plan", "audio", "print", "pages", "assemble", "deploy"]
    for stage, before in (("audio", "plan"), ("print", "audio"), ("pages", "print")):
        job = jobs[stage]
        assert before in job["needs"]
        assert (
            job["strategy"]["matrix"]["language"] == "${{ fromJSON(needs.plan.outputs.languages) }}"
        )
        assert f"--shard {stage}:${{{{ matrix.language }}}}" in commands_of({"jobs": {stage: job}})
        # The same public address in every job: QR codes and links are in the PDFs and pages.
        assert job["env"]["SITE_URL"] == "${{ needs.plan.outputs.site_url }}"
    assemble = commands_of({"jobs": {"assemble": jobs["assemble"]}})
    assert jobs["assemble"]["env"]["SITE_URL"] == "${{ needs.plan.outputs.site_url }}"
    assert "--shard" not in assemble
    for made_nothing in ("Audio: 0 clips synthesised", "Print: 0 PDFs laid out", "(0 rendered,"):
        assert made_nothing in assemble
    assert jobs["deploy"]["needs"] == "assemble"


def test_audio_cache_key_changes_every_run_but_restores_the_last() -> None:
    for name in ("check.yml", "deploy.yml"):
        cache = next(s for s in steps_of(load(name)) if s.get("uses") == "actions/cache@v4")
        assert "github.run_id" in cache["with"]["key"]
        assert cache["with"]["restore-keys"].strip() == "audio-"


def test_contributing_guide_is_in_french_and_covers_the_editors_tasks() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needed in (
        "Ajouter ou corriger un acteur",
        "audio/recorded/",
        "translations export",
        "translations import",
        "machine: true",
        "source:",
        "Ce que veulent dire les messages",
    ):
        assert needed in text, needed
    assert Path(".github/workflows/deploy.yml").as_posix() in text
