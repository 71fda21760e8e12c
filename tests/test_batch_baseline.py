"""``licensecheck batch --baseline``: what is new, gone or changed since an earlier run, and ``--fail-on-new``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from licensecheck.cli import main
from licensecheck.licensedb import load_license

CAP = "700 million monthly active users"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture()
def hub(tmp_path: Path) -> tuple[Path, Path]:
    """A hub scanned once (the baseline), then changed: one license swapped, one cap lowered, one model gone, one new."""
    root = tmp_path / "hub"
    llama = load_license("llama-2-license-2023").text
    write(root, {"alpha/LICENSE": load_license("apache-2.0").text, "beta/LICENSE": llama, "gamma/LICENSE": load_license("mit").text,
                 "delta/LICENSE": load_license("cc-by-nc-4.0").text})
    first = tmp_path / "first"
    result = CliRunner().invoke(main, ["batch", str(root), "-o", str(first), "--policy", "mof-open"])
    assert result.exit_code == 1, result.output  # the hub has violations already (beta, delta)
    write(root, {"alpha/LICENSE": load_license("cc-by-nc-4.0").text, "beta/LICENSE": llama.replace(CAP, "100 million monthly active users"),
                 "epsilon/LICENSE": load_license("bsd-new").text})
    (root / "gamma" / "LICENSE").unlink()
    return root, first / "results.jsonl"


def records(folder: Path) -> dict[str, dict]:
    lines = (folder / "results.jsonl").read_text().splitlines()
    return {record["source"]["path"]: record for record in map(json.loads, lines)}


def test_each_file_says_what_changed_since_the_baseline(hub, tmp_path: Path) -> None:
    root, baseline = hub
    out = tmp_path / "second"
    result = CliRunner().invoke(main, ["batch", str(root), "-o", str(out), "--baseline", str(baseline)])
    assert result.exit_code == 0, result.output  # no policy: nothing to fail on
    found = records(out)
    alpha = found["alpha/LICENSE"]["baseline"]
    assert alpha["status"] == "changed"
    assert alpha["license"] == {"old": "apache-2.0 (exact)", "new": "cc-by-nc-4.0 (exact)"}
    assert "commercial-ban" in alpha["labels"]["added"] and "patent-termination" in alpha["labels"]["removed"]
    beta = found["beta/LICENSE"]["baseline"]
    assert beta["status"] == "changed" and beta["labels"]["changed"] == ["user-count-cap"] and not beta["labels"]["added"]
    assert found["delta/LICENSE"]["baseline"] == {"status": "unchanged"}
    assert found["epsilon/LICENSE"]["baseline"]["status"] == "new"
    assert "1 new, 2 changed, 1 unchanged, 1 gone (gamma/LICENSE)" in result.output


def test_the_csv_and_the_index_page_show_the_changes_and_the_gone_files(hub, tmp_path: Path) -> None:
    root, baseline = hub
    out = tmp_path / "second"
    CliRunner().invoke(main, ["batch", str(root), "-o", str(out), "--baseline", str(baseline)])
    rows = {row["file"]: row for row in csv.DictReader((out / "summary.csv").open())}
    assert rows["gamma/LICENSE"]["since_baseline"] == "gone"
    assert rows["alpha/LICENSE"]["since_baseline"] == "changed" and "apache-2.0 (exact) → cc-by-nc-4.0 (exact)" in rows["alpha/LICENSE"]["baseline_change"]
    assert rows["beta/LICENSE"]["baseline_change"] == "license llama-2-license-2023 (exact) → llama-2-license-2023 (modified); changed user-count-cap"
    index = (out / "index.html").read_text()
    assert "Since baseline" in index and "gamma/LICENSE" in index and "since the baseline: 1 new, 2 changed, 1 gone" in index


def test_without_a_baseline_the_outputs_have_no_baseline_columns(tmp_path: Path) -> None:
    root = tmp_path / "hub"
    write(root, {"alpha/LICENSE": load_license("mit").text})
    out = tmp_path / "out"
    CliRunner().invoke(main, ["batch", str(root), "-o", str(out)])
    header = (out / "summary.csv").read_text().splitlines()[0]
    assert "since_baseline" not in header and "baseline" not in records(out)["alpha/LICENSE"]
    assert "Since baseline" not in (out / "index.html").read_text()


def test_fail_on_new_gates_only_on_violations_the_baseline_did_not_have(hub, tmp_path: Path) -> None:
    root, baseline = hub
    result = CliRunner().invoke(main, ["batch", str(root), "--policy", "mof-open", "--baseline", str(baseline), "--fail-on-new"])
    assert result.exit_code == 1
    new = [line for line in result.output.splitlines() if line.startswith("new violation")]
    assert new == ["new violation (not in the baseline): alpha/LICENSE: commercial-ban is denied for weights (§2.a, §2.b, §4.a)"]
    # the same hub against a baseline of itself: the old violations (beta, delta) do not fail the run
    out = tmp_path / "now"
    CliRunner().invoke(main, ["batch", str(root), "-o", str(out), "--policy", "mof-open"])
    again = CliRunner().invoke(main, ["batch", str(root), "--policy", "mof-open", "--baseline", str(out / "results.jsonl"), "--fail-on-new"])
    assert again.exit_code == 0, again.output
    assert "violation: beta/LICENSE" in again.output  # still reported, just not failing


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ["--policy", "mof-open", "--fail-on-new"], "--fail-on-new needs --baseline"),
        ("", ["--fail-on-new", "--baseline", "BASE"], "--fail-on-new needs --baseline and a policy"),
        (None, ["--baseline", "MISSING"], "no such baseline"),
        ("this is not json\n", ["--baseline", "BASE"], "line 1 is not a licensecheck batch record"),
    ],
)
def test_bad_baselines_are_one_line_and_exit_2(tmp_path: Path, content: str | None, args: list[str], message: str) -> None:
    root = tmp_path / "hub"
    write(root, {"alpha/LICENSE": load_license("mit").text})
    base = tmp_path / "base.jsonl"
    if content is not None:
        base.write_text(content)
    args = [str(base) if arg == "BASE" else str(tmp_path / "missing.jsonl") if arg == "MISSING" else arg for arg in args]
    result = CliRunner().invoke(main, ["batch", str(root), *args])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_a_baseline_cut_short_by_a_kill_is_read_up_to_its_last_whole_line(hub, tmp_path: Path) -> None:
    root, baseline = hub
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(baseline.read_bytes() + b'{"source": {"path": "zeta/LICE')
    result = CliRunner().invoke(main, ["batch", str(root), "--baseline", str(cut)])
    assert result.exit_code == 0 and "1 gone (gamma/LICENSE)" in result.output
