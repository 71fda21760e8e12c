"""Access to the license texts of the installed ``licensedcode-data`` package (ScanCode LicenseDB)."""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import UnknownLicenseError

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: 8x faster, same result
_FRONT_MATTER = "---\n"


@dataclass(frozen=True)
class ReferenceLicense:
    """One license of ScanCode LicenseDB: its key, metadata and text body."""

    key: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        """The full name, falling back to the key."""
        return str(self.meta.get("name") or self.key)

    @property
    def spdx(self) -> str:
        """The SPDX id, or ScanCode's LicenseRef for licenses SPDX does not list."""
        return str(self.meta.get("spdx_license_key") or f"LicenseRef-scancode-{self.key}")

    @property
    def category(self) -> str:
        """ScanCode's category, e.g. Permissive or Proprietary Free."""
        return str(self.meta.get("category") or "Unstated License")


@functools.lru_cache(maxsize=1)
def licenses_dir() -> Path:
    """The folder holding ``KEY.LICENSE`` files of the installed licensedcode-data."""
    spec = importlib.util.find_spec("licensedcode")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / "data" / "licenses"
        if candidate.is_dir():
            return candidate
    raise UnknownLicenseError("licensedcode-data is not installed (pip install licensedcode-data==32.1.0)")


def license_keys() -> list[str]:
    """All license keys shipped in licensedcode-data, sorted."""
    return sorted(path.name[: -len(".LICENSE")] for path in licenses_dir().glob("*.LICENSE"))


def split_front_matter(raw: str) -> tuple[dict[str, Any], str]:
    """Split a ``.LICENSE`` file into its YAML metadata and its text body.

    >>> split_front_matter("---\\nkey: mit\\n---\\nPermission is granted.\\n")
    ({'key': 'mit'}, 'Permission is granted.\\n')
    """
    metadata, body = _split(raw)
    return (yaml.load(metadata, Loader=_SAFE_LOADER) or {}) if metadata else {}, body


def _split(raw: str) -> tuple[str, str]:
    """The YAML text ("" when there is none) and the body of a ``.LICENSE`` file."""
    if raw.startswith(_FRONT_MATTER):
        end = raw.find("\n" + _FRONT_MATTER, len(_FRONT_MATTER) - 1)
        if end >= 0:
            return raw[len(_FRONT_MATTER) : end + 1], raw[end + 1 + len(_FRONT_MATTER) :]
    return "", raw


@functools.lru_cache(maxsize=256)
def load_license(key: str) -> ReferenceLicense:
    """Read one license by its ScanCode key, e.g. ``llama-2-license-2023``."""
    meta, body = split_front_matter(_read(key))
    return ReferenceLicense(key=key, text=_normalise_newlines(body), meta=meta)


def license_text(key: str) -> str:
    """The text of one license without parsing its metadata (the same text as ``load_license(key).text``)."""
    return _normalise_newlines(_split(_read(key))[1])


def _read(key: str) -> str:
    if not key or "/" in key or "\\" in key or key.startswith("."):
        raise UnknownLicenseError(f"{key!r} is not a ScanCode license key")
    path = licenses_dir() / f"{key}.LICENSE"
    if not path.is_file():
        raise UnknownLicenseError(f"no license with key {key!r} in licensedcode-data")
    return path.read_text(encoding="utf-8")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
