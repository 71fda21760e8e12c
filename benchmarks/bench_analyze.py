"""Print how long analysis takes: in-process on a ~10 kB license, and the CLI's cold start.

Targets (issue 2): under 100 ms per 10 kB license once the model is loaded;
CLI cold start under 1.5 s.  Run: ``.venv/bin/python benchmarks/bench_analyze.py``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def median_seconds(action, repeat: int, before=lambda: None) -> tuple[float, float]:
    timings = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), max(timings)


def in_process() -> None:
    started = time.perf_counter()
    from licensecheck import analyze, load_classifier
    from licensecheck.identify import load_index
    from licensecheck.source import read_known

    imported = time.perf_counter()
    classifier = load_classifier()
    loaded = time.perf_counter()
    index = load_index()
    indexed = time.perf_counter()
    print(f"import licensecheck:            {1000 * (imported - started):7.1f} ms")
    print(f"load model:                     {1000 * (loaded - imported):7.1f} ms")
    print(f"load reference index:           {1000 * (indexed - loaded):7.1f} ms")
    for key in ("apache-2.0", "llama-2-license-2023", "bigscience-open-rail-m"):
        text = read_known(key).text[:10_000]
        analyze(text, classifier=classifier, references=index)  # warm spaCy's pipeline and caches once
        # each run classifies every clause afresh: the classifier forgets the scores it remembered
        bare, _ = median_seconds(lambda: analyze(text, classifier=classifier, references=False), 20, classifier.forget)
        full, worst = median_seconds(lambda: analyze(text, classifier=classifier, references=index), 20, classifier.forget)
        print(
            f"analyze {len(text):,} chars of {key}: median {1000 * bare:6.1f} ms clauses+labels+parameters, "
            f"{1000 * full:6.1f} ms with identification and diff (worst {1000 * worst:.1f} ms; target < 100 ms)"
        )


def cold_start() -> None:
    script = shutil.which("licensecheck", path=str(Path(sys.executable).parent)) or "licensecheck"
    for args, label in (
        (["--help"], "licensecheck --help"),
        (["analyze", "--known", "apache-2.0", "--format", "json"], "licensecheck analyze --known apache-2.0"),
    ):
        median, worst = median_seconds(lambda: subprocess.run([script, *args], check=True, capture_output=True), 5)
        print(f"cold start {label:<42} median {median:5.2f} s, worst {worst:5.2f} s over 5 runs (target < 1.5 s)")


if __name__ == "__main__":
    in_process()
    cold_start()
