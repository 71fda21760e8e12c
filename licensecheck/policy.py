"""A CI policy: which labels are denied (or allowed) per MOF component type, and the violations of a result.

A policy is a built-in name (``mof-open``, ``no-commercial-ban``, ``commercial-use``:
``licensecheck/policies/*.yml``) or a YAML file::

    default_component: weights          # what a license governs unless a path says otherwise
    components:                         # path globs (relative to the folder) -> component type;
      "data/**": data                   # when absent, DEFAULT_COMPONENTS (data/, datasets/, docs/, src/, code/)
      "docs/**": docs
    deny:                               # labels that fail the check, per component type ("*": all)
      weights: [commercial-ban, user-count-cap]
    allow:                              # or: the only blocking labels accepted, per component type
      code: []
    unrecognised: fail                  # a LICENSE file with no license terms in it (default: fail; or pass)
    needs_review: fail                  # a LICENSE file the analysis cannot vouch for (default: fail; or pass)
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import LicenseCheckError
from .taxonomy import LABELS, Group, Label

COMPONENT_TYPES = ("weights", "code", "data", "docs")
BLOCKING = tuple(label.value for label in Label if label.group is Group.BLOCKING)
# Verdicts that are not a restriction but that no open verdict was earned for; denied by default in license files.
UNVOUCHED = {
    "unrecognised": "no license terms were recognised",
    "needs-review": "the analysis cannot vouch for it; see the reasons in the report",
}
_LICENSE_FILE = re.compile(r"^(?:licen[cs]e|copying|unlicense)", re.IGNORECASE)
# The usual layout of a model repository; a policy without ``components`` uses it (so does --fail-on).
DEFAULT_COMPONENTS = (
    ("data/**", "data"),
    ("datasets/**", "data"),
    ("docs/**", "docs"),
    ("doc/**", "docs"),
    ("src/**", "code"),
    ("code/**", "code"),
)


@dataclass(frozen=True)
class Violation:
    """A denied label found in one file."""

    path: str
    component: str
    label: str
    sections: tuple[str, ...]

    def __str__(self) -> str:
        """One line: the file, the label, the component and each section once, in order ("§2, §3", not "§2, §2, §3")."""
        if self.label in UNVOUCHED:
            return f"{self.path}: {self.label} is denied for {self.component} ({UNVOUCHED[self.label]})"
        sections = dict.fromkeys(section for section in self.sections if section)
        where = ", ".join(f"§{section}" for section in sections) or "no section number"
        return f"{self.path}: {self.label} is denied for {self.component} ({where})"


@dataclass(frozen=True)
class Policy:
    """Denied labels per component type, and which paths hold which component."""

    deny: dict[str, frozenset[str]] = field(default_factory=dict)
    default_component: str = "weights"
    components: tuple[tuple[str, str], ...] = DEFAULT_COMPONENTS
    accept: frozenset[str] = frozenset()  # of UNVOUCHED: verdicts the policy lets pass

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
        verdict = (result.get("summary") or {}).get("verdict")
        if verdict in UNVOUCHED and verdict not in self.accept and is_license_file(path):
            found.append(Violation(path, component, verdict, ()))
        return found


def is_license_file(path: str) -> bool:
    """Whether a file is named as a license (LICENSE*, LICENCE*, COPYING*, UNLICENSE*): its text must be one.

    A README or a notes file that holds no license terms is not a violation; a LICENSE file that holds none is.

    >>> [is_license_file(path) for path in ("LICENSE", "weights/LICENSE.md", "COPYING", "README.md", "notes.txt", "<text>")]
    [True, True, True, False, False, True]
    """
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return bool(_LICENSE_FILE.match(name)) or path == "<text>"


def check_records(policy: Policy, records: Iterable[dict[str, Any]]) -> list[Violation]:
    """The violations of every record; each analysed record gets its outcome under ``record["policy"]``."""
    found: list[Violation] = []
    for record in records:
        if "error" in record:
            continue
        violations = policy.violations(record)
        prefix = len(violations[0].path) + 2 if violations else 0
        record["policy"] = {"outcome": "fail" if violations else "pass", "violations": [str(violation)[prefix:] for violation in violations]}
        found.extend(violations)
    return found


def fail_on(labels: Iterable[str]) -> Policy:
    """The ``--fail-on LABEL,...`` shortcut: deny these labels for every component (paths mapped by DEFAULT_COMPONENTS)."""
    return Policy(deny={"*": frozenset(_checked(labels, "--fail-on"))})


def builtin_policies() -> dict[str, str]:
    """The policies shipped in the package, by name, with the first line of each file's comment."""
    folder = resources.files("licensecheck") / "policies"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".yml"):
            first = entry.read_text(encoding="utf-8").splitlines()[0]
            found[entry.name[: -len(".yml")]] = first.lstrip("# ").strip()
    return found


def load_policy(name_or_path: str | Path) -> Policy:
    """A built-in policy by name (see :func:`builtin_policies`), or a policy YAML file."""
    given = str(name_or_path)
    file = Path(given)
    if not file.exists() and given in builtin_policies():
        entry = resources.files("licensecheck") / "policies" / f"{given}.yml"
        return parse_policy(entry.read_text(encoding="utf-8"), f"built-in policy {given}")
    try:
        content = file.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        names = ", ".join(builtin_policies())
        raise LicenseCheckError(f"{file}: no such policy file or built-in policy (built-in: {names})") from error
    except (OSError, UnicodeDecodeError) as error:
        raise LicenseCheckError(f"{file}: not a readable YAML policy ({error})") from error
    return parse_policy(content, str(file))


def parse_policy(content: str, origin: str) -> Policy:
    """Read and check the YAML of a policy; ``origin`` names it in error messages."""
    try:
        data = yaml.safe_load(content) or {}
    except yaml.YAMLError as error:
        raise LicenseCheckError(f"{origin}: not a readable YAML policy ({error})") from error
    if not isinstance(data, dict):
        raise LicenseCheckError(f"{origin}: a policy is a mapping with deny / allow / components")
    deny: dict[str, frozenset[str]] = {}
    for component, labels in (data.get("deny") or {}).items():
        deny[_component(component, origin)] = frozenset(_checked(labels or [], f"{origin}: deny.{component}"))
    for component, labels in (data.get("allow") or {}).items():
        allowed = set(_checked(labels or [], f"{origin}: allow.{component}"))
        deny[_component(component, origin)] = deny.get(component, frozenset()) | frozenset(set(BLOCKING) - allowed)
    default = _component(data.get("default_component", "weights"), origin)
    accept = frozenset(verdict for verdict in UNVOUCHED if str(data.get(verdict.replace("-", "_"), "fail")).lower() == "pass")
    if "components" in data:
        components = tuple((str(pattern), _component(component, origin)) for pattern, component in (data["components"] or {}).items())
    else:
        components = DEFAULT_COMPONENTS
    return Policy(deny=deny, default_component=default, components=components, accept=accept)


def _component(name: Any, origin: str) -> str:
    if name != "*" and name not in COMPONENT_TYPES:
        raise LicenseCheckError(f"{origin}: unknown component type {name!r}; use one of {', '.join(COMPONENT_TYPES)} or '*'")
    return str(name)


def _checked(labels: Iterable[str], where: Any) -> list[str]:
    labels = [str(label).strip() for label in labels if str(label).strip()]
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise LicenseCheckError(f"{where}: unknown label(s) {', '.join(unknown)}; see 'licensecheck labels'")
    return labels
