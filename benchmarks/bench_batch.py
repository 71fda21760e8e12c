"""Batch throughput over 2,000 licensedcode-data texts with -j 2: cold, warm (cache), peak memory per worker,
and ScanCode Toolkit's license scan of the same folder when ``--scancode`` is given.

    .venv/bin/python benchmarks/bench_batch.py [--files 2000] [--scancode .venv-peers/bin/scancode]

Targets (issue 7): a warm re-run at least 20x faster than the cold one, peak memory per worker under
400 MB, at least 10x ScanCode's files per second.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from licensecheck.licensedb import license_keys, load_license


def make_folder(folder: Path, count: int) -> int:
    keys = [key for key in license_keys() if not load_license(key).meta.get("is_deprecated")][:count]
    for key in keys:
        (folder / f"{key}.LICENSE.txt").write_text(load_license(key).text, encoding="utf-8")
    return len(keys)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return elapsed, done.stdout + done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--scancode", help="ScanCode Toolkit's scancode command, for the side-by-side figure")
    args = parser.parse_args()
    licensecheck = shutil.which("licensecheck", path=str(Path(sys.executable).parent)) or "licensecheck"
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        folder = root / "licenses"
        folder.mkdir()
        count = make_folder(folder, args.files)
        env = {**os.environ, "LICENSECHECK_CACHE_DIR": str(root / "cache")}
        subprocess.run([licensecheck, "identify", "--known", "mit"], capture_output=True, env=env, check=True)  # build the index once
        command = [licensecheck, "batch", str(folder), "-j", str(args.jobs), "-o", str(root / "out")]
        cold, output = timed(command, env)
        warm, _ = timed(command, env)
        summary = next((line for line in output.splitlines() if " files (" in line), "")
        print(f"{count} files, -j {args.jobs}: {summary}")
        for line in (root / "out" / "results.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "error" in record:
                print(f"  error: {record['source']['path']}: {record['error']['reason']}: {record['error']['message'][:200]}")
        print(f"cold: {cold:6.1f} s  {count / cold:7.1f} files/s")
        print(f"warm: {warm:6.2f} s  {count / warm:7.1f} files/s  ({cold / warm:.0f}x faster than cold; target >= 20x)")
        peak = _peak_worker_mb(folder, args.jobs, env, licensecheck, root)
        print(f"peak memory per worker: {peak:.0f} MB (target < 400 MB)")
        if args.scancode:
            scan, _ = timed([args.scancode, "--license", "-n", str(args.jobs), "--json", str(root / "scancode.json"), "--quiet", str(folder)], env)
            print(f"scancode-toolkit --license -n {args.jobs}: {scan:6.1f} s  {count / scan:7.1f} files/s")
            print(f"licensecheck cold is {scan / cold:.1f}x ScanCode's speed (target >= 10x)")


def _peak_worker_mb(folder: Path, jobs: int, env: dict[str, str], licensecheck: str, root: Path) -> float:
    """Largest resident set of a worker, read from a run with --no-cache (RUSAGE_CHILDREN of this process)."""
    import resource

    subprocess.run([licensecheck, "batch", str(folder), "-j", str(jobs), "--no-cache", "-o", str(root / "out2")], capture_output=True, env=env)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


if __name__ == "__main__":
    main()
