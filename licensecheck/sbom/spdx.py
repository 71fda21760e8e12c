"""An :class:`~.inventory.Inventory` as an SPDX 2.3 JSON document, built with spdx-tools and validated by it.

The document DESCRIBES a package for the folder (the model, purpose OTHER),
whose declared license is its top-level model card's; the folder CONTAINS one
package per file (purpose FILE, not files-analyzed, with its SHA-256), whose
concluded license is licensecheck's. Each LicenseRef's text is in
``hasExtractedLicensingInfos``; each ``licensecheck:`` property is an
annotation (type OTHER) of its package, commented ``name=value``.
"""

from __future__ import annotations

import datetime
import io
import re
import uuid
from typing import Any

from .inventory import Inventory, License
from .properties import Properties

SPDX_VERSION = "SPDX-2.3"
DOCUMENT_ID = "SPDXRef-DOCUMENT"
MODEL_ID = "SPDXRef-model"
NAMESPACE_BASE = "https://spdx.org/spdxdocs/licensecheck"


def spdx_json(inventory: Inventory) -> str:
    """The SPDX 2.3 JSON document of an inventory; a document spdx-tools finds invalid is an SbomError."""
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
    from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream

    from . import SbomError

    document = spdx_document(inventory)
    problems = validate_full_spdx_document(document, SPDX_VERSION)
    if problems:
        raise SbomError(f"the SPDX document is not valid {SPDX_VERSION} ({problems[0].validation_message})")
    out = io.StringIO()
    write_document_to_stream(document, out, validate=False)
    return out.getvalue() + "\n"


def spdx_document(inventory: Inventory) -> Any:
    """The spdx-tools document of an inventory (not validated)."""
    from spdx_tools.spdx.model import (
        Actor, ActorType, CreationInfo, Document, ExtractedLicensingInfo, Relationship, RelationshipType, SpdxNoAssertion,
    )
    from spdx_tools.spdx.model.package import PackagePurpose

    created = inventory.created.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    tool = Actor(ActorType.TOOL, f"{inventory.tool}-{inventory.tool_version}")
    info = CreationInfo(
        spdx_version=SPDX_VERSION, spdx_id=DOCUMENT_ID, name=inventory.name, creators=[tool], created=created,
        document_namespace=f"{NAMESPACE_BASE}/{_id_part(inventory.name)}-{uuid.uuid4()}",
    )
    model = _package(MODEL_ID, inventory.name, PackagePurpose.OTHER, None)
    model.license_declared = _expression(inventory.license)
    model.license_concluded = SpdxNoAssertion()
    packages, relationships = [model], [Relationship(DOCUMENT_ID, RelationshipType.DESCRIBES, MODEL_ID)]
    annotations = _annotations(MODEL_ID, inventory.properties, tool, created)
    taken = {MODEL_ID}
    for entry in inventory.entries:
        spdx_id = _unique(f"SPDXRef-file-{_id_part(entry.path)}", taken)
        package = _package(spdx_id, entry.path, PackagePurpose.FILE, entry.sha256)
        package.license_concluded = _expression(entry.license)
        package.license_declared = SpdxNoAssertion()
        packages.append(package)
        relationships.append(Relationship(MODEL_ID, RelationshipType.CONTAINS, spdx_id))
        annotations += _annotations(spdx_id, entry.properties, tool, created)
    extracted = [ExtractedLicensingInfo(license_id=item.id, extracted_text=item.text or "", license_name=item.name)
                 for item in inventory.references]
    return Document(info, packages=packages, relationships=relationships, annotations=annotations, extracted_licensing_info=extracted)


def _package(spdx_id: str, name: str, purpose: Any, sha256: str | None) -> Any:
    from spdx_tools.spdx.model import Checksum, ChecksumAlgorithm, Package, SpdxNoAssertion

    checksums = [Checksum(ChecksumAlgorithm.SHA256, sha256)] if sha256 else []
    return Package(spdx_id=spdx_id, name=name, download_location=SpdxNoAssertion(), files_analyzed=False,
                   checksums=checksums, primary_package_purpose=purpose, file_name=name if spdx_id != MODEL_ID else None)


def _expression(license_: License | None) -> Any:
    """A license as an SPDX license expression (NOASSERTION for none)."""
    from spdx_tools.common.spdx_licensing import spdx_licensing
    from spdx_tools.spdx.model import SpdxNoAssertion

    return SpdxNoAssertion() if license_ is None else spdx_licensing.parse(license_.id)


def _annotations(spdx_id: str, properties: Properties, tool: Any, created: datetime.datetime) -> list[Any]:
    from spdx_tools.spdx.model import Annotation, AnnotationType

    return [Annotation(spdx_id, AnnotationType.OTHER, tool, created, f"{name}={value}") for name, value in properties]


def _id_part(text: str) -> str:
    """Text as the idstring of an SPDX id (letters, digits, ``.`` and ``-``).

    >>> _id_part("weights/LICENSE.txt")
    'weights-LICENSE.txt'
    """
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-") or "x"


def _unique(spdx_id: str, taken: set[str]) -> str:
    """An id not taken yet (``-2``, ``-3``... appended), now taken."""
    candidate, number = spdx_id, 1
    while candidate in taken:
        number += 1
        candidate = f"{spdx_id}-{number}"
    taken.add(candidate)
    return candidate
