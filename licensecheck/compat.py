"""What a derivative inherits from its inputs, which outbound licenses remain, and the conflicts.

A model that combines, or is trained or fine-tuned on, inputs under several
licenses carries their restrictions: a non-commercial dataset makes the
derivative non-commercial, a pass-through use policy must flow down, a base
model's user cap still binds its fine-tunes, and copyleft (share-alike) fixes
the outbound license. The analysis of each input's text decides which of
these apply; known one-way copyleft compatibilities decide the conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .errors import InputError
from .taxonomy import Group, Label

# One-way compatibility of copyleft licenses: work under the key may be relicensed under these.
COPYLEFT_INTO = {
    "lgpl-2.1": {"gpl-2.0", "gpl-3.0", "lgpl-3.0"},
    "lgpl-3.0": {"gpl-3.0", "agpl-3.0"},
    "gpl-3.0": {"agpl-3.0"},
    "mpl-2.0": {"gpl-2.0", "gpl-3.0", "lgpl-2.1", "lgpl-3.0", "agpl-3.0"},
    "cc-by-sa-4.0": {"gpl-3.0"},
    "epl-2.0": {"gpl-2.0", "gpl-3.0"},
}
_CARRIED = {
    "commercial-ban": "the derivative may not be used commercially",
    "use-case-limit": "the forbidden uses bind the derivative's users",
    "user-count-cap": "the scale threshold still applies to products built on the derivative",
    "output-restriction": "the output restrictions apply to the derivative's outputs",
    "pass-through": "the use restrictions must be passed on to every recipient",
    "revocation": "the licensor may still revoke or change the terms",
    "territorial": "the regional exclusions still apply",
    "attribution": "the notices and credits must be kept",
    "share-alike": "the derivative must be licensed under the same (or a compatible) license",
}


@dataclass(frozen=True)
class CompatInput:
    """One input license and the labels its text carries."""

    given: str
    key: str | None
    spdx: str
    labels: tuple[str, ...]

    @property
    def blocking(self) -> tuple[str, ...]:
        """Blocking restrictions of this input."""
        return tuple(label for label in self.labels if Label(label).group is Group.BLOCKING)


@dataclass(frozen=True)
class CompatReport:
    """What a derivative of the inputs inherits."""

    inputs: tuple[CompatInput, ...]
    expression: str
    inherits: dict[str, list[str]]
    outbound: dict[str, Any]
    conflicts: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """The ``licensecheck/compat/v1`` document."""
        return {
            "schema": "licensecheck/compat/v1",
            "inputs": [{"given": item.given, "key": item.key, "spdx": item.spdx, "labels": list(item.labels)} for item in self.inputs],
            "expression": self.expression,
            "inherits": [{"label": label, "from": sources, "meaning": _CARRIED[label]} for label, sources in self.inherits.items()],
            "outbound": self.outbound,
            "conflicts": list(self.conflicts),
        }


def read_input(given: str, classifier: Any = None) -> CompatInput:
    """An input: an SPDX / Hugging Face id, a ScanCode key, a free-text name, or a license file path."""
    from .mof import read_license_name
    from .pipeline import analyze, load_classifier
    from .source import read_known, read_path

    path = Path(given)
    if path.is_file():
        analysis = analyze(read_path(path), classifier=classifier or load_classifier())
        matches = analysis.identification.matches if analysis.identification else ()
        spdx = matches[0].spdx if matches and analysis.identification.verdict == "exact" else f"LicenseRef-file-{path.name}"
        return CompatInput(given, matches[0].key if matches else None, spdx, tuple(analysis.by_label))
    spdx, key = read_license_name(given)
    if key is None:
        raise InputError(f"{given!r}: not a license id, name or file licensecheck knows", "unknown-license")
    analysis = analyze(read_known(key), classifier=classifier or load_classifier(), references=False)
    return CompatInput(given, key, spdx or key, _with_known_copyleft(key, tuple(analysis.by_label)))


def _with_known_copyleft(key: str, labels: tuple[str, ...]) -> tuple[str, ...]:
    """For a known license, ScanCode's category (Copyleft, Copyleft Limited) decides share-alike, not a clause guess."""
    from .licenseinfo import license_facts

    copyleft = license_facts(key).category in {"Copyleft", "Copyleft Limited"}
    kept = tuple(label for label in labels if label != "share-alike")
    if not copyleft:
        return kept
    return tuple(sorted(set(kept) | {"share-alike"}, key=lambda label: Label(label).value))


def compat(inputs: Sequence[str], classifier: Any = None) -> CompatReport:
    """Combine the inputs (as AND) and say what the derivative inherits."""
    from license_expression import get_spdx_licensing

    if not inputs:
        raise InputError("give at least one license", "invalid-input")
    read = tuple(read_input(item, classifier) for item in inputs)
    licensing = get_spdx_licensing()
    expression = " AND ".join(f"({item.spdx})" if " " in item.spdx else item.spdx for item in read)
    try:
        simplified = str(licensing.parse(expression, validate=False).simplify())
    except Exception:  # noqa: BLE001 - keep the plain conjunction when license-expression cannot parse a LicenseRef
        simplified = expression
    inherits: dict[str, list[str]] = {}
    for item in read:
        for label in item.labels:
            if label in _CARRIED:
                inherits.setdefault(label, []).append(item.spdx)
    conflicts = list(_conflicts(read))
    return CompatReport(read, simplified, dict(sorted(inherits.items(), key=lambda pair: Label(pair[0]).value)), _outbound(read, inherits, conflicts), tuple(conflicts))


def _conflicts(read: Sequence[CompatInput]) -> list[str]:
    found = []
    for item in read:
        if "no-derivatives" in item.labels:
            found.append(f"{item.spdx} forbids modified versions: no derivative may be made or shared")
    copyleft = [item for item in read if "share-alike" in item.labels and item.key]
    for first in copyleft:
        for second in copyleft:
            if first.key < second.key and not _joinable(first.key, second.key):
                found.append(f"{first.spdx} and {second.spdx} are both copyleft and neither can be relicensed under the other")
    restricted = [item for item in read if set(item.blocking) & {"commercial-ban", "pass-through", "use-case-limit", "user-count-cap"}]
    for left in copyleft:
        for right in restricted:
            if left is not right:
                labels = ", ".join(sorted(set(right.blocking) & {"commercial-ban", "pass-through", "use-case-limit", "user-count-cap"}))
                found.append(f"{left.spdx} forbids further restrictions, but {right.spdx} adds {labels}")
    return found


def _joinable(first: str, second: str) -> bool:
    return first == second or second in COPYLEFT_INTO.get(first, set()) or first in COPYLEFT_INTO.get(second, set())


def _outbound(read: Sequence[CompatInput], inherits: dict[str, list[str]], conflicts: list[str]) -> dict[str, Any]:
    blocking = sorted({label for item in read for label in item.blocking})
    copyleft = [item for item in read if "share-alike" in item.labels and item.key]
    if conflicts:
        return {"open_possible": False, "licenses": [], "note": "the inputs conflict; see conflicts"}
    if blocking:
        return {
            "open_possible": False,
            "licenses": [],
            "note": "no open license can carry " + ", ".join(blocking) + "; the derivative's license must keep them",
        }
    if copyleft:
        targets = _copyleft_targets([item.key for item in copyleft if item.key])
        return {"open_possible": True, "licenses": targets, "note": "copyleft fixes the outbound license"}
    return {"open_possible": True, "licenses": ["any license, keeping the notices"], "note": "permissive inputs; keep their attribution"}


def _copyleft_targets(keys: list[str]) -> list[str]:
    from .licensedb import load_license

    candidates = set(keys[0:1]) | COPYLEFT_INTO.get(keys[0], set())
    for key in keys[1:]:
        candidates &= {key} | COPYLEFT_INTO.get(key, set())
    return sorted(load_license(key).spdx for key in candidates)
