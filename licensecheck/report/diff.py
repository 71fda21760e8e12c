"""What changed between two licenses (``VersionDiff.to_dict()``): text, Markdown and a side-by-side HTML page."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from ..diff.versions import describe_wording
from ..taxonomy import Group, Label
from .common import BOLD, GREEN, RED, VERDICT_COLOURS, VERDICT_TITLES, YELLOW, environment, excerpt, md_cell, paint, params_in_words, source_name

_KIND_TITLES = {"added": "Added", "removed": "Removed", "changed": "Changed"}


def side_title(side: dict[str, Any]) -> str:
    """One side of a diff in a few words: its source and the license it was identified as.

    >>> side_title({"source": {"path": "LICENSE"}, "license": {"verdict": "exact", "spdx": "MIT"}})
    'LICENSE (MIT, exact)'
    >>> side_title({"source": {"known": "mit"}, "license": {"verdict": "unknown"}})
    'mit (no known license)'
    """
    license = side["license"]
    named = f"{license['spdx']}, {license['verdict']}" if license.get("spdx") else "no known license"
    return f"{source_name(side['source'])} ({named})"


def params_text(params: list[dict[str, Any]], label: str) -> str:
    """A label's parameter sets in words, each wording once ("—" when none was extracted).

    >>> params_text([{"metric": "monthly-active-users", "threshold": 700000000}], "user-count-cap")
    'threshold: 700,000,000 monthly active users'
    """
    return params_in_words(params, label) or "—"


def term_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The license-level changes, one row per label: kind, label, meaning, and for a change the parameters on both sides."""
    rows = []
    for kind in ("added", "removed", "changed"):
        for label in data["labels"][kind]:
            row = {"kind": kind, "label": label, "meaning": Label(label).meaning, "blocking": Label(label).group is Group.BLOCKING}
            if kind == "changed":
                row["old"] = params_text(data["old"]["params"].get(label, []), label)
                row["new"] = params_text(data["new"]["params"].get(label, []), label)
            rows.append(row)
    return rows


def _wording(data: dict[str, Any]) -> str:
    """The diff's clauses changed with no label change, counted by kind ("2 clauses reworded, 1 removed")."""
    return describe_wording([change["kind"] for change in data["reworded"]])


def render_diff_text(data: dict[str, Any], width: int = 100, color: bool = False) -> str:
    """The diff as text: both sides, the license-level changes, each change with its clauses, the rewordings collapsed."""
    old, new = data["old"], data["new"]
    lines = [f"Old: {side_title(old)}", f"New: {side_title(new)}"]
    verdicts = [paint(VERDICT_TITLES[side["verdict"]], VERDICT_COLOURS[side["verdict"]], color) for side in (old, new)]
    lines.append(f"Verdict: {verdicts[0]} → {verdicts[1]}" if old["verdict"] != new["verdict"] else f"Verdict: {verdicts[1]} (unchanged)")
    lines.append(paint(data["summary"][0].upper() + data["summary"][1:], BOLD, color))
    for row in term_rows(data):
        tone = (RED if row["blocking"] else YELLOW) if row["kind"] != "removed" else GREEN
        detail = f": {row['old']} → {row['new']}" if row["kind"] == "changed" else f": {row['meaning']}"
        lines.append(f"  {row['kind']:<8} {paint(row['label'], tone, color)}{detail}")
    if data["changes"]:
        lines += ["", paint("Clause by clause:", BOLD, color)]
        for change in data["changes"]:
            lines.extend(_change_lines(change, width))
    if data["reworded"]:
        sections = ", ".join(dict.fromkeys(f"§{change['section']}" for change in data["reworded"] if change["section"]))
        wording = _wording(data)
        lines += ["", f"No change in legal terms: {wording}" + (f" (in {sections})" if sections else "")]
    if data["notes"]:
        lines += ["", "Notes:"] + [f"  - {note}" for note in data["notes"]]
    return "\n".join(lines) + "\n"


def _change_lines(change: dict[str, Any], width: int) -> list[str]:
    where = f"§{change['section']}" if change["section"] else "(no section)"
    head = f"  {_KIND_TITLES[change['kind']]} {change['label']} {where}"
    if change["kind"] == "changed":
        head += f": {params_text(change['old']['params'], change['label'])} → {params_text(change['new']['params'], change['label'])}"
    lines = [head]
    lines += [f"      + “{excerpt(words, 160)}”" for words in change["words_added"]]
    lines += [f"      - “{excerpt(words, 160)}”" for words in change["words_removed"]]
    for name in ("old", "new"):
        side = change[name]
        text = f"{name}: “{excerpt(side['text'], 220)}”" if side else f"{name}: (no such clause)"
        lines += textwrap.wrap(text, width=width - 6, initial_indent="      ", subsequent_indent="        ")
    return lines


def render_diff_markdown(data: dict[str, Any]) -> str:
    """The diff as Markdown, for a ticket: the license-level changes as a table, then each change with its clause."""
    old, new = data["old"], data["new"]
    lines = [f"### licensecheck diff: {md_cell(side_title(old))} → {md_cell(side_title(new))}", ""]
    lines += [f"**{VERDICT_TITLES[old['verdict']]} → {VERDICT_TITLES[new['verdict']]}** — {md_cell(data['summary'])}", ""]
    rows = term_rows(data)
    if rows:
        lines += ["| change | label | old | new |", "|---|---|---|---|"]
        for row in rows:
            before = row.get("old", "—" if row["kind"] == "added" else "present")
            after = row.get("new", "—" if row["kind"] == "removed" else "present")
            lines.append(f"| {row['kind']} | `{row['label']}` | {md_cell(before)} | {md_cell(after)} |")
        lines.append("")
    if data["changes"]:
        lines += ["| clause change | section | old clause | new clause |", "|---|---|---|---|"]
        for change in data["changes"]:
            quotes = [md_cell(excerpt(change[name]["text"], 200)) if change[name] else "—" for name in ("old", "new")]
            lines.append(f"| {change['kind']} `{change['label']}` | {change['section'] or '—'} | {quotes[0]} | {quotes[1]} |")
        lines.append("")
    if data["reworded"]:
        lines += [f"<details><summary>{_wording(data)}, no change in legal terms</summary>", ""]
        lines += [f"- {change['kind']}{', §' + change['section'] if change['section'] else ''}: {md_cell(excerpt((change['new'] or change['old'])['text'], 120))}"
                  for change in data["reworded"]]
        lines += ["", "</details>", ""]
    lines.append("<sub>licensecheck flags license terms for a human reader; not legal advice.</sub>")
    return "\n".join(lines) + "\n"


def marked(text: str, snippets: list[str]) -> list[tuple[str, bool]]:
    """``text`` cut into runs, each True where it holds one of ``snippets`` (whitespace-insensitive), for highlighting.

    >>> marked("may be used for\\nresearch only", ["research only"])
    [('may be used for\\n', False), ('research only', True)]
    """
    patterns = [r"\s+".join(map(re.escape, snippet.split())) for snippet in snippets if snippet.split()]
    if not patterns:
        return [(text, False)]
    runs, cursor = [], 0
    for match in re.finditer("|".join(f"(?:{pattern})" for pattern in patterns), text):
        if match.start() > cursor:
            runs.append((text[cursor : match.start()], False))
        runs.append((match.group(), True))
        cursor = match.end()
    if cursor < len(text):
        runs.append((text[cursor:], False))
    return runs


def render_diff_html(data: dict[str, Any]) -> str:
    """A self-contained side-by-side HTML page of the diff (inline CSS, no scripts; all license text escaped)."""
    from .. import __version__

    return environment().get_template("diff.html.jinja2").render(
        version=__version__, data=data, rows=term_rows(data), old_title=side_title(data["old"]), new_title=side_title(data["new"]),
        verdict_titles=VERDICT_TITLES, params_text=params_text, marked=marked,
        wording=_wording(data),
    )
