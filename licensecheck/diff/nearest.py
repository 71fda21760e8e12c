"""What a license adds to or removes from the nearest open license, clause by clause.

BigScience OpenRAIL-M, aligned with Apache-2.0, reads as "Apache-2.0 plus
use-case-limit, pass-through, revocation": the clauses of the text that the
alignment leaves unmatched are additions (already labelled by the analysis),
the clauses of the reference left unmatched are removals (labelled here).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Sequence

from ..classify import ClauseClassifier, LabelScore
from ..alignment import align
from ..identify import Identification, OpenMatch, ReferenceIndex, Tokens, aligned_masks, nearest_open
from ..licenseinfo import license_facts
from ..segment import Clause
from ..taxonomy import Group, Label

MIN_SCORE = 0.3
LOOK_FOR_NEAREST = object()  # the nearest open license is to be looked for
CHANGED_SHARE = 0.25
CHANGED_RUN = 4


@dataclass(frozen=True)
class RemovedClause:
    """A clause of the reference license that the text does not contain."""

    section: str
    text: str
    labels: tuple[LabelScore, ...]


@dataclass(frozen=True)
class LicenseDiff:
    """The text against its nearest open license."""

    base_key: str
    base_spdx: str
    score: float
    added: tuple[str, ...]
    added_labels: tuple[str, ...]
    removed: tuple[RemovedClause, ...]
    removed_labels: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """One line, e.g. "Apache-2.0 plus use-case-limit, pass-through"."""
        added = [label for label in self.added_labels if Label(label).group is not Group.NEUTRAL]
        removed = [label for label in self.removed_labels if Label(label).group is not Group.NEUTRAL]
        text = self.base_spdx
        if added:
            text += " plus " + ", ".join(added)
        if removed:
            text += (" and" if added else "") + " without " + ", ".join(removed)
        return text if added or removed else f"{self.base_spdx}, unchanged in substance"

    def to_dict(self) -> dict[str, Any]:
        """The ``diff`` object of the identification contract."""
        return {
            "base": {"key": self.base_key, "spdx": self.base_spdx, "score": round(self.score, 4)},
            "summary": self.summary,
            "added": list(self.added),
            "added_labels": list(self.added_labels),
            "removed_labels": list(self.removed_labels),
            "removed": [
                {"section": clause.section, "text": clause.text, "labels": [{"label": item.label, "score": item.score} for item in clause.labels]}
                for clause in self.removed
            ],
        }


def diff_against_open(
    query: Tokens,
    clauses: Sequence[tuple[str, Clause, Sequence[str]]],
    index: ReferenceIndex,
    classifier: ClauseClassifier,
    identification: Identification | None = None,
    nearest: Any = LOOK_FOR_NEAREST,
) -> LicenseDiff | None:
    """Compare a text (its :func:`tokenize` tokens) with the nearest open license; ``clauses`` are (id, clause, labels) of the analysis.

    ``nearest`` is that license when already known (an exact copy of a reference has the reference's nearest open
    license, stored with its analysis); otherwise it is looked for.
    """
    best = identification.matches[0] if identification and identification.matches else None
    if best is not None and identification.verdict == "exact" and best.mof_type != "none":
        return LicenseDiff(best.key, best.spdx, 1.0, (), (), ())  # an open license, verbatim: nothing added or removed
    if nearest is LOOK_FOR_NEAREST:
        nearest = _identified_open(query, index, identification) or nearest_open(index, query, ranked=identification.ranked if identification else None)
    if nearest is None or nearest.score < MIN_SCORE:
        return None
    key, score = nearest.key, nearest.score
    reference = index.tokens(key)
    query_mask, reference_mask = aligned_masks(query, reference, nearest.blocks)
    from ..known import reference_analysis

    base_clauses = reference_analysis(key, index, classifier)
    reference_labels = {item.label for clause in base_clauses for item in clause.labels}
    query_labels = {label for _, _, labels in clauses for label in labels}
    added = [(ident, labels) for ident, clause, labels in clauses if _changed(query, query_mask, clause.start, clause.end)]
    removed = [item for item in base_clauses if _changed(reference, reference_mask, item.clause.start, item.clause.end)]
    return LicenseDiff(
        base_key=key,
        base_spdx=license_facts(key).spdx if key not in index.extra else key,
        score=score,
        added=tuple(ident for ident, _ in added),
        added_labels=tuple(_ordered({label for _, labels in added for label in labels} - reference_labels)),
        removed=tuple(RemovedClause(item.clause.section, item.clause.text, item.labels) for item in removed),
        removed_labels=tuple(_ordered({item.label for clause in removed for item in clause.labels} - query_labels)),
    )


IDENTIFIED_SCORE = 0.9


def _identified_open(query: Tokens, index: ReferenceIndex, identification: Identification | None) -> OpenMatch | None:
    """The open license a text was identified as a modified copy of (one match, score from ``IDENTIFIED_SCORE``): the
    nearest open license without another candidate search (identification chose it over every other text already)."""
    if identification is None or identification.verdict != "modified" or len(identification.matches) != 1:
        return None
    match = identification.matches[0]
    if match.mof_type == "none" or match.key in index.extra or match.score < IDENTIFIED_SCORE:
        return None
    reference = index.tokens(match.key).words
    blocks = align(query.words, reference)
    return OpenMatch(match.key, 2 * sum(block.size for block in blocks) / (len(query.words) + len(reference)), tuple(blocks))


def _changed(tokens: Tokens, mask: Sequence[bool], start: int, end: int) -> bool:
    """A clause is changed when a quarter of its tokens, or a run of four, are unmatched."""
    first, last = bisect.bisect_left(tokens.starts, start), bisect.bisect_left(tokens.starts, end)
    inside = mask[first:last]
    if not inside:
        return False
    longest = run = 0
    for matched in inside:
        run = 0 if matched else run + 1
        longest = max(longest, run)
    return inside.count(False) / len(inside) >= CHANGED_SHARE or longest >= CHANGED_RUN


def _ordered(labels: set[str]) -> list[str]:
    return [label.value for label in Label if label.value in labels]
