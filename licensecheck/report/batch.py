"""The index page of a batch run."""

from __future__ import annotations

import itertools
from typing import Any, Iterator

from ..identify import UNKNOWN
from .common import environment, is_weak_identification


def batch_index_parts(records: Any, page_name: Any, gone: list[str] | None = None) -> Iterator[str]:
    """The index page of a batch run, in pieces: a sortable, filterable row per file, linking to its page.

    Each row says which license the file is (exact, modified or unknown, with the matched key) and, when the
    run checked a policy (``record["policy"]``), whether the file passes it and why not. ``records()`` is called
    twice (once to count, once for the rows), so that a run of any size is written without holding its rows.
    A run against a baseline (``gone``: the baseline's files it no longer has, else None) has a "since baseline"
    column and a row per gone file.
    """
    from .. import __version__

    counts = {"not-open": 0, "open-with-conditions": 0, "open": 0, "error": 0, "pass": 0, "fail": 0, "new": 0, "changed": 0, "unchanged": 0}
    files, checked = 0, False
    for record in records():
        files += 1
        status = (record.get("baseline") or {}).get("status")
        if status:
            counts[status] += 1
        if "error" in record:
            counts["error"] += 1
            continue
        verdict = record["summary"]["verdict"]
        counts[verdict] = counts.get(verdict, 0) + 1
        policy = record.get("policy")
        if policy:
            checked = True
            counts[policy["outcome"]] = counts.get(policy["outcome"], 0) + 1
    rows = itertools.chain((_index_row(record, page_name) for record in records()), (_gone_row(path) for path in gone or ()))
    return environment().get_template("batch-index.html.jinja2").generate(
        version=__version__, files=files, rows=rows, counts=counts, checked=checked, since=gone is not None, gone=len(gone or ())
    )


def baseline_text(found: dict[str, Any] | None) -> str:
    """A record's ``baseline`` object in a few words, for the table, summary.csv and the index page.

    >>> baseline_text({"status": "changed", "license": {"old": "apache-2.0 (exact)", "new": "unknown"}, "labels": {"added": ["commercial-ban"], "removed": [], "changed": []}})
    'license apache-2.0 (exact) → unknown; added commercial-ban'
    >>> baseline_text({"status": "new"})
    'new file'
    """
    if not found:
        return ""
    if found["status"] != "changed":
        return {"new": "new file", "unchanged": "unchanged", "gone": "gone"}[found["status"]]
    parts = []
    if "license" in found:
        parts.append(f"license {found['license']['old']} → {found['license']['new']}")
    for kind in ("added", "removed", "changed"):
        if (found.get("labels") or {}).get(kind):
            parts.append(f"{kind} {', '.join(found['labels'][kind])}")
    if "verdict" in found and len(parts) == 0:
        parts.append(f"verdict {found['verdict']['old']} → {found['verdict']['new']}")
    return "; ".join(parts)


def _gone_row(path: str) -> dict[str, Any]:
    return {"path": path, "page": None, "license": None, "verdict": "gone", "blocking": [], "policy": None, "error": None,
            "since": {"status": "gone", "text": "gone: the baseline had this file"}}


def _index_row(record: dict[str, Any], page_name: Any) -> dict[str, Any]:
    path = record["source"]["path"]
    since = {"status": record["baseline"]["status"], "text": baseline_text(record["baseline"]),
             "new_violations": record["baseline"].get("new_violations") or []} if record.get("baseline") else None
    if "error" in record:
        return {"path": path, "page": None, "license": None, "verdict": "error", "blocking": [], "policy": None,
                "error": _error_text(record["error"]), "since": since}
    return {
        "path": path,
        "page": page_name(path),
        "license": _index_license(record.get("identification") or {}),
        "verdict": record["summary"]["verdict"],
        "blocking": record["summary"]["blocking"],
        "policy": record.get("policy"),
        "error": None,
        "since": since,
    }


def _error_text(error: dict[str, Any]) -> str:
    """Why a file was not analyzed: its reason and message.

    >>> _error_text({"reason": "too-large", "message": "3 MB is over the 2 MB limit"})
    'too-large: 3 MB is over the 2 MB limit'
    """
    parts = [str(error[key]) for key in ("reason", "message") if error.get(key)]
    return ": ".join(dict.fromkeys(parts)) or "not analyzed"


def _index_license(identification: dict[str, Any]) -> dict[str, Any]:
    """What the index says about a file's license: exact / modified / unknown, the matched key, or a weak match's nearest text.

    >>> _index_license({"verdict": "modified", "matches": [{"key": "llama-2-license-2023", "spdx": "x", "score": 0.9}]})["key"]
    'llama-2-license-2023'
    >>> _index_license({"verdict": "unknown", "matches": [{"key": "unixcrypt", "spdx": "LicenseRef-y", "score": 0.32}]})["key"]
    """
    matches = identification.get("matches") or []
    weak = is_weak_identification(identification)
    best = matches[0] if matches else None
    return {
        "verdict": UNKNOWN if weak else identification.get("verdict", UNKNOWN),
        "key": None if weak or best is None else best["key"],
        "spdx": None if weak or best is None else best["spdx"],
        "nearest": best if weak and best is not None else None,
    }
