"""A MOF assessment as text and as an HTML page."""

from __future__ import annotations

from typing import Any

from .common import environment, excerpt

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
    if data.get("unmapped"):
        lines += ["", "Not read as MOF components (not guessed):"] + [f"  {part}" for part in data["unmapped"]]
    osaid = data["osaid"]
    lines += ["", "OSI Open Source AI Definition: " + ("meets it" if osaid["meets"] else "does not meet it")]
    lines += [f"  {problem}" for problem in osaid["problems"]]
    return "\n".join(lines) + "\n"


def render_mof_html(data: dict[str, Any]) -> str:
    """A MOF assessment as a self-contained HTML page (autoescaped)."""
    from .. import __version__

    numerals = {"1": "I", "2": "II", "3": "III"}
    progress = [(numerals[level], value) for level, value in sorted(data["progress"].items(), reverse=True)]
    return environment().get_template("mof.html.jinja2").render(version=__version__, data=data, progress=progress)
