"""``licensecheck analyze``: formats, stdin, known keys, and errors as one line with exit 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from licensecheck.cli import main

RESOURCES = Path(__file__).parent / "resources"


def invoke(*args: str, stdin: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


def test_known_license_as_json() -> None:
    result = invoke("analyze", "--known", "llama-2-license-2023", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["labels"]["user-count-cap"]["params"] == [{"metric": "monthly-active-users", "threshold": 700000000, "period": "month"}]
    assert "commercial-ban" not in data["labels"]


def test_pasted_text_on_stdin_gives_the_text_summary() -> None:
    license_text = (RESOURCES / "acme-research-license.txt").read_text()
    result = invoke("analyze", "-", stdin=license_text)
    assert result.exit_code == 0, result.output
    assert "Verdict: NOT OPEN" in result.output and "commercial-ban:" in result.output


def test_file_argument_and_output_file(tmp_path) -> None:
    out = tmp_path / "out" / "report.json"
    result = invoke("analyze", str(RESOURCES / "acme-research-license.txt"), "--format", "json", "-o", str(out))
    assert result.exit_code == 0 and result.output == ""
    assert json.loads(out.read_text())["source"]["path"].endswith("acme-research-license.txt")


def test_binary_input_exits_2_with_a_one_line_message(tmp_path) -> None:
    blob = tmp_path / "model.bin"
    blob.write_bytes(bytes(range(256)) * 8)
    result = invoke("analyze", str(blob))
    assert result.exit_code == 2
    assert result.output.strip() == f"licensecheck: error: {blob}: looks like binary data, not license text"


def test_missing_file_exits_2_naming_it() -> None:
    result = invoke("analyze", "no/such/LICENSE")
    assert result.exit_code == 2
    assert "no/such/LICENSE: no such file" in result.output and "Traceback" not in result.output


def test_unknown_key_exits_2() -> None:
    result = invoke("analyze", "--known", "llama-9")
    assert result.exit_code == 2 and "no license with key 'llama-9'" in result.output


def test_path_and_known_together_is_a_usage_error() -> None:
    result = invoke("analyze", "LICENSE", "--known", "mit")
    assert result.exit_code == 2 and "not both" in result.output


def test_labels_command_lists_the_taxonomy() -> None:
    result = invoke("labels")
    assert result.exit_code == 0
    assert result.output.splitlines()[2].startswith("user-count-cap") and "blocking" in result.output


@pytest.mark.skipif(shutil.which("licensecheck") is None and not Path(sys.prefix, "bin", "licensecheck").exists(), reason="console script not installed")
def test_installed_console_script_runs_from_another_directory(tmp_path) -> None:
    script = shutil.which("licensecheck", path=str(Path(sys.executable).parent)) or shutil.which("licensecheck")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(
        [script, "analyze", "--known", "cc-by-nc-4.0", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "commercial-ban" in json.loads(done.stdout)["summary"]["blocking"]
    bad = subprocess.run([script, "analyze", str(tmp_path)], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "is a directory" in bad.stderr


def test_identify_command_prints_the_identification_object() -> None:
    result = invoke("identify", "--known", "llama-2-license-2023", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verdict"] == "exact" and data["matches"][0]["key"] == "llama-2-license-2023"


def test_spdx_expression_analyzes_each_member() -> None:
    result = invoke("analyze", "--spdx", "Apache-2.0 OR llama2", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["expression"]["normalized"] == "Apache-2.0 OR LicenseRef-scancode-llama-2-license-2023"
    assert [analysis["source"]["known"] for analysis in data["analyses"]] == ["apache-2.0", "llama-2-license-2023"]


def test_invalid_spdx_expression_exits_2_naming_the_symbol() -> None:
    result = invoke("analyze", "--spdx", "MIT AND llama-9")
    assert result.exit_code == 2 and "unknown license id(s): llama-9" in result.output


def test_analysis_names_the_license_on_top() -> None:
    result = invoke("analyze", "--known", "cc-by-nc-4.0")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[2].startswith("Identified: Creative Commons Attribution-NonCommercial 4.0") and "exact" in lines[2]
    assert "CC-BY-4.0 plus commercial-ban" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["analyze", "--frobnicate"], "--frobnicate"),
        (["analyze", "--format", "pdf", "LICENSE"], "Invalid value for '--format'"),
        (["batch", "-j", "0"], "Invalid value for '-j' / '--jobs'"),
        (["no-such-command"], "no-such-command"),
        (["compat"], "Missing argument 'LICENSES...'"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert line.startswith("licensecheck: error: ") and message in line, line


def test_usage_errors_from_the_installed_command_are_one_line(tmp_path) -> None:
    script = shutil.which("licensecheck", path=str(Path(sys.executable).parent))
    done = subprocess.run([script, "analyze", "--frobnicate"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("licensecheck: error: ") and "--frobnicate" in line and line.endswith("(see 'licensecheck analyze --help')")


def test_help_and_version_still_exit_0() -> None:
    assert invoke("--help").exit_code == 0 and "analyze" in invoke("--help").output
    assert invoke("analyze", "--help").exit_code == 0
    assert invoke("--version").exit_code == 0
