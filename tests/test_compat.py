"""Compatibility: what a derivative inherits, outbound licenses, conflicts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from licensecheck.cli import main
from licensecheck.compat import INCOMPATIBLE, ONE_WAY, OR_LATER, CompatInput, assess, compat
from licensecheck.errors import InputError


def inherited(report) -> set[str]:
    return set(report.inherits)


def test_permissive_inputs_leave_every_outbound_license_open() -> None:
    report = compat(["MIT", "Apache-2.0"])
    assert report.outbound["open_possible"] and report.conflicts == ()
    assert "attribution" in inherited(report) and not {"commercial-ban", "share-alike"} & inherited(report)


def test_a_llama_base_model_fine_tuned_on_non_commercial_data() -> None:
    report = compat(["llama2", "cc-by-nc-4.0"])
    assert {"commercial-ban", "user-count-cap", "use-case-limit"} <= inherited(report)
    assert report.inherits["commercial-ban"] == ["CC-BY-NC-4.0"]
    assert not report.outbound["open_possible"] and "share-alike" not in inherited(report)


def test_copyleft_meets_a_non_commercial_restriction() -> None:
    report = compat(["GPL-3.0", "CC-BY-NC-4.0"])
    assert any("forbids further restrictions" in conflict and "commercial-ban" in conflict for conflict in report.conflicts)


def test_one_way_copyleft_compatibility_picks_the_outbound_license() -> None:
    assert compat(["GPL-3.0", "MPL-2.0"]).outbound["licenses"] == ["AGPL-3.0-only", "GPL-3.0-only"]
    assert compat(["MIT", "CC-BY-SA-4.0"]).outbound["licenses"] == ["CC-BY-SA-4.0", "GPL-3.0-only"]


def test_no_derivatives_input_is_a_conflict() -> None:
    assert "forbids modified versions" in compat(["CC-BY-ND-4.0", "MIT"]).conflicts[0]


def test_unknown_input_is_an_error_and_the_command_exits_2() -> None:
    with pytest.raises(InputError):
        compat(["acme-license-9"])
    result = CliRunner().invoke(main, ["compat", "acme-license-9"])
    assert result.exit_code == 2 and "acme-license-9" in result.output


def test_compat_command_json() -> None:
    result = CliRunner().invoke(main, ["compat", "MIT", "cc-by-nc-4.0", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "licensecheck/compat/v1" and data["expression"] == "CC-BY-NC-4.0 AND MIT"


# --- Published one-way compatibilities and incompatibilities -------------------------------------------------------
#
# Every case below cites the matrix row it comes from:
#   FSF list   - FSF, "Various Licenses and Comments about Them", https://www.gnu.org/licenses/license-list.html
#   FSF matrix - FSF, GPL FAQ compatibility matrix, https://www.gnu.org/licenses/gpl-faq.html#AllCompatibility
#   ASF        - "Apache License v2.0 and GPL Compatibility", https://www.apache.org/licenses/GPL-compatibility.html
#   OSADL      - OSADL Open Source License Compatibility Matrix, https://www.osadl.org/fileadmin/checklists/matrix.html
#                (read as: row = leading/outbound license, column = subordinate/inbound license)

CONFLICTS = [
    pytest.param("apache-2.0", "gpl-2.0", "patent termination",
                 "FSF list: Apache License 2.0 (GPLv3 only); ASF page; OSADL row GPL-2.0-only, col Apache-2.0: No",
                 id="apache-2.0+gpl-2.0"),
    pytest.param("Apache-2.0", "GPL-2.0-only", "patent termination",
                 "same row, given as SPDX ids", id="Apache-2.0+GPL-2.0-only"),
    pytest.param("apache-2.0", "gpl-1.0", "patent termination",
                 "OSADL row GPL-1.0-only, col Apache-2.0: No", id="apache-2.0+gpl-1.0"),
    pytest.param("cddl-1.0", "gpl-2.0", "CDDL-1.0 is a file-level copyleft",
                 "FSF list: CDDL 1.0 (GPL-incompatible); OSADL row GPL-2.0-only, col CDDL-1.0: No", id="cddl-1.0+gpl-2.0"),
    pytest.param("cddl-1.0", "gpl-3.0", "CDDL-1.0 is a file-level copyleft",
                 "FSF list: CDDL 1.0; OSADL row GPL-3.0-only, col CDDL-1.0: No", id="cddl-1.0+gpl-3.0"),
    pytest.param("cddl-1.0", "gpl-2.0-plus", "CDDL-1.0 is a file-level copyleft",
                 "OSADL row GPL-2.0-or-later, col CDDL-1.0: No", id="cddl-1.0+gpl-2.0-plus"),
    pytest.param("cddl-1.0", "lgpl-2.1", "CDDL-1.0 is a file-level copyleft",
                 "OSADL row LGPL-2.1-only, col CDDL-1.0: No", id="cddl-1.0+lgpl-2.1"),
    pytest.param("cddl-1.1", "gpl-3.0", "CDDL-1.1", "OSADL row GPL-3.0-only, col CDDL-1.1: No", id="cddl-1.1+gpl-3.0"),
    pytest.param("epl-1.0", "gpl-2.0", "New York law",
                 "FSF list: EPL 1.0 (GPL-incompatible); OSADL row GPL-2.0-only, col EPL-1.0: No", id="epl-1.0+gpl-2.0"),
    pytest.param("epl-1.0", "gpl-3.0", "New York law",
                 "FSF list: EPL 1.0; OSADL row GPL-3.0-only, col EPL-1.0: No", id="epl-1.0+gpl-3.0"),
    pytest.param("epl-2.0", "gpl-2.0", "Secondary License",
                 "FSF list: EPL 2.0 (incompatible unless GPL is named a Secondary License); OSADL: Check dependency",
                 id="epl-2.0+gpl-2.0"),
    pytest.param("mpl-1.1", "gpl-2.0", "names no secondary licenses",
                 "FSF list: MPL 1.1 (GPL-incompatible); MPL-2.0 s.1.5(b); OSADL row GPL-2.0-only, col MPL-1.1: No",
                 id="mpl-1.1+gpl-2.0"),
    pytest.param("mpl-1.1", "gpl-3.0", "names no secondary licenses",
                 "FSF list: MPL 1.1; OSADL row GPL-3.0-only, col MPL-1.1: No", id="mpl-1.1+gpl-3.0"),
    pytest.param("mpl-1.1", "lgpl-2.1", "names no secondary licenses",
                 "OSADL row LGPL-2.1-only, col MPL-1.1: No", id="mpl-1.1+lgpl-2.1"),
    pytest.param("gpl-2.0", "gpl-3.0", "version 3",
                 "FSF GPL FAQ #v2v3Compatibility; FSF matrix row GPLv2 only, col GPLv3: NO; OSADL row GPL-3.0-only, "
                 "col GPL-2.0-only: No", id="gpl-2.0+gpl-3.0"),
    pytest.param("gpl-2.0", "gpl-3.0-plus", "version 3",
                 "FSF matrix row GPLv2 only, col GPLv3 or later: NO; OSADL row GPL-3.0-or-later, col GPL-2.0-only: No",
                 id="gpl-2.0+gpl-3.0-plus"),
    pytest.param("gpl-2.0", "lgpl-3.0", "version 3",
                 "FSF matrix row GPLv2 only, col LGPLv3: NO; OSADL row GPL-2.0-only, col LGPL-3.0-only: No",
                 id="gpl-2.0+lgpl-3.0"),
    pytest.param("gpl-2.0", "agpl-3.0", "version 3",
                 "FSF list: GNU AGPL (not compatible with GPLv2); OSADL row GPL-2.0-only, col AGPL-3.0-only: No",
                 id="gpl-2.0+agpl-3.0"),
    pytest.param("bsd-original", "gpl-2.0", "advertising",
                 "FSF list: Original BSD license (GPL-incompatible); OSADL row GPL-2.0-only, col BSD-4-Clause: No",
                 id="bsd-4-clause+gpl-2.0"),
    pytest.param("bsd-original", "gpl-3.0", "advertising",
                 "OSADL row GPL-3.0-only, col BSD-4-Clause: No", id="bsd-4-clause+gpl-3.0"),
    pytest.param("apache-1.1", "gpl-3.0", "Apache names",
                 "FSF list: Apache License 1.1 (GPL-incompatible); OSADL row GPL-3.0-only, col Apache-1.1: No",
                 id="apache-1.1+gpl-3.0"),
    pytest.param("apache-1.0", "gpl-2.0", "advertising",
                 "FSF list: Apache License 1.0; OSADL row GPL-2.0-only, col Apache-1.0: No", id="apache-1.0+gpl-2.0"),
    pytest.param("openssl-ssleay", "gpl-2.0", "advertising",
                 "FSF list: OpenSSL license (GPL-incompatible); OSADL row GPL-2.0-only, col OpenSSL: No",
                 id="openssl+gpl-2.0"),
    pytest.param("cpl-1.0", "gpl-2.0", "CPL-1.0",
                 "FSF list: Common Public License 1.0; OSADL row GPL-2.0-only, col CPL-1.0: No", id="cpl-1.0+gpl-2.0"),
    pytest.param("ms-pl", "gpl-3.0", "MS-PL", "FSF list: Microsoft Public License (GPL-incompatible)", id="ms-pl+gpl-3.0"),
    pytest.param("ms-rl", "gpl-2.0", "MS-RL",
                 "FSF list: Microsoft Reciprocal License; OSADL row GPL-2.0-only, col MS-RL: No", id="ms-rl+gpl-2.0"),
    pytest.param("osl-3.0", "gpl-3.0", "OSL-3.0",
                 "FSF list: Open Software License; OSADL row GPL-3.0-only, col OSL-3.0: No", id="osl-3.0+gpl-3.0"),
    pytest.param("php-3.01", "gpl-2.0", "PHP", "FSF list: PHP License 3.01 (GPL-incompatible)", id="php-3.01+gpl-2.0"),
    pytest.param("eupl-1.1", "gpl-3.0", "compatibility list",
                 "EUPL compatibility matrix s.5 (EUPL-1.1 list: GPLv2 only); OSADL row GPL-3.0-only, col EUPL-1.1: No",
                 id="eupl-1.1+gpl-3.0"),
    pytest.param("cc-by-sa-4.0", "gpl-2.0", "BY-SA-compatible",
                 "creativecommons.org/compatiblelicenses (GPLv3 only); FSF list: CC BY-SA 4.0", id="cc-by-sa-4.0+gpl-2.0"),
]


@pytest.mark.parametrize("swap", [False, True], ids=["as-given", "swapped"])
@pytest.mark.parametrize(("first", "second", "reason_part", "source"), CONFLICTS)
def test_published_incompatibility_is_a_conflict_with_its_reason(first, second, reason_part, source, swap) -> None:
    inputs = [second, first] if swap else [first, second]
    report = compat(inputs)
    spdx = {item.spdx for item in report.inputs}
    details = [detail for detail in report.to_dict()["conflict_details"] if set(detail["between"]) == spdx]
    assert details, f"no conflict between {inputs} ({source}); got {report.conflicts}"
    assert reason_part in details[0]["reason"] and details[0]["sources"], details
    assert any(reason_part in conflict for conflict in report.conflicts)
    assert not report.outbound["open_possible"] and report.outbound["licenses"] == []


COMPATIBLE = [
    pytest.param(["MIT", "GPL-2.0-only"], ["GPL-2.0-only"],
                 "FSF list: Expat/X11 (GPL-compatible); OSADL row GPL-2.0-only, col MIT: Yes", id="mit+gpl-2.0"),
    pytest.param(["apache-2.0", "gpl-3.0"], ["AGPL-3.0-only", "GPL-3.0-only"],
                 "FSF list: Apache 2.0 (compatible with GPLv3); ASF page; OSADL row GPL-3.0-only, col Apache-2.0: Yes",
                 id="apache-2.0+gpl-3.0"),
    pytest.param(["gpl-3.0", "apache-2.0"], ["AGPL-3.0-only", "GPL-3.0-only"], "same row, other order",
                 id="gpl-3.0+apache-2.0"),
    pytest.param(["BSD-3-Clause", "gpl-2.0"], ["GPL-2.0-only"],
                 "FSF list: Modified BSD (GPL-compatible); OSADL row GPL-2.0-only, col BSD-3-Clause: Yes",
                 id="bsd-3-clause+gpl-2.0"),
    pytest.param(["lgpl-2.1", "gpl-2.0"], ["GPL-2.0-only"],
                 "LGPL-2.1 s.3; FSF matrix row LGPLv2.1 only, col GPLv2 only (convert, footnote 7); "
                 "OSADL row GPL-2.0-only, col LGPL-2.1-only: Yes", id="lgpl-2.1+gpl-2.0"),
    pytest.param(["mpl-2.0", "gpl-2.0-plus"],
                 ["AGPL-3.0-only", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later"],
                 "MPL-2.0 s.3.3 (Secondary Licenses); FSF list: MPL 2.0; OSADL row GPL-2.0-or-later, col MPL-2.0: Yes",
                 id="mpl-2.0+gpl-2.0-or-later"),
    pytest.param(["apache-2.0", "gpl-2.0-plus"], ["AGPL-3.0-only", "GPL-3.0-only", "GPL-3.0-or-later"],
                 "FSF list: Apache 2.0; ASF page; OSADL row GPL-3.0-or-later, col Apache-2.0: Yes, "
                 "row GPL-2.0-or-later, col Apache-2.0: No", id="apache-2.0+gpl-2.0-or-later"),
    pytest.param(["gpl-2.0-plus", "apache-2.0"], ["AGPL-3.0-only", "GPL-3.0-only", "GPL-3.0-or-later"],
                 "same row, other order", id="gpl-2.0-or-later+apache-2.0"),
    pytest.param(["lgpl-2.1", "gpl-3.0"], ["GPL-3.0-only"],
                 "FSF matrix row LGPLv2.1 only, col GPLv3 (footnote 7: LGPLv2.1 may be relicensed under any GPL since v2); "
                 "OSADL row GPL-3.0-only, col LGPL-2.1-only: Yes", id="lgpl-2.1-only+gpl-3.0-only"),
    pytest.param(["lgpl-2.1", "lgpl-3.0"], ["GPL-3.0-only"],
                 "FSF matrix row LGPLv2.1 only, col LGPLv3: OK only if converted to GPLv3; "
                 "OSADL row LGPL-3.0-only, col LGPL-2.1-only: No, row GPL-3.0-only: Yes", id="lgpl-2.1+lgpl-3.0"),
    pytest.param(["apache-2.0", "lgpl-2.1"], ["GPL-3.0-only", "GPL-3.0-or-later"],
                 "OSADL row LGPL-2.1-only, col Apache-2.0: No; row GPL-3.0-only, cols Apache-2.0 and LGPL-2.1-only: Yes",
                 id="apache-2.0+lgpl-2.1"),
    pytest.param(["apache-2.0", "lgpl-3.0"], ["AGPL-3.0-only", "GPL-3.0-only", "LGPL-3.0-only"],
                 "OSADL row LGPL-3.0-only, col Apache-2.0: Yes", id="apache-2.0+lgpl-3.0"),
    pytest.param(["gpl-2.0-plus", "gpl-3.0"], ["AGPL-3.0-only", "GPL-3.0-only"],
                 "FSF list: GPLv2 (use the 'or later' permission); OSADL row GPL-3.0-only, col GPL-2.0-or-later: Yes",
                 id="gpl-2.0-or-later+gpl-3.0"),
    pytest.param(["artistic-2.0", "gpl-2.0"], ["GPL-2.0-only"],
                 "FSF list: Artistic License 2.0 (GPL-compatible); OSADL row GPL-2.0-only, col Artistic-2.0: Yes",
                 id="artistic-2.0+gpl-2.0"),
    pytest.param(["eupl-1.2", "gpl-3.0"], ["AGPL-3.0-only", "GPL-3.0-only"],
                 "EUPL-1.2 Appendix (EUPL matrix s.5); OSADL row GPL-3.0-only, col EUPL-1.2: Yes", id="eupl-1.2+gpl-3.0"),
    pytest.param(["cc-by-sa-4.0", "gpl-3.0"], ["GPL-3.0-only"],
                 "creativecommons.org/compatiblelicenses (BY-SA 4.0 -> GPLv3); FSF list: CC BY-SA 4.0",
                 id="cc-by-sa-4.0+gpl-3.0"),
]


@pytest.mark.parametrize(("inputs", "outbound", "source"), COMPATIBLE)
def test_published_compatibility_leaves_the_right_outbound_licenses(inputs, outbound, source) -> None:
    report = compat(inputs)
    assert report.conflicts == (), f"{inputs} should combine ({source}): {report.conflicts}"
    assert report.outbound["open_possible"] and report.outbound["licenses"] == outbound, (source, report.outbound)


def test_apache_with_gpl_2_or_later_names_the_excluded_licenses() -> None:
    """FSF list / ASF: Apache-2.0 is compatible with GPLv3 only, so GPL-2.0 (and "2.0 or later") is ruled out."""
    outbound = compat(["apache-2.0", "gpl-2.0-plus"]).outbound
    assert outbound["excluded"] == ["GPL-2.0-only", "GPL-2.0-or-later"] and "GPL-2.0-only" in outbound["note"]
    assert not set(outbound["licenses"]) & set(outbound["excluded"])


def test_permissive_inputs_report_the_gnu_licenses_one_of_them_cannot_go_under() -> None:
    """OSADL column Apache-2.0: No in the GPL-2.0 and LGPL-2.1 rows; MIT has no such row."""
    outbound = compat(["MIT", "Apache-2.0"]).outbound
    assert outbound["licenses"] == ["any license, keeping the notices"]
    assert {"GPL-2.0-only", "GPL-2.0-or-later", "LGPL-2.1-only"} <= set(outbound["excluded"])
    assert not {"GPL-3.0-only", "GPL-3.0-or-later", "LGPL-3.0-only"} & set(outbound["excluded"])
    assert compat(["MIT", "BSD-3-Clause"]).outbound["excluded"] == []


def test_three_inputs_that_combine_pairwise_but_not_together_conflict() -> None:
    """EUPL-1.1 reaches GPL-2.0 only (EUPL list), Apache-2.0 reaches GPL-3.0 only (FSF list): no license fits all three."""
    report = compat(["eupl-1.1", "gpl-2.0-plus", "apache-2.0"])
    assert len(report.conflicts) == 1 and "no single license" in report.conflicts[0]
    assert report.to_dict()["conflict_details"][0]["between"] == ["EUPL-1.1", "GPL-2.0-or-later", "Apache-2.0"]


def test_cli_text_shows_each_conflict_with_its_reason_and_sources() -> None:
    result = CliRunner().invoke(main, ["compat", "apache-2.0", "gpl-2.0"])
    assert result.exit_code == 0, result.output
    assert "Outbound: none open" in result.output and "Conflicts:" in result.output
    assert "Apache-2.0 and GPL-2.0-only cannot be combined: Apache-2.0's patent termination" in result.output
    assert "    source: ASF, Apache License v2.0 and GPL Compatibility" in result.output


def test_compat_documents_with_conflicts_follow_the_schema() -> None:
    import jsonschema
    from importlib import resources

    schema = json.loads(resources.files("licensecheck").joinpath("schemas/compat-v1.schema.json").read_text())
    for inputs in (["apache-2.0", "gpl-2.0"], ["MIT", "Apache-2.0"], ["apache-2.0", "gpl-2.0-plus"]):
        data = compat(inputs).to_dict()
        jsonschema.validate(data, schema)
        assert len(data["conflict_details"]) == len(data["conflicts"])


# --- The table as a whole ------------------------------------------------------------------------------------------


def _known(key: str) -> CompatInput:
    """An input read from ScanCode's facts alone (share-alike when ScanCode calls it copyleft), no text analysis."""
    from licensecheck.licenseinfo import license_facts

    facts = license_facts(key)
    labels = ("share-alike",) if facts.category in {"Copyleft", "Copyleft Limited"} else ()
    return CompatInput(key, key, facts.spdx, labels)


def _rows(entries):
    return [pytest.param(entry, target, id=f"{entry.inbound}->{target}") for entry in entries for target in entry.outbound]


def test_every_row_names_real_licenses_a_reason_and_a_source() -> None:
    from licensecheck.licensedb import load_license

    assert all(entry.compatible for entry in ONE_WAY) and not any(entry.compatible for entry in INCOMPATIBLE)
    for entry in ONE_WAY + INCOMPATIBLE:
        for key in (entry.inbound, *entry.outbound):
            load_license(key)
        assert entry.reason and entry.sources and all("https://" in source for source in entry.sources), entry
    for key, later in OR_LATER.items():
        for version in (key, *later):
            load_license(version)


def test_no_pair_is_both_compatible_and_incompatible() -> None:
    compatible = {(entry.inbound, target) for entry in ONE_WAY for target in entry.outbound}
    incompatible = {(entry.inbound, target) for entry in INCOMPATIBLE for target in entry.outbound}
    assert not compatible & incompatible


@pytest.mark.parametrize(("entry", "target"), _rows(INCOMPATIBLE))
def test_an_incompatible_license_is_never_an_outbound_license(entry, target) -> None:
    """The rule of the table: whether or not another license joins them, ``target`` is never offered."""
    for inputs in ([_known(entry.inbound), _known(target)], [_known(target), _known(entry.inbound)]):
        report = assess(inputs)
        assert _known(target).spdx not in report.outbound["licenses"]
        if report.conflicts:
            assert any(entry.reason in detail.reason and set(entry.sources) <= set(detail.sources)
                       for detail in report.conflict_details), report.conflicts


@pytest.mark.parametrize(("entry", "target"), _rows(ONE_WAY))
def test_a_one_way_target_is_an_outbound_license(entry, target) -> None:
    """The rule of the table, one way: ``target`` is offered for the combination, the inbound license itself is not."""
    for inputs in ([_known(entry.inbound), _known(target)], [_known(target), _known(entry.inbound)]):
        report = assess(inputs)
        assert report.conflicts == () and _known(target).spdx in report.outbound["licenses"]
        assert _known(entry.inbound).spdx not in report.outbound["licenses"]
