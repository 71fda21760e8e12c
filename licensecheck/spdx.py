"""License ids and expressions: SPDX (through license-expression), Hugging Face ids, ScanCode keys.

A declared expression is reported as data (``ExpressionInfo``), never as a
crash: "invalid symbol `llama-9`" is a finding, not an exception.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .licensedb import license_keys, load_license

# Hugging Face model-card license ids that are not (case-insensitive) SPDX ids. Ambiguous
# ones ("bsd", "gpl", "cc") are deliberately not read: a guess would decide a verdict.
HUGGING_FACE_IDS = {
    "llama2": "llama-2-license-2023",
    "llama-2": "llama-2-license-2023",
    "llama": "llama-license-2023",
    "openrail": "bigscience-open-rail-m",
    "bigscience-openrail-m": "bigscience-open-rail-m",
    "bigscience-bloom-rail-1.0": "bigscience-rail-1.0",
    "bigcode-openrail-m": "bigcode-open-rail-m-v1",
    "odc-by": "odc-by-1.0",
    "odbl": "odbl-1.0",
    "pddl": "pddl-1.0",
    "c-uda": "c-uda-1.0",
    "etalab-2.0": "etalab-2.0",
    "apple-ascl": "apple-sscl",
}


@dataclass(frozen=True)
class ExpressionInfo:
    """A declared license expression, validated: normalised form, ScanCode keys, and what is wrong."""

    original: str
    normalized: str | None
    keys: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    invalid_symbols: tuple[str, ...] = ()
    read_as: dict[str, str] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        """True when the expression parses and every symbol is a known license."""
        return not self.errors


@functools.lru_cache(maxsize=1)
def _by_spdx() -> dict[str, str]:
    """Lower-cased SPDX ids (and LicenseRef-scancode ids) -> ScanCode key."""
    found: dict[str, str] = {}
    for key in license_keys():
        reference = load_license(key)
        if reference.meta.get("is_deprecated"):
            continue
        ids = [reference.spdx, *(reference.meta.get("other_spdx_license_keys") or [])]
        for spdx_id in ids:
            found.setdefault(str(spdx_id).lower(), key)
    return found


def resolve_id(symbol: str) -> str | None:
    """The ScanCode key for an SPDX id, Hugging Face id or ScanCode key (case-insensitive).

    >>> resolve_id("Apache-2.0"), resolve_id("llama2"), resolve_id("cc-by-nc-4.0"), resolve_id("llama-9")
    ('apache-2.0', 'llama-2-license-2023', 'cc-by-nc-4.0', None)
    """
    lowered = symbol.strip().lower()
    if lowered in _by_spdx():
        return _by_spdx()[lowered]
    if lowered in HUGGING_FACE_IDS:
        return HUGGING_FACE_IDS[lowered]
    if lowered.startswith("licenseref-scancode-"):
        lowered = lowered[len("licenseref-scancode-") :]
    try:
        return load_license(lowered).key
    except Exception:  # noqa: BLE001 - any unknown key is simply not resolved
        return None


def parse_expression(expression: str) -> ExpressionInfo:
    """Validate and normalise a license expression whose symbols may be SPDX, Hugging Face or ScanCode ids.

    >>> info = parse_expression("apache-2.0 OR mit")
    >>> info.normalized, info.keys
    ('Apache-2.0 OR MIT', ('apache-2.0', 'mit'))
    >>> parse_expression("MIT AND llama-9").invalid_symbols
    ('llama-9',)
    """
    from license_expression import ExpressionError, Licensing, get_spdx_licensing

    generic = Licensing()
    try:
        parsed = generic.parse(expression)
    except ExpressionError as error:
        return ExpressionInfo(expression, None, errors=(f"invalid expression: {error}",))
    if parsed is None:
        return ExpressionInfo(expression, None, errors=("empty expression",))
    symbols = generic.license_keys(parsed)
    resolved = {symbol: resolve_id(symbol) for symbol in symbols}
    invalid = tuple(symbol for symbol, key in resolved.items() if key is None)
    if invalid:
        return ExpressionInfo(expression, None, errors=(f"unknown license id(s): {', '.join(invalid)}",), invalid_symbols=invalid)
    spdx_ids = {symbol: load_license(key).spdx for symbol, key in resolved.items() if key}
    rewritten = expression
    for symbol, spdx_id in sorted(spdx_ids.items(), key=lambda item: -len(item[0])):
        rewritten = re.sub(rf"(?<![\w.+-]){re.escape(symbol)}(?![\w.+-])", spdx_id, rewritten, flags=re.IGNORECASE)
    info = get_spdx_licensing().validate(rewritten)
    keys = tuple(dict.fromkeys(key for key in resolved.values() if key))
    read_as = {symbol: spdx_ids[symbol] for symbol in symbols if spdx_ids[symbol].lower() != symbol.lower()}
    return ExpressionInfo(expression, info.normalized_expression or rewritten, keys, tuple(info.errors), (), read_as)
