"""Policies: labels denied per component type, and the batch command's exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from licensecheck.cli import main
from licensecheck.errors import LicenseCheckError
from licensecheck.licensedb import load_license
from licensecheck.policy import BLOCKING, builtin_policies, fail_on, load_policy

REPO = Path(__file__).resolve().parent.parent
LLAMA = {
    "source": {"path": "weights/LICENSE"},
    "clauses": [{"id": "c1", "section": "2"}],
    "labels": {"user-count-cap": {"clauses": ["c1"], "params": []}, "attribution": {"clauses": ["c1"], "params": []}},
}


def test_shipped_mof_policy_denies_every_blocking_label_for_weights() -> None:
    policy = load_policy("mof-open")
    [violation] = policy.violations(LLAMA)
    assert str(violation) == "weights/LICENSE: user-count-cap is denied for weights (§2)"
    assert policy.denied("data") == frozenset(BLOCKING)


def test_built_in_policies_are_listed_and_a_path_still_works(tmp_path: Path) -> None:
    assert {"mof-open", "no-commercial-ban", "commercial-use"} <= set(builtin_policies())
    assert load_policy("no-commercial-ban").denied("weights") == {"commercial-ban"}
    assert {"user-count-cap", "revocation"} <= load_policy("commercial-use").denied("code")
    file = tmp_path / "mof-open"  # a file of that name wins over the built-in
    file.write_text("deny:\n  code: [revocation]\n")
    assert load_policy(file).denied("weights") == frozenset()
    with pytest.raises(LicenseCheckError, match="no such policy file or built-in policy .built-in: commercial-use, mof-open, no-commercial-ban"):
        load_policy("mof-closed")


def test_without_a_components_mapping_paths_follow_the_usual_layout(tmp_path: Path) -> None:
    file = tmp_path / "policy.yml"
    file.write_text("deny:\n  data: [commercial-ban]\n")
    policy = load_policy(file)
    assert [policy.component_of(path) for path in ("data/LICENSE", "datasets/x/LICENSE", "docs/LICENSE", "src/LICENSE", "LICENSE")] == [
        "data", "data", "docs", "code", "weights"]


def test_components_follow_path_globs(tmp_path: Path) -> None:
    file = tmp_path / "policy.yml"
    file.write_text("default_component: code\ncomponents:\n  'weights/**': weights\ndeny:\n  weights: [user-count-cap]\n")
    policy = load_policy(file)
    assert policy.component_of("weights/LICENSE") == "weights" and policy.component_of("LICENSE") == "code"
    assert len(policy.violations(LLAMA)) == 1
    assert policy.violations({**LLAMA, "source": {"path": "LICENSE"}}) == []


def test_allow_lists_deny_every_other_blocking_label(tmp_path: Path) -> None:
    file = tmp_path / "policy.yml"
    file.write_text("allow:\n  weights: [use-case-limit]\n")
    assert "user-count-cap" in load_policy(file).denied("weights") and "use-case-limit" not in load_policy(file).denied("weights")


@pytest.mark.parametrize(
    "content, message",
    [("deny:\n  weights: [free-beer]\n", "unknown label"), ("deny:\n  firmware: [revocation]\n", "unknown component type"), ("- a\n- b\n", "a mapping")],
)
def test_bad_policies_are_explained(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "policy.yml"
    file.write_text(content)
    with pytest.raises(LicenseCheckError, match=message):
        load_policy(file)


def test_fail_on_shortcut_checks_labels() -> None:
    assert fail_on(["user-count-cap"]).violations(LLAMA)[0].label == "user-count-cap"
    assert fail_on(["user-count-cap"]).violations({**LLAMA, "source": {"path": "data/LICENSE"}})[0].component == "data"
    with pytest.raises(LicenseCheckError, match="unknown label"):
        fail_on(["nope"])


def test_batch_command_exits_1_on_violations_and_0_when_clean(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text(load_license("llama-2-license-2023").text)
    runner = CliRunner()
    failing = runner.invoke(main, ["batch", str(tmp_path), "--fail-on", "user-count-cap", "--no-identify", "--no-cache", "-o", str(tmp_path / "out")])
    assert failing.exit_code == 1, failing.output
    assert "violation: LICENSE: user-count-cap is denied for weights (§2)" in failing.output
    passing = runner.invoke(main, ["batch", str(tmp_path), "--fail-on", "commercial-ban", "--no-identify", "--no-cache", "-o", str(tmp_path / "out")])
    assert passing.exit_code == 0, passing.output
    assert (tmp_path / "out" / "results.jsonl").is_file()


def test_batch_of_a_missing_folder_exits_2() -> None:
    result = CliRunner().invoke(main, ["batch", "no/such/folder"])
    assert result.exit_code == 2 and "no/such/folder: not a folder" in result.output


def _repository(tmp_path: Path) -> Path:
    """A throw-away git repository of a model, away from this checkout: weights, data and code licenses."""
    repo = tmp_path / "some-model"
    (repo / "data").mkdir(parents=True)
    (repo / "code").mkdir()
    (repo / "LICENSE").write_text(load_license("llama-2-license-2023").text)
    (repo / "data" / "LICENSE").write_text(load_license("cc-by-nc-4.0").text)
    (repo / "code" / "LICENSE").write_text(load_license("mit").text)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "-C", str(repo), "add", "."], check=True)
    subprocess.run([*git, "-C", str(repo), "commit", "-qm", "model"], check=True)
    return repo


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a documented command line as a CI runner would: a shell, licensecheck on PATH, another folder."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_readme_github_actions_snippet_runs_in_another_repository(tmp_path: Path) -> None:
    snippet = re.search(r"```yaml\n(- run: pip install licensecheck\n.*?)```", (REPO / "README.md").read_text(), re.DOTALL)
    assert snippet, "README has no GitHub Actions snippet"
    commands = [step["run"] for step in yaml.safe_load(snippet.group(1)) if str(step.get("run", "")).startswith("licensecheck ")]
    assert commands
    repo = _repository(tmp_path)
    for command in commands:
        result = _shell(command, repo)
        assert result.returncode == 1, result.stderr
        assert "violation: LICENSE: user-count-cap is denied for weights" in result.stderr
        assert "violation: data/LICENSE: commercial-ban is denied for data" in result.stderr
        assert "code/LICENSE" not in result.stderr
    assert (repo / "licensecheck-report" / "index.html").is_file()


def test_the_pre_commit_hook_runs_in_another_repository(tmp_path: Path) -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    repo = _repository(tmp_path)
    assert all(re.search(hook["files"], name) for name in ("LICENSE", "data/LICENSE", "README.md"))
    result = _shell(hook["entry"], repo)
    assert result.returncode == 1, result.stderr
    assert "violation: data/LICENSE: commercial-ban is denied for data" in result.stderr
    (repo / "LICENSE").write_text(load_license("apache-2.0").text)
    (repo / "data" / "LICENSE").write_text(load_license("cc-by-4.0").text)
    assert _shell(hook["entry"], repo).returncode == 0
