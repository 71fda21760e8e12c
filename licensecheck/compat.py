"""What a derivative inherits from its inputs, which outbound licenses remain, and the conflicts.

A model that combines, or is trained or fine-tuned on, inputs under several
licenses carries their restrictions: a non-commercial dataset makes the
derivative non-commercial, a pass-through use policy must flow down, a base
model's user cap still binds its fine-tunes, and copyleft (share-alike) fixes
the outbound license. The analysis of each input's text decides which of
these apply; a table of published one-way compatibilities and
incompatibilities (``ONE_WAY``, ``INCOMPATIBLE``: each row with its reason and
sources, the FSF license list and GPL FAQ, the ASF and the OSADL matrix)
decides which licenses can be combined and which outbound licenses remain.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .errors import InputError
from .taxonomy import Group, Label

# Published one-way compatibilities and incompatibilities, as data (see ``Compatibility``).
# Keys are ScanCode LicenseDB keys; an "-or-later" license is the ``-plus`` key.
# The reasons paraphrase the cited statements. The OSADL matrix is read with its
# rows as the leading (outbound) license and its columns as the subordinate
# (inbound) license that is put into the leading one.
FSF_LIST = "FSF, Various Licenses and Comments about Them, https://www.gnu.org/licenses/license-list.html"
FSF_MATRIX = "FSF, GPL FAQ, compatibility matrix of the GNU licenses, https://www.gnu.org/licenses/gpl-faq.html#AllCompatibility"
FSF_V2V3 = "FSF, GPL FAQ, Is GPLv3 compatible with GPLv2?, https://www.gnu.org/licenses/gpl-faq.html#v2v3Compatibility"
ASF_GPL = "ASF, Apache License v2.0 and GPL Compatibility, https://www.apache.org/licenses/GPL-compatibility.html"
OSADL = "OSADL, Open Source License Compatibility Matrix, https://www.osadl.org/fileadmin/checklists/matrix.html"
EUPL_MATRIX = (
    "European Commission, Matrix of EUPL compatible open source licences, "
    "https://interoperable-europe.ec.europa.eu/collection/eupl/matrix-eupl-compatible-open-source-licences"
)
MPL2_TEXT = "MPL 2.0, sections 1.5, 1.12, 3.3 and Exhibit B, https://www.mozilla.org/en-US/MPL/2.0/"
LGPL21_TEXT = "LGPL 2.1, section 3, https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html"
GPL3_TEXT = "GPL 3.0, sections 7 and 13, https://www.gnu.org/licenses/gpl-3.0.html"
CC_COMPAT = "Creative Commons, ShareAlike compatible licenses, https://creativecommons.org/compatiblelicenses"
EPL2_TEXT = "EPL 2.0, Secondary License and Exhibit A, https://www.eclipse.org/legal/epl-2.0/"
ARTISTIC2_TEXT = "Artistic License 2.0, section 4(c)(ii), https://www.perlfoundation.org/artistic-license-20.html"

GNU_COPYLEFT = ("gpl-1.0", "gpl-2.0", "gpl-3.0", "lgpl-2.0", "lgpl-2.1", "lgpl-3.0", "agpl-3.0")
"""Every version of the GNU GPL, LGPL and AGPL; an "-or-later" key is excluded when one of its versions is."""

# The licenses an "-or-later" license may also be conveyed under (its later versions, concrete or "-or-later").
OR_LATER: dict[str, tuple[str, ...]] = {
    "gpl-1.0-plus": ("gpl-1.0", "gpl-2.0", "gpl-2.0-plus", "gpl-3.0", "gpl-3.0-plus"),
    "gpl-2.0-plus": ("gpl-2.0", "gpl-3.0", "gpl-3.0-plus"),
    "gpl-3.0-plus": ("gpl-3.0",),
    "lgpl-2.0-plus": ("lgpl-2.0", "lgpl-2.1", "lgpl-2.1-plus", "lgpl-3.0", "lgpl-3.0-plus"),
    "lgpl-2.1-plus": ("lgpl-2.1", "lgpl-3.0", "lgpl-3.0-plus"),
    "lgpl-3.0-plus": ("lgpl-3.0",),
    "agpl-3.0-plus": ("agpl-3.0",),
}


@dataclass(frozen=True)
class Compatibility:
    """A published statement: may code under ``inbound`` go, in one combined work, under each of ``outbound``?"""

    inbound: str
    outbound: tuple[str, ...]
    compatible: bool
    reason: str
    sources: tuple[str, ...]


ONE_WAY: tuple[Compatibility, ...] = (
    Compatibility(
        "lgpl-2.1", ("gpl-2.0", "gpl-2.0-plus", "gpl-3.0", "gpl-3.0-plus"), True,
        "LGPL-2.1 section 3 lets any copy be switched to the ordinary GNU GPL, version 2 or a later version; "
        "the combination is then conveyed under that GPL (not under LGPL-3.0, which would need the same switch to GPL-3.0)",
        (LGPL21_TEXT, FSF_MATRIX + " (row LGPLv2.1 only, footnote 7)",
         OSADL + " (column LGPL-2.1-only: Yes in the GPL-2.0/GPL-3.0 rows, No in the LGPL-3.0 rows)"),
    ),
    Compatibility(
        "lgpl-3.0", ("gpl-3.0", "agpl-3.0"), True,
        "LGPL-3.0 is GPL-3.0 plus extra permissions that may be removed, so its code can go into a GPL-3.0 work, "
        "which GPL-3.0 section 13 lets be combined with AGPL-3.0 code",
        (FSF_LIST + " (entry GNU LGPL version 3)", GPL3_TEXT, OSADL + " (row GPL-3.0-only, column LGPL-3.0-only: Yes)"),
    ),
    Compatibility(
        "lgpl-3.0-plus", ("gpl-3.0-plus",), True,
        "LGPL-3.0-or-later code can be conveyed under GPL-3.0-or-later by removing the LGPL's extra permissions",
        (FSF_MATRIX, OSADL + " (row GPL-3.0-or-later, column LGPL-3.0-or-later: Yes)"),
    ),
    Compatibility(
        "gpl-3.0", ("agpl-3.0",), True,
        "GPL-3.0 section 13 expressly permits combining GPL-3.0 code with AGPL-3.0 code in one work; "
        "the AGPL's network-use term then covers the combination",
        (GPL3_TEXT, FSF_LIST + " (entry GNU Affero General Public License version 3)"),
    ),
    Compatibility(
        "mpl-2.0",
        ("gpl-2.0", "gpl-2.0-plus", "gpl-3.0", "gpl-3.0-plus", "lgpl-2.1", "lgpl-2.1-plus", "lgpl-3.0", "lgpl-3.0-plus",
         "agpl-3.0", "agpl-3.0-plus"), True,
        "MPL-2.0 section 3.3 lets a larger work that combines MPL-2.0 code with code under a Secondary License "
        "(GPL-2.0, LGPL-2.1, AGPL-3.0 or a later version of them) be distributed under that license, "
        "unless the MPL notice is marked Incompatible With Secondary Licenses (Exhibit B)",
        (MPL2_TEXT, FSF_LIST + " (entry Mozilla Public License version 2.0)",
         OSADL + " (column MPL-2.0: Yes in the GPL, LGPL and AGPL rows)"),
    ),
    Compatibility(
        "cc-by-sa-4.0", ("gpl-3.0",), True,
        "Creative Commons declared GPL-3.0 a BY-SA-compatible license, so adaptations of CC-BY-SA-4.0 material "
        "may be licensed under GPL-3.0 (one way only)",
        (CC_COMPAT, FSF_LIST + " (entry Creative Commons Attribution-ShareAlike 4.0)"),
    ),
    Compatibility(
        "artistic-2.0",
        ("gpl-2.0", "gpl-2.0-plus", "gpl-3.0", "gpl-3.0-plus", "lgpl-2.1", "lgpl-2.1-plus", "lgpl-3.0", "lgpl-3.0-plus",
         "agpl-3.0"), True,
        "Artistic-2.0 section 4(c)(ii) allows a modified version to be distributed under a license that keeps it "
        "freely available and lets the original licensor use the changes; the GNU licenses qualify",
        (ARTISTIC2_TEXT, FSF_LIST + " (entry Artistic License 2.0)",
         OSADL + " (column Artistic-2.0: Yes in the GPL-2.0, GPL-3.0, LGPL and AGPL rows)"),
    ),
    Compatibility(
        "eupl-1.2", ("gpl-2.0", "gpl-3.0", "agpl-3.0", "lgpl-2.1", "lgpl-3.0", "mpl-2.0", "epl-1.0", "osl-3.0", "eupl-1.1"), True,
        "EUPL-1.2 section 5 lets a work that combines EUPL-1.2 code with code under a license of its Appendix "
        "(GPL-2.0, GPL-3.0, AGPL-3.0, LGPL-2.1, LGPL-3.0, MPL-2.0, EPL-1.0, OSL-3.0, EUPL-1.1 and others) "
        "be distributed under that license",
        (EUPL_MATRIX + " (section 5, the EUPL downstream compatibility list)",
         OSADL + " (column EUPL-1.2: Yes in the GPL-2.0, GPL-3.0, LGPL, AGPL-3.0 and MPL-2.0 rows)"),
    ),
    Compatibility(
        "eupl-1.1", ("gpl-2.0", "osl-3.0", "cpl-1.0", "epl-1.0"), True,
        "EUPL-1.1 section 5 lets a work that combines EUPL-1.1 code with code under a license of its Appendix "
        "(GPL-2.0, OSL, CPL-1.0, EPL-1.0, CeCILL-2.0) be distributed under that license; GPL-3.0 is not on that list",
        (EUPL_MATRIX + " (section 5, the EUPL downstream compatibility list)",
         OSADL + " (column EUPL-1.1: Yes in the GPL-2.0 rows, No in the GPL-3.0 rows)"),
    ),
)

INCOMPATIBLE: tuple[Compatibility, ...] = (
    Compatibility(
        "apache-2.0", ("gpl-1.0", "gpl-2.0", "lgpl-2.0", "lgpl-2.1"), False,
        "Apache-2.0's patent termination and indemnity terms are further restrictions that GPL-2.0 does not allow "
        "(nor LGPL-2.x, which forbids further restrictions the same way); FSF and the ASF agree Apache-2.0 code "
        "may go into GPL version 3 works only",
        (FSF_LIST + " (entry Apache License, Version 2.0)", ASF_GPL,
         OSADL + " (column Apache-2.0: No in the GPL-1.0, GPL-2.0, LGPL-2.0 and LGPL-2.1 rows, Yes in the version 3 rows)"),
    ),
    Compatibility(
        "apache-1.1", GNU_COPYLEFT, False,
        "Apache-1.1 forbids using the Apache names for derived products without permission and requires its "
        "acknowledgment to be kept, requirements that no version of the GNU GPL, LGPL or AGPL lets be added",
        (FSF_LIST + " (entry Apache License, Version 1.1)", OSADL + " (column Apache-1.1: No in every GNU row)"),
    ),
    Compatibility(
        "apache-1.0", GNU_COPYLEFT, False,
        "Apache-1.0 has an advertising clause like the original BSD license, a further restriction that no "
        "version of the GNU GPL, LGPL or AGPL allows",
        (FSF_LIST + " (entry Apache License, Version 1.0)", OSADL + " (column Apache-1.0: No in every GNU row)"),
    ),
    Compatibility(
        "bsd-original", GNU_COPYLEFT, False,
        "the original (4-clause) BSD license requires an acknowledgment in all advertising that mentions the "
        "software, a further restriction that no version of the GNU GPL, LGPL or AGPL allows",
        (FSF_LIST + " (entry Original BSD license)", OSADL + " (column BSD-4-Clause: No in every GNU row)"),
    ),
    Compatibility(
        "openssl-ssleay", GNU_COPYLEFT, False,
        "the OpenSSL/SSLeay license carries advertising clauses like the original BSD license, further "
        "restrictions that the GNU licenses forbid (OpenSSL 3.0 and later are under Apache-2.0 instead)",
        (FSF_LIST + " (entry OpenSSL license)", OSADL + " (column OpenSSL: No in every GNU row)"),
    ),
    Compatibility(
        "php-3.01", GNU_COPYLEFT, False,
        "PHP-3.01 restricts the use of the name PHP for derived products, a requirement the GNU licenses do not allow",
        (FSF_LIST + " (entry PHP License, Version 3.01)",),
    ),
    Compatibility(
        "cddl-1.0", GNU_COPYLEFT, False,
        "CDDL-1.0 is a file-level copyleft whose files must stay under the CDDL and it adds terms (its own notice "
        "requirements, termination after patent suits) that the GNU licenses forbid, while they require the whole "
        "combined work under their own terms; a work cannot satisfy both",
        (FSF_LIST + " (entry Common Development and Distribution License (CDDL), version 1.0)",
         OSADL + " (column CDDL-1.0: No in every GNU row)"),
    ),
    Compatibility(
        "cddl-1.1", GNU_COPYLEFT, False,
        "CDDL-1.1 keeps CDDL-1.0's file-level copyleft and its extra terms, so like CDDL-1.0 it cannot be combined "
        "with GNU-licensed code",
        (OSADL + " (column CDDL-1.1: No in every GNU row)",),
    ),
    Compatibility(
        "epl-1.0", GNU_COPYLEFT, False,
        "EPL-1.0 is a weak copyleft whose code must stay under the EPL, and it adds patent terms and a choice of "
        "New York law that the GNU licenses do not allow",
        (FSF_LIST + " (entry Eclipse Public License Version 1.0)", OSADL + " (column EPL-1.0: No in every GNU row)"),
    ),
    Compatibility(
        "epl-2.0", GNU_COPYLEFT, False,
        "EPL-2.0 is, like EPL-1.0, a weak copyleft with terms the GNU licenses do not allow, unless its notice "
        "(Exhibit A) names GPL-2.0 or later as a Secondary License; that notice works as a dual license, so give "
        "that GPL as an input instead",
        (FSF_LIST + " (entry Eclipse Public License Version 2.0)", EPL2_TEXT,
         OSADL + " (column EPL-2.0: Check dependency in the GPL and LGPL rows, No in the AGPL rows)"),
    ),
    Compatibility(
        "cpl-1.0", GNU_COPYLEFT, False,
        "CPL-1.0 is a weak copyleft whose code must stay under the CPL, with patent terms the GNU licenses do not allow",
        (FSF_LIST + " (entry Common Public License Version 1.0)", OSADL + " (column CPL-1.0: No in every GNU row)"),
    ),
    Compatibility(
        "mpl-1.1", GNU_COPYLEFT, False,
        "MPL-1.1 keeps its files under the MPL with conditions the GNU licenses do not allow and, unlike MPL-2.0, "
        "names no secondary licenses; MPL-2.0 section 1.5(b) keeps code first offered under MPL-1.1 alone "
        "incompatible with them, so only files also offered under a GPL-compatible license can be combined",
        (FSF_LIST + " (entry Mozilla Public License (MPL) version 1.1)", MPL2_TEXT,
         OSADL + " (column MPL-1.1: No in every GNU row)"),
    ),
    Compatibility(
        "ms-pl", GNU_COPYLEFT, False,
        "MS-PL lets source code it covers be distributed only under MS-PL, a weak copyleft the GNU licenses cannot accept",
        (FSF_LIST + " (entry Microsoft Public License (Ms-PL))",),
    ),
    Compatibility(
        "ms-rl", GNU_COPYLEFT, False,
        "MS-RL keeps its files under MS-RL, a file-level copyleft that cannot be relicensed under the GNU licenses",
        (FSF_LIST + " (entry Microsoft Reciprocal License (Ms-RL))", OSADL + " (column MS-RL: No in every GNU row)"),
    ),
    Compatibility(
        "osl-3.0", GNU_COPYLEFT, False,
        "OSL-3.0 is a copyleft that keeps derivative works under OSL-3.0 and adds conditions (such as termination "
        "after patent suits) that the GNU licenses forbid",
        (FSF_LIST + " (entry Open Software License, all versions through 3.0)", OSADL + " (column OSL-3.0: No in every GNU row)"),
    ),
    Compatibility(
        "eupl-1.1", ("gpl-3.0", "gpl-3.0-plus", "lgpl-2.1", "lgpl-2.1-plus", "lgpl-3.0", "lgpl-3.0-plus", "agpl-3.0"), False,
        "EUPL-1.1's copyleft lets its code be conveyed only under EUPL-1.1 or a license of its compatibility list, "
        "which names GPL-2.0 but no LGPL and no version 3 GNU license",
        (EUPL_MATRIX + " (section 5, the EUPL downstream compatibility list)",
         OSADL + " (column EUPL-1.1: No in the GPL-3.0, LGPL and AGPL rows)"),
    ),
    Compatibility(
        "cc-by-sa-4.0", ("gpl-1.0", "gpl-2.0"), False,
        "CC-BY-SA-4.0 material may be relicensed only under a license Creative Commons lists as BY-SA-compatible; "
        "GPL-3.0 is on that list, GPL-2.0 and earlier are not",
        (CC_COMPAT, FSF_LIST + " (entry Creative Commons Attribution-ShareAlike 4.0)"),
    ),
    Compatibility(
        "gpl-2.0", ("gpl-3.0", "gpl-3.0-plus", "lgpl-3.0", "lgpl-3.0-plus", "agpl-3.0", "agpl-3.0-plus"), False,
        "GPL-2.0-only code must be conveyed under GPL-2.0 alone, which forbids further restrictions, and version 3 "
        "of the GPL, LGPL and AGPL adds terms GPL-2.0 does not allow; with no 'or later' permission there is no "
        "common license (GPL-2.0-or-later code can be upgraded to version 3)",
        (FSF_V2V3, FSF_MATRIX + " (row GPLv2 only: NO in the GPLv3 and LGPLv3 columns)",
         OSADL + " (column GPL-2.0-only: No in the GPL-3.0, LGPL-3.0 and AGPL-3.0 rows)"),
    ),
)

COPYLEFT_INTO: dict[str, set[str]] = {entry.inbound: set(entry.outbound) for entry in ONE_WAY}
"""The one-way compatibilities as a mapping (kept for callers of the earlier table)."""

_CARRIED = {
    "commercial-ban": "the derivative may not be used commercially",
    "use-case-limit": "the forbidden uses bind the derivative's users",
    "user-count-cap": "the scale threshold still applies to products built on the derivative",
    "output-restriction": "the output restrictions apply to the derivative's outputs",
    "pass-through": "the use restrictions must be passed on to every recipient",
    "revocation": "the licensor may still revoke or change the terms",
    "territorial": "the regional exclusions still apply",
    "attribution": "the notices and credits must be kept",
    "share-alike": "the derivative must be licensed under the same (or a compatible) license",
}


@dataclass(frozen=True)
class CompatInput:
    """One input license and the labels its text carries."""

    given: str
    key: str | None
    spdx: str
    labels: tuple[str, ...]

    @property
    def blocking(self) -> tuple[str, ...]:
        """Blocking restrictions of this input."""
        return tuple(label for label in self.labels if Label(label).group is Group.BLOCKING)


@dataclass(frozen=True)
class CompatReport:
    """What a derivative of the inputs inherits."""

    inputs: tuple[CompatInput, ...]
    expression: str
    inherits: dict[str, list[str]]
    outbound: dict[str, Any]
    conflict_details: tuple[Conflict, ...] = field(default_factory=tuple)

    @property
    def conflicts(self) -> tuple[str, ...]:
        """Each conflict in one line: what cannot be combined, and why."""
        return tuple(conflict.message for conflict in self.conflict_details)

    def to_dict(self) -> dict[str, Any]:
        """The ``licensecheck/compat/v1`` document."""
        return {
            "schema": "licensecheck/compat/v1",
            "inputs": [{"given": item.given, "key": item.key, "spdx": item.spdx, "labels": list(item.labels)} for item in self.inputs],
            "expression": self.expression,
            "inherits": [{"label": label, "from": sources, "meaning": _CARRIED[label]} for label, sources in self.inherits.items()],
            "outbound": self.outbound,
            "conflicts": list(self.conflicts),
            "conflict_details": [conflict.to_dict() for conflict in self.conflict_details],
        }


def read_input(given: str, classifier: Any = None) -> CompatInput:
    """An input: an SPDX / Hugging Face id, a ScanCode key, a free-text name, or a license file path."""
    from .mof import read_license_name
    from .pipeline import analyze, load_classifier
    from .source import read_known, read_path

    path = Path(given)
    if path.is_file():
        analysis = analyze(read_path(path), classifier=classifier or load_classifier())
        matches = analysis.identification.matches if analysis.identification else ()
        spdx = matches[0].spdx if matches and analysis.identification.verdict == "exact" else f"LicenseRef-file-{path.name}"
        return CompatInput(given, matches[0].key if matches else None, spdx, tuple(analysis.by_label))
    spdx, key = read_license_name(given)
    if key is None:
        raise InputError(f"{given!r}: not a license id, name or file licensecheck knows", "unknown-license")
    analysis = analyze(read_known(key), classifier=classifier or load_classifier(), references=False)
    return CompatInput(given, key, spdx or key, _with_known_copyleft(key, tuple(analysis.by_label)))


def _with_known_copyleft(key: str, labels: tuple[str, ...]) -> tuple[str, ...]:
    """For a known license, ScanCode's category (Copyleft, Copyleft Limited) decides share-alike, not a clause guess."""
    from .licenseinfo import license_facts

    copyleft = license_facts(key).category in {"Copyleft", "Copyleft Limited"}
    kept = tuple(label for label in labels if label != "share-alike")
    if not copyleft:
        return kept
    return tuple(sorted(set(kept) | {"share-alike"}, key=lambda label: Label(label).value))


def compat(inputs: Sequence[str], classifier: Any = None) -> CompatReport:
    """Combine the inputs (as AND) and say what the derivative inherits."""
    if not inputs:
        raise InputError("give at least one license", "invalid-input")
    return assess(tuple(read_input(item, classifier) for item in inputs))


def assess(read: Sequence[CompatInput]) -> CompatReport:
    """What a derivative of inputs already read inherits, which outbound licenses remain, and the conflicts."""
    from license_expression import get_spdx_licensing

    licensing = get_spdx_licensing()
    expression = " AND ".join(f"({item.spdx})" if " " in item.spdx else item.spdx for item in read)
    try:
        simplified = str(licensing.parse(expression, validate=False).simplify())
    except Exception:  # noqa: BLE001 - keep the plain conjunction when license-expression cannot parse a LicenseRef
        simplified = expression
    inherits: dict[str, list[str]] = {}
    for item in read:
        for label in item.labels:
            if label in _CARRIED:
                inherits.setdefault(label, []).append(item.spdx)
    conflicts = tuple(_conflicts(read))
    inherited = dict(sorted(inherits.items(), key=lambda pair: Label(pair[0]).value))
    return CompatReport(tuple(read), simplified, inherited, _outbound(read, conflicts), conflicts)


_RESTRICTING = {"commercial-ban", "pass-through", "use-case-limit", "user-count-cap"}


@dataclass(frozen=True)
class Conflict:
    """Inputs that cannot be combined in one derivative: which ones, the one-line message, why, and who says so."""

    between: tuple[str, ...]
    message: str
    reason: str
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``conflict_details`` entry of the compat document."""
        return {"between": list(self.between), "reason": self.reason, "sources": list(self.sources)}


def own_licenses(key: str) -> frozenset[str]:
    """The key and, for an "-or-later" key, every later version it may be conveyed under.

    >>> sorted(own_licenses("gpl-2.0-plus"))
    ['gpl-2.0', 'gpl-2.0-plus', 'gpl-3.0', 'gpl-3.0-plus']
    """
    return frozenset((key, *OR_LATER.get(key, ())))


def outbound_options(key: str) -> frozenset[str]:
    """The licenses a combined work may carry for the part under the copyleft ``key``: its own and its one-way targets.

    >>> sorted(outbound_options("lgpl-2.1"))
    ['gpl-2.0', 'gpl-2.0-plus', 'gpl-3.0', 'gpl-3.0-plus', 'lgpl-2.1']
    """
    own = own_licenses(key)
    return own | frozenset(target for entry in ONE_WAY if entry.inbound in own for target in entry.outbound)


@functools.lru_cache(maxsize=None)
def excluded_targets(key: str) -> frozenset[str]:
    """The licenses code under ``key`` may not be conveyed under, by the table (an "-or-later" one when any version is).

    >>> sorted(excluded_targets("apache-2.0"))[:4]
    ['gpl-1.0', 'gpl-1.0-plus', 'gpl-2.0', 'gpl-2.0-plus']
    """
    direct = {target for entry in INCOMPATIBLE if entry.inbound == key for target in entry.outbound}
    return frozenset(target for target in _known_licenses() if own_licenses(target) & direct)


@functools.lru_cache(maxsize=1)
def _known_licenses() -> frozenset[str]:
    """Every key the compatibility table names."""
    named = {key for entry in ONE_WAY + INCOMPATIBLE for key in (entry.inbound, *entry.outbound)}
    return frozenset(named | set(GNU_COPYLEFT) | set(OR_LATER) | {key for later in OR_LATER.values() for key in later})


def _is_copyleft(item: CompatInput) -> bool:
    """A known input whose share-alike term fixes the outbound license."""
    return bool(item.key) and "share-alike" in item.labels


def _copyleft_options(items: Sequence[CompatInput]) -> frozenset[str] | None:
    """The licenses every copyleft item may be conveyed under; None when none is copyleft (any license will do)."""
    copyleft = [item.key for item in items if _is_copyleft(item) and item.key]
    return frozenset.intersection(*(outbound_options(key) for key in copyleft)) if copyleft else None


def _barred(items: Sequence[CompatInput]) -> frozenset[str]:
    """The licenses the permissive items may not be conveyed under."""
    return frozenset(target for item in items if item.key and not _is_copyleft(item) for target in excluded_targets(item.key))


def _common_outbound(items: Sequence[CompatInput]) -> frozenset[str] | None:
    """The licenses all ``items`` may be conveyed under together; None when none is copyleft (any license will do)."""
    options = _copyleft_options(items)
    return None if options is None else options - _barred(items)


def _conflicts(read: Sequence[CompatInput]) -> list[Conflict]:
    """Every conflict: no-derivatives inputs, licenses that cannot be combined, copyleft against added restrictions."""
    found = [
        Conflict((item.spdx,), f"{item.spdx} forbids modified versions: no derivative may be made or shared",
                 "no derivative may be made or shared")
        for item in read
        if "no-derivatives" in item.labels
    ]
    found += _license_conflicts(read)
    restricted = [item for item in read if set(item.blocking) & _RESTRICTING]
    for left in (item for item in read if _is_copyleft(item)):
        for right in restricted:
            if left is not right:
                labels = ", ".join(sorted(set(right.blocking) & _RESTRICTING))
                reason = f"{right.spdx} adds {labels}"
                found.append(Conflict((left.spdx, right.spdx), f"{left.spdx} forbids further restrictions, but {reason}", reason))
    return found


def _license_conflicts(read: Sequence[CompatInput]) -> list[Conflict]:
    """Pairs of inputs with no license to share, with the table's reasons; then the inputs as a whole."""
    keyed = [item for item in read if item.key]
    found = [
        _pair_conflict(first, second)
        for index, first in enumerate(keyed)
        for second in keyed[index + 1:]
        if first.key != second.key and _common_outbound((first, second)) == frozenset()
    ]
    if not found and _common_outbound(keyed) == frozenset():
        names = tuple(item.spdx for item in keyed)
        reason = "each pair can be combined, but no single license is open to all of them together"
        found.append(Conflict(names, f"{', '.join(names)} cannot be combined: {reason}", reason))
    return found


def _pair_conflict(first: CompatInput, second: CompatInput) -> Conflict:
    """The conflict of two inputs that share no license, with the reasons and sources of the matching table rows."""
    entries = _incompatibilities(first.key or "", second.key or "")
    if entries:
        reason = "; ".join(dict.fromkeys(entry.reason for entry in entries))
        sources = tuple(dict.fromkeys(source for entry in entries for source in entry.sources))
    else:
        reason, sources = "both are copyleft and neither can be relicensed under the other", ()
    return Conflict((first.spdx, second.spdx), f"{first.spdx} and {second.spdx} cannot be combined: {reason}", reason, sources)


def _incompatibilities(first: str, second: str) -> list[Compatibility]:
    """The table's incompatibilities between two keys, in either direction, "-or-later" versions included."""
    own_first, own_second = own_licenses(first), own_licenses(second)
    return [
        entry
        for entry in INCOMPATIBLE
        if (entry.inbound in own_first and own_second & set(entry.outbound))
        or (entry.inbound in own_second and own_first & set(entry.outbound))
    ]


def _outbound(read: Sequence[CompatInput], conflicts: Sequence[Conflict]) -> dict[str, Any]:
    """Which licenses the derivative may carry: none on a conflict or a blocking restriction, else the open ones."""
    blocking = sorted({label for item in read for label in item.blocking})
    if conflicts:
        return {"open_possible": False, "licenses": [], "note": "the inputs conflict; see conflicts", "excluded": []}
    if blocking:
        return {
            "open_possible": False,
            "licenses": [],
            "note": "no open license can carry " + ", ".join(blocking) + "; the derivative's license must keep them",
            "excluded": [],
        }
    keyed = [item for item in read if item.key]
    common, excluded = _common_outbound(keyed), _spdx_ids(_excluded(keyed))
    if common is not None:
        note = _note("copyleft fixes the outbound license", excluded)
        return {"open_possible": True, "licenses": _spdx_ids(common), "note": note, "excluded": excluded}
    note = _note("permissive inputs; keep their attribution", excluded)
    return {"open_possible": True, "licenses": ["any license, keeping the notices"], "note": note, "excluded": excluded}


def _excluded(items: Sequence[CompatInput]) -> frozenset[str]:
    """The licenses the permissive items rule out: of the copyleft items' options, or of all the table knows."""
    options = _copyleft_options(items)
    return _barred(items) & (_known_licenses() if options is None else options)


def _note(note: str, excluded: list[str]) -> str:
    """The outbound note, naming the licenses a published incompatibility rules out."""
    return f"{note}; not {', '.join(excluded)} (a published incompatibility)" if excluded else note


def _spdx_ids(keys: frozenset[str]) -> list[str]:
    """SPDX ids of ScanCode keys, sorted."""
    from .licensedb import load_license

    return sorted(load_license(key).spdx for key in keys)
