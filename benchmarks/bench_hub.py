"""A synthetic model hub through the batch: files/s and peak memory, local engine against Dask, at two sizes.

    .venv/bin/python benchmarks/bench_hub.py [--sizes 2000 20000] [--dask-workers 2]

The hub has a Hugging Face-like layout: ``org/model/README.md`` (YAML front matter naming the license) and
``org/model/LICENSE``, most of them copies of a few common licenses with their own copyright lines, some custom
model licenses (a known model license with an addendum: a full analysis each), some broken files. Each size runs
in a fresh process per engine (``--no-cache``, results to a fresh output folder) and prints files/s, the peak
memory of the main process and of a worker; memory must stay flat from one size to the next. The Dask run uses
a ``distributed`` LocalCluster on loopback, with one worker killed (SIGKILL) halfway through, and must give the
local run's records, file for file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

COMMON = ["mit", "apache-2.0", "bsd-new", "bsd-simplified", "cc-by-4.0", "llama-2-license-2023", "bigscience-open-rail-m", "gpl-3.0",
          "openrail++", "cc-by-nc-4.0"]
CUSTOM = ["llama-2-license-2023", "bigscience-open-rail-m", "bigcode-open-rail-m-v1", "cc-by-nc-4.0", "cc-by-nc-sa-4.0"]
CARD_LICENSES = ["apache-2.0", "mit", "cc-by-4.0", "llama2", "openrail", "other"]

PROBE = """
import json, resource, sys, time
from licensecheck.batch import BatchOptions, run_batch
if __name__ == "__main__":
    folder, out, engine, scheduler = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] or None
    result = run_batch(folder, BatchOptions(), jobs=2, engine=engine, scheduler=scheduler, outdir=out)
    workers = result.peak_worker_mb
    if engine == "dask":
        from dask.distributed import Client
        with Client(scheduler) as client:
            workers = max(client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024).values())
    # VmHWM, not ru_maxrss: a child's ru_maxrss starts from its parent's peak (this benchmark's, holding the hub)
    peak = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1024
    print(json.dumps({"files": result.files, "seconds": result.seconds, "main_mb": peak,
                      "worker_mb": workers, "analyzed": result.analyzed}))
"""


def make_hub(folder: Path, count: int) -> None:
    """About ``count`` files: a README.md and a LICENSE per model (1% of the LICENSE files broken, 5% custom)."""
    from licensecheck.licensedb import license_keys, load_license

    keys = set(license_keys())
    texts = {key: load_license(key).text for key in {*COMMON, *CUSTOM} if key in keys}
    chance = random.Random(7)
    for number in range(count // 2):
        model = folder / f"org{number % 211}" / f"model-{number}"
        model.mkdir(parents=True)
        card = chance.choice(CARD_LICENSES)
        (model / "README.md").write_text(f"---\nlicense: {card}\ntags: [text-generation]\n---\n# Model {number}\n")
        draw = chance.random()
        if draw < 0.01:
            (model / "LICENSE").write_bytes(bytes(range(256)) * 8)
        elif draw < 0.06:
            key = chance.choice([key for key in CUSTOM if key in texts])
            (model / "LICENSE").write_text(texts[key] + f"\n\nAddendum {number}: Model {number} may not be used to rank job applicants.\n")
        else:
            key = chance.choice([key for key in COMMON if key in texts])
            (model / "LICENSE").write_text(f"Copyright (c) {1995 + number % 30} Org {number} Research\n\n" + texts[key])


def run(folder: Path, out: Path, engine: str, scheduler: str, env: dict[str, str]) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(folder), str(out), engine, scheduler], capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _kill_a_worker_midway(cluster: Any, journal: Path, after: int) -> threading.Thread:
    """A thread that kills one Dask worker process (SIGKILL) once ``journal`` holds ``after`` lines."""
    from dask.distributed import Client

    with Client(cluster) as client:
        pid = next(iter(client.run(os.getpid).values()))

    def watch() -> None:
        while True:
            try:
                lines = journal.read_bytes().count(b"\n")
            except OSError:
                lines = 0
            if lines >= after:
                os.kill(pid, signal.SIGKILL)
                thread.name = str(lines)
                return
            time.sleep(0.05)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--dask-workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        env = {**os.environ, "LICENSECHECK_CACHE_DIR": str(root / "cache")}
        subprocess.run([sys.executable, "-m", "licensecheck", "analyze", "--known", "mit"], capture_output=True, env=env, check=True)
        os.environ["LICENSECHECK_CACHE_DIR"] = env["LICENSECHECK_CACHE_DIR"]  # the Dask workers are started from here
        from dask.distributed import LocalCluster

        with LocalCluster(n_workers=args.dask_workers, threads_per_worker=1, processes=True, protocol="tcp://", host="127.0.0.1",
                          dashboard_address=None) as cluster:
            for size in args.sizes:
                folder = root / f"hub-{size}"
                make_hub(folder, size)
                figures = {}
                for engine in ("local", "dask"):
                    out = root / f"out-{size}-{engine}"
                    killer = _kill_a_worker_midway(cluster, out / "results.jsonl", size // 2) if engine == "dask" else None
                    figures[engine] = run(folder, out, engine, cluster.scheduler_address if engine == "dask" else "", env)
                    if killer is not None:
                        killer.join()
                        print(f"{size:>6,} files, dask : a worker was killed with SIGKILL after {killer.name} records", flush=True)
                    rate = figures[engine]["files"] / figures[engine]["seconds"]
                    print(f"{size:>6,} files, {engine:<5}: {rate:6.1f} files/s ({figures[engine]['seconds']:6.1f} s), main process "
                          f"{figures[engine]['main_mb']:5.0f} MB, a worker {figures[engine]['worker_mb']:5.0f} MB", flush=True)
                local = (root / f"out-{size}-local" / "results.jsonl").read_text()
                remote = (root / f"out-{size}-dask" / "results.jsonl").read_text()
                print(f"{size:>6,} files: Dask records equal the local ones, file for file: {local == remote}", flush=True)
                shutil.rmtree(folder)


if __name__ == "__main__":
    main()
