"""A batch loses nothing: killed with SIGKILL at any point, the next run resumes and ends with what one run gives.

Each test runs the command line in its own process group, as CI and an OOM killer see it, and kills the whole
group (the workers too) once results.jsonl holds some records.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from licensecheck.batch import BatchOptions, ResultCache, run_batch
from licensecheck.licensedb import load_license

# edited texts (a full analysis each, in the workers), copies of known licenses (answered by the main process),
# refused files, and copies of each other
EDITED = ["bigscience-open-rail-m", "llama-2-license-2023", "cc-by-nc-4.0", "apache-2.0", "mpl-2.0", "gpl-3.0", "cc-by-sa-4.0",
          "bsd-new", "bigcode-open-rail-m-v1", "odc-by-1.0", "epl-2.0", "artistic-2.0"]


def _hub(root: Path) -> Path:
    folder = root / "hub"
    for number, key in enumerate(EDITED):
        model = folder / f"org{number % 3}" / f"edited-{number}"
        model.mkdir(parents=True)
        (model / "LICENSE").write_text(load_license(key).text + f"\n\nAddendum {number}: Northwind Model {number} may not be used for weapons.\n")
    for number, key in enumerate(["mit", "apache-2.0", "bsd-simplified", "mit", "isc", "apache-2.0"]):
        model = folder / f"org{number % 2}" / f"copy-{number}"
        model.mkdir(parents=True)
        (model / "LICENSE").write_text(f"Copyright (c) {2001 + number} Org {number}\n\n" + load_license(key).text)
    (folder / "org0" / "copy-0" / "NOTICE").write_bytes(bytes(range(256)) * 16)
    (folder / "org1" / "empty.txt").write_text("")
    (folder / "org2" / "twin").mkdir(parents=True)
    (folder / "org2" / "twin" / "LICENSE").write_text((folder / "org0" / "edited-0" / "LICENSE").read_text())
    return folder


def _command(folder: Path, out: Path, engine_args: list[str]) -> list[str]:
    return [sys.executable, "-m", "licensecheck", "batch", str(folder), "-o", str(out), "--no-cache", *engine_args]


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "LICENSECHECK_CACHE_DIR": str(cache)}


def _sorted_lines(out: Path) -> list[str]:
    return sorted((out / "results.jsonl").read_text(encoding="utf-8").splitlines())


def _kill_after(command: list[str], env: dict[str, str], out: Path, records: int, timeout: float = 300) -> int:
    """Start the batch in its own process group; SIGKILL the group once results.jsonl has ``records`` lines."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    journal = out / "results.jsonl"
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if journal.is_file() and journal.read_bytes().count(b"\n") >= records:
                break
            time.sleep(0.02)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return journal.read_bytes().count(b"\n") if journal.is_file() else 0


def _inside(prefix: str, record: dict) -> str:
    """The results.jsonl line a run over the subfolder ``prefix`` writes for a record of the whole folder's run."""
    moved = {**record, "source": {**record["source"], "path": record["source"]["path"][len(prefix) :]}}
    if "error" in record:
        moved["error"] = {**record["error"], "message": record["error"]["message"].replace(prefix, "", 1)}
    return json.dumps(moved, ensure_ascii=False)


def _summary(completed: subprocess.CompletedProcess) -> str:
    return next(line for line in (completed.stdout + completed.stderr).splitlines() if " files (" in line)


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """The folder, a warm cache folder (index, model arrays) and the records of one uninterrupted run."""
    root = tmp_path_factory.mktemp("resume")
    folder, cache = _hub(root), root / "cache"
    completed = subprocess.run(_command(folder, root / "whole", ["-j", "2"]), env=_env(cache), capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr[-2000:]
    return folder, cache, _sorted_lines(root / "whole")


@pytest.mark.parametrize("kill_at", [1, 8, 17])
def test_a_batch_killed_with_sigkill_resumes_and_ends_as_one_run(hub, tmp_path: Path, kill_at: int) -> None:
    folder, cache, whole = hub
    out = tmp_path / "out"
    command = _command(folder, out, ["-j", "2"])
    kept = _kill_after(command, _env(cache), out, kill_at)
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines() if kept else []
    assert all(json.loads(line)["source"]["path"] for line in lines)  # whole lines only
    finished = {json.loads(line)["source"]["path"] for line in lines if "error" not in json.loads(line)}
    again = subprocess.run(command, env=_env(cache), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr[-2000:]
    assert _sorted_lines(out) == whole  # byte for byte, one line per file
    summary = _summary(again)
    if len(finished) < len(whole):
        assert f"{len(finished)} finished by an earlier run" in summary or not finished, summary
    analysed_again = int(summary.split("(")[1].split(" analyzed")[0])
    assert analysed_again <= len(whole) - len(finished)  # nothing finished is done again
    assert (out / "summary.csv").read_text().count("\n") == len(whole) + 1 and (out / "index.html").is_file()


@pytest.mark.parametrize("kill_at", [3, 12])
def test_a_killed_dask_batch_resumes_and_ends_as_one_local_run(hub, tmp_path: Path, kill_at: int) -> None:
    distributed = pytest.importorskip("dask.distributed")
    folder, cache, whole = hub
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, protocol="tcp://", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        out = tmp_path / "out"
        command = _command(folder, out, ["--engine", "dask", "--scheduler", cluster.scheduler_address])
        _kill_after(command, _env(cache), out, kill_at)
        again = subprocess.run(command, env=_env(cache), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr[-2000:]
    assert _sorted_lines(out) == whole


def test_a_dask_worker_killed_in_the_middle_loses_nothing(hub, tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    folder, cache, whole = hub
    os.environ["LICENSECHECK_CACHE_DIR"] = str(cache)  # the workers are forked from this process
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, protocol="tcp://", host="127.0.0.1",
                                      dashboard_address=None) as cluster, distributed.Client(cluster) as client:
            pids = list(client.run(os.getpid).values())
            killed: list[int] = []

            def kill_one_worker(record: dict) -> None:
                if not killed:
                    os.kill(pids[0], signal.SIGKILL)  # a worker dies while others are in flight: Dask runs its tasks again
                    killed.append(pids[0])

            result = run_batch(folder, BatchOptions(), engine="dask", scheduler=cluster.scheduler_address, outdir=tmp_path / "out",
                               sink=kill_one_worker)
    finally:
        os.environ.pop("LICENSECHECK_CACHE_DIR", None)
    assert killed and not result.interrupted
    assert not [record for record in result.records if record.get("error", {}).get("reason") == "worker-failed"]
    assert _sorted_lines(tmp_path / "out") == whole


def test_a_corrupt_or_truncated_cache_entry_is_computed_again(tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "LICENSE").write_text(load_license("llama-2-license-2023").text + "\nAddendum: no use in Lyonesse.\n")
    options = BatchOptions(identify=False)
    cache = ResultCache(tmp_path / "cache", options)
    first = run_batch(folder, options, cache=cache)
    [entry] = cache.folder.rglob("*.json")
    whole = entry.read_text()
    for damaged in (whole[: len(whole) // 2], whole.replace("user-count-cap", "user-count-cat", 1), "{}"):
        entry.write_text(damaged)
        again = run_batch(folder, options, cache=cache)
        assert (again.cached, again.analyzed) == (0, 1)
        assert again.records == first.records
    assert run_batch(folder, options, cache=cache).cached == 1  # rewritten whole


def test_two_batches_at_once_over_overlapping_folders_share_one_cache(tmp_path: Path, hub) -> None:
    folder, cache, whole = hub
    shared = tmp_path / "cache"
    subprocess.run(["cp", "-r", str(cache), str(shared)], check=True)
    first = subprocess.Popen([sys.executable, "-m", "licensecheck", "batch", str(folder), "-o", str(tmp_path / "a"), "-j", "2"],
                             env=_env(shared), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    second = subprocess.Popen([sys.executable, "-m", "licensecheck", "batch", str(folder / "org0"), "-o", str(tmp_path / "b"), "-j", "2"],
                              env=_env(shared), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert first.wait() == 0 and second.wait() == 0
    assert _sorted_lines(tmp_path / "a") == whole
    expected = sorted(_inside("org0/", json.loads(line)) for line in whole if json.loads(line)["source"]["path"].startswith("org0/"))
    assert _sorted_lines(tmp_path / "b") == expected
    for entry in (shared / "results").rglob("*.json"):  # every entry whole and intact
        stored = json.loads(entry.read_text())
        assert set(stored) == {"digest", "record"}
    third = subprocess.run([sys.executable, "-m", "licensecheck", "batch", str(folder), "-o", str(tmp_path / "c")], env=_env(shared),
                           capture_output=True, text=True)
    assert _sorted_lines(tmp_path / "c") == whole
    errors = sum("error" in json.loads(line) for line in whole)
    assert f"({errors} analyzed, {len(whole) - errors} from cache" in _summary(third)  # refused files are never cached


def test_progress_in_ci_is_a_line_and_the_summary_gives_the_rate(hub, tmp_path: Path) -> None:
    folder, cache, whole = hub
    done = subprocess.run(_command(folder, tmp_path / "out", []), env=_env(cache), capture_output=True, text=True)
    assert done.returncode == 0
    assert f"licensecheck: {len(whole)} of {len(whole)} files (" in done.stderr  # stderr is no terminal here
    assert "files/s)" in _summary(done)


def test_a_resumed_run_reports_the_violations_of_the_files_finished_before(hub, tmp_path: Path) -> None:
    folder, cache, _ = hub
    gate = ["--fail-on", "use-case-limit", "-j", "2"]
    whole = subprocess.run(_command(folder, tmp_path / "whole", gate), env=_env(cache), capture_output=True, text=True)
    violations = sorted(line for line in whole.stderr.splitlines() if line.startswith("violation:"))
    assert whole.returncode == 1 and violations
    _kill_after(_command(folder, tmp_path / "out", gate), _env(cache), tmp_path / "out", 10)
    again = subprocess.run(_command(folder, tmp_path / "out", gate), env=_env(cache), capture_output=True, text=True)
    assert again.returncode == 1
    assert sorted(line for line in again.stderr.splitlines() if line.startswith("violation:")) == violations
    assert _sorted_lines(tmp_path / "out") == _sorted_lines(tmp_path / "whole")


def test_the_journal_rewritten_sorted_reads_back_the_records_an_indexed_reading_gives(tmp_path: Path) -> None:
    from licensecheck.batch.journal import Journal

    journal = Journal(tmp_path / "out", {"run": 1})
    records = [{"source": {"path": path, "sha256": str(number)}, "n": number} for number, path in enumerate(["b", "a", "c", "a", "b"])]
    with journal:
        for record in records:
            journal.append(record)
    with (tmp_path / "out" / "results.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"source": {"path": "d"}')  # a line cut short by a kill: never read
    journal.rewrite_sorted()
    expected = [("a", 3), ("b", 4), ("c", 2)]
    assert [(record["source"]["path"], record["n"]) for record in journal.records()] == expected
    assert [(record["source"]["path"], record["n"]) for record in Journal(tmp_path / "out", {"run": 1}).records()] == expected
    with journal:  # appended to again: the last record of each path still wins
        journal.append({"source": {"path": "a", "sha256": "9"}, "n": 9})
    assert [(record["source"]["path"], record["n"]) for record in journal.records()] == [("a", 9), ("b", 4), ("c", 2)]


@pytest.mark.parametrize("earlier", [0, 2])
def test_the_journal_rewritten_without_a_transform_holds_the_lines_a_decoded_rewrite_gives(tmp_path: Path, earlier: int) -> None:
    from licensecheck.batch.journal import Journal

    records = [{"source": {"path": path, "sha256": str(number)}, "n": number, "text": "é\u2028"} for number, path in enumerate(["b", "a", "c", "a", "b"])]
    rewritten = []
    for name, transform in (("raw", None), ("decoded", lambda record: record)):
        journal = Journal(tmp_path / name, {"run": 1})
        with journal:  # a run killed after ``earlier`` records, then resumed: the resumed run did not write every line
            for record in records[:earlier]:
                journal.append(record)
        with journal:
            for record in records[earlier:]:
                journal.append(record)
        journal.rewrite_sorted(["a", "b", "c"], transform)
        rewritten.append((tmp_path / name / "results.jsonl").read_bytes())
    assert rewritten[0] == rewritten[1] and rewritten[0].count(b"\n") == 3
