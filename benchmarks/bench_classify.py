"""Print how long the shipped classifier takes to label 1,000 clauses once loaded (target: under 1 s).

Run: ``.venv/bin/python benchmarks/bench_classify.py``.
"""

from __future__ import annotations

import statistics
import time

from licensecheck import load_classifier
from licensecheck.licensedb import load_license
from licensecheck.segment import segment


def main() -> None:
    started = time.perf_counter()
    classifier = load_classifier()
    loaded = time.perf_counter() - started
    clauses = []
    for key in ("gpl-3.0", "apache-2.0", "cc-by-nc-sa-4.0", "bigscience-open-rail-m", "llama-2-license-2023", "mpl-2.0", "odbl-1.0"):
        clauses.extend(segment(load_license(key).text))
    clauses = (clauses * 2)[:1000]
    classifier.classify(clauses[:10])
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        classifier.classify(clauses)
        timings.append(time.perf_counter() - started)
    print(f"model load: {loaded:.2f} s (approach {classifier.meta.approach})")
    print(f"classify {len(clauses)} clauses: median {statistics.median(timings):.3f} s, worst {max(timings):.3f} s over 5 runs (target < 1 s)")


if __name__ == "__main__":
    main()
