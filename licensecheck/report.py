"""Render an analysis: pure functions from ``Analysis.to_dict()`` to text."""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

from .taxonomy import Group, Label

_VERDICTS = {
    "not-open": "NOT OPEN",
    "open-with-conditions": "OPEN, with conditions",
    "open": "OPEN",
}
_GROUP_TITLES = (
    (Group.BLOCKING, "Blocking restrictions"),
    (Group.CONDITION, "Conditions"),
)


def render_json(data: dict[str, Any]) -> str:
    """The analysis as indented JSON."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_text(data: dict[str, Any], width: int = 100) -> str:
    """A short readable summary grouped by restriction, with sections and parameters."""
    clauses = {clause["id"]: clause for clause in data["clauses"]}
    source = data["source"]
    name = source.get("known") or source.get("path") or "<text>"
    summary = data["summary"]
    lines = [f"{name}: {source['chars']:,} characters, {len(clauses)} clauses"]
    reason = _verdict_reason(summary)
    lines.append(f"Verdict: {_VERDICTS[summary['verdict']]}{reason}")
    for group, title in _GROUP_TITLES:
        present = [label for label in data["labels"] if Label(label).group is group]
        if not present:
            continue
        lines += ["", f"{title}:"]
        for label in present:
            lines.append(f"  {label}: {Label(label).meaning}")
            for clause_id in data["labels"][label]["clauses"]:
                lines.extend(_clause_lines(clauses[clause_id], label, width))
    neutral = [label for label in data["labels"] if Label(label).group is Group.NEUTRAL]
    if neutral:
        counts = ", ".join(f"{label} ({len(data['labels'][label]['clauses'])})" for label in neutral)
        lines += ["", f"Also found: {counts}."]
    return "\n".join(lines) + "\n"


def _verdict_reason(summary: dict[str, Any]) -> str:
    if summary["blocking"]:
        return f" ({len(summary['blocking'])} blocking: {', '.join(summary['blocking'])})"
    if summary["conditions"]:
        return f" ({', '.join(summary['conditions'])})"
    return ""


def _clause_lines(clause: dict[str, Any], label: str, width: int) -> list[str]:
    score = next((item["score"] for item in clause["labels"] if item["label"] == label), None)
    where = f"§{clause['section']}" if clause["section"] else f"chars {clause['start']}-{clause['end']}"
    described = describe_params(clause["params"], label)
    head = f"    {where}" + (f"  {described}" if described else "") + (f"  [{score:.2f}]" if score is not None else "")
    quote = excerpt(clause["text"], 220)
    body = textwrap.wrap(f"“{quote}”", width=width - 8, initial_indent="        ", subsequent_indent="        ")
    return [head, *body]


def describe_params(params: dict[str, Any], label: str) -> str:
    """The parameters that matter for ``label``, in words.

    >>> describe_params({"metric": "monthly-active-users", "threshold": 700000000, "period": "month"}, "user-count-cap")
    'threshold: 700,000,000 monthly active users (per month)'
    """
    if label == "user-count-cap" and "threshold" in params:
        metric = params.get("metric", "")
        amount = f"{params['threshold']:,}"
        if metric == "revenue":
            text = f"threshold: {params.get('currency', '')} {amount} revenue".replace("  ", " ")
        else:
            text = f"threshold: {amount} {metric.replace('-', ' ')}"
        return text + (f" (per {params['period']})" if params.get("period") else "")
    if label in {"use-case-limit", "pass-through"} and params.get("policy_url"):
        return f"policy: {params['policy_url']}"
    if label == "commercial-ban" and params.get("scope"):
        return f"scope: {params['scope']}"
    if label == "attribution" and params.get("kind"):
        return f"kind: {params['kind']}" + (f", text: “{params['text']}”" if params.get("text") else "")
    if label == "territorial" and params.get("regions"):
        return "regions: " + ", ".join(params["regions"])
    return ""


def excerpt(text: str, limit: int) -> str:
    """Collapse whitespace and cut at a word boundary.

    >>> excerpt("a  b\\n c", 10)
    'a b c'
    """
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"
