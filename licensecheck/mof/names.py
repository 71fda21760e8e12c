"""Declared license names read as licenses: exact SPDX ids stay, free text ("Apache 2.0") is read, ambiguity is not guessed."""

from __future__ import annotations

import re

from .framework import mot_open_ids

_NAME_PATTERNS = (
    (r"^apache(\s*license)?[\s,_-]*(v(ersion)?\.?\s*)?2(\.0)?$", "Apache-2.0"),
    (r"^mit(\s*license)?$", "MIT"),
    (r"^bsd[\s_-]*3([\s_-]*clause)?$|^bsd-new$|^new bsd$", "BSD-3-Clause"),
    (r"^bsd[\s_-]*2([\s_-]*clause)?$|^simplified bsd$", "BSD-2-Clause"),
    (r"^(gnu\s*)?gpl[\s_-]*v?3(\.0)?$", "GPL-3.0-only"),
    (r"^(gnu\s*)?gpl[\s_-]*v?2(\.0)?$", "GPL-2.0-only"),
    (r"^(gnu\s*)?agpl[\s_-]*v?3(\.0)?$", "AGPL-3.0-only"),
    (r"^(gnu\s*)?lgpl[\s_-]*v?3(\.0)?$", "LGPL-3.0-only"),
    (r"^mpl[\s_-]*v?2(\.0)?$", "MPL-2.0"),
    (r"^cc[\s_-]*by[\s_-]*v?4(\.0)?$", "CC-BY-4.0"),
    (r"^cc[\s_-]*by[\s_-]*sa[\s_-]*v?4(\.0)?$", "CC-BY-SA-4.0"),
    (r"^cc[\s_-]*by[\s_-]*nc[\s_-]*v?4(\.0)?$", "CC-BY-NC-4.0"),
    (r"^cc[\s_-]*by[\s_-]*nc[\s_-]*sa[\s_-]*v?4(\.0)?$", "CC-BY-NC-SA-4.0"),
    (r"^cc[\s_-]*0([\s_-]*1\.0)?$|^cc0$", "CC0-1.0"),
    (r"^cdla[\s_-]*permissive[\s_-]*v?2(\.0)?$", "CDLA-Permissive-2.0"),
    (r"^odc[\s_-]*by$", "ODC-By-1.0"),
    (r"^llama[\s_-]*2([\s_-]*community)?([\s_-]*license)?([\s_-]*agreement)?$", "LicenseRef-scancode-llama-2-license-2023"),
)


def read_license_name(name: str) -> tuple[str | None, str | None]:
    """A license id for a declared name, and the ScanCode key when known: exact SPDX ids stay, free text is read.

    >>> read_license_name("Apache 2.0")
    ('Apache-2.0', 'apache-2.0')
    >>> read_license_name("Llama 2 Community License")
    ('LicenseRef-scancode-llama-2-license-2023', 'llama-2-license-2023')
    >>> read_license_name("Undisclosed")
    (None, None)
    """
    from ..licensedb import load_license
    from ..spdx import parse_expression, resolve_id

    text = " ".join(str(name).split())
    if not text:
        return None, None
    key = resolve_id(text)
    if text in mot_open_ids():  # an id MOT counts as open stays as declared, whatever LicenseDB calls it
        return text, key
    if key is None:
        lowered = text.lower()
        for pattern, spdx_id in _NAME_PATTERNS:
            if re.match(pattern, lowered):
                key = resolve_id(spdx_id)
                break
    if key is None:
        info = parse_expression(text)
        if info.is_valid and len(info.keys) == 1:
            key = info.keys[0]
    if key is None:
        return None, None
    spdx_id = load_license(key).spdx
    return spdx_id, key
