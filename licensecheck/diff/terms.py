"""Two licenses' terms side by side: which restrictions and conditions one has that the other has not, and which
it has with other parameters (a user cap from 700,000,000 to 100,000,000, another naming prefix, more regions).

Both sides are read from the ``labels`` object of an analysis (``licensecheck/analysis/v1``), so the comparison
of two scans of a hub (a batch run against its baseline) and of two texts (``licensecheck diff``) say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..taxonomy import LABELS, Group, Label

# the parameters that make two clauses of one label say something different, per label
_KEYS = {
    "user-count-cap": ("metric", "threshold", "currency"),
    "use-case-limit": ("policy_url",),
    "pass-through": ("policy_url",),
    "commercial-ban": ("scope",),
    "territorial": ("regions",),
    "attribution": ("text",),
}


@dataclass(frozen=True)
class TermsDelta:
    """Restrictions and conditions (not grant or disclaimer) added, removed, or kept with other parameters."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when the two sides restrict and condition alike."""
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, list[str]]:
        """``{"added": [...], "removed": [...], "changed": [...]}`` of label names."""
        return {"added": list(self.added), "removed": list(self.removed), "changed": list(self.changed)}


def terms(labels: dict[str, Any]) -> list[str]:
    """The restriction and condition labels of an analysis's ``labels`` object, in taxonomy order.

    >>> terms({"grant": {}, "attribution": {}, "commercial-ban": {}})
    ['commercial-ban', 'attribution']
    """
    return [label for label in LABELS if label in labels and Label(label).group is not Group.NEUTRAL]


def signature(label: str, params: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """What the parameters of one clause say for ``label``, comparable between versions (None: nothing extracted).

    >>> signature("user-count-cap", {"metric": "monthly-active-users", "threshold": 700000000, "period": "month"})
    ('monthly-active-users', 700000000, None)
    >>> signature("territorial", {"regions": ["European Union", "Canada"]}) == signature("territorial", {"regions": ["Canada", "European Union"]})
    True
    """
    keys = _KEYS.get(label)
    if not keys or not params:
        return None
    values = tuple(tuple(sorted(value)) if isinstance(value, list) else value for value in (params.get(key) for key in keys))
    return values if any(value is not None for value in values) else None


def signatures(label: str, params: Iterable[dict[str, Any] | None]) -> frozenset[tuple[Any, ...]]:
    """The distinct signatures of a label's parameter sets."""
    return frozenset(found for found in (signature(label, item) for item in params) if found is not None)


def compare_terms(old: dict[str, Any], new: dict[str, Any]) -> TermsDelta:
    """The labels ``new`` has that ``old`` has not, the reverse, and the labels both have whose parameters differ.

    ``old`` and ``new`` are analyses' ``labels`` objects (label -> {"clauses": [...], "params": [...]}).

    >>> old = {"user-count-cap": {"params": [{"metric": "monthly-active-users", "threshold": 700000000}]}, "attribution": {"params": []}}
    >>> new = {"user-count-cap": {"params": [{"metric": "monthly-active-users", "threshold": 100000000}]}, "commercial-ban": {"params": []}}
    >>> compare_terms(old, new).to_dict()
    {'added': ['commercial-ban'], 'removed': ['attribution'], 'changed': ['user-count-cap']}
    """
    before, after = terms(old), terms(new)
    changed = [
        label for label in after
        if label in before and signatures(label, old[label].get("params") or []) != signatures(label, new[label].get("params") or [])
    ]
    return TermsDelta(
        added=tuple(label for label in after if label not in before),
        removed=tuple(label for label in before if label not in after),
        changed=tuple(changed),
    )
