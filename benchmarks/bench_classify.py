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
    clauses, seen = [], set()
    keys = ("gpl-3.0", "apache-2.0", "cc-by-nc-sa-4.0", "bigscience-open-rail-m", "llama-2-license-2023", "mpl-2.0", "odbl-1.0", "epl-2.0", "eupl-1.2", "cddl-1.0")
    for clause in (clause for key in keys for clause in segment(load_license(key).text)):
        if clause.text not in seen:
            seen.add(clause.text)
            clauses.append(clause)
    clauses = clauses[:1000]
    classifier.classify(clauses[:10])
    timings, remembered = [], []
    for _ in range(5):
        classifier.forget()  # every clause computed afresh: no remembered scores
        started = time.perf_counter()
        classifier.classify(clauses)
        timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        classifier.classify(clauses)
        remembered.append(time.perf_counter() - started)
    print(f"model load: {loaded:.2f} s (approach {classifier.meta.approach})")
    print(f"classify {len(clauses)} distinct clauses: median {statistics.median(timings):.3f} s, worst {max(timings):.3f} s over 5 runs (target < 1 s)")
    print(f"the same clauses again (scores remembered, as in a batch's boilerplate): median {statistics.median(remembered):.3f} s")


if __name__ == "__main__":
    main()
