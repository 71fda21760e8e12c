"""A run against an earlier run's results.jsonl: per file, what is new, gone or changed since then.

Each record of the run gets a ``baseline`` object: ``status`` (``new``: the
baseline had no such file; ``unchanged``; ``changed``), and for a changed file
the license it was and is, the verdict it had and has, and the restrictions and
conditions added, removed or changed (:func:`licensecheck.diff.compare_terms`,
the same comparison as ``licensecheck diff``). With a policy, the violations the
baseline did not have are the record's ``new_violations``: ``--fail-on-new``
gates on those alone, so CI can adopt licensecheck on a hub that already has
violations. Files of the baseline that the run no longer has are ``gone``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..diff.terms import compare_terms
from ..errors import LicenseCheckError

NEW, UNCHANGED, CHANGED, GONE = "new", "unchanged", "changed", "gone"


@dataclass(frozen=True)
class Before:
    """What the baseline says of one file: enough to compare, not the whole record."""

    sha256: str
    license: str  # "key (verdict)" of the identification, "unknown", or "error"
    verdict: str
    labels: dict[str, Any]
    denied: frozenset[str]  # the labels (and verdicts) the policy denied in it


class Baseline:
    """An earlier run's records by path, read once from its results.jsonl."""

    def __init__(self, path: str | Path, policy: Any = None) -> None:
        self.path = Path(path)
        self.policy = policy
        self.files: dict[str, Before] = {}
        self.seen: set[str] = set()
        for record in _records(self.path):
            denied = frozenset(violation.label for violation in policy.violations(record)) if policy is not None else frozenset()
            self.files[record["source"]["path"]] = _before(record, denied)

    def compare(self, record: dict[str, Any], violations: Iterable[Any] = ()) -> dict[str, Any]:
        """The record's ``baseline`` object (also stored on the record), with its ``new_violations`` under a policy;
        ``violations``: the record's own under the policy, as the run found them (not looked for again)."""
        path = record["source"]["path"]
        self.seen.add(path)
        before = self.files.get(path)
        now = _before(record, denied=frozenset(violation.label for violation in violations))
        if before is None:
            found: dict[str, Any] = {"status": NEW, "new_violations": sorted(now.denied)}
        else:
            found = _difference(before, now)
            found["new_violations"] = sorted(now.denied - before.denied)
        if self.policy is None:
            del found["new_violations"]
        record["baseline"] = found
        return found

    def gone(self) -> list[str]:
        """The baseline's files that the run did not see, sorted."""
        return sorted(path for path in self.files if path not in self.seen)


def _records(path: Path) -> Any:
    """The whole records of a results.jsonl (a line cut short by a kill is skipped; anything else wrong is an error)."""
    try:
        handle = path.open("rb")
    except FileNotFoundError as error:
        raise LicenseCheckError(f"{path}: no such baseline (give the results.jsonl of an earlier 'licensecheck batch -o')") from error
    except OSError as error:
        raise LicenseCheckError(f"{path}: cannot read the baseline ({error.strerror or error})") from error
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n") or not raw.strip():
                continue  # the last line of a run that was killed while writing it
            try:
                record = json.loads(raw)
                record["source"]["path"]
            except (ValueError, KeyError, TypeError) as error:
                raise LicenseCheckError(f"{path}: line {number} is not a licensecheck batch record ({type(error).__name__})") from error
            yield record


def _before(record: dict[str, Any], denied: frozenset[str]) -> Before:
    if "error" in record:
        return Before(record["source"].get("sha256", ""), "error", "error", {}, frozenset())
    identification = record.get("identification") or {}
    matches = identification.get("matches") or []
    verdict = identification.get("verdict", "unknown")
    license = f"{matches[0]['key']} ({verdict})" if matches and verdict != "unknown" else "unknown"
    return Before(record["source"].get("sha256", ""), license, record["summary"]["verdict"], record.get("labels") or {}, denied)


def _difference(before: Before, now: Before) -> dict[str, Any]:
    """What changed in one file: its license, its verdict, its restrictions and conditions."""
    terms = compare_terms(before.labels, now.labels)
    found: dict[str, Any] = {"status": UNCHANGED}
    if before.license != now.license:
        found["license"] = {"old": before.license, "new": now.license}
    if before.verdict != now.verdict:
        found["verdict"] = {"old": before.verdict, "new": now.verdict}
    if not terms.empty:
        found["labels"] = terms.to_dict()
    if len(found) > 1:
        found["status"] = CHANGED
    return found
