"""Identification accuracy and speed on licensedcode-data, side by side with peers.

Prints top-1 accuracy on the exact texts of every active license in
licensedcode-data and on perturbed copies (re-wrapped lines, a new copyright
line on top, a Markdown heading, curly quotes, 5% of words dropped), the index
load time, files per second and peak memory. With ``--peer-python`` (a Python
that has the ``licenseclassifier`` package) and ``--scancode`` (ScanCode
Toolkit's CLI) it runs them on a sample of the same files.

    .venv/bin/python benchmarks/bench_identify.py                       # licensecheck only
    make bench-peers                                                     # with the peers

Targets (issue 4): >= 99% exact, >= 97% perturbed, >= 10x ScanCode's files/s,
index load < 0.5 s, peak memory < 500 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from licensecheck.identify import cache_dir, identify, load_index, tokenize
from licensecheck.licensedb import license_keys, load_license


def perturb(text: str, seed: int) -> str:
    """Re-wrap, add a copyright line and a Markdown heading, curl the quotes, drop 5% of words."""
    rng = random.Random(seed)
    words = text.split()
    kept = [word for word in words if rng.random() >= 0.05] or words
    rewrapped = textwrap.fill(" ".join(kept), width=rng.choice([60, 72, 100]))
    curly = re.sub(r'"([^"]*)"', "“\\1”", rewrapped).replace("'", "’")
    return f"# License\n\nCopyright (c) 2031 Example Corp.\n\n{curly}\n"


def same_text(key_a: str, key_b: str) -> bool:
    return key_a == key_b or load_license(key_a).text and tokenize(load_license(key_a).text).words == tokenize(load_license(key_b).text).words


def run_licensecheck(samples: list[tuple[str, str]]) -> tuple[float, float]:
    index = load_index()
    correct = 0
    started = time.perf_counter()
    for key, text in samples:
        result = identify(text, index)
        if result.matches and same_text(result.matches[0].key, key):
            correct += 1
    elapsed = time.perf_counter() - started
    return correct / len(samples), len(samples) / elapsed


def write_folder(samples: list[tuple[str, str]], folder: Path) -> dict[str, str]:
    names = {}
    for number, (key, text) in enumerate(samples):
        name = f"{number:05d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        names[name] = key
    return names


def run_licensecheck_process(folder: Path, names: dict[str, str]) -> tuple[float, float]:
    """The same folder in a fresh Python process, start-up and index load included (as ScanCode's run is)."""
    script = (
        "import json,sys,pathlib\nfrom licensecheck.identify import identify, load_index\n"
        "index=load_index();out={}\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).iterdir()):\n"
        "    r=identify(p.read_text(encoding='utf-8'), index)\n"
        "    out[p.name]=r.matches[0].key if r.matches else None\n"
        "print(json.dumps(out))\n"
    )
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - started
    found = json.loads(done.stdout.strip().splitlines()[-1])
    correct = sum(1 for name, key in names.items() if found.get(name) and same_text(found[name], key))
    return correct / len(names), len(names) / elapsed


def run_licenseclassifier(python: str, folder: Path, names: dict[str, str]) -> tuple[float, float, int]:
    script = (
        "import json,sys,time,pathlib\nfrom licenseclassifier import identify_license\n"
        "out={};t=time.perf_counter()\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).iterdir()):\n"
        "    r=identify_license(p.read_text(encoding='utf-8'), coverage_threshold=50.0)\n"
        "    out[p.name]=r[0].id if r else None\n"
        "print(json.dumps({'seconds':time.perf_counter()-t,'ids':out}))\n"
    )
    done = subprocess.run([python, "-c", script, str(folder)], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return _spdx_accuracy(result["ids"], names) + (len(names) / result["seconds"],)


def run_scancode(scancode: str, folder: Path, names: dict[str, str]) -> tuple[float, float, int]:
    output = folder.parent / "scancode.json"
    started = time.perf_counter()
    subprocess.run([scancode, "--license", "-n", "2", "--json", str(output), "--quiet", str(folder)], check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    data = json.loads(output.read_text())
    found = {}
    for entry in data["files"]:
        expression = entry.get("detected_license_expression") or ""
        found[Path(entry["path"]).name] = expression.split(" ")[0] if expression else None
    correct = sum(1 for name, key in names.items() if found.get(name) and _is_key(found[name]) and same_text(found[name], key))
    return correct / len(names), len(names), len(names) / elapsed


def _is_key(key: str) -> bool:
    try:
        load_license(key)
        return True
    except Exception:  # noqa: BLE001
        return False


def _spdx_accuracy(found: dict[str, str | None], names: dict[str, str]) -> tuple[float, int]:
    """Accuracy on the files whose license has an SPDX id (the only ones an SPDX tool can name)."""
    scored = {name: key for name, key in names.items() if not load_license(key).spdx.startswith("LicenseRef-")}
    correct = sum(1 for name, key in scored.items() if (found.get(name) or "").lower() == load_license(key).spdx.lower())
    return correct / max(1, len(scored)), len(scored)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peer-python", help="a Python with the licenseclassifier package")
    parser.add_argument("--scancode", help="ScanCode Toolkit's scancode command")
    parser.add_argument("--peer-sample", type=int, default=200, help="files given to the peers (ScanCode is slow)")
    parser.add_argument("--limit", type=int, default=0, help="licenses to test (0: all active ones)")
    parser.add_argument("--peers-only", action="store_true", help="skip the full accuracy run; only the side-by-side sample")
    args = parser.parse_args()

    keys = [key for key in license_keys() if not load_license(key).meta.get("is_deprecated")]
    if args.limit:
        keys = random.Random(1).sample(keys, args.limit)
    exact = [(key, load_license(key).text) for key in keys]
    perturbed = [(key, perturb(text, seed)) for seed, (key, text) in enumerate(exact)]

    cached = cache_dir()
    started = time.perf_counter()
    load_index()
    first_load = time.perf_counter() - started
    load_index.cache_clear()
    started = time.perf_counter()
    load_index()
    index_load = time.perf_counter() - started
    print(f"reference index: {len(load_index().keys)} licenses; first use {first_load:.2f} s, load from cache {index_load:.3f} s ({cached})")

    if args.peers_only:
        exact_accuracy = perturbed_accuracy = exact_rate = perturbed_rate = float("nan")
    else:
        exact_accuracy, exact_rate = run_licensecheck(exact)
        perturbed_accuracy, perturbed_rate = run_licensecheck(perturbed)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"licensecheck  exact:     top-1 {100 * exact_accuracy:6.2f}% of {len(exact)}  {exact_rate:7.1f} files/s")
    print(f"licensecheck  perturbed: top-1 {100 * perturbed_accuracy:6.2f}% of {len(perturbed)}  {perturbed_rate:7.1f} files/s")
    print(f"licensecheck  peak memory (RSS): {peak:.0f} MB")

    if not (args.peer_python or args.scancode):
        return
    chosen = random.Random(7).sample(range(len(exact)), min(args.peer_sample, len(exact)))
    for kind, samples in (("exact", [exact[index] for index in chosen]), ("perturbed", [perturbed[index] for index in chosen])):
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary) / "files"
            folder.mkdir()
            names = write_folder(samples, folder)
            _, in_process = run_licensecheck(samples)
            ours, our_rate = run_licensecheck_process(folder, names)
            print(f"\nsame {len(samples)} {kind} files:")
            print(f"  licensecheck       top-1 {100 * ours:6.2f}% of {len(samples)}  {our_rate:7.1f} files/s incl. start-up ({in_process:.1f} files/s in process)")
            if args.peer_python:
                accuracy, scored, rate = run_licenseclassifier(args.peer_python, folder, names)
                print(f"  licenseclassifier  top-1 {100 * accuracy:6.2f}% of the {scored} with an SPDX id  {rate:7.1f} files/s  (licensecheck/peer speed {our_rate / rate:.2f}x)")
            if args.scancode and shutil.which(args.scancode):
                accuracy, scored, rate = run_scancode(args.scancode, folder, names)
                print(f"  scancode-toolkit   top-1 {100 * accuracy:6.2f}% of {scored}  {rate:7.1f} files/s incl. start-up  (licensecheck/peer speed {our_rate / rate:.2f}x)")

if __name__ == "__main__":
    sys.exit(main())
