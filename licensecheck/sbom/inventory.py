"""What an SBOM says, whatever its format: the folder as a model, one entry per file, each license once.

:func:`inventory` turns a batch's finished records into an :class:`Inventory`;
the CycloneDX and SPDX writers only translate it. A file's license is its SPDX
id when the record identifies it as an exact copy of one license with an id on
the SPDX list (as both libraries know it); otherwise a ``LicenseRef-`` with the
text: ScanCode's ``LicenseRef-scancode-…`` for an exact copy of a license the
list lacks, ``LicenseRef-licensecheck-<digest>`` for any other text. A file
with no license terms at all (``unrecognised``) and a file that could not be
analyzed have no license.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .. import __version__
from .properties import Properties, is_root_model_card, record_properties, subject_properties

REF_PREFIX = "LicenseRef-licensecheck-"
_NO_LICENSE_VERDICTS = ("unrecognised",)


@dataclass(frozen=True)
class License:
    """A license as an SBOM names it: an SPDX list id, or a ``LicenseRef-`` with its name and text."""

    id: str
    name: str
    text: str | None = None

    @property
    def listed(self) -> bool:
        """Whether the id is on the SPDX license list (a LicenseRef carries its text instead)."""
        return self.text is None


@dataclass(frozen=True)
class Entry:
    """One analysed file: its path, digest, license (None: none, or not analyzed) and properties."""

    path: str
    sha256: str | None
    license: License | None
    properties: Properties


@dataclass(frozen=True)
class Inventory:
    """The model (the folder), its declared license (its top-level model card's), and its files."""

    name: str
    license: License | None
    properties: Properties
    entries: tuple[Entry, ...]
    created: datetime.datetime
    tool: str = "licensecheck"
    tool_version: str = __version__

    @property
    def references(self) -> tuple[License, ...]:
        """Every LicenseRef of the inventory, each once (SPDX lists their texts in the document)."""
        found = {entry.license.id: entry.license for entry in self.entries if entry.license and not entry.license.listed}
        if self.license is not None and not self.license.listed:
            found.setdefault(self.license.id, self.license)
        return tuple(found[key] for key in sorted(found))


def inventory(
    records: Iterable[dict[str, Any]],
    root: str | Path | None = None,
    name: str | None = None,
    created: datetime.datetime | None = None,
) -> Inventory:
    """The inventory of a batch's records; ``root`` is the analysed folder (license texts are read from it)."""
    folder = Path(root) if root is not None else None
    entries: list[Entry] = []
    subject_license: License | None = None
    models: list[dict[str, Any] | None] = []
    for record in records:
        license_ = license_of(record, folder)
        entries.append(Entry(str(record["source"]["path"]), record["source"].get("sha256"), license_, record_properties(record)))
        if is_root_model_card(record):
            subject_license = license_
        models.append(record.get("model"))
    title = name or (folder.resolve().name if folder is not None else "") or "model"
    when = created or datetime.datetime.now(datetime.timezone.utc)
    return Inventory(title, subject_license, subject_properties(models), tuple(entries), when.replace(microsecond=0))


def license_of(record: dict[str, Any], root: Path | None = None) -> License | None:
    """A record's license: a listed SPDX id for an exact copy of one, else a LicenseRef with the text; None for none."""
    if "error" in record or (record.get("summary") or {}).get("verdict") in _NO_LICENSE_VERDICTS:
        return None
    identification = record.get("identification") or {}
    matches = identification.get("matches") or []
    exact = identification.get("verdict") == "exact" and len(matches) == 1
    if exact and is_listed(str(matches[0]["spdx"])):
        return License(str(matches[0]["spdx"]), str(matches[0].get("name") or matches[0]["spdx"]))
    text = license_text(record, root)
    if exact and str(matches[0]["spdx"]).startswith("LicenseRef-") and _is_license_symbol(str(matches[0]["spdx"])):
        return License(str(matches[0]["spdx"]), str(matches[0].get("name") or matches[0]["spdx"]), text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    nearest = f", nearest {matches[0]['key']} ({identification.get('verdict')})" if matches else ""
    return License(REF_PREFIX + digest, f"license text of {record['source']['path']}{nearest}", text)


def is_listed(spdx_id: str) -> bool:
    """Whether an id is on the SPDX license list as both cyclonedx-python-lib and spdx-tools know it.

    >>> is_listed("MIT"), is_listed("mit"), is_listed("LicenseRef-scancode-llama-2-license-2023"), is_listed("Classpath-exception-2.0")
    (True, False, False, False)
    """
    from cyclonedx.spdx import is_supported_id
    from spdx_tools.common.spdx_licensing import spdx_licensing

    if not is_supported_id(spdx_id) or not _is_license_symbol(spdx_id):
        return False
    info = spdx_licensing.validate(spdx_id)
    return not info.errors and not info.invalid_symbols and info.normalized_expression == spdx_id


def _is_license_symbol(spdx_id: str) -> bool:
    """Whether an id may stand alone as a license (an exception, such as Classpath-exception-2.0, may not).

    >>> _is_license_symbol("LicenseRef-scancode-llama-2-license-2023"), _is_license_symbol("Classpath-exception-2.0")
    (True, False)
    """
    from license_expression import ExpressionError
    from spdx_tools.common.spdx_licensing import spdx_licensing

    try:
        spdx_licensing.parse(spdx_id, strict=True)
    except ExpressionError:
        return False
    return True


def license_text(record: dict[str, Any], root: Path | None) -> str:
    """The text of a record's license: a known license's reference text, the file read again when its bytes are
    unchanged, else the text of its clauses."""
    from ..errors import LicenseCheckError
    from ..source import read_bytes, read_known

    source = record["source"]
    if source.get("known"):
        return read_known(str(source["known"])).text
    if root is not None:
        path = root / str(source["path"])
        try:
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() == source.get("sha256"):
                return read_bytes(data, str(source["path"]), max(len(data), 1), str(source["path"])).text
        except (OSError, LicenseCheckError):
            pass  # the file went or changed since the analysis: its clauses still hold the text
    return "\n\n".join(str(clause["text"]) for clause in record.get("clauses") or []) or "(no text)"
