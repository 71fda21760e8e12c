"""Print license-level figures on whole model licenses written by the team (fictional licensors), none of them trained on.

Six suites: ``benchmarks/data/model-licenses``, ``model-licenses-2`` and ``model-licenses-3``
(development: their misses are printed and may guide work) and
``benchmarks/data/model-licenses-holdout``, ``model-licenses-holdout-2`` and ``model-licenses-holdout-3``
(held out: figures only, never read to tune anything). Each entry is a
complete license with the license-level labels it carries
(``expect.labels``). Printed per suite: precision, recall and F1 per label,
macro-F1 over the labels the suite has, the same over the blocking labels,
micro precision and recall, and restrictive licenses given an open verdict
(false OPEN).

    .venv/bin/python benchmarks/bench_licenses.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from licensecheck.taxonomy import LABELS, Group, Label  # noqa: E402

SCORED = [label.value for label in Label if label.group in (Group.BLOCKING, Group.CONDITION)]
BLOCKING = {label.value for label in Label if label.group is Group.BLOCKING}
OPEN_VERDICTS = {"open", "open-with-conditions"}


@dataclass(frozen=True)
class Outcome:
    """One license of a suite: what it carries and what the analysis found."""

    id: str
    expected: frozenset[str]
    found: frozenset[str]
    verdict: str
    set_aside: frozenset[str] = frozenset()  # blocking labels set aside by the clauses' form (licensecheck.permissive)


def load(path: Path) -> list[dict[str, Any]]:
    """The entries of a suite file."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run(entries: Sequence[dict[str, Any]], classifier: Any) -> list[Outcome]:
    """Analyse each license and keep its license-level labels and verdict."""
    from licensecheck import analyze

    outcomes = []
    for entry in entries:
        analysis = analyze(entry["text"], classifier=classifier, origin=entry["id"])
        found = frozenset(analysis.blocking_labels) | frozenset(analysis.condition_labels)
        set_aside = frozenset(label for clause in analysis.clauses for label in clause.set_aside)
        outcomes.append(Outcome(entry["id"], frozenset(entry["expect"]["labels"]), found, analysis.verdict, set_aside))
    return outcomes


def figures(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Per-label precision / recall / F1, macro-F1 (all, blocking), micro precision and recall, false OPEN."""
    per_label = {}
    for label in SCORED:
        tp = sum(label in o.expected and label in o.found for o in outcomes)
        fp = sum(label not in o.expected and label in o.found for o in outcomes)
        fn = sum(label in o.expected and label not in o.found for o in outcomes)
        if tp + fn == 0 and fp == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    present = [label for label, row in per_label.items() if row["support"]]
    blocking = [label for label in present if label in BLOCKING]
    tp = sum(row["tp"] for row in per_label.values())
    fp = sum(row["fp"] for row in per_label.values())
    fn = sum(row["fn"] for row in per_label.values())
    return {
        "per_label": per_label,
        "macro_f1": sum(per_label[label]["f1"] for label in present) / len(present) if present else 0.0,
        "blocking_macro_f1": sum(per_label[label]["f1"] for label in blocking) / len(blocking) if blocking else 0.0,
        "micro_precision": tp / (tp + fp) if tp + fp else 0.0,
        "micro_recall": tp / (tp + fn) if tp + fn else 0.0,
        "false_open": [o.id for o in outcomes if o.expected & BLOCKING and o.verdict in OPEN_VERDICTS],
        "restrictive": sum(bool(o.expected & BLOCKING) for o in outcomes),
    }


def report(name: str, outcomes: Sequence[Outcome], details: bool) -> None:
    """Print a suite's figures (and, for the development suite, each license's misses)."""
    result = figures(outcomes)
    unruled = figures([replace(outcome, found=outcome.found | outcome.set_aside) for outcome in outcomes])
    print(f"{name} ({len(outcomes)} licenses, {result['restrictive']} restrictive)")
    print(f"  without setting aside the forms that restrict nothing: macro-F1 {unruled['macro_f1']:.3f}   blocking macro-F1 "
          f"{unruled['blocking_macro_f1']:.3f}   micro precision {unruled['micro_precision']:.3f}   micro recall {unruled['micro_recall']:.3f}")
    print(f"  macro-F1 {result['macro_f1']:.3f}   blocking macro-F1 {result['blocking_macro_f1']:.3f}   "
          f"micro precision {result['micro_precision']:.3f}   micro recall {result['micro_recall']:.3f}")
    print(f"  false OPEN: {len(result['false_open'])} of {result['restrictive']}" + (f" ({', '.join(result['false_open'])})" if result["false_open"] else ""))
    for label in sorted(result["per_label"], key=LABELS.index):
        row = result["per_label"][label]
        print(f"    {label:<20} P {row['precision']:.2f}  R {row['recall']:.2f}  F1 {row['f1']:.2f}  (tp {row['tp']}, fp {row['fp']}, fn {row['fn']})")
    if details:
        for outcome in outcomes:
            missed, extra = sorted(outcome.expected - outcome.found), sorted(outcome.found - outcome.expected)
            if missed or extra:
                print(f"    {outcome.id}: missed {missed or '-'}, extra {extra or '-'} ({outcome.verdict})")


def main() -> None:
    from licensecheck import load_classifier

    classifier = load_classifier()
    for folder, details in (("model-licenses", True), ("model-licenses-2", True), ("model-licenses-3", True), ("model-licenses-holdout", False),
                            ("model-licenses-holdout-2", False), ("model-licenses-holdout-3", False)):
        path = ROOT / "benchmarks" / "data" / folder / "licenses.yml"
        if path.is_file():
            report(f"{folder} suite", run(load(path), classifier), details)


if __name__ == "__main__":
    main()
