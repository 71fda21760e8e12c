"""The result of analysing one license: labelled clauses with parameters, and what follows from them.

The verdict is earned, never assumed. In order:

* ``not-open``: a blocking restriction was found (in a clause, or in an edit of a known license);
* ``unrecognised``: no license terms were recognised at all (no grant clause, no known license);
* ``needs-review``: something the analysis cannot vouch for (a large part not in English,
  no grant in the analysed text, an edit of a known license it cannot read, restriction
  words it did not label, or a known license that LicenseDB lists as not open);
* ``open-with-conditions`` / ``open``: none of the above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable

from .artifacts import ModelMeta
from .changes import Change
from .classify import LabelScore
from .diff import LicenseDiff
from .identify import Identification
from .language import ENGLISH, LanguageReport
from .segment import Clause
from .source import LicenseText
from .taxonomy import LABELS, Group, Label

SCHEMA = "licensecheck/analysis/v1"
NOT_OPEN, UNRECOGNISED, NEEDS_REVIEW, OPEN_WITH_CONDITIONS, OPEN = "not-open", "unrecognised", "needs-review", "open-with-conditions", "open"
VERDICTS = (NOT_OPEN, UNRECOGNISED, NEEDS_REVIEW, OPEN_WITH_CONDITIONS, OPEN)
MAX_NOT_ENGLISH = 0.0  # any clause not in English: the English part alone cannot make the text open
TRUSTED_MATCH = 0.8  # a match this close lets LicenseDB's facts about the license count as evidence
OPEN_CATEGORIES = frozenset({"Permissive", "Public Domain", "Copyleft", "Copyleft Limited"})  # ScanCode categories of open licenses


def known_open(match: Any) -> bool:
    """LicenseDB counts the license as open: a MOF license type, or an open ScanCode category."""
    return match.mof_type != "none" or match.category in OPEN_CATEGORIES


@dataclass(frozen=True)
class ClauseResult:
    """One clause in the analysis: id, offsets and section, labels and their parameters."""

    id: str
    clause: Clause
    labels: tuple[LabelScore, ...]
    params_by_label: dict[str, dict[str, Any]] = field(default_factory=dict)
    language: str = ENGLISH  # clauses in another language are not analysed (no labels)
    set_aside: tuple[str, ...] = ()  # blocking labels its form ruled out (a definition, a permission): a reason to review, not a restriction

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
            **({"language": self.language, "analysed": False} if self.language != ENGLISH else {}),
        }


@dataclass(frozen=True)
class Analysis:
    """A license text, its labelled clauses and the model that labelled them."""

    source: LicenseText
    clauses: tuple[ClauseResult, ...]
    model: ModelMeta | None = None
    identification: Identification | None = None
    diff: LicenseDiff | None = None
    language: LanguageReport | None = None
    changes: tuple[Change, ...] = ()
    cue_hits: tuple[tuple[str, str], ...] = ()  # (clause id, label) of restriction words the classifier did not label
    overruled: tuple[tuple[str, str], ...] = ()  # (clause id, label) the classifier gave an unmodified OSI-approved license

    @cached_property
    def by_label(self) -> dict[str, list[ClauseResult]]:
        """Each label present in the license, in taxonomy order, with its clauses (those an edit of a known license gave it too)."""
        from_changes: dict[str, set[str]] = {}
        for change in self.changes:
            from_changes.setdefault(change.clause, set()).update(change.labels)
        found: dict[str, list[ClauseResult]] = {}
        for result in self.clauses:  # one pass over the clauses, each listed once under each of its labels
            for label in {item.label for item in result.labels} | from_changes.get(result.id, set()):
                found.setdefault(label, []).append(result)
        return {label: found[label] for label in LABELS if label in found}

    @cached_property
    def blocking_labels(self) -> tuple[str, ...]:
        """Blocking restrictions found (any of them makes the license not open)."""
        return tuple(label for label in self.by_label if Label(label).group is Group.BLOCKING)

    @cached_property
    def condition_labels(self) -> tuple[str, ...]:
        """Conditions found (attribution, share-alike, patent termination)."""
        return tuple(label for label in self.by_label if Label(label).group is Group.CONDITION)

    @cached_property
    def best_match(self) -> Any:
        """The closest known license, when identification found one."""
        return self.identification.matches[0] if self.identification and self.identification.matches else None

    @cached_property
    def is_exact_open(self) -> bool:
        """The text is a known open license verbatim (layout, case, punctuation and copyright lines aside)."""
        best = self.best_match
        return bool(self.identification and self.identification.verdict == "exact" and best and known_open(best))

    @cached_property
    def unrecognised(self) -> bool:
        """No license terms recognised: no grant in the analysed English text and no known license matched."""
        has_grant = any(item.label == "grant" for result in self.clauses for item in result.labels)
        known = self.identification is not None and self.identification.verdict != "unknown"
        foreign = self.language is not None and self.language.english_share < 0.5
        return not has_grant and not known and not foreign

    @cached_property
    def review_reasons(self) -> tuple[str, ...]:
        """Why the analysis cannot vouch for an open verdict (empty when it can)."""
        reasons = []
        if self.language is not None and self.language.not_english and 1 - self.language.english_share > MAX_NOT_ENGLISH and not self.is_exact_open:
            spans = self.language.not_english
            languages = ", ".join(dict.fromkeys(span.language for span in spans)) or self.language.language
            share = 100 * (1 - self.language.english_share)
            reasons.append(f"{f'{share:.0f}%' if share >= 1 else 'under 1%'} of the text is not in English ({languages}) "
                           "and was not analysed; licensecheck reads English only")
        if not self.is_exact_open and not any(item.label == "grant" for result in self.clauses for item in result.labels):
            reasons.append("no grant of rights was found in the analysed text")
        for change in self.changes:
            if not change.explained:
                reasons.append(f"an edit of a known license could not be read: {change.summary}")
        set_aside = {(result.id, label) for result in self.clauses for label in result.set_aside}
        for clause_id, label in self.cue_hits:
            if any(hit.id == clause_id for hit in self.by_label.get(label, ())):
                continue  # an edit of a known license gave the clause that label
            if (clause_id, label) in set_aside:
                reasons.append(f"{clause_id} reads as {label}, but its form (a definition or a permission) restricts nothing, "
                               "so the label was set aside; a person should confirm")
            else:
                reasons.append(f"{clause_id} has words of a {label} restriction that the classifier did not label")
        best = self.best_match
        if best is not None and not known_open(best) and best.score >= TRUSTED_MATCH:
            reasons.append(f"identified as {best.name} ({best.key}), which LicenseDB does not list as an open license "
                           f"({best.category}), yet no restriction was found")
        return tuple(reasons)

    @cached_property
    def verdict(self) -> str:
        """``not-open``, ``unrecognised``, ``needs-review``, ``open-with-conditions`` or ``open`` (see the module's docstring)."""
        if self.blocking_labels:
            return NOT_OPEN
        if self.unrecognised:
            return UNRECOGNISED
        if self.review_reasons:
            return NEEDS_REVIEW
        return OPEN_WITH_CONDITIONS if self.condition_labels else OPEN

    @property
    def explanation(self) -> str:
        """The verdict in one or two plain sentences."""
        verdict = self.verdict
        if verdict == NOT_OPEN:
            return "Blocking restrictions were found: " + ", ".join(self.blocking_labels) + "."
        if verdict == UNRECOGNISED:
            return ("No license terms were recognised: the text grants no rights that the classifier found, and it matches no "
                    "known license. It may not be a license at all; it is never reported as open.")
        if verdict == NEEDS_REVIEW:
            count = len(self.review_reasons)
            return (f"No blocking restriction was found, but the analysis cannot vouch for this text "
                    f"({count} reason{'s' if count > 1 else ''} below): a person must read it before it is taken as open.")
        if self.is_exact_open:
            return f"An unmodified copy of {self.best_match.name}, an open license" + (" with conditions." if self.condition_labels else ".")
        return "A grant of rights and no blocking restriction were found" + (" (with conditions)." if self.condition_labels else ".")

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
                "explanation": self.explanation,
                "reasons": list(self.review_reasons) if self.verdict in (NEEDS_REVIEW, UNRECOGNISED) else [],
                **({"overruled": [{"clause": clause, "label": label, "why": "an unmodified OSI-approved license: the Open Source "
                                   "Definition rules out this restriction"} for clause, label in self.overruled]} if self.overruled else {}),
            },
            **({"language": self.language.to_dict()} if self.language else {}),
            **({"changes": [change.to_dict() for change in self.changes]} if self.changes else {}),
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
