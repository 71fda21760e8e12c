"""Hugging Face model cards: the license fields of a README.md's YAML front matter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .spdx import resolve_id


@dataclass(frozen=True)
class ModelCard:
    """The declared license of a model card and the ScanCode key it resolves to (None when unknown)."""

    license: str | None
    license_name: str | None
    license_link: str | None
    resolved: str | None
    datasets: tuple[str, ...] = ()
    base_model: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``model_card`` object of a batch result."""
        return {
            "license": self.license,
            "license_name": self.license_name,
            "license_link": self.license_link,
            "resolved": self.resolved,
            "datasets": list(self.datasets),
            "base_model": list(self.base_model),
        }


def front_matter(text: str) -> dict[str, Any] | None:
    """The YAML front matter of a Markdown text, or None when it has none (or it is not a mapping).

    >>> front_matter("---\\nlicense: llama2\\n---\\n# Model")
    {'license': 'llama2'}
    """
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---"):
        return None
    end = stripped.find("\n---", 3)
    if end < 0:
        return None
    try:
        data = yaml.safe_load(stripped[3:end])
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def read_model_card(text: str) -> ModelCard | None:
    """The license fields of a model card, or None when the text is no model card.

    >>> read_model_card("---\\nlicense: other\\nlicense_name: llama2\\n---\\n").resolved
    'llama-2-license-2023'
    """
    meta = front_matter(text)
    if meta is None or not any(key in meta for key in ("license", "license_name", "license_link")):
        return None
    declared = _first(meta.get("license"))
    name = _first(meta.get("license_name"))
    resolved = resolve_id(declared) if declared and declared.lower() != "other" else None
    if resolved is None and name:
        resolved = resolve_id(name)
    return ModelCard(declared, name, _first(meta.get("license_link")), resolved, _many(meta.get("datasets")), _many(meta.get("base_model")))


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value is not None else None


def _many(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(item) for item in (value if isinstance(value, list) else [value]))
