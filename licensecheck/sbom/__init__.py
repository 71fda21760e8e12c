"""A batch's results as an SBOM: CycloneDX 1.6 (an ML-BOM) or SPDX 2.3, in JSON.

Modules: ``properties`` (which facts of a record become which ``licensecheck:``
property), ``inventory`` (records -> :class:`Inventory`: the model, one entry
per file, each license as an SPDX id or a LicenseRef with its text),
``cyclonedx`` and ``spdx`` (an inventory as a validated document, through the
ecosystems' own libraries).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from ..errors import LicenseCheckError
from ..storage import write_whole
from .inventory import Entry, Inventory, License, inventory, license_of

FILES = {"cyclonedx": "bom.cdx.json", "spdx": "bom.spdx.json"}
FORMATS = tuple(FILES)


class SbomError(LicenseCheckError):
    """An SBOM could not be written (or the document built fails its format's validation)."""


def render_sbom(items: Inventory, fmt: str) -> str:
    """An inventory as a validated document in ``fmt`` (cyclonedx or spdx)."""
    if fmt == "cyclonedx":
        from .cyclonedx import cyclonedx_json

        return cyclonedx_json(items)
    if fmt == "spdx":
        from .spdx import spdx_json

        return spdx_json(items)
    raise SbomError(f"unknown SBOM format {fmt!r} (one of {', '.join(FORMATS)})")


def write_sbom(records: Iterable[dict[str, Any]], outdir: str | Path, fmt: str, root: str | Path | None = None) -> Path:
    """Write the SBOM of a batch's records to ``outdir/bom.cdx.json`` or ``outdir/bom.spdx.json`` (whole, then renamed)."""
    if fmt not in FILES:
        raise SbomError(f"unknown SBOM format {fmt!r} (one of {', '.join(FORMATS)})")
    document = render_sbom(inventory(records, root), fmt)
    target = Path(outdir) / FILES[fmt]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_whole(target, document)
    except OSError as error:
        raise SbomError(f"{target}: cannot write ({error.strerror or error})") from error
    return target


__all__ = ["Entry", "FILES", "FORMATS", "Inventory", "License", "SbomError", "inventory", "license_of", "render_sbom", "write_sbom"]
