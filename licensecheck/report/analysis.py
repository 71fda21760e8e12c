"""The report of one analysis (``Analysis.to_dict()``): text, Markdown and HTML."""

from __future__ import annotations

import textwrap
from typing import Any

from ..identify import MODIFIED_SCORE
from ..taxonomy import Group, Label
from .common import (
    BOLD, GROUP_TITLES, RED, VERDICT_COLOURS, VERDICT_TITLES, YELLOW, citations, cited_params, describe_params,
    environment, excerpt, is_weak_identification, label_score, list_citations, list_parent, md_cell, paint, score_text,
    source_name, strongest_group,
)

def render_text(data: dict[str, Any], width: int = 100, color: bool = False) -> str:
    """A short readable summary grouped by restriction, with sections and parameters (ANSI colour on request)."""
    clauses = {clause["id"]: clause for clause in data["clauses"]}
    source = data["source"]
    name = source.get("known") or source.get("path") or "<text>"
    summary = data["summary"]
    lines = [f"{name}: {source['chars']:,} characters, {len(clauses)} clauses"]
    reason = _verdict_reason(summary)
    verdict_color = VERDICT_COLOURS[summary["verdict"]]
    lines.append(f"Verdict: {paint(VERDICT_TITLES[summary['verdict']], verdict_color, color)}{reason}")
    lines.extend(f"  {line}" for line in review_lines(summary))
    if data.get("identification"):
        lines.extend(_identification_lines(data["identification"]))
    lines.extend(change_lines(data.get("changes") or []))
    lines.extend(language_lines(data.get("language")))
    overruled = summary.get("overruled") or []
    if overruled:
        flagged = ", ".join(f"{item['label']} ({item['clause']})" for item in overruled)
        lines.append(f"Overruled: the classifier flagged {flagged}; an unmodified OSI-approved license has no such restriction")
    for group, title in GROUP_TITLES:
        present = [label for label in data["labels"] if Label(label).group is group]
        if not present:
            continue
        lines += ["", paint(f"{title}:", BOLD, color)]
        for label in present:
            lines.append(f"  {paint(label, RED if group is Group.BLOCKING else YELLOW, color)}: {Label(label).meaning}")
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


def _citation_lines(cited: list[dict[str, Any]], label: str, width: int) -> list[str]:
    first = cited[0]
    where = f"§{first['section']}" if first["section"] else f"chars {first['start']}-{first['end']}"
    scores = [score for score in (label_score(clause, label) for clause in cited) if score is not None]
    described = cited_params(cited, label)
    head = f"    {where}" + (f"  {described}" if described else "") + (f"  [{max(scores):.2f}]" if scores else "")
    lines = [head]
    for clause in cited:
        quote = excerpt(clause["text"], 220)
        lines += textwrap.wrap(f"“{quote}”", width=width - 8, initial_indent="        ", subsequent_indent="        ")
    return lines


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
    lines = [f"### licensecheck: {_title(data)}", "", f"**{VERDICT_TITLES[data['summary']['verdict']]}** — {verdict_sentence(data)}", ""]
    identification = data.get("identification") or {}
    matches = identification.get("matches") or []
    if matches and is_weak_identification(identification):
        nearest = matches[0]
        lines += [
            "**No close match** among known licenses (unknown).",
            "",
            f"_Nearest, not a match: {md_cell(nearest['name'])} (`{nearest['key']}`), score {nearest['score']:.2f} "
            f"(a license is named from {MODIFIED_SCORE:.2f})._",
            "",
        ]
    elif matches:
        best = matches[0]
        osi = ", OSI-approved as published" if best["osi_approved"] else ""
        named = f"**{md_cell(best['name'])}** (`{best['spdx']}`{osi}, {identification['verdict']}, score {score_text(best, identification['verdict'])})"
        lines += [f"Identified as {named}.", ""]
    extra = [*(line for line in review_lines(data["summary"]) if line.startswith("- ")),
             *change_lines(data.get("changes") or []), *language_lines(data.get("language"))]
    if extra:
        lines += [line.replace("|", "\\|") for line in extra] + [""]
    for group, title in GROUP_TITLES:
        present = [label for label in data["labels"] if Label(label).group is group]
        if not present:
            continue
        lines += [f"#### {title}", "", "| label | section | parameters | clause |", "|---|---|---|---|"]
        for label in present:
            for cited in citations(data["labels"][label]["clauses"], clauses):
                section = f"§{cited[0]['section']}" if cited[0]["section"] else "—"
                quotes = " … ".join(excerpt(clause["text"], 160) for clause in cited)
                lines.append(f"| `{label}` | {section} | {md_cell(cited_params(cited, label))} | {md_cell(quotes)} |")
        lines.append("")
    lines.append(f"<sub>{source['chars']:,} characters, sha256 `{source['sha256'][:16]}…`; not legal advice.</sub>")
    return "\n".join(lines) + "\n"


def render_html(
    data: dict[str, Any], text: str | None = None, components: dict[str, Any] | None = None, index_href: str | None = None
) -> str:
    """A self-contained HTML report (inline CSS, no scripts); all license text is escaped.

    ``index_href``: where a "← all files" link leads (a batch run's index page); no link without it.
    """
    from .. import __version__

    groups, first_card = _cards(data)
    identification = data.get("identification")
    return environment().get_template("report.html.jinja2").render(
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
        verdict_title=VERDICT_TITLES[data["summary"]["verdict"]],
        verdict_sentence=verdict_sentence(data),
        changes=data.get("changes") or [],
        language=data.get("language") or {},
        groups=groups,
        text_html=text_html(_pieces(data, text, first_card)),
    )


def moved_page(page: str, old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """:func:`render_html`'s page of ``new`` made from ``page``, the page of ``old``, for two records that differ only in
    their file (path and digest), their length and the text of one unlabelled clause (a copy of a license with another
    copyright line: :func:`licensecheck.batch.variants.moved`); None when the page cannot be made so (another file
    name in the title, a changed text that is not one plain span of the page). The caller checks the records.
    """
    from markupsafe import escape

    was, now = old["source"], new["source"]
    if _title(old, file_name_only=True) != _title(new, file_name_only=True):
        return None
    changed = [(before, after) for before, after in zip(old["clauses"], new["clauses"]) if before["text"] != after["text"]]
    if len(changed) > 1 or len(old["clauses"]) != len(new["clauses"]) or any(before["labels"] for before, _ in changed):
        return None
    path = f'<span class="path">{escape(was["path"])}</span> · ' if was.get("path") and was["path"] != "-" else ""
    moves = [(f'{path}{was["chars"]:,} characters · ', f'<span class="path">{escape(now["path"])}</span> · {now["chars"]:,} characters · ' if path else None),
             (f' · sha256 {was["sha256"][:16]}… · ', f' · sha256 {now["sha256"][:16]}… · ')]
    moves += [(f'<span id="{escape(before["id"])}">{escape(before["text"])}</span>', f'<span id="{escape(after["id"])}">{escape(after["text"])}</span>')
              for before, after in changed]
    for before, after in moves:
        if after is None or page.count(before) != 1:
            return None
        page = page.replace(before, after, 1)
    return page


def _title(data: dict[str, Any], file_name_only: bool = False) -> str:
    """The report's title: the license's name when the text is exactly a known one, with the source's name."""
    matches = (data.get("identification") or {}).get("matches") or []
    name = source_name(data["source"], file_name_only)
    return f"{matches[0]['name']} ({name})" if matches and data["identification"]["verdict"] == "exact" else name


def _cards(data: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    clauses = {clause["id"]: clause for clause in data["clauses"]}
    groups, first_card = [], {}
    for group, title in GROUP_TITLES:
        cards = []
        for label in (label for label in data["labels"] if Label(label).group is group):
            for cited in list_citations(data["labels"][label]["clauses"], clauses):
                clause_id = cited[0]["id"]
                anchor = f"card-{label}-{clause_id}"
                sections = list(dict.fromkeys(clause["section"] for clause in cited if clause["section"]))
                where = f"§{cited[0]['section']}" if cited[0]["section"] else f"clause {clause_id}"
                if len(sections) > 1:
                    where = f"§{list_parent(sections[0])}, {len(cited)} items ({', '.join(section.rpartition('.')[2] for section in sections)})"
                for clause in cited:
                    first_card.setdefault(clause["id"], anchor)
                cards.append({
                    "anchor": anchor,
                    "label": label,
                    "meaning": Label(label).meaning,
                    "params": cited_params(cited, label),
                    "excerpts": [excerpt(clause["text"], 400) for clause in cited],
                    "clause_id": clause_id,
                    "where": where,
                    "score": max((label_score(clause, label) or 0.0) for clause in cited),
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
        group = strongest_group(labels)
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


def text_html(pieces: list[dict[str, Any]]) -> Any:
    """The license text of the report as HTML (:func:`_pieces` in order): a labelled clause is a span of its group
    that links back to its card, a part not analysed is hatched. Every piece of text and every attribute is escaped
    (license text is untrusted); written here rather than as a loop of the template, which cost most of a page's time.
    """
    from markupsafe import Markup, escape

    html = []
    for piece, text in zip(pieces, _escaped([piece["text"] for piece in pieces])):
        if piece.get("clause_id"):
            html.append(f'<span class="clause {escape(piece["group"])}" id="{escape(piece["clause_id"])}" title="{escape(piece["labels"])}">{text}</span>')
            if piece["card"]:
                html.append(f'<a class="back" href="#{escape(piece["card"])}" aria-label="back to its card">↩</a>')
        elif piece.get("foreign"):
            html.append(f'<span class="foreign" id="{escape(piece["anchor"])}" title="not analysed ({escape(piece["foreign"])})">{text}</span>')
        elif piece.get("anchor"):
            html.append(f'<span id="{escape(piece["anchor"])}">{text}</span>')
        else:
            html.append(text)
    return Markup("".join(html))


_SEPARATOR = "\x00"  # not escaped by markupsafe; a text holding it is escaped piece by piece


def _escaped(texts: list[str]) -> list[str]:
    """Each text HTML-escaped, in one call of the escaper for all of them (a page has hundreds of pieces).

    >>> _escaped(["a < b", " & ", '"c"'])
    ['a &lt; b', ' &amp; ', '&#34;c&#34;']
    """
    from markupsafe import escape

    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:
        return [str(escape(text)) for text in texts]
    return str(escape(joined)).split(_SEPARATOR) if texts else []


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
