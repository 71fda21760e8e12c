"""Every speed figure of the performance issue, side by side in one run, as ratios against a peer or a baseline.

    .venv/bin/python benchmarks/bench_speed.py [--scancode .venv-peers/bin/scancode] [--hub-files 2000]

1. in process: full analysis of ~10 kB licenses against spaCy's tokenizer on the same text (target <= 4x),
   for exact copies (the known-license path) and for edited copies (the text cut at 10,000 characters);
2. cold start: ``licensecheck analyze`` against ``import spacy`` (target <= +0.5 s), ``identify`` (target <= 0.5 s);
3. batch, full analysis, ``--no-cache -j 2``: 300 distinct licensedcode-data texts and a hub-like folder
   (copies of a few common licenses with their own copyright lines, some custom licenses, some broken files),
   files/s against ScanCode's ``--license -n 2`` on the same folders (targets >= 10x and >= 30x). The
   references' stored analyses count as part of the model (as the index does): "first" runs with none stored,
   "stored" after one run;
4. a cached folder with bad files in it against the same folder without them (target <= 2x);
5. peak memory of a batch worker (target <= 400 MB).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMON = ["mit", "apache-2.0", "bsd-new", "bsd-simplified", "cc-by-4.0", "llama-2-license-2023", "bigscience-open-rail-m", "gpl-3.0"]


def median_ms(action, repeat: int = 15) -> float:
    action()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return 1000 * statistics.median(timings)


def in_process() -> None:
    import spacy

    from licensecheck import analyze, load_classifier
    from licensecheck.identify import load_index
    from licensecheck.source import read_known

    classifier, index, nlp = load_classifier(), load_index(), spacy.blank("en")
    print("1. in process, full analysis against spaCy's tokenizer on the same text (target <= 4x)")
    for key in ("apache-2.0", "llama-2-license-2023", "bigscience-open-rail-m", "cc-by-nc-4.0"):
        for kind, text in (("exact copy", read_known(key).text), ("cut at 10 kB", read_known(key).text[:10_000])):
            tokenizer = median_ms(lambda: nlp.make_doc(text))

            def fresh() -> None:
                classifier.forget()  # no clause scores remembered from the previous run
                analyze(text, classifier=classifier, references=index)

            full = median_ms(fresh)
            print(f"   {key:<24} {kind:<13} {len(text):>6,} chars: analysis {full:6.1f} ms, tokenizer {tokenizer:5.1f} ms = {full / tokenizer:4.1f}x")


def cold_start(script: str, env: dict[str, str]) -> None:
    def seconds(command: list[str]) -> float:
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            timings.append(time.perf_counter() - started)
        return statistics.median(timings)

    spacy_import = seconds([sys.executable, "-c", "import spacy"])
    analyze_cold = seconds([script, "analyze", "--known", "llama-2-license-2023", "--format", "json"])
    identify_cold = seconds([script, "identify", "--known", "apache-2.0"])
    print("2. cold start (median of 5)")
    print(f"   analyze {analyze_cold:.2f} s, import spacy {spacy_import:.2f} s: +{analyze_cold - spacy_import:.2f} s (target <= +0.5 s)")
    print(f"   identify {identify_cold:.2f} s (target <= 0.5 s)")


def distinct_folder(folder: Path, count: int = 300) -> None:
    from licensecheck.licensedb import license_keys, load_license

    keys = [key for key in license_keys() if not load_license(key).meta.get("is_deprecated") and len(load_license(key).text) > 200]
    random.Random(0).shuffle(keys)
    for key in keys[:count]:
        (folder / f"{key}.LICENSE.txt").write_text(load_license(key).text, encoding="utf-8")


def hub_folder(folder: Path, count: int) -> None:
    """org/model/LICENSE copies of a few common licenses with their own copyright lines; 5% custom texts, 1% broken."""
    from licensecheck.licensedb import license_keys, load_license

    chance = random.Random(1)
    custom = [key for key in license_keys() if "rail" in key or "llama" in key or key.startswith("cc-by-nc")]
    for number in range(count):
        model = folder / f"org{number % 97}" / f"model-{number}"
        model.mkdir(parents=True)
        draw = chance.random()
        if draw < 0.01:
            (model / "LICENSE").write_bytes(bytes(range(256)) * 4)
        elif draw < 0.06:
            (model / "LICENSE").write_text(load_license(chance.choice(custom)).text + f"\n\nAddendum {number}: the Model may not be used by Org{number}'s rivals.\n")
        else:
            key = chance.choice(COMMON)
            (model / "LICENSE").write_text(f"Copyright (c) {1990 + number % 35} Org {number} Labs\n\n" + load_license(key).text)


def batch_figures(script: str, scancode: str | None, root: Path, env: dict[str, str], hub_files: int) -> None:
    print("3. batch, full analysis, --no-cache -j 2 (ScanCode: --license -n 2)")
    for name, build, count in (("300 distinct licensedcode-data texts", lambda folder: distinct_folder(folder), 300),
                               (f"hub-like folder of {hub_files:,} files", lambda folder: hub_folder(folder, hub_files), hub_files)):
        folder = root / name.split()[0]
        folder.mkdir()
        build(folder)
        cache = root / f"cache-{folder.name}"
        shutil.copytree(env["LICENSECHECK_CACHE_DIR"], cache)  # the built index and model arrays; no reference stored
        local = {**env, "LICENSECHECK_CACHE_DIR": str(cache)}
        command = [script, "batch", str(folder), "--no-cache", "-j", "2", "-o"]
        first = _timed([*command, str(root / f"out-{folder.name}-first")], local)  # a fresh output folder each time:
        stored = _timed([*command, str(root / f"out-{folder.name}-stored")], local)  # the same one would resume, not analyse
        line = f"   {name}: first {count / first:6.1f} files/s ({first:5.1f} s), stored {count / stored:6.1f} files/s ({stored:5.1f} s)"
        if scancode:
            _timed([scancode, "--license", "-n", "2", "--json", str(root / "warm.json"), "--quiet", str(ROOT / "examples")], env)  # its index loaded once
            scan = _timed([scancode, "--license", "-n", "2", "--json", str(root / "scan.json"), "--quiet", str(folder)], env)
            line += f"; ScanCode {count / scan:5.1f} files/s: {scan / first:.1f}x first, {scan / stored:.1f}x stored"
        print(line)


def bad_files(script: str, root: Path, env: dict[str, str]) -> None:
    clean, dirty = root / "clean", root / "dirty"
    clean.mkdir()
    distinct_folder(clean, 200)
    shutil.copytree(clean, dirty)
    (dirty / "EMPTY.txt").write_bytes(b"")
    (dirty / "LICENSE.bin.txt").write_bytes(bytes(range(256)) * 64)
    cache = {**env, "LICENSECHECK_CACHE_DIR": str(root / "cache-bad")}
    shutil.copytree(env["LICENSECHECK_CACHE_DIR"], root / "cache-bad")
    for folder in (clean, dirty):
        _timed([script, "batch", str(folder), "-j", "2", "-o", str(root / "out-bad")], cache)  # fill the result cache
    without = statistics.median(_timed([script, "batch", str(clean), "-j", "2", "-o", str(root / "out-bad")], cache) for _ in range(3))
    with_bad = statistics.median(_timed([script, "batch", str(dirty), "-j", "2", "-o", str(root / "out-bad")], cache) for _ in range(3))
    print(f"4. cached folder of 200: {without:.2f} s; with an empty and a binary file: {with_bad:.2f} s = {with_bad / without:.2f}x (target <= 2x)")


def worker_memory(root: Path, env: dict[str, str]) -> None:
    """Peak resident memory of the batch's workers and of its main process, measured in a process of their own."""
    folder = root / "memory"
    folder.mkdir()
    for number, key in enumerate(("bigscience-open-rail-m", "llama-2-license-2023", "cc-by-nc-4.0", "apache-2.0") * 5):
        (folder / f"LICENSE-{number}.txt").write_text(load_text(key)[:9000] + f"\nAddendum {number}.\n")
    probe = "\n".join([
        "import resource",
        "from licensecheck.batch import BatchOptions, run_batch",
        "if __name__ == '__main__':",
        f"    result = run_batch({str(folder)!r}, BatchOptions(), jobs=2, outdir={str(root / 'out-memory')!r})",
        "    print(result.peak_worker_mb, int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) / 1024)",
    ])
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    worker, main_process = (float(value) for value in done.stdout.split())
    print(f"5. peak memory: a batch worker {worker:.0f} MB (target <= 400 MB), the main process {main_process:.0f} MB")


def load_text(key: str) -> str:
    from licensecheck.licensedb import load_license

    return load_license(key).text


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scancode", help="ScanCode Toolkit's scancode command (make bench-peers installs it in .venv-peers)")
    parser.add_argument("--hub-files", type=int, default=2000)
    args = parser.parse_args()
    script = shutil.which("licensecheck", path=str(Path(sys.executable).parent)) or "licensecheck"
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        env = {**os.environ, "LICENSECHECK_CACHE_DIR": str(root / "cache")}
        subprocess.run([script, "analyze", "--known", "mit"], capture_output=True, env=env, check=True)  # index and model arrays
        os.environ["LICENSECHECK_CACHE_DIR"] = str(root / "cache-in-process")
        in_process()
        cold_start(script, env)
        batch_figures(script, args.scancode, root, env, args.hub_files)
        bad_files(script, root, env)
        worker_memory(root, env)


if __name__ == "__main__":
    main()
