"""The result of analysing one license: labelled clauses with parameters, and what follows from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable

from .artifacts import ModelMeta
from .classify import LabelScore
from .diff import LicenseDiff
from .identify import Identification
from .segment import Clause
from .source import LicenseText
from .taxonomy import LABELS, Group, Label

SCHEMA = "licensecheck/analysis/v1"


@dataclass(frozen=True)
class ClauseResult:
    """One clause in the analysis: id, offsets and section, labels and their parameters."""

    id: str
    clause: Clause
    labels: tuple[LabelScore, ...]
    params_by_label: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def params(self) -> dict[str, Any]:
        """All parameters of the clause, merged over its labels."""
        merged: dict[str, Any] = {}
        for params in self.params_by_label.values():
            merged.update(params)
        return merged

    def to_dict(self) -> dict[str, Any]:
        """The clause in the JSON contract."""
        return {
            "id": self.id,
            "section": self.clause.section,
            "heading": self.clause.heading,
            "start": self.clause.start,
            "end": self.clause.end,
            "text": self.clause.text,
            "labels": [{"label": item.label, "score": item.score} for item in self.labels],
            "params": self.params,
        }


@dataclass(frozen=True)
class Analysis:
    """A license text, its labelled clauses and the model that labelled them."""

    source: LicenseText
    clauses: tuple[ClauseResult, ...]
    model: ModelMeta | None = None
    identification: Identification | None = None
    diff: LicenseDiff | None = None

    @cached_property
    def by_label(self) -> dict[str, list[ClauseResult]]:
        """Each label present in the license, in taxonomy order, with its clauses."""
        found: dict[str, list[ClauseResult]] = {}
        for label in LABELS:
            hits = [result for result in self.clauses if any(item.label == label for item in result.labels)]
            if hits:
                found[label] = hits
        return found

    @cached_property
    def blocking_labels(self) -> tuple[str, ...]:
        """Blocking restrictions found (any of them makes the license not open)."""
        return tuple(label for label in self.by_label if Label(label).group is Group.BLOCKING)

    @cached_property
    def condition_labels(self) -> tuple[str, ...]:
        """Conditions found (attribution, share-alike, patent termination)."""
        return tuple(label for label in self.by_label if Label(label).group is Group.CONDITION)

    @property
    def verdict(self) -> str:
        """``not-open``, ``open-with-conditions`` or ``open``."""
        if self.blocking_labels:
            return "not-open"
        return "open-with-conditions" if self.condition_labels else "open"

    def identification_dict(self) -> dict[str, Any]:
        """The ``identification`` object: verdict, matches best first, and the diff against the nearest open license."""
        if self.identification is None:
            return {}
        result = self.identification.to_dict()
        if self.diff is not None:
            result["diff"] = self.diff.to_dict()
        return result

    def to_dict(self) -> dict[str, Any]:
        """The analysis in the JSON contract ``licensecheck/analysis/v1``."""
        source: dict[str, Any] = {
            "path": self.source.path,
            "sha256": self.source.sha256,
            "chars": self.source.chars,
            "text": self.source.text,
        }
        if self.source.known_key:
            source["known"] = self.source.known_key
        if self.source.encoding != "utf-8" or self.source.markup != "plain":
            source.update(encoding=self.source.encoding, markup=self.source.markup)
        result: dict[str, Any] = {
            "schema": SCHEMA,
            "source": source,
            **({"identification": self.identification_dict()} if self.identification else {}),
            "summary": {
                "verdict": self.verdict,
                "blocking": list(self.blocking_labels),
                "conditions": list(self.condition_labels),
            },
            "clauses": [clause.to_dict() for clause in self.clauses],
            "labels": {
                label: {"clauses": [hit.id for hit in hits], "params": _unique(hit.params_by_label.get(label) for hit in hits)}
                for label, hits in self.by_label.items()
            },
        }
        if self.model:
            result["model"] = {"sha256": self.model.sha256, "taxonomy_version": self.model.taxonomy_version}
        return result


def _unique(items: Iterable[dict[str, Any] | None]) -> list[dict[str, Any]]:
    """The distinct non-empty parameter sets, in order of first appearance."""
    seen: list[dict[str, Any]] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen
