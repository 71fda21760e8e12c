"""Print the trust figures: false opens, edits caught, edits called exact, open texts kept open, and the edit check's cost.

Suites: the development suites ``tests/resources/adversarial/cases*.yml`` (their failures are listed) and
the held-out ``benchmarks/data/false-open-holdout.yml`` (figures only: it is not for tuning). Also
every OSI-approved and open-typed text of licensedcode-data pasted unmodified (blocking false alarms,
open verdicts lost), and the time of a modified license against the same license unmodified.

Run: ``.venv/bin/python benchmarks/bench_trust.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from adversarial import load_suite, run_case, summary  # noqa: E402


def suite_figures(name: str, path: Path, classifier, details: bool) -> None:
    if not path.is_file():
        print(f"{name}: {path} not found")
        return
    figures = summary([run_case(case, classifier) for case in load_suite(path)])
    print(f"{name} ({figures['cases']} cases):")
    print(f"  false OPEN                 {figures['false_open']} of {figures['restrictive']} restrictive texts")
    caught = figures["edits_caught"] / max(figures["edits"], 1)
    print(f"  edits caught with label    {figures['edits_caught']} of {figures['edits']} ({100 * caught:.1f}%)")
    print(f"  edited texts called exact  {figures['edits_called_exact']}")
    print(f"  open controls kept open    {figures['controls_open']} of {figures['controls']}")
    print(f"  cases with any problem     {len(figures['failures'])}")
    if details:
        for outcome in figures["failures"]:
            print(f"    {outcome.case.id}: {'; '.join(outcome.problems)} [{outcome.verdict}, {outcome.identification}]")


def unmodified_open_texts(classifier) -> None:
    from licensecheck import analyze
    from licensecheck.evaluate import osi_approved_keys
    from licensecheck.licensedb import license_keys, load_license
    from licensecheck.licenseinfo import license_facts

    osi = osi_approved_keys()
    typed = [key for key in license_keys() if not load_license(key).meta.get("is_deprecated") and license_facts(key).mof_type != "none"]
    alarms = lost = 0
    lost_keys = []
    for key in sorted(set(osi) | set(typed)):
        result = analyze(load_license(key).text, classifier=classifier)
        alarms += key in osi and bool(result.blocking_labels)
        if result.verdict not in ("open", "open-with-conditions") and not result.blocking_labels:
            lost += 1
            lost_keys.append(f"{key} ({result.verdict})")
    print(f"OSI-approved texts with a blocking label: {alarms} of {len(osi)} ({100 * alarms / len(osi):.1f}%)")
    print(f"open texts pasted unmodified that lost the open verdict without a blocking label: {lost} of {len(set(osi) | set(typed))}"
          + (f": {', '.join(lost_keys)}" if lost_keys else ""))


MORE_MIT_EDITS = [
    ("furnished to do so", "furnished to do so, except that no person domiciled in the European Union may do so"),
    ("The above copyright notice", "You may not use the outputs of the Software to train any other model. The above copyright notice"),
    ("IN NO EVENT", "This license may be revoked by the authors at any time. IN NO EVENT"),
]


def edit_cost(classifier) -> None:
    from licensecheck import analyze
    from licensecheck.identify import load_index
    from licensecheck.licensedb import load_license

    index = load_index()
    for key, find, replace in [
        ("apache-2.0", "irrevocable", "revocable"),
        ("mit", "without restriction", "for non-commercial purposes only, without restriction"),
        ("cc-by-4.0", "irrevocable", "revocable"),
    ]:
        exact = load_license(key).text
        modified = exact.replace(find, replace)

        # the edit check's cost is against the same text analysed in full; an exact copy itself reuses its
        # reference's stored analysis (much cheaper still)
        runs = [(exact, True), (exact, False), (modified, True)]
        if key == "mit":  # each further edit is read on its own: the cost grows with their number
            edited = modified
            for find, replace in MORE_MIT_EDITS:
                edited = edited.replace(find, replace)
                runs.append((edited, True))
        reused, exact_time, modified_time, *several = _interleaved(runs, lambda text, reuse: analyze(
            text, classifier=classifier, references=index, reuse=reuse), classifier.forget)
        print(f"exact copy of {key}, reusing the stored analysis: {1000 * reused:.1f} ms")
        print(f"edit check cost, {key}: exact {1000 * exact_time:.1f} ms, modified {1000 * modified_time:.1f} ms "
              f"({modified_time / exact_time:.2f}x; target <= 2x)")
        for count, seconds in enumerate(several, start=2):
            print(f"edit check cost, mit with {count} edits: {1000 * seconds:.1f} ms ({seconds / exact_time:.2f}x)")


def _interleaved(runs: list[tuple[str, bool]], action, forget, rounds: int = 25) -> list[float]:
    """The median time of each run, the runs taken in turn in every round, so that a machine's drift (another
    process, a frequency change) weighs on all of them alike rather than on whichever ran during it."""
    timings: list[list[float]] = [[] for _ in runs]
    for _ in range(rounds):
        for number, (text, reuse) in enumerate(runs):
            forget()  # no clause scores remembered from the previous run
            started = time.perf_counter()
            action(text, reuse)
            timings[number].append(time.perf_counter() - started)
    return [statistics.median(times) for times in timings]


def main() -> None:
    from licensecheck import load_classifier

    classifier = load_classifier()
    for suite in sorted((ROOT / "tests" / "resources" / "adversarial").glob("cases*.yml")):
        suite_figures(f"development suite {suite.name}", suite, classifier, details=True)
    suite_figures("held-out suite", ROOT / "benchmarks" / "data" / "false-open-holdout.yml", classifier, details=False)
    unmodified_open_texts(classifier)
    edit_cost(classifier)


if __name__ == "__main__":
    main()
