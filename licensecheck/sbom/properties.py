"""Which facts of an analysis record become which ``licensecheck:`` property, for both SBOM formats.

CycloneDX carries each as a component property (``name``, ``value``), SPDX as
an annotation of the package whose comment is ``name=value``. Every name is
listed in the README's SBOM section; a name may occur several times on one
component (one restriction per property, one value per parameter).
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

NAMESPACE = "licensecheck"

VERDICT = f"{NAMESPACE}:verdict"  # the record's verdict: open, open-with-conditions, needs-review, unrecognised, not-open
IDENTIFICATION = f"{NAMESPACE}:identification"  # exact, modified or unknown
LICENSE_KEY = f"{NAMESPACE}:license-key"  # ScanCode key of the nearest known license
LICENSE_SCORE = f"{NAMESPACE}:license-score"  # its similarity, 0 to 1
MOF_LICENSE_TYPE = f"{NAMESPACE}:mof-license-type"  # open-source, open-data, open-content or none (of that license)
RESTRICTION = f"{NAMESPACE}:restriction"  # a blocking label found
CONDITION = f"{NAMESPACE}:condition"  # a condition label found
CHANGE = f"{NAMESPACE}:change"  # an edit of a modified known license, in one line
REVIEW_REASON = f"{NAMESPACE}:review-reason"  # why the text needs review or is unrecognised
OVERRULED = f"{NAMESPACE}:overruled"  # a blocking label overruled because the text is an unmodified OSI-approved license
POLICY = f"{NAMESPACE}:policy"  # pass or fail, with --policy / --fail-on
POLICY_VIOLATION = f"{NAMESPACE}:policy-violation"  # a violation, in one line
MODEL_CARD_LICENSE = f"{NAMESPACE}:model-card-license"  # the license a model card's front matter declares
MOF_COMPONENT = f"{NAMESPACE}:mof-component"  # the MOF component a file is (the root model card: "Model card")
ERROR_REASON = f"{NAMESPACE}:error-reason"  # why a file was not analyzed, in one word (binary, too-large, ...)
ERROR_MESSAGE = f"{NAMESPACE}:error-message"  # the same in one line
CLASSIFIER = f"{NAMESPACE}:classifier-sha256"  # the model that labelled the clauses (on the BOM's subject)
TAXONOMY = f"{NAMESPACE}:taxonomy-version"  # the label taxonomy's version (on the BOM's subject)
# per label: f"{NAMESPACE}:{label}:{parameter}" (parameters of the analysis contract) and f"{NAMESPACE}:{label}:section"
SECTION = "section"
PARAMETERS = ("metric", "threshold", "currency", "period", "policy_url", "scope", "kind", "text", "regions")
MODEL_CARD_COMPONENT = "Model card"

Properties = tuple[tuple[str, str], ...]


def label_property(label: str, parameter: str) -> str:
    """The name of a label's parameter (or ``section``).

    >>> label_property("user-count-cap", "threshold")
    'licensecheck:user-count-cap:threshold'
    """
    return f"{NAMESPACE}:{label}:{parameter}"


def record_properties(record: dict[str, Any]) -> Properties:
    """The properties of one results.jsonl record (an error record: why it was not analyzed)."""
    if "error" in record:
        return ((ERROR_REASON, str(record["error"]["reason"])), (ERROR_MESSAGE, str(record["error"]["message"])))
    return tuple(dict.fromkeys(_analysed(record)))


def _analysed(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    summary = record.get("summary") or {}
    yield VERDICT, str(summary.get("verdict"))
    identification = record.get("identification") or {}
    if identification:
        yield IDENTIFICATION, str(identification.get("verdict"))
    matches = identification.get("matches") or []
    if matches:
        yield LICENSE_KEY, str(matches[0]["key"])
        yield LICENSE_SCORE, str(matches[0]["score"])
        yield MOF_LICENSE_TYPE, str(matches[0]["mof_type"])
    labels = record.get("labels") or {}
    sections = {clause["id"]: clause.get("section", "") for clause in record.get("clauses") or []}
    for name, found in ((RESTRICTION, summary.get("blocking") or []), (CONDITION, summary.get("conditions") or [])):
        for label in found:
            yield name, str(label)
            entry = labels.get(label) or {}
            for params in entry.get("params") or []:
                yield from _parameters(label, params)
            if name == RESTRICTION:
                for clause in entry.get("clauses") or []:
                    if sections.get(clause):
                        yield label_property(label, SECTION), sections[clause]
    for change in record.get("changes") or []:
        yield CHANGE, str(change.get("summary"))
    for reason in summary.get("reasons") or []:
        yield REVIEW_REASON, str(reason)
    for overruled in summary.get("overruled") or []:
        yield OVERRULED, str(overruled.get("label"))
    policy = record.get("policy")
    if policy:
        yield POLICY, str(policy.get("outcome"))
        for violation in policy.get("violations") or []:
            yield POLICY_VIOLATION, str(violation)
    card = record.get("model_card")
    if card and (card.get("license_name") or card.get("license")):
        yield MODEL_CARD_LICENSE, str(card.get("license_name") or card.get("license"))
    if is_root_model_card(record):
        yield MOF_COMPONENT, MODEL_CARD_COMPONENT


def is_root_model_card(record: dict[str, Any]) -> bool:
    """Whether a record is the model card of the folder itself (a README.md at the top with license front matter).

    >>> is_root_model_card({"source": {"path": "README.md"}, "model_card": {"license": "mit"}})
    True
    >>> is_root_model_card({"source": {"path": "docs/README.md"}, "model_card": {"license": "mit"}})
    False
    """
    return "model_card" in record and "/" not in str(record["source"].get("path", "/"))


def _parameters(label: str, params: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """One property per parameter value; several thresholds of one clause give one property each."""
    for parameter in PARAMETERS:
        value = params.get(parameter)
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            yield label_property(label, parameter), str(item)
    for threshold in params.get("thresholds") or []:
        yield from _parameters(label, threshold)


def subject_properties(models: Iterable[dict[str, Any] | None]) -> Properties:
    """The properties of the BOM's subject: the classifiers and taxonomy versions the records were made with (their
    ``model`` objects), each once."""
    found: dict[tuple[str, str], None] = {}
    for model in models:
        model = model or {}
        if model.get("sha256"):
            found[CLASSIFIER, str(model["sha256"])] = None
        if model.get("taxonomy_version"):
            found[TAXONOMY, str(model["taxonomy_version"])] = None
    return tuple(found)
