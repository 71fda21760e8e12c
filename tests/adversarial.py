"""The team's adversarial suites: edits of open licenses, texts that are not licenses, other languages.

A suite is a YAML list of cases (``tests/resources/adversarial/cases.yml``; the held-out one is
``benchmarks/data/false-open-holdout.yml``). Each case is a licensedcode-data text with edits
(``base`` + ``edit: [{find, replace}]``), or a ``text``, or a ``text_file`` beside the YAML, and says
what it expects: ``open`` (may the verdict be open?), the blocking ``labels`` an edit brings, the
``verdict``, the ``language``, or the labels it ``removed``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

OPEN_VERDICTS = ("open", "open-with-conditions")


@dataclass(frozen=True)
class Case:
    """One adversarial text and what it expects."""

    id: str
    text: str
    expect: dict[str, Any]
    base: str = ""
    edited: bool = False


@dataclass
class Outcome:
    """What the analysis said of one case, and whether that meets the expectation."""

    case: Case
    verdict: str
    blocking: tuple[str, ...]
    identification: str
    removed: tuple[str, ...] = ()
    language: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        """The verdict is open or open with conditions."""
        return self.verdict in OPEN_VERDICTS


def load_suite(path: Path) -> list[Case]:
    """The cases of a suite file, their texts built (edits applied to the licensedcode-data text)."""
    from licensecheck.licensedb import load_license

    cases = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        if "base" in entry:
            text = load_license(entry["base"]).text
            for operation in entry.get("edit") or []:
                if text.count(operation["find"]) != 1:
                    raise ValueError(f"{entry['id']}: {operation['find']!r} is not in {entry['base']} exactly once")
                text = text.replace(operation["find"], operation["replace"])
            cases.append(Case(entry["id"], text, entry.get("expect") or {}, entry["base"], bool(entry.get("edit"))))
        elif "text_file" in entry:
            folder = path.parent if (path.parent / entry["text_file"]).is_file() else path.with_suffix("")
            cases.append(Case(entry["id"], (folder / entry["text_file"]).read_text(encoding="utf-8"), entry.get("expect") or {}))
        else:
            cases.append(Case(entry["id"], entry["text"], entry.get("expect") or {}))
    return cases


def run_case(case: Case, classifier: Any = None) -> Outcome:
    """Analyze a case and check it against its expectation."""
    from licensecheck import analyze

    result = analyze(case.text, classifier=classifier)
    removed = tuple(sorted({label for change in result.changes for label in change.removed_labels}))
    language = result.language.language if result.language else ""
    outcome = Outcome(case, result.verdict, result.blocking_labels, result.identification.verdict if result.identification else "", removed, language)
    expect = case.expect
    if expect.get("open") is False and outcome.is_open:
        outcome.problems.append(f"false open ({result.verdict})")
    if expect.get("open") is True and not outcome.is_open:
        outcome.problems.append(f"lost its open verdict ({result.verdict})")
    missing = set(expect.get("labels") or ()) - set(result.blocking_labels)
    if missing:
        outcome.problems.append(f"missed {', '.join(sorted(missing))}")
    if case.edited and expect.get("open") is False and outcome.identification == "exact":
        outcome.problems.append("an edited text called an exact copy")
    if expect.get("verdict") and expect["verdict"] != result.verdict:
        outcome.problems.append(f"verdict {result.verdict}, expected {expect['verdict']}")
    missing_removed = set(expect.get("removed") or ()) - set(removed)
    if missing_removed:
        outcome.problems.append(f"removal of {', '.join(sorted(missing_removed))} not reported")
    return outcome


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    """The suite's figures: false opens, edits caught, edits called exact, open texts kept open."""
    restrictive = [item for item in outcomes if item.case.expect.get("open") is False]
    edits = [item for item in outcomes if item.case.edited and item.case.expect.get("labels")]
    caught = [item for item in edits if set(item.case.expect["labels"]) <= set(item.blocking)]
    controls = [item for item in outcomes if item.case.expect.get("open") is True]
    return {
        "cases": len(outcomes),
        "false_open": sum(item.is_open for item in restrictive),
        "restrictive": len(restrictive),
        "edits": len(edits),
        "edits_caught": len(caught),
        "edits_called_exact": sum(item.identification == "exact" for item in outcomes if item.case.edited and item.case.expect.get("open") is False),
        "controls": len(controls),
        "controls_open": sum(item.is_open for item in controls),
        "failures": [item for item in outcomes if item.problems],
    }
