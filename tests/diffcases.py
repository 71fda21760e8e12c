"""The diff suites: pairs of license texts with the labels a careful reader says were added, removed or changed.

Shared by the development test (tests/test_diff_suite.py) and the benchmark (benchmarks/bench_diff.py), which
also reads the held-out suite. A side is ``{key}``, ``{key, edit: [{find, replace}]}``, ``{text}`` or
``{text_file}`` (beside the YAML); ``expect`` has ``added``/``removed``/``changed`` (license level) and optional
``params`` (label -> {param: value on the new side}), or ``no_change: true``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

KINDS = ("added", "removed", "changed")


@dataclass(frozen=True)
class DiffCase:
    id: str
    old: str
    new: str
    expect: dict[str, Any]
    note: str = ""


@dataclass
class DiffOutcome:
    case: DiffCase
    found: dict[str, list[str]]
    problems: list[str] = field(default_factory=list)

    @property
    def right(self) -> bool:
        return not self.problems


def side_text(side: dict[str, Any], folder: Path) -> str:
    """The text of one side of a case."""
    from licensecheck.source import read_known

    if "text" in side:
        return str(side["text"])
    if "text_file" in side:
        return (folder / side["text_file"]).read_text(encoding="utf-8")
    text = read_known(side["key"]).text
    for edit in side.get("edit") or []:
        count = text.count(edit["find"])
        if count != 1:
            raise ValueError(f"{side['key']}: {edit['find'][:60]!r} occurs {count} times")
        text = text.replace(edit["find"], edit["replace"])
    return text


def load_cases(path: Path) -> list[DiffCase]:
    """The cases of a suite, their texts resolved."""
    folder = path.parent / path.stem if (path.parent / path.stem).is_dir() else path.parent
    return [DiffCase(item["id"], side_text(item["old"], folder), side_text(item["new"], folder), item.get("expect") or {}, item.get("note", ""))
            for item in yaml.safe_load(path.read_text(encoding="utf-8"))]


def expected(case: DiffCase) -> dict[str, list[str]]:
    """The license-level labels the case expects, per kind."""
    if case.expect.get("no_change"):
        return {kind: [] for kind in KINDS}
    return {kind: list(case.expect.get(kind) or []) for kind in KINDS}


def run_case(case: DiffCase, classifier: Any, index: Any) -> DiffOutcome:
    """Compare the case's two texts; a problem for every label missed or wrongly reported, and every parameter wrong."""
    from licensecheck.pipeline import compare_texts

    data = compare_texts(case.old, case.new, classifier=classifier, references=index).to_dict()
    found = {kind: data["labels"][kind] for kind in KINDS}
    outcome = DiffOutcome(case, found)
    want = expected(case)
    for kind in KINDS:
        missed = [label for label in want[kind] if label not in found[kind]]
        extra = [label for label in found[kind] if label not in want[kind]]
        if missed:
            outcome.problems.append(f"{kind}: missed {', '.join(missed)}")
        if extra:
            outcome.problems.append(f"{kind}: wrongly {', '.join(extra)}")
    for label, params in (case.expect.get("params") or {}).items():
        given = data["new"]["params"].get(label, [])
        for name, value in params.items():
            if not any(_same(item.get(name), value) for item in given):
                outcome.problems.append(f"params: {label}.{name} expected {value!r}, found {[item.get(name) for item in given]}")
    return outcome


def _same(found: Any, wanted: Any) -> bool:
    if isinstance(wanted, list) and isinstance(found, list):
        return sorted(map(str, wanted)) == sorted(map(str, found))
    return found == wanted


def scores(outcomes: list[DiffOutcome]) -> dict[str, Any]:
    """Cases right in full, and label-level precision and recall over added/removed/changed."""
    hits = wrong = missed = 0
    for outcome in outcomes:
        want = expected(outcome.case)
        for kind in KINDS:
            hits += len(set(want[kind]) & set(outcome.found[kind]))
            wrong += len(set(outcome.found[kind]) - set(want[kind]))
            missed += len(set(want[kind]) - set(outcome.found[kind]))
    return {
        "cases": len(outcomes),
        "right": sum(outcome.right for outcome in outcomes),
        "precision": hits / max(hits + wrong, 1),
        "recall": hits / max(hits + missed, 1),
        "no_change_right": sum(outcome.right for outcome in outcomes if outcome.case.expect.get("no_change")),
        "no_change": sum(bool(outcome.case.expect.get("no_change")) for outcome in outcomes),
    }
