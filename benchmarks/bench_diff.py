"""Print the figures of ``licensecheck diff``: how right it is on the diff suites, and what it costs.

* The development suite ``tests/resources/diff/cases.yml`` (its failures are listed) and the held-out
  ``benchmarks/data/diff-holdout.yml`` (figures only: it is not for tuning): cases right in full, and the
  precision and recall of the labels added, removed and changed.
* The cost of a diff of two 10 kB licenses against one analysis of one of them, measured in the same run, for
  texts analysed in full (edited copies: an exact copy of a known license reuses its stored analysis and
  costs almost nothing) and for two exact copies; the diff and the analysis are timed in turn (medians of 25 rounds).

Run: ``.venv/bin/python benchmarks/bench_diff.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from diffcases import load_cases, run_case, scores  # noqa: E402

CAP = "700 million monthly active users"


def suite(name: str, path: Path, classifier, index, details: bool) -> None:
    outcomes = [run_case(case, classifier, index) for case in load_cases(path)]
    figures = scores(outcomes)
    print(f"{name} ({figures['cases']} pairs): right in full {figures['right']} of {figures['cases']} "
          f"({100 * figures['right'] / figures['cases']:.0f}%); labels precision {figures['precision']:.3f}, recall {figures['recall']:.3f}; "
          f"no-change pairs right {figures['no_change_right']} of {figures['no_change']}")
    if details:
        for outcome in outcomes:
            if outcome.problems:
                print(f"    {outcome.case.id}: {'; '.join(outcome.problems)}")


def best(function, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def interleaved(first, second, rounds: int = 25) -> tuple[float, float]:
    """The median times of two functions run in turn, so that the machine's load weighs on both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for function, found in zip((first, second), times):
            started = time.perf_counter()
            function()
            found.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def cost(classifier, index) -> None:
    from licensecheck.pipeline import analyze, compare_texts
    from licensecheck.source import read_known

    for key, find, old_words, new_words in (
        ("apache-2.0", "copyright license to reproduce", "copyright license, for internal evaluation, to reproduce",
         "copyright license, for non-commercial research only, to reproduce"),
        ("llama-2-license-2023", CAP, "800 million monthly active users", "100 million monthly active users"),
    ):
        text = read_known(key).text  # both sides edited: neither is an exact copy (whose stored analysis costs nothing)
        old, new = text.replace(find, old_words, 1), text.replace(find, new_words, 1)
        compare_texts(old, new, classifier=classifier, references=index)  # warm
        one, both = interleaved(lambda: analyze(new, classifier=classifier, references=index),
                                lambda: compare_texts(old, new, classifier=classifier, references=index))
        print(f"diff of two edited {key} texts ({len(new):,} chars each): {1000 * both:.0f} ms; one analysis {1000 * one:.0f} ms "
              f"({both / one:.2f}x; target <= 2x)")
    exact = best(lambda: compare_texts(read_known("cc-by-4.0"), read_known("cc-by-nc-4.0"), classifier=classifier, references=index))
    print(f"diff of two exact copies of known licenses (CC-BY-4.0 -> CC-BY-NC-4.0, stored analyses): {1000 * exact:.0f} ms")


def main() -> None:
    from licensecheck import load_classifier
    from licensecheck.identify import load_index

    classifier, index = load_classifier(), load_index()
    suite("development suite", ROOT / "tests" / "resources" / "diff" / "cases.yml", classifier, index, details=True)
    suite("held-out suite", ROOT / "benchmarks" / "data" / "diff-holdout.yml", classifier, index, details=False)
    cost(classifier, index)


if __name__ == "__main__":
    main()
