"""What the renderers share: verdict titles, colours, citations, parameters in words, excerpts, the template environment."""

from __future__ import annotations

import functools
import json
import re
from typing import Any, Iterable

from ..identify import MODIFIED_SCORE, UNKNOWN
from ..taxonomy import Group, Label

VERDICT_TITLES = {
    "not-open": "NOT OPEN",
    "unrecognised": "UNRECOGNISED",
    "needs-review": "NEEDS REVIEW",
    "open-with-conditions": "OPEN, with conditions",
    "open": "OPEN",
}
RED, YELLOW, GREEN, BOLD, MAGENTA, ORANGE = "31;1", "33;1", "32;1", "1", "35;1", "38;5;208;1"
VERDICT_COLOURS = {"not-open": RED, "open": GREEN, "unrecognised": MAGENTA, "needs-review": ORANGE, "open-with-conditions": YELLOW}


def paint(text: str, code: str, enabled: bool) -> str:
    """``text`` in an ANSI colour when ``enabled``."""
    return f"\033[{code}m{text}\033[0m" if enabled else text


GROUP_TITLES = (
    (Group.BLOCKING, "Blocking restrictions"),
    (Group.CONDITION, "Conditions"),
)


def render_json(data: dict[str, Any]) -> str:
    """The analysis as indented JSON."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def score_text(match: dict[str, Any], verdict: str) -> str:
    """A match's score: two decimals, three for a modified text (never "1.00" for a text that is not an exact copy).

    >>> score_text({"score": 0.9993}, "modified"), score_text({"score": 1.0}, "exact")
    ('0.999', '1.00')
    """
    if verdict == "modified":
        return f"{min(match['score'], 0.999):.3f}"
    return f"{match['score']:.2f}"


def is_weak_identification(identification: dict[str, Any]) -> bool:
    """True when no known license is close enough to name the text: the verdict is unknown, the best score below the threshold.

    identify.py names a text (``modified``) only from a score of MODIFIED_SCORE (0.5); below it the
    nearest text is a hint, not an identification.

    >>> is_weak_identification({"verdict": "unknown", "matches": [{"score": 0.32}]})
    True
    >>> is_weak_identification({"verdict": "modified", "matches": [{"score": 0.81}]})
    False
    """
    matches = identification.get("matches") or []
    return not matches or identification.get("verdict") == UNKNOWN or matches[0]["score"] < MODIFIED_SCORE


def citations(clause_ids: list[str], clauses: dict[str, dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A label's clauses grouped by section, each section once, in the order of first mention.

    Clauses without a section number stay one to a group (they are cited by offsets).

    >>> clauses = {"c1": {"section": "2"}, "c2": {"section": "2"}, "c3": {"section": "3"}, "c4": {"section": ""}}
    >>> [[clause["section"] for clause in group] for group in citations(["c1", "c2", "c3", "c4"], clauses)]
    [['2', '2'], ['3'], ['']]
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for clause_id in clause_ids:
        clause = clauses[clause_id]
        groups.setdefault(clause["section"] or f"#{clause_id}", []).append(clause)
    return list(groups.values())


def list_citations(clause_ids: list[str], clauses: dict[str, dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Like :func:`citations`, but the items of one list (sections "A.a", "A.b", ... with the label) are one group:
    a list of forbidden uses is one restriction with all its items.

    >>> clauses = {"c1": {"section": "A.a"}, "c2": {"section": "A.b"}, "c3": {"section": "2"}, "c4": {"section": "4.c"}}
    >>> [[clause["section"] for clause in group] for group in list_citations(["c1", "c2", "c3", "c4"], clauses)]
    [['A.a', 'A.b'], ['2'], ['4.c']]
    """
    parents: dict[str, int] = {}
    for group in citations(clause_ids, clauses):
        parent = list_parent(group[0]["section"])
        if parent:
            parents[parent] = parents.get(parent, 0) + 1
    merged: dict[str, list[dict[str, Any]]] = {}
    for group in citations(clause_ids, clauses):
        parent = list_parent(group[0]["section"])
        key = f"list:{parent}" if parent and parents[parent] > 1 else group[0]["section"] or f"#{group[0]['id']}"
        merged.setdefault(key, []).extend(group)
    return list(merged.values())


def list_parent(section: str) -> str:
    """The section a list item belongs to ("A" for "A.c", "1.b" for "1.b.iv"); empty for a top-level section."""
    parent, dot, item = section.rpartition(".")
    return parent if dot and len(item) <= 5 else ""


def label_score(clause: dict[str, Any], label: str) -> float | None:
    """The clause's score for ``label``, None when the clause does not carry it."""
    return next((item["score"] for item in clause["labels"] if item["label"] == label), None)


def cited_params(cited: list[dict[str, Any]], label: str) -> str:
    """The parameters of a cited section's clauses in words, each different wording once."""
    return params_in_words((clause["params"] for clause in cited), label)


def params_in_words(params: Iterable[dict[str, Any]], label: str) -> str:
    """Parameter sets of ``label`` in words, each different wording once (empty when none says anything).

    >>> params_in_words([{"regions": ["Canada"]}, {"regions": ["Canada"]}], "territorial")
    'regions: Canada'
    """
    return "; ".join(dict.fromkeys(text for text in (describe_params(item, label) for item in params) if text))


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


@functools.lru_cache(maxsize=1)
def environment() -> Any:
    """The jinja2 environment of the package's templates, autoescaping everything (built once: it caches the compiled templates)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("licensecheck", "templates"),
        autoescape=select_autoescape(["html", "jinja2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["thousands"] = lambda value: f"{value:,}"
    return environment


def source_name(source: dict[str, Any], file_name_only: bool = False) -> str:
    """What the analysis read: the known license's key, the path as given (or only its file name), or "pasted text".

    >>> source_name({"path": "../texts/LICENSE"}, file_name_only=True)
    'LICENSE'
    >>> source_name({"path": "C:\\\\models\\\\LICENSE.txt"}, file_name_only=True)
    'LICENSE.txt'
    """
    path = source.get("path")
    if source.get("known"):
        return str(source["known"])
    if not path or path == "-":
        return "pasted text"
    if not file_name_only:
        return str(path)
    return re.split(r"[\\/]", str(path).rstrip("/\\"))[-1] or str(path)


def strongest_group(labels: list[str]) -> str:
    """The most serious group among ``labels`` (blocking, condition, neutral), empty for none."""
    groups = {Label(label).group for label in labels}
    for group in (Group.BLOCKING, Group.CONDITION, Group.NEUTRAL):
        if group in groups:
            return group.value
    return ""


def md_cell(text: str) -> str:
    """Text safe inside one Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")
