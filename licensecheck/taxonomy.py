"""The clause taxonomy v1.1 (``shared/spec/taxonomy.md``): labels and their groups."""

from __future__ import annotations

from enum import Enum

TAXONOMY_VERSION = "1.1"


class Group(str, Enum):
    """What a label means for openness."""

    BLOCKING = "blocking"
    CONDITION = "condition"
    NEUTRAL = "neutral"


class Label(str, Enum):
    """A clause label; the value is the stable identifier used in JSON."""

    COMMERCIAL_BAN = "commercial-ban"
    USE_CASE_LIMIT = "use-case-limit"
    USER_COUNT_CAP = "user-count-cap"
    OUTPUT_RESTRICTION = "output-restriction"
    NO_DERIVATIVES = "no-derivatives"
    PASS_THROUGH = "pass-through"
    REVOCATION = "revocation"
    TERRITORIAL = "territorial"
    ATTRIBUTION = "attribution"
    SHARE_ALIKE = "share-alike"
    PATENT_TERMINATION = "patent-termination"
    GRANT = "grant"
    DISCLAIMER = "disclaimer"

    @property
    def group(self) -> Group:
        """The group this label belongs to."""
        return _GROUPS[self]

    @property
    def meaning(self) -> str:
        """A one-line plain-English meaning for reports."""
        return _MEANINGS[self]


_GROUPS = {
    **{label: Group.BLOCKING for label in list(Label)[:8]},
    Label.ATTRIBUTION: Group.CONDITION,
    Label.SHARE_ALIKE: Group.CONDITION,
    Label.PATENT_TERMINATION: Group.CONDITION,
    Label.GRANT: Group.NEUTRAL,
    Label.DISCLAIMER: Group.NEUTRAL,
}

BLOCKING_LABELS = frozenset(label.value for label, group in _GROUPS.items() if group is Group.BLOCKING)  # the names, for lookups
CONDITION_LABELS = frozenset(label.value for label, group in _GROUPS.items() if group is Group.CONDITION)

_MEANINGS = {
    Label.COMMERCIAL_BAN: "Commercial use is withheld (non-commercial, research, evaluation or personal use only).",
    Label.USE_CASE_LIMIT: "Named uses or fields of use are forbidden, or an acceptable-use policy binds the user.",
    Label.USER_COUNT_CAP: "Rights depend on a scale threshold (active users, seats, revenue).",
    Label.OUTPUT_RESTRICTION: "What may be done with the model's outputs is limited.",
    Label.NO_DERIVATIVES: "Modifying, fine-tuning or distributing modified versions is forbidden.",
    Label.PASS_THROUGH: "Downstream users and derivatives must be bound by the same use restrictions.",
    Label.REVOCATION: "The licensor may revoke, change or remotely restrict the license at will.",
    Label.TERRITORIAL: "Licensees are excluded or limited by country, region or domicile.",
    Label.ATTRIBUTION: "Credit must be given: notices kept, changes stated, or a name or notice displayed.",
    Label.SHARE_ALIKE: "Derivatives must stay under the same or a compatible license, or disclose source.",
    Label.PATENT_TERMINATION: "The license ends for a licensee who starts patent or IP litigation.",
    Label.GRANT: "Rights are granted.",
    Label.DISCLAIMER: "Warranty is disclaimed or liability limited.",
}

LABELS: tuple[str, ...] = tuple(label.value for label in Label)


def parse_label(value: str) -> Label:
    """Return the Label for a JSON identifier, raising ValueError if unknown.

    >>> parse_label("user-count-cap").group.value
    'blocking'
    """
    try:
        return Label(value)
    except ValueError:
        raise ValueError(f"unknown label {value!r}; known: {', '.join(LABELS)}") from None
