"""A CycloneDX ML-BOM (1.5 or later, JSON) read as a MOF declaration.

The BOM is validated first (cyclonedx-python-lib's strict JSON validator, for
the ``specVersion`` it names); then its parts are mapped to MOF components:

- the ``machine-learning-model`` component (``metadata.component`` when it is
  one, else the only one in ``components``) is MOF's *Model parameters (Final)*;
- its ``modelCard``, or an external reference of type ``model-card``, is the
  *Model card*, under the model component's licenses;
- every component of type ``data``, and every dataset given inline in
  ``modelCard.modelParameters.datasets``, belongs to the *Datasets*;
- a component with the property ``licensecheck:mof-component`` (a MOF
  component's name) is that component.

Anything else (a library, a file without that property, an external reference
of another type) is listed in ``Declaration.unmapped``, never guessed. A
component's licenses are read as in the other formats: an SPDX id, a name or
an expression as declared, and a license's ``text`` is analyzed. Several
licenses on one MOF component are joined with ``AND``.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Iterator

from .framework import Declaration, component_by_name

MODEL, DATA = "machine-learning-model", "data"
MOF_COMPONENT_PROPERTY = "licensecheck:mof-component"
WEIGHTS, MODEL_CARD, DATASETS = "Model parameters (Final)", "Model card", "Datasets"
_FIRST_ML_VERSION = (1, 5)
_LONGEST_MESSAGE = 160


class BomError(ValueError):
    """A file that was meant as a CycloneDX BOM but cannot be read as one model's ML-BOM (the message says why)."""


@dataclass(frozen=True)
class _License:
    """The licenses declared on one part of the BOM: as one expression, and a text when one license gives one."""

    declared: str | None
    text: str | None = None


Parts = tuple[list[tuple[str, _License]], list[str]]  # (MOF component name, license) found, and what has no MOF component


def is_cyclonedx(text: str, source: str = "") -> bool:
    """Whether a declaration file is meant as a CycloneDX BOM: by its name (``*.cdx.json``, ``bom.json``) or its JSON.

    >>> is_cyclonedx("", "model.cdx.json"), is_cyclonedx('{"bomFormat": "CycloneDX"}'), is_cyclonedx("name: x")
    (True, True, False)
    """
    name = PurePath(source).name.lower()
    if name.endswith(".cdx.json") or name == "bom.json":
        return True
    return text.lstrip().startswith("{") and '"bomFormat"' in text


def read_cyclonedx(text: str, source: str = "") -> Declaration:
    """The MOF declaration of a CycloneDX ML-BOM; :class:`BomError` names what is wrong with an unusable one."""
    bom = _valid_bom(text)
    model = _the_model(bom)
    parts: dict[str, list[_License]] = {}
    unmapped: list[str] = []
    for found, notes in (_model_parts(model, bom), _component_parts(bom, model)):
        for name, license_ in found:
            parts.setdefault(name, []).append(license_)
        unmapped += notes
    return _declaration(str(model.get("name") or source), parts, tuple(unmapped), source)


def _model_parts(model: dict[str, Any], bom: dict[str, Any]) -> Parts:
    """The model component: its weights, its model card, the datasets its model card gives inline."""
    license_ = _licenses(model)
    found = [(WEIGHTS, license_)]
    unmapped = []
    references = model.get("externalReferences") or []
    if "modelCard" in model or any(reference.get("type") == "model-card" for reference in references):
        found.append((MODEL_CARD, license_))
    for reference in references:
        if reference.get("type") != "model-card":
            unmapped.append(f"external reference {reference.get('type')!r} ({reference.get('url')}) of {_label(model)}: no MOF component for it")
    refs = {item.get("bom-ref") for item in _all_components(bom)}
    for dataset in ((model.get("modelCard") or {}).get("modelParameters") or {}).get("datasets") or []:
        if "ref" not in dataset:
            found.append((DATASETS, _License(None)))  # an inline dataset declares no license
        elif dataset["ref"] not in refs:
            unmapped.append(f"dataset reference {dataset['ref']!r} of the model card: no component of the BOM has that bom-ref")
    return found, unmapped


def _component_parts(bom: dict[str, Any], model: dict[str, Any]) -> Parts:
    """The other components: named by their licensecheck:mof-component property, datasets by their type, else unmapped."""
    found, unmapped = [], []
    for item in _all_components(bom):
        if item is model or (item.get("bom-ref") is not None and item.get("bom-ref") == model.get("bom-ref")):
            continue  # the model itself (listed in components too)
        named = _property(item, MOF_COMPONENT_PROPERTY)
        component = component_by_name(named) if named is not None else None
        if component is not None:
            found.append((component.name, _licenses(item)))
        elif named is not None:
            unmapped.append(f"{_label(item)}: {MOF_COMPONENT_PROPERTY} {named!r} is no MOF component")
        elif item.get("type") == DATA:
            found.append((DATASETS, _licenses(item)))
        else:
            unmapped.append(f"{_label(item)}: no MOF component for it")
    return found, unmapped


def _valid_bom(text: str) -> dict[str, Any]:
    """The BOM as JSON, checked: CycloneDX, a version with ML components, valid against its schema."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    try:
        bom = json.loads(text)
    except ValueError as error:
        raise BomError(f"not a CycloneDX BOM: not JSON ({error})") from error
    if not isinstance(bom, dict) or bom.get("bomFormat") != "CycloneDX":
        raise BomError('not a CycloneDX BOM: no "bomFormat": "CycloneDX" at the top level')
    version = str(bom.get("specVersion", ""))
    try:
        schema_version = SchemaVersion.from_version(version)
    except ValueError as error:
        raise BomError(f"not a CycloneDX BOM: unknown specVersion {version!r}") from error
    if tuple(int(part) for part in schema_version.to_version().split(".")) < _FIRST_ML_VERSION:
        raise BomError(f"CycloneDX {version} has no machine-learning-model components (they came with 1.5)")
    errors = JsonStrictValidator(schema_version).validate_str(text, all_errors=True)
    if errors:
        raise BomError(f"not a valid CycloneDX {version} BOM: {_first_problem(errors)}")
    return bom


def _first_problem(errors: Any) -> str:
    """The most telling schema error, in one short line: where, and what."""
    from jsonschema.exceptions import best_match

    problem = best_match(error.data for error in errors)
    where = "/".join(str(step) for step in problem.absolute_path) or "the top level"
    message = " ".join(problem.message.split())
    if len(message) > _LONGEST_MESSAGE:
        message = message[: _LONGEST_MESSAGE - 1] + "…"
    return f"at {where}: {message}"


def _all_components(bom: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``metadata.component`` and every component of the BOM, nested ones too, each once."""
    seen: set[int] = set()
    pending = [(bom.get("metadata") or {}).get("component"), *(bom.get("components") or [])]
    while pending:
        item = pending.pop(0)
        if not isinstance(item, dict) or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        pending.extend(item.get("components") or [])


def _the_model(bom: dict[str, Any]) -> dict[str, Any]:
    """The model the BOM is about: ``metadata.component`` when it is a model, else the only model component."""
    subject = (bom.get("metadata") or {}).get("component") or {}
    if subject.get("type") == MODEL:
        return subject
    models = [item for item in _all_components(bom) if item.get("type") == MODEL]
    if not models:
        raise BomError("not an ML-BOM: no component of type machine-learning-model")
    if len(models) > 1:
        names = ", ".join(repr(item.get("name")) for item in models)
        raise BomError(f"not the ML-BOM of one model: {len(models)} machine-learning-model components ({names}) "
                       "and metadata.component is none of them")
    return models[0]


def _licenses(item: dict[str, Any]) -> _License:
    """A component's licenses: one expression (several joined with AND), with the text of a single license."""
    declared: list[str] = []
    texts: list[str | None] = []
    for entry in item.get("licenses") or []:
        if "expression" in entry:
            declared.append(str(entry["expression"]))
            texts.append(None)
            continue
        license_ = entry.get("license") or {}
        declared.append(str(license_.get("id") or license_.get("name")))
        texts.append(_text(license_.get("text")))
    if not declared:
        return _License(None)
    return _License(_all_of(declared), texts[0] if len(texts) == 1 else None)


def _all_of(names: list[str]) -> str:
    """Licenses that all apply, as one expression (each once, in order).

    >>> _all_of(["MIT"]), _all_of(["MIT", "Apache-2.0 OR MIT", "MIT"])
    ('MIT', 'MIT AND (Apache-2.0 OR MIT)')
    """
    distinct = list(dict.fromkeys(names))
    return distinct[0] if len(distinct) == 1 else " AND ".join(f"({name})" if " " in name else name for name in distinct)


def _text(attachment: Any) -> str | None:
    """The content of a license's attached text (base64 decoded), or None."""
    from ..source import decode

    if not isinstance(attachment, dict) or not attachment.get("content"):
        return None
    content = str(attachment["content"])
    if attachment.get("encoding") != "base64":
        return content
    try:
        return decode(base64.b64decode(content, validate=True), "the license text")[0]
    except (binascii.Error, ValueError) as error:
        raise BomError(f"a license text is not base64 as it says ({error})") from error


def _property(item: dict[str, Any], name: str) -> str | None:
    """The value of a component's property, or None."""
    return next((str(prop.get("value")) for prop in item.get("properties") or [] if prop.get("name") == name), None)


def _label(item: dict[str, Any]) -> str:
    """A component as the report names it: its name (or bom-ref) and type."""
    return f"component {item.get('name') or item.get('bom-ref')!r} ({item.get('type')})"


def _declaration(name: str, parts: dict[str, list[_License]], unmapped: tuple[str, ...], source: str) -> Declaration:
    """The declaration: each MOF component found, with the licenses of the parts that make it up."""
    included: list[int] = []
    licenses: dict[int, str | None] = {}
    texts: dict[int, str] = {}
    for component_name, found in parts.items():
        component = component_by_name(component_name)
        if component is None:  # cannot happen: the names come from MOF's own list
            continue
        included.append(component.id)
        declared = [item.declared for item in found]
        if None in declared:  # a part without a license leaves the whole component unlicensed
            licenses[component.id] = None
            continue
        licenses[component.id] = _all_of([str(item) for item in declared])
        with_text = [item.text for item in found if item.text]
        if len(found) == 1 and with_text:
            texts[component.id] = with_text[0]
    empty: dict[str, str | None] = {"distribution": None, "code": None, "data": None, "document": None}
    return Declaration(name, tuple(included), licenses, empty, {}, source, texts, unmapped)
