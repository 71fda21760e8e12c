"""Policies: labels denied per component type, and the batch command's exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from licensecheck.cli import main
from licensecheck.errors import LicenseCheckError
from licensecheck.licensedb import load_license
from licensecheck.policy import fail_on, load_policy

REPO = Path(__file__).resolve().parent.parent
LLAMA = {
    "source": {"path": "weights/LICENSE"},
    "clauses": [{"id": "c1", "section": "2"}],
    "labels": {"user-count-cap": {"clauses": ["c1"], "params": []}, "attribution": {"clauses": ["c1"], "params": []}},
}


def test_shipped_mof_policy_denies_every_blocking_label_for_weights() -> None:
    policy = load_policy(REPO / "policies" / "mof-open.yml")
    [violation] = policy.violations(LLAMA)
    assert str(violation) == "weights/LICENSE: user-count-cap is denied for weights (§2)"


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
