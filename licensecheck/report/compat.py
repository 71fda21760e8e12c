"""A compatibility report as text."""

from __future__ import annotations

from typing import Any

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
