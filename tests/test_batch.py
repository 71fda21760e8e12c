"""Batch runs over a folder: discovery, bad files, cache, processes, Dask, outputs."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from licensecheck.batch import BatchOptions, ResultCache, is_license_like, run_batch, summary_csv, write_outputs
from licensecheck.cli import main
from licensecheck.licensedb import load_license

OPTIONS = BatchOptions(identify=False)


@pytest.fixture()
def repository(tmp_path: Path) -> Path:
    """A small model repository: licenses of weights, data and code, a model card, and bad files."""
    root = tmp_path / "repo"
    (root / "weights").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "src").mkdir()
    (root / "weights" / "LICENSE.txt").write_text(load_license("llama-2-license-2023").text)
    (root / "data" / "LICENSE.md").write_text(load_license("cc-by-nc-4.0").text)
    (root / "src" / "LICENSE").write_text(load_license("mit").text)
    (root / "README.md").write_text("---\nlicense: apache-2.0\ndatasets:\n- wikitext\n---\n# Tiny model\n")
    (root / "weights" / "NOTICE").write_bytes(bytes(range(256)) * 8)  # binary
    (root / "notes.txt").write_bytes(b"\xef\xbb\xbf\xff\xfe broken")  # undecodable after a BOM
    (root / "model.safetensors").write_bytes(b"\x00" * 64)  # not license-like: ignored
    os.symlink(root / "LICENSE-loop", root / "LICENSE-loop")  # a link to itself
    return root


def by_path(result) -> dict[str, dict]:
    return {record["source"]["path"]: record for record in result.records}


def test_bad_files_are_recorded_and_the_others_analyzed(repository: Path, classifier) -> None:
    result = run_batch(repository, OPTIONS)
    records = by_path(result)
    assert sorted(records) == ["LICENSE-loop", "README.md", "data/LICENSE.md", "notes.txt", "src/LICENSE", "weights/LICENSE.txt", "weights/NOTICE"]
    assert records["weights/NOTICE"]["error"]["reason"] == "binary"
    assert records["notes.txt"]["error"]["reason"] == "undecodable"
    assert records["LICENSE-loop"]["error"]["reason"] == "broken-link"
    assert "user-count-cap" in records["weights/LICENSE.txt"]["labels"]
    assert "commercial-ban" in records["data/LICENSE.md"]["labels"]


def test_model_card_license_is_read_from_front_matter(repository: Path, classifier) -> None:
    card = by_path(run_batch(repository, OPTIONS))["README.md"]
    assert card["model_card"]["license"] == "apache-2.0" and card["model_card"]["resolved"] == "apache-2.0"
    assert card["model_card"]["datasets"] == ["wikitext"]
    assert card["source"]["known"] == "apache-2.0" and card["summary"]["verdict"] == "open-with-conditions"


def test_unknown_model_card_license_is_an_explained_error(tmp_path: Path, classifier) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: other\nlicense_name: acme-model-license\n---\n")
    [record] = run_batch(tmp_path, OPTIONS).records
    assert record["error"]["reason"] == "license-not-resolved" and "acme-model-license" in record["error"]["message"]


def test_warm_cache_does_no_analysis(repository: Path, tmp_path: Path, classifier) -> None:
    cache = ResultCache(tmp_path / "cache", OPTIONS)
    cold = run_batch(repository, OPTIONS, cache=cache)
    warm = run_batch(repository, OPTIONS, cache=cache)
    assert cold.analyzed == 6 and cold.cached == 0  # the broken link never reaches a worker
    assert warm.cached == 4 and warm.analyzed == 2  # errors are never cached: the file may be fixed
    assert [record.get("labels") for record in warm.records] == [record.get("labels") for record in cold.records]


def test_two_worker_processes_give_the_same_results(repository: Path, classifier) -> None:
    local = run_batch(repository, OPTIONS)
    parallel = run_batch(repository, OPTIONS, jobs=2)
    assert [json.dumps(record, sort_keys=True) for record in parallel.records] == [json.dumps(record, sort_keys=True) for record in local.records]


def test_dask_cluster_on_loopback_gives_the_same_results(repository: Path, classifier) -> None:
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://", host="127.0.0.1", dashboard_address=None) as cluster:
        remote = run_batch(repository, OPTIONS, engine="dask", scheduler=cluster.scheduler_address)
    local = run_batch(repository, OPTIONS)
    assert [json.dumps(record, sort_keys=True) for record in remote.records] == [json.dumps(record, sort_keys=True) for record in local.records]


def test_an_interrupted_run_keeps_what_it_finished(repository: Path, classifier) -> None:
    seen: list[str] = []

    def stop_after_two(record: dict) -> None:
        seen.append(record["source"]["path"])
        if len(seen) == 4:
            raise KeyboardInterrupt

    result = run_batch(repository, OPTIONS, sink=stop_after_two)
    assert result.interrupted and len(result.records) == 4


def test_outputs_jsonl_csv_index_and_pages(repository: Path, tmp_path: Path, classifier) -> None:
    result = run_batch(repository, OPTIONS)
    out = tmp_path / "out"
    write_outputs(result, out)
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert len(lines) == 7 and all("text" not in line["source"] for line in lines)
    rows = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text())))
    weights = next(row for row in rows if row["file"] == "weights/LICENSE.txt")
    assert weights["verdict"] == "not-open" and weights["user-count-cap"] == "1" and weights["commercial-ban"] == "0"
    index = (out / "index.html").read_text()
    assert 'href="pages/weights__LICENSE.txt.html"' in index and "looks like binary data" in index
    assert (out / "pages" / "weights__LICENSE.txt.html").read_text().count("700 million") >= 1


def test_license_like_names() -> None:
    assert is_license_like("LICENCE") and is_license_like("COPYING") and is_license_like("terms.html")
    assert not is_license_like("weights.bin") and not is_license_like("setup.py")


def test_summary_of_no_records_is_a_header_only() -> None:
    assert summary_csv([]).startswith("file,identified,identification,verdict,commercial-ban")


def test_unreadable_file_is_recorded(tmp_path: Path, classifier) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    secret = tmp_path / "LICENSE"
    secret.write_text("MIT")
    secret.chmod(0)
    [record] = run_batch(tmp_path, OPTIONS).records
    assert record["error"]["reason"] == "unreadable"
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_copies_of_one_file_are_analyzed_once_and_each_listed_under_its_own_path(tmp_path: Path, classifier) -> None:
    apache = load_license("apache-2.0").text
    for name in ("model-a", "model-b", "model-c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "LICENSE").write_text(apache)
    (tmp_path / "model-c" / "NOTICE").write_bytes(b"\x00\x01" * 500)
    (tmp_path / "model-a" / "NOTICE").write_bytes(b"\x00\x01" * 500)
    result = run_batch(tmp_path, OPTIONS)
    records = by_path(result)
    assert (result.analyzed, result.copies) == (2, 3)
    assert [records[f"model-{name}/LICENSE"]["clauses"] for name in "bc"] == [records["model-a/LICENSE"]["clauses"]] * 2
    assert records["model-c/NOTICE"]["error"]["message"].startswith("model-c/NOTICE")
    alone = by_path(run_batch(tmp_path / "model-b", OPTIONS))["LICENSE"]
    assert {**records["model-b/LICENSE"], "source": None} == {**alone, "source": None}


def _ci_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "hub"
    (folder / "data").mkdir(parents=True)
    (folder / "LICENSE").write_text(load_license("apache-2.0").text)
    (folder / "data" / "LICENSE").write_text(load_license("cc-by-nc-4.0").text)
    (folder / "empty.txt").write_text("")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 8)
    return folder


def test_batch_in_ci_names_every_file_it_could_not_analyze(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(_ci_folder(tmp_path)), "--no-cache", "--no-identify"])
    assert result.exit_code == 0, result.output
    problems = [line for line in result.stderr.splitlines() if line.startswith("licensecheck: not analyzed:")]
    assert len(problems) == 2
    assert any(line.startswith("licensecheck: not analyzed: empty.txt: empty (") for line in problems)
    assert any(line.startswith("licensecheck: not analyzed: blob.txt: binary (") for line in problems)


def test_batch_without_an_output_folder_prints_a_table_not_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(_ci_folder(tmp_path)), "--no-cache", "--fail-on", "commercial-ban"])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["FILE", "LICENSE", "VERDICT", "BLOCKING", "POLICY"]
    rows = {line.split()[0]: line.split() for line in lines[1:-1]}
    assert rows["LICENSE"][1:] == ["apache-2.0", "(exact)", "open-with-conditions", "-", "pass"]
    assert rows["data/LICENSE"][1:3] == ["cc-by-nc-4.0", "(exact)"] and rows["data/LICENSE"][-1] == "fail"
    assert rows["empty.txt"][1:3] == ["-", "not"]
    assert "{" not in result.stdout
    assert lines[-1].startswith("4 files (")


def test_fail_on_blames_the_component_the_path_maps_to(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(_ci_folder(tmp_path)), "--no-cache", "--no-identify", "--fail-on", "commercial-ban"])
    assert "violation: data/LICENSE: commercial-ban is denied for data" in result.stderr
    assert "denied for weights" not in result.stderr


def test_jsonl_goes_to_stdout_only_when_asked(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(_ci_folder(tmp_path)), "--no-cache", "--no-identify", "--format", "jsonl", "--policy", "mof-open"])
    assert result.exit_code == 1
    records = {record["source"]["path"]: record for record in map(json.loads, result.stdout.splitlines())}
    assert set(records) == {"LICENSE", "data/LICENSE", "empty.txt", "blob.txt"}
    assert records["data/LICENSE"]["policy"]["outcome"] == "fail" and records["LICENSE"]["policy"]["outcome"] == "pass"
    assert "policy" not in records["empty.txt"] and records["empty.txt"]["error"]["reason"] == "empty"


def test_the_summaries_show_what_the_full_records_show_and_leave_no_file_behind(repository: Path, tmp_path: Path) -> None:
    from licensecheck.batch.journal import _whole_records
    from licensecheck.batch.outputs import csv_lines, page_name, summary_rows
    from licensecheck.report import batch_index_parts

    out = tmp_path / "out"
    run_batch(repository, BatchOptions(), jobs=1, outdir=out)
    records = lambda: _whole_records(out / "results.jsonl")  # noqa: E731
    assert (out / "summary.csv").read_text(encoding="utf-8") == "".join(csv_lines(summary_rows(records())))
    assert (out / "index.html").read_text(encoding="utf-8") == "".join(batch_index_parts(records, page_name))
    assert sorted(path.name for path in out.iterdir() if path.name.startswith(".")) == []
