"""SPDX and Hugging Face license ids and expressions."""

from __future__ import annotations

import pytest

from licensecheck.spdx import parse_expression, resolve_id


@pytest.mark.parametrize(
    "symbol, key",
    [
        ("Apache-2.0", "apache-2.0"),
        ("apache-2.0", "apache-2.0"),
        ("BSD-3-Clause", "bsd-new"),
        ("llama2", "llama-2-license-2023"),
        ("bigscience-openrail-m", "bigscience-open-rail-m"),
        ("cc-by-nc-4.0", "cc-by-nc-4.0"),
        ("LicenseRef-scancode-llama-2-license-2023", "llama-2-license-2023"),
        ("stable-diffusion-2022-08-22", "stable-diffusion-2022-08-22"),
    ],
)
def test_ids_resolve_to_scancode_keys(symbol: str, key: str) -> None:
    assert resolve_id(symbol) == key


def test_expression_is_normalised_and_members_listed_in_order() -> None:
    info = parse_expression("mit or apache-2.0")
    assert info.is_valid and info.normalized == "MIT OR Apache-2.0" and info.keys == ("mit", "apache-2.0")


def test_hugging_face_ids_are_read_as_licenserefs_and_reported() -> None:
    info = parse_expression("llama2 AND cc-by-4.0")
    assert info.normalized == "LicenseRef-scancode-llama-2-license-2023 AND CC-BY-4.0"
    assert info.read_as == {"llama2": "LicenseRef-scancode-llama-2-license-2023"}


@pytest.mark.parametrize("expression, error", [("MIT AND llama-9", "unknown license id(s): llama-9"), ("(MIT", "invalid expression"), ("", "empty")])
def test_invalid_expressions_are_reported_as_data(expression: str, error: str) -> None:
    info = parse_expression(expression)
    assert not info.is_valid and error in info.errors[0]
