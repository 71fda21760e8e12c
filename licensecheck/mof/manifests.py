"""Declarations read from their files: MOT's YAML, licensecheck's manifest, a Hugging Face model card, a CycloneDX ML-BOM.

Every reader returns a :class:`~.framework.Declaration`; a file that is none of
these is an :class:`~licensecheck.errors.InputError` in one line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from .cyclonedx import BomError, is_cyclonedx, read_cyclonedx
from .framework import Declaration, component_by_name


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
    """A MOT YAML file, a licensecheck manifest (YAML or JSON), a Hugging Face model card or a CycloneDX ML-BOM.

    Raises ValueError (or yaml.YAMLError) for a text that is none of them; :class:`BomError` (a ValueError) for
    a CycloneDX BOM that cannot be read as a model.
    """
    from ..modelcard import front_matter

    if is_cyclonedx(text, source):
        return read_cyclonedx(text, source)
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
    from ..modelcard import read_model_card

    card = read_model_card("---\n" + yaml.safe_dump(meta) + "---\n")
    declared = card.license_name or card.license if card else None
    if card and card.license and card.license.lower() != "other":
        declared = card.license
    ids = [component_by_name("Model parameters (Final)"), component_by_name("Model card")]
    included = tuple(component.id for component in ids if component)
    name = str(meta.get("model_name") or meta.get("base_model") or source)
    return Declaration(name, included, {}, {"distribution": declared, "code": None, "data": None, "document": None}, {}, source)


def read_declaration_file(path: str | Path) -> Declaration:
    """The declaration in a file, whichever of the formats it is; a file that is none is an InputError (one line)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise InputError(f"{file}: no such file", "missing") from error
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{file}: cannot read ({error})", "unreadable") from error
    try:
        return load_declaration(text, str(file))
    except BomError as error:
        raise InputError(f"{file}: {error}", "invalid-bom") from error
    except (ValueError, yaml.YAMLError) as error:
        raise InputError(f"{file}: not a model declaration ({str(error).splitlines()[0]})", "invalid-input") from error


def license_texts(declaration: Declaration, manifest: str | Path) -> dict[int, Any]:
    """The license texts to analyze, by component id: files the declaration names (relative to it) and texts it holds."""
    from ..source import read_path, read_text

    folder = Path(manifest).parent
    texts: dict[int, Any] = {}
    for component_id, license_path in declaration.license_paths.items():
        candidate = (folder / license_path) if not Path(license_path).is_absolute() else Path(license_path)
        if not re.match(r"^[a-z]+://", license_path) and candidate.is_file():
            texts[component_id] = read_path(candidate)
    for component_id, text in declaration.license_texts.items():
        texts.setdefault(component_id, read_text(text, f"{manifest} (license text of component {component_id})"))
    return texts
