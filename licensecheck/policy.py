"""A CI policy: which labels are denied (or allowed) per MOF component type, and the violations of a result.

Policy file (YAML)::

    default_component: weights          # what a license governs unless a path says otherwise
    components:                         # path globs (relative to the folder) -> component type
      "data/**": data
      "docs/**": docs
    deny:                               # labels that fail the check, per component type ("*": all)
      weights: [commercial-ban, user-count-cap]
    allow:                              # or: the only blocking labels accepted, per component type
      code: []
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import LicenseCheckError
from .taxonomy import LABELS, Group, Label

COMPONENT_TYPES = ("weights", "code", "data", "docs")
BLOCKING = tuple(label.value for label in Label if label.group is Group.BLOCKING)


@dataclass(frozen=True)
class Violation:
    """A denied label found in one file."""

    path: str
    component: str
    label: str
    sections: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(f"§{section}" for section in self.sections if section) or "no section number"
        return f"{self.path}: {self.label} is denied for {self.component} ({where})"


@dataclass(frozen=True)
class Policy:
    """Denied labels per component type, and which paths hold which component."""

    deny: dict[str, frozenset[str]] = field(default_factory=dict)
    default_component: str = "weights"
    components: tuple[tuple[str, str], ...] = ()

    def component_of(self, path: str) -> str:
        """The component type a file's license governs."""
        for pattern, component in self.components:
            if fnmatch.fnmatch(path, pattern):
                return component
        return self.default_component

    def denied(self, component: str) -> frozenset[str]:
        """The labels denied for a component type."""
        return self.deny.get(component, frozenset()) | self.deny.get("*", frozenset())

    def violations(self, result: dict[str, Any]) -> list[Violation]:
        """The denied labels of one analysis (a results.jsonl line); errors violate nothing."""
        if "labels" not in result:
            return []
        path = result["source"].get("path") or "<text>"
        component = self.component_of(path)
        clauses = {clause["id"]: clause for clause in result.get("clauses", [])}
        found = []
        for label in sorted(self.denied(component) & set(result["labels"]), key=LABELS.index):
            sections = tuple(clauses[clause_id]["section"] for clause_id in result["labels"][label]["clauses"] if clause_id in clauses)
            found.append(Violation(path, component, label, sections))
        return found


def fail_on(labels: Iterable[str]) -> Policy:
    """The ``--fail-on LABEL,...`` shortcut: deny these labels for every component."""
    return Policy(deny={"*": frozenset(_checked(labels, "--fail-on"))})


def load_policy(path: str | Path) -> Policy:
    """Read and check a policy YAML file."""
    file = Path(path)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as error:
        raise LicenseCheckError(f"{file}: no such policy file") from error
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise LicenseCheckError(f"{file}: not a readable YAML policy ({error})") from error
    if not isinstance(data, dict):
        raise LicenseCheckError(f"{file}: a policy is a mapping with deny / allow / components")
    deny: dict[str, frozenset[str]] = {}
    for component, labels in (data.get("deny") or {}).items():
        deny[_component(component, file)] = frozenset(_checked(labels or [], f"{file}: deny.{component}"))
    for component, labels in (data.get("allow") or {}).items():
        allowed = set(_checked(labels or [], f"{file}: allow.{component}"))
        deny[_component(component, file)] = deny.get(component, frozenset()) | frozenset(set(BLOCKING) - allowed)
    default = _component(data.get("default_component", "weights"), file)
    components = tuple((str(pattern), _component(component, file)) for pattern, component in (data.get("components") or {}).items())
    return Policy(deny=deny, default_component=default, components=components)


def _component(name: Any, file: Path) -> str:
    if name != "*" and name not in COMPONENT_TYPES:
        raise LicenseCheckError(f"{file}: unknown component type {name!r}; use one of {', '.join(COMPONENT_TYPES)} or '*'")
    return str(name)


def _checked(labels: Iterable[str], where: Any) -> list[str]:
    labels = [str(label).strip() for label in labels if str(label).strip()]
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise LicenseCheckError(f"{where}: unknown label(s) {', '.join(unknown)}; see 'licensecheck labels'")
    return labels
