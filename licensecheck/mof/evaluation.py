"""The class a declaration reaches, by the rules of the Model Openness Tool (MOT), the reference implementation.

Components are counted cumulatively from Class III down; a component counts
when it is declared and its license (its own, else the global license of its
content type, else the distribution license) is open; a research paper may
stand in for the technical report. Whether a license is open is the caller's
``is_open``: MOT compares license ids exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .framework import RESEARCH_PAPER, TECHNICAL_REPORT, UNLICENSED, Declaration, components


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
