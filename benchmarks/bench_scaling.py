"""Time per input size: doubling the input should roughly double the time, up to the size limit.

    .venv/bin/python benchmarks/bench_scaling.py
"""

from __future__ import annotations

import time

from licensecheck import analyze, load_classifier
from licensecheck.licensedb import load_license
from licensecheck.source import read_bytes


def main() -> None:
    classifier = load_classifier()
    base = "\n\n".join(load_license(key).text for key in ("apache-2.0", "llama-2-license-2023", "cc-by-nc-4.0", "gpl-3.0"))
    analyze(base[:2000], classifier=classifier, references=False)
    previous = None
    for size in (50_000, 100_000, 200_000, 400_000, 800_000, 1_600_000, 3_200_000):
        text = (base * (size // len(base) + 1))[:size]
        started = time.perf_counter()
        result = analyze(read_bytes(text.encode("utf-8"), "bench"), classifier=classifier, references=False)
        elapsed = time.perf_counter() - started
        ratio = f"x{elapsed / previous:.2f} for x2 input" if previous else ""
        print(f"{size:>9,} chars  {len(result.clauses):>6,} clauses  {elapsed:7.2f} s  {size / elapsed / 1000:7.1f} kchars/s  {ratio}")
        previous = elapsed
    for label, text in (("one enormous line", "x" * 1_000_000), ("10,000 numbered sections", "\n".join(f"{n}. You may not use it for purpose {n}." for n in range(1, 10_001)))):
        started = time.perf_counter()
        analyze(read_bytes(text.encode(), "bench"), classifier=classifier, references=False)
        print(f"{label}: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
