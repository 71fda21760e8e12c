"""Render an analysis: pure functions from ``Analysis.to_dict()`` to text."""

from __future__ import annotations

import functools
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
_RED, _YELLOW, _GREEN, _BOLD = "31;1", "33;1", "32;1", "1"


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if enabled else text


_GROUP_TITLES = (
    (Group.BLOCKING, "Blocking restrictions"),
    (Group.CONDITION, "Conditions"),
)


def render_json(data: dict[str, Any]) -> str:
    """The analysis as indented JSON."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_text(data: dict[str, Any], width: int = 100, color: bool = False) -> str:
    """A short readable summary grouped by restriction, with sections and parameters (ANSI colour on request)."""
    clauses = {clause["id"]: clause for clause in data["clauses"]}
    source = data["source"]
    name = source.get("known") or source.get("path") or "<text>"
    summary = data["summary"]
    lines = [f"{name}: {source['chars']:,} characters, {len(clauses)} clauses"]
    reason = _verdict_reason(summary)
    verdict_color = {"not-open": _RED, "open-with-conditions": _YELLOW, "open": _GREEN}[summary["verdict"]]
    lines.append(f"Verdict: {_paint(_VERDICTS[summary['verdict']], verdict_color, color)}{reason}")
    if data.get("identification"):
        lines.extend(_identification_lines(data["identification"]))
    for group, title in _GROUP_TITLES:
        present = [label for label in data["labels"] if Label(label).group is group]
        if not present:
            continue
        lines += ["", _paint(f"{title}:", _BOLD, color)]
        for label in present:
            lines.append(f"  {_paint(label, _RED if group is Group.BLOCKING else _YELLOW, color)}: {Label(label).meaning}")
            for clause_id in data["labels"][label]["clauses"]:
                lines.extend(_clause_lines(clauses[clause_id], label, width))
    neutral = [label for label in data["labels"] if Label(label).group is Group.NEUTRAL]
    if neutral:
        counts = ", ".join(f"{label} ({len(data['labels'][label]['clauses'])})" for label in neutral)
        lines += ["", f"Also found: {counts}."]
    return "\n".join(lines) + "\n"


def render_identification_text(identification: dict[str, Any]) -> str:
    """The identification object alone, as text."""
    return "\n".join(_identification_lines(identification)) + "\n"


def render_expression_text(data: dict[str, Any]) -> str:
    """A license expression and the text report of each of its licenses."""
    expression = data["expression"]
    head = f"Expression: {expression['normalized']}"
    read_as = [f"{symbol} read as {spdx}" for symbol, spdx in expression.get("read_as", {}).items()]
    parts = [head + (f" ({'; '.join(read_as)})" if read_as else "")]
    parts += [render_text(analysis) for analysis in data["analyses"]]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


def _identification_lines(identification: dict[str, Any]) -> list[str]:
    matches = identification.get("matches") or []
    if not matches:
        return ["Identified: no known license (unknown)"]
    lines = []
    for number, match in enumerate(matches):
        osi = ", OSI-approved" if match["osi_approved"] else ""
        lead = "Identified" if number == 0 else "Also"
        verdict = identification["verdict"] if number == 0 else "match"
        lines.append(
            f"{lead}: {match['name']} ({match['key']}, {match['spdx']}) — {verdict}, score {match['score']:.2f}; "
            f"{match['category']}{osi}, MOF type {match['mof_type']}"
        )
    diff = identification.get("diff")
    if diff and diff["base"]["key"] != matches[0]["key"]:
        lines.append(f"Compared with the nearest open license: {diff['summary']} (similarity {diff['base']['score']:.2f})")
    return lines


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


_PHRASES = {
    "commercial-ban": "commercial use is withheld",
    "use-case-limit": "named uses are forbidden",
    "user-count-cap": "rights depend on a scale threshold",
    "output-restriction": "what may be done with outputs is limited",
    "no-derivatives": "modified versions may not be made or shared",
    "pass-through": "downstream users must be bound by the same restrictions",
    "revocation": "the licensor may revoke or change the terms at will",
    "territorial": "some places or residents are excluded",
}


def verdict_sentence(data: dict[str, Any]) -> str:
    """One sentence saying why the verdict is what it is.

    >>> verdict_sentence({"summary": {"verdict": "open", "blocking": [], "conditions": []}, "labels": {}})
    'No restriction or condition was found.'
    """
    summary = data["summary"]
    if summary["blocking"]:
        phrases = []
        for label in summary["blocking"]:
            phrase = _PHRASES[label]
            described = [describe_params(params, label) for params in data["labels"][label]["params"]]
            described = [text for text in described if text]
            phrases.append(f"{phrase} ({described[0]})" if described else phrase)
        sentence = "; ".join(phrases)
        return sentence[0].upper() + sentence[1:] + "."
    if summary["conditions"]:
        return "Provided you comply with: " + ", ".join(summary["conditions"]) + "."
    return "No restriction or condition was found."


def render_markdown(data: dict[str, Any]) -> str:
    """The analysis as Markdown, for a ticket or a pull request."""
    clauses = {clause["id"]: clause for clause in data["clauses"]}
    source = data["source"]
    lines = [f"### licensecheck: {_title(data)}", "", f"**{_VERDICTS[data['summary']['verdict']]}** — {verdict_sentence(data)}", ""]
    matches = (data.get("identification") or {}).get("matches") or []
    if matches:
        best = matches[0]
        lines += [f"Identified as **{_md(best['name'])}** (`{best['spdx']}`, {data['identification']['verdict']}, score {best['score']:.2f}).", ""]
    for group, title in _GROUP_TITLES:
        present = [label for label in data["labels"] if Label(label).group is group]
        if not present:
            continue
        lines += [f"#### {title}", "", "| label | section | parameters | clause |", "|---|---|---|---|"]
        for label in present:
            for clause_id in data["labels"][label]["clauses"]:
                clause = clauses[clause_id]
                section = f"§{clause['section']}" if clause["section"] else "—"
                lines.append(f"| `{label}` | {section} | {_md(describe_params(clause['params'], label))} | {_md(excerpt(clause['text'], 160))} |")
        lines.append("")
    lines.append(f"<sub>{source['chars']:,} characters, sha256 `{source['sha256'][:16]}…`; not legal advice.</sub>")
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
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


def render_html(data: dict[str, Any], text: str | None = None, components: dict[str, Any] | None = None) -> str:
    """A self-contained HTML report (inline CSS, no scripts); all license text is escaped."""
    from . import __version__

    groups, first_card = _cards(data)
    return _environment().get_template("report.html.jinja2").render(
        version=__version__,
        title=_title(data),
        source=data["source"],
        summary=data["summary"],
        clauses=data["clauses"],
        identification=data.get("identification"),
        components=components or {},
        verdict_title=_VERDICTS[data["summary"]["verdict"]],
        verdict_sentence=verdict_sentence(data),
        groups=groups,
        pieces=_pieces(data, text, first_card),
    )


def _title(data: dict[str, Any]) -> str:
    matches = (data.get("identification") or {}).get("matches") or []
    source = data["source"]
    name = source.get("known") or source.get("path") or "pasted text"
    return f"{matches[0]['name']} ({name})" if matches and data["identification"]["verdict"] == "exact" else str(name)


def _cards(data: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    clauses = {clause["id"]: clause for clause in data["clauses"]}
    groups, first_card = [], {}
    for group, title in _GROUP_TITLES:
        cards = []
        for label in (label for label in data["labels"] if Label(label).group is group):
            for clause_id in data["labels"][label]["clauses"]:
                clause = clauses[clause_id]
                anchor = f"card-{label}-{clause_id}"
                first_card.setdefault(clause_id, anchor)
                score = next((item["score"] for item in clause["labels"] if item["label"] == label), 0.0)
                cards.append({
                    "anchor": anchor,
                    "label": label,
                    "meaning": Label(label).meaning,
                    "params": describe_params(clause["params"], label),
                    "excerpt": excerpt(clause["text"], 400),
                    "clause_id": clause_id,
                    "where": f"§{clause['section']}" if clause["section"] else f"clause {clause_id}",
                    "score": score,
                })
        if cards:
            groups.append({"name": group.value, "title": title, "cards": cards})
    return groups, first_card


def _pieces(data: dict[str, Any], text: str | None, first_card: dict[str, str]) -> list[dict[str, Any]]:
    """The license text cut into plain runs and labelled clauses, in order."""
    pieces: list[dict[str, Any]] = []
    cursor = 0
    for clause in sorted(data["clauses"], key=lambda item: item["start"]):
        if text is not None and clause["start"] > cursor:
            pieces.append({"text": text[cursor : clause["start"]]})
        elif text is None and pieces:
            pieces.append({"text": "\n\n"})
        labels = [item["label"] for item in clause["labels"]]
        group = _strongest_group(labels)
        pieces.append({
            "text": clause["text"],
            "clause_id": clause["id"] if labels else None,
            "group": group,
            "labels": ", ".join(labels),
            "card": first_card.get(clause["id"]),
        })
        cursor = max(cursor, clause["end"])
    if text is not None and cursor < len(text):
        pieces.append({"text": text[cursor:]})
    return pieces


def _strongest_group(labels: list[str]) -> str:
    groups = {Label(label).group for label in labels}
    for group in (Group.BLOCKING, Group.CONDITION, Group.NEUTRAL):
        if group in groups:
            return group.value
    return ""


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def validate_analysis(data: Any) -> str | None:
    """None when ``data`` follows the analysis JSON Schema, else the first problem in words."""
    import json
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("licensecheck").joinpath("schemas/analysis-v1.schema.json").read_text())
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is None:
        return None
    where = "/".join(str(part) for part in error.absolute_path) or "top level"
    return f"{where}: {error.message[:200]}"


def render_batch_index(records: list[dict[str, Any]], page_name: Any) -> str:
    """The index page of a batch run: a sortable, filterable row per file, linking to its page."""
    from . import __version__

    rows, counts = [], {"not-open": 0, "open-with-conditions": 0, "open": 0, "error": 0}
    for record in records:
        path = record["source"]["path"]
        if "error" in record:
            counts["error"] += 1
            rows.append({"path": path, "page": None, "identified": "", "verdict": "error", "blocking": [], "error": record["error"]["message"]})
            continue
        matches = (record.get("identification") or {}).get("matches") or []
        verdict = record["summary"]["verdict"]
        counts[verdict] += 1
        rows.append({
            "path": path,
            "page": page_name(path),
            "identified": matches[0]["spdx"] if matches else "unknown",
            "verdict": verdict,
            "blocking": record["summary"]["blocking"],
            "error": None,
        })
    return _environment().get_template("batch-index.html.jinja2").render(version=__version__, records=records, rows=rows, counts=counts)


def render_mof_text(data: dict[str, Any]) -> str:
    """A MOF assessment as text: class, progress, components, what the next class needs, OSAID."""
    progress = ", ".join(f"Class {'I' * int(level) if level != '3' else 'III'}: {value:.0f}%" for level, value in sorted(data["progress"].items()))
    lines = [f"{data['name']}: {data['label']} ({progress})" + ("  [strict ids]" if data["strict_ids"] else "")]
    quoted: set[str] = set()
    for name, component in data["components"].items():
        if component["verdict"] == "not-released":
            continue
        shown = component["license"] or "no license"
        if component["read_as"] and component["read_as"] != component["license"]:
            shown += f" (read as {component['read_as']})"
        reason = f" — {component['reason']}" if component["reason"] else ""
        lines.append(f"  {name:<34} {component['verdict']:<22} {shown}{reason}")
        if component["license"] in quoted:
            continue
        quoted.add(component["license"])
        for restriction in component["restrictions"][:3]:
            where = f"§{restriction['section']}" if restriction["section"] else restriction["clause"]
            lines.append(f"      {restriction['label']} {where}: {excerpt(restriction['text'], 110)}")
    if data["missing_for_next_class"]:
        lines += ["", "Missing for the next class:"]
        lines += [f"  {item['component']}: {item['problem']}{' — ' + item['reason'] if item['reason'] else ''}" for item in data["missing_for_next_class"]]
    osaid = data["osaid"]
    lines += ["", "OSI Open Source AI Definition: " + ("meets it" if osaid["meets"] else "does not meet it")]
    lines += [f"  {problem}" for problem in osaid["problems"]]
    return "\n".join(lines) + "\n"


def render_mof_html(data: dict[str, Any]) -> str:
    """A MOF assessment as a self-contained HTML page (autoescaped)."""
    from . import __version__

    numerals = {"1": "I", "2": "II", "3": "III"}
    progress = [(numerals[level], value) for level, value in sorted(data["progress"].items(), reverse=True)]
    return _environment().get_template("mof.html.jinja2").render(version=__version__, data=data, progress=progress)


def render_compat_text(data: dict[str, Any]) -> str:
    """A compatibility report as text."""
    lines = ["Inputs: " + data["expression"]]
    if data["inherits"]:
        lines.append("The derivative inherits:")
        lines += [f"  {item['label']} (from {', '.join(item['from'])}): {item['meaning']}" for item in data["inherits"]]
    outbound = data["outbound"]
    licenses = ", ".join(outbound["licenses"]) or "none open"
    lines.append(f"Outbound: {licenses} — {outbound['note']}")
    if data["conflicts"]:
        lines.append("Conflicts:")
        lines += [f"  {conflict}" for conflict in data["conflicts"]]
    return "\n".join(lines) + "\n"
