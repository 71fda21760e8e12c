"""The Model Openness Framework itself: its 17 components, its classes, and the license ids MOT counts as open.

The components and their classes come from MOT's settings (``licensecheck/data/mof/``);
a :class:`Declaration` is a model as declared, whatever format it was read from.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources

import yaml

CLASS_LABELS = {0: "Unclassified", 1: "Class I - Open Science Model", 2: "Class II - Open Tooling Model", 3: "Class III - Open Model"}
TECHNICAL_REPORT, RESEARCH_PAPER = 11, 21
UNLICENSED = "unlicensed"


@dataclass(frozen=True)
class Component:
    """One of MOF's 17 components."""

    id: int
    name: str
    content_type: str
    mof_class: int
    required: bool
    weight: int
    description: str = ""


def _data(name: str) -> str:
    return resources.files("licensecheck").joinpath(f"data/mof/{name}").read_text()


@functools.lru_cache(maxsize=1)
def components() -> tuple[Component, ...]:
    """The MOF components in the order MOT's settings list them."""
    data = yaml.safe_load(_data("mof.settings.yml"))
    return tuple(
        Component(item["id"], item["name"], item["content_type"], int(item["class"]), bool(item["required"]), int(item["weight"]), item.get("description", ""))
        for item in data["components"]
    )


def component_by_name(name: str) -> Component | None:
    """A component by its MOF name (case and spacing as MOF writes them, or close).

    >>> component_by_name("model  CARD").name
    'Model card'
    >>> component_by_name("tokenizer") is None
    True
    """
    wanted = " ".join(name.lower().split())
    for component in components():
        if component.name.lower() == wanted:
            return component
    return None


@functools.lru_cache(maxsize=1)
def mot_open_ids() -> frozenset[str]:
    """License ids MOT treats as open (exact, case-sensitive)."""
    data = json.loads(_data("mot_license_verdicts.json"))
    return frozenset(entry["id"] for entry in data["licenses"] if entry["open"])


@functools.lru_cache(maxsize=1)
def mot_type_appropriate() -> dict[str, frozenset[str]]:
    """License ids MOT deems appropriate per content type (code, data, document)."""
    data = json.loads(_data("mot_license_verdicts.json"))
    found: dict[str, set[str]] = {"code": set(), "data": set(), "document": set()}
    for entry in data["licenses"]:
        for kind in entry.get("type_appropriate_for") or []:
            found.setdefault(kind, set()).add(entry["id"])
    return {kind: frozenset(ids) for kind, ids in found.items()}


@dataclass(frozen=True)
class Declaration:
    """A model as declared: which components it releases and the licenses it names.

    ``license_texts`` holds license texts given inline (a CycloneDX license's ``text``), by component id;
    ``unmapped`` names the parts of the declaration that are no MOF component (reported, never guessed).
    """

    name: str
    included: tuple[int, ...]
    component_licenses: dict[int, str | None]
    global_licenses: dict[str, str | None]
    license_paths: dict[int, str] = field(default_factory=dict)
    source: str = ""
    license_texts: dict[int, str] = field(default_factory=dict)
    unmapped: tuple[str, ...] = ()

    def resolve(self, component_id: int) -> tuple[str | None, str]:
        """The license of a component and where it came from: component, global-<type> or global-distribution."""
        if component_id in self.component_licenses:
            return self.component_licenses[component_id] or None, "component"
        component = next(item for item in components() if item.id == component_id)
        if self.global_licenses.get(component.content_type):
            return self.global_licenses[component.content_type], f"global-{component.content_type}"
        if self.global_licenses.get("distribution"):
            return self.global_licenses["distribution"], "global-distribution"
        return None, "none"
