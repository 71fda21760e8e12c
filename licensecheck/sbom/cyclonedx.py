"""An :class:`~.inventory.Inventory` as a CycloneDX 1.6 JSON ML-BOM, built with cyclonedx-python-lib and validated by it.

The folder is ``metadata.component``, of type ``machine-learning-model``, with
the license its top-level model card declares (acknowledged as *declared*);
each file is a component of type ``file`` with its SHA-256, the license
licensecheck concluded (acknowledged as *concluded*) and its ``licensecheck:``
properties.
"""

from __future__ import annotations

import uuid
import warnings
from typing import Any

from .inventory import Entry, Inventory, License
from .properties import Properties

SPEC_VERSION = "1.6"
MODEL_REF = "model"


def cyclonedx_json(inventory: Inventory) -> str:
    """The CycloneDX 1.6 JSON document of an inventory; a document the schema rejects is an SbomError."""
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.output.json import JsonV1Dot6
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    from . import SbomError

    bom = Bom(serial_number=uuid.uuid4())
    bom.metadata.timestamp = inventory.created
    bom.metadata.tools.components.add(Component(type=ComponentType.APPLICATION, name=inventory.tool, version=inventory.tool_version))
    bom.metadata.component = Component(
        type=ComponentType.MACHINE_LEARNING_MODEL, name=inventory.name, bom_ref=MODEL_REF,
        licenses=_licenses(inventory.license, declared=True), properties=_properties(inventory.properties),
    )
    for entry in inventory.entries:
        bom.components.add(_component(entry))
    with warnings.catch_warnings():
        # the files are the BOM's components, not dependencies of the model: the library's warning about an
        # incomplete dependency graph does not apply
        warnings.filterwarnings("ignore", message=".*has no defined dependencies.*", category=UserWarning)
        document = JsonV1Dot6(bom).output_as_string(indent=2)
    problem = JsonStrictValidator(SchemaVersion.V1_6).validate_str(document)
    if problem is not None:
        raise SbomError(f"the CycloneDX document is not valid CycloneDX {SPEC_VERSION} ({problem})")
    return document + "\n"


def _component(entry: Entry) -> Any:
    from cyclonedx.model import HashAlgorithm, HashType
    from cyclonedx.model.component import Component, ComponentType

    hashes = [HashType(alg=HashAlgorithm.SHA_256, content=entry.sha256)] if entry.sha256 else []
    return Component(type=ComponentType.FILE, name=entry.path, bom_ref=f"file:{entry.path}", hashes=hashes,
                     licenses=_licenses(entry.license, declared=False), properties=_properties(entry.properties))


def _licenses(license_: License | None, declared: bool) -> list[Any]:
    """A license as CycloneDX writes it: ``id`` for a listed one, ``name`` (the LicenseRef) and ``text`` otherwise."""
    from cyclonedx.model import AttachedText
    from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement

    if license_ is None:
        return []
    acknowledgement = LicenseAcknowledgement.DECLARED if declared else LicenseAcknowledgement.CONCLUDED
    if license_.listed:
        return [DisjunctiveLicense(id=license_.id, acknowledgement=acknowledgement)]
    text = AttachedText(content=license_.text or "", content_type="text/plain")
    return [DisjunctiveLicense(name=license_.id, text=text, acknowledgement=acknowledgement)]


def _properties(properties: Properties) -> list[Any]:
    from cyclonedx.model import Property

    return [Property(name=name, value=value) for name, value in properties]
