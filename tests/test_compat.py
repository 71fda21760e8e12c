"""Compatibility: what a derivative inherits, outbound licenses, conflicts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from licensecheck.cli import main
from licensecheck.compat import compat
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
