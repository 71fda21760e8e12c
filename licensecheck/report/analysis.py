"""Render an analysis: pure functions from ``Analysis.to_dict()`` to text."""

from __future__ import annotations

import functools
import json
import re
import textwrap
from typing import Any, Iterator

from .identify import MODIFIED_SCORE, UNKNOWN
from .taxonomy import Group, Label

_VERDICTS = {
    "not-open": "NOT OPEN",
    "unrecognised": "UNRECOGNISED",
    "needs-review": "NEEDS REVIEW",
    "open-with-conditions": "OPEN, with conditions",
    "open": "OPEN",
}
_RED, _YELLOW, _GREEN, _BOLD, _MAGENTA, _ORANGE = "31;1", "33;1", "32;1", "1", "35;1", "38;5;208;1"


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
    verdict_color = {"not-open": _RED, "open": _GREEN, "unrecognised": _MAGENTA, "needs-review": _ORANGE}.get(summary["verdict"], _YELLOW)
    lines.append(f"Verdict: {_paint(_VERDICTS[summary['verdict']], verdict_color, color)}{reason}")
    lines.extend(f"  {line}" for line in review_lines(summary))
    if data.get("identification"):
        lines.extend(_identification_lines(data["identification"]))
    lines.extend(change_lines(data.get("changes") or []))
    lines.extend(language_lines(data.get("language")))
    overruled = summary.get("overruled") or []
    if overruled:
        flagged = ", ".join(f"{item['label']} ({item['clause']})" for item in overruled)
        lines.append(f"Overruled: the classifier flagged {flagged}; an unmodified OSI-approved license has no such restriction")
    for group, title in _GROUP_TITLES:
        present = [label for label in data["labels"] if Label(label).group is group]
        if not present:
            continue
        lines += ["", _paint(f"{title}:", _BOLD, color)]
        for label in present:
            lines.append(f"  {_paint(label, _RED if group is Group.BLOCKING else _YELLOW, color)}: {Label(label).meaning}")
            for cited in citations(data["labels"][label]["clauses"], clauses):
                lines.extend(_citation_lines(cited, label, width))
    neutral = [label for label in data["labels"] if Label(label).group is Group.NEUTRAL]
    if neutral:
        counts = ", ".join(f"{label} ({len(data['labels'][label]['clauses'])})" for label in neutral)
        lines += ["", f"Also found: {counts}."]
    return "\n".join(lines) + "\n"


def render_identification_text(identification: dict[str, Any]) -> str:
    """The identification object alone, as text (with the changes of a modified license when it has them)."""
    return "\n".join(_identification_lines(identification) + change_lines(identification.get("changes") or [])) + "\n"


def review_lines(summary: dict[str, Any]) -> list[str]:
    """Why a text needs a review or was not recognised: the explanation and each reason."""
    if summary["verdict"] not in ("needs-review", "unrecognised"):
        return []
    lines = [summary.get("explanation", "")] if summary["verdict"] == "unrecognised" else []
    return lines + [f"- {reason}" for reason in summary.get("reasons") or []]


def change_lines(changes: list[dict[str, Any]]) -> list[str]:
    """The edits of a modified known license, one line each with its section."""
    if not changes:
        return []
    lines = [f"Changes from the known license ({len(changes)}):"]
    for change in changes:
        where = f" [§{change['section']}]" if change.get("section") else ""
        lines.append(f"  - {change['summary']}{where}")
    return lines


def language_lines(language: dict[str, Any] | None) -> list[str]:
    """Which part of the text was analysed, and the spans that were not (another language)."""
    if not language or not language.get("not_analysed"):
        return []
    spans = ", ".join(f"characters {span['start']:,}-{span['end']:,} ({span['language']})" for span in language["not_analysed"])
    return [f"Analysed: the English part ({100 * language['english_share']:.0f}% of the text); not analysed (language): {spans}"]


def score_text(match: dict[str, Any], verdict: str) -> str:
    """A match's score: two decimals, three for a modified text (never "1.00" for a text that is not an exact copy).

    >>> score_text({"score": 0.9993}, "modified"), score_text({"score": 1.0}, "exact")
    ('0.999', '1.00')
    """
    if verdict == "modified":
        return f"{min(match['score'], 0.999):.3f}"
    return f"{match['score']:.2f}"


def render_expression_text(data: dict[str, Any]) -> str:
    """A license expression and the text report of each of its licenses."""
    expression = data["expression"]
    head = f"Expression: {expression['normalized']}"
    read_as = [f"{symbol} read as {spdx}" for symbol, spdx in expression.get("read_as", {}).items()]
    parts = [head + (f" ({'; '.join(read_as)})" if read_as else "")]
    parts += [render_text(analysis) for analysis in data["analyses"]]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


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


def _identification_lines(identification: dict[str, Any]) -> list[str]:
    matches = identification.get("matches") or []
    if not matches:
        return ["Identified: no known license (unknown)"]
    if is_weak_identification(identification):
        nearest = matches[0]
        lines = [
            "Identified: no close match among known licenses (unknown)",
            f"  nearest, not a match: {nearest['name']} ({nearest['key']}), score {nearest['score']:.2f} "
            f"(a license is named from {MODIFIED_SCORE:.2f})",
        ]
        diff = identification.get("diff")
        if diff:
            lines.append(f"Compared with the nearest open license: {diff['summary']} (similarity {diff['base']['score']:.2f})")
        return lines
    lines = []
    modified = identification["verdict"] == "modified"
    for number, match in enumerate(matches):
        osi = (", OSI-approved as published (this text is modified)" if modified else ", OSI-approved") if match["osi_approved"] else ""
        lead = "Identified" if number == 0 else "Also"
        verdict = identification["verdict"] if number == 0 else "match"
        score = score_text(match, identification["verdict"]) if number == 0 else f"{match['score']:.2f}"
        lines.append(
            f"{lead}: {match['name']} ({match['key']}, {match['spdx']}) — {verdict}, score {score}; "
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
        parent = _list_parent(group[0]["section"])
        if parent:
            parents[parent] = parents.get(parent, 0) + 1
    merged: dict[str, list[dict[str, Any]]] = {}
    for group in citations(clause_ids, clauses):
        parent = _list_parent(group[0]["section"])
        key = f"list:{parent}" if parent and parents[parent] > 1 else group[0]["section"] or f"#{group[0]['id']}"
        merged.setdefault(key, []).extend(group)
    return list(merged.values())


def _list_parent(section: str) -> str:
    """The section a list item belongs to ("A" for "A.c", "1.b" for "1.b.iv"); empty for a top-level section."""
    parent, dot, item = section.rpartition(".")
    return parent if dot and len(item) <= 5 else ""


def _label_score(clause: dict[str, Any], label: str) -> float | None:
    return next((item["score"] for item in clause["labels"] if item["label"] == label), None)


def _cited_params(cited: list[dict[str, Any]], label: str) -> str:
    """The parameters of a cited section's clauses in words, each different wording once."""
    return "; ".join(dict.fromkeys(text for text in (describe_params(clause["params"], label) for clause in cited) if text))


def _citation_lines(cited: list[dict[str, Any]], label: str, width: int) -> list[str]:
    first = cited[0]
    where = f"§{first['section']}" if first["section"] else f"chars {first['start']}-{first['end']}"
    scores = [score for score in (_label_score(clause, label) for clause in cited) if score is not None]
    described = _cited_params(cited, label)
    head = f"    {where}" + (f"  {described}" if described else "") + (f"  [{max(scores):.2f}]" if scores else "")
    lines = [head]
    for clause in cited:
        quote = excerpt(clause["text"], 220)
        lines += textwrap.wrap(f"“{quote}”", width=width - 8, initial_indent="        ", subsequent_indent="        ")
    return lines


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
    if summary["verdict"] in ("needs-review", "unrecognised"):
        return str(summary.get("explanation") or "")
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
    identification = data.get("identification") or {}
    matches = identification.get("matches") or []
    if matches and is_weak_identification(identification):
        nearest = matches[0]
        lines += [
            "**No close match** among known licenses (unknown).",
            "",
            f"_Nearest, not a match: {_md(nearest['name'])} (`{nearest['key']}`), score {nearest['score']:.2f} "
            f"(a license is named from {MODIFIED_SCORE:.2f})._",
            "",
        ]
    elif matches:
        best = matches[0]
        osi = ", OSI-approved as published" if best["osi_approved"] else ""
        named = f"**{_md(best['name'])}** (`{best['spdx']}`{osi}, {identification['verdict']}, score {score_text(best, identification['verdict'])})"
        lines += [f"Identified as {named}.", ""]
    extra = [*(line for line in review_lines(data["summary"]) if line.startswith("- ")),
             *change_lines(data.get("changes") or []), *language_lines(data.get("language"))]
    if extra:
        lines += [line.replace("|", "\\|") for line in extra] + [""]
    for group, title in _GROUP_TITLES:
        present = [label for label in data["labels"] if Label(label).group is group]
        if not present:
            continue
        lines += [f"#### {title}", "", "| label | section | parameters | clause |", "|---|---|---|---|"]
        for label in present:
            for cited in citations(data["labels"][label]["clauses"], clauses):
                section = f"§{cited[0]['section']}" if cited[0]["section"] else "—"
                quotes = " … ".join(excerpt(clause["text"], 160) for clause in cited)
                lines.append(f"| `{label}` | {section} | {_md(_cited_params(cited, label))} | {_md(quotes)} |")
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


def render_html(
    data: dict[str, Any], text: str | None = None, components: dict[str, Any] | None = None, index_href: str | None = None
) -> str:
    """A self-contained HTML report (inline CSS, no scripts); all license text is escaped.

    ``index_href``: where a "← all files" link leads (a batch run's index page); no link without it.
    """
    from . import __version__

    groups, first_card = _cards(data)
    identification = data.get("identification")
    return _environment().get_template("report.html.jinja2").render(
        version=__version__,
        title=_title(data, file_name_only=True),
        index_href=index_href,
        weak_identification=bool(identification) and is_weak_identification(identification),
        threshold=MODIFIED_SCORE,
        source=data["source"],
        summary=data["summary"],
        clauses=data["clauses"],
        identification=data.get("identification"),
        components=components or {},
        verdict_title=_VERDICTS[data["summary"]["verdict"]],
        verdict_sentence=verdict_sentence(data),
        changes=data.get("changes") or [],
        language=data.get("language") or {},
        groups=groups,
        pieces=_pieces(data, text, first_card),
    )


def _title(data: dict[str, Any], file_name_only: bool = False) -> str:
    """The report's title: the license's name when the text is exactly a known one, with the source's name."""
    matches = (data.get("identification") or {}).get("matches") or []
    name = source_name(data["source"], file_name_only)
    return f"{matches[0]['name']} ({name})" if matches and data["identification"]["verdict"] == "exact" else name


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


def _cards(data: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    clauses = {clause["id"]: clause for clause in data["clauses"]}
    groups, first_card = [], {}
    for group, title in _GROUP_TITLES:
        cards = []
        for label in (label for label in data["labels"] if Label(label).group is group):
            for cited in list_citations(data["labels"][label]["clauses"], clauses):
                clause_id = cited[0]["id"]
                anchor = f"card-{label}-{clause_id}"
                sections = list(dict.fromkeys(clause["section"] for clause in cited if clause["section"]))
                where = f"§{cited[0]['section']}" if cited[0]["section"] else f"clause {clause_id}"
                if len(sections) > 1:
                    where = f"§{_list_parent(sections[0])}, {len(cited)} items ({', '.join(section.rpartition('.')[2] for section in sections)})"
                for clause in cited:
                    first_card.setdefault(clause["id"], anchor)
                cards.append({
                    "anchor": anchor,
                    "label": label,
                    "meaning": Label(label).meaning,
                    "params": _cited_params(cited, label),
                    "excerpts": [excerpt(clause["text"], 400) for clause in cited],
                    "clause_id": clause_id,
                    "where": where,
                    "score": max((_label_score(clause, label) or 0.0) for clause in cited),
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
            "anchor": clause["id"],
            "foreign": clause.get("language") if clause.get("analysed") is False else None,
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


def batch_index_parts(records: Any, page_name: Any) -> Iterator[str]:
    """The index page of a batch run, in pieces: a sortable, filterable row per file, linking to its page.

    Each row says which license the file is (exact, modified or unknown, with the matched key) and, when the
    run checked a policy (``record["policy"]``), whether the file passes it and why not. ``records()`` is called
    twice (once to count, once for the rows), so that a run of any size is written without holding its rows.
    """
    from . import __version__

    counts = {"not-open": 0, "open-with-conditions": 0, "open": 0, "error": 0, "pass": 0, "fail": 0}
    files, checked = 0, False
    for record in records():
        files += 1
        if "error" in record:
            counts["error"] += 1
            continue
        verdict = record["summary"]["verdict"]
        counts[verdict] = counts.get(verdict, 0) + 1
        policy = record.get("policy")
        if policy:
            checked = True
            counts[policy["outcome"]] = counts.get(policy["outcome"], 0) + 1
    rows = (_index_row(record, page_name) for record in records())
    return _environment().get_template("batch-index.html.jinja2").generate(
        version=__version__, files=files, rows=rows, counts=counts, checked=checked
    )


def _index_row(record: dict[str, Any], page_name: Any) -> dict[str, Any]:
    path = record["source"]["path"]
    if "error" in record:
        return {"path": path, "page": None, "license": None, "verdict": "error", "blocking": [], "policy": None,
                "error": _error_text(record["error"])}
    return {
        "path": path,
        "page": page_name(path),
        "license": _index_license(record.get("identification") or {}),
        "verdict": record["summary"]["verdict"],
        "blocking": record["summary"]["blocking"],
        "policy": record.get("policy"),
        "error": None,
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
        details = data.get("conflict_details") or []
        for index, conflict in enumerate(data["conflicts"]):
            sources = details[index].get("sources", []) if index < len(details) else []
            lines += [f"  {conflict}"] + [f"    source: {source}" for source in sources]
    return "\n".join(lines) + "\n"
