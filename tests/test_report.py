"""Rendering: the JSON contract validates against its schema, the text view reads well."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from licensecheck import analyze, analyze_known
from licensecheck.report import render_json, render_text


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(resources.files("licensecheck").joinpath("schemas/analysis-v1.schema.json").read_text())


@pytest.mark.parametrize("key", ["llama-2-license-2023", "bigscience-open-rail-m", "cc-by-nc-4.0", "apache-2.0", "mit", "gpl-3.0"])
def test_analysis_json_validates_against_the_published_schema(schema, classifier, key: str) -> None:
    data = json.loads(render_json(analyze_known(key, classifier=classifier).to_dict()))
    jsonschema.validate(data, schema)
    assert data["schema"] == "licensecheck/analysis/v1"
    assert data["source"]["known"] == key and len(data["source"]["sha256"]) == 64


def test_schema_rejects_a_label_outside_the_taxonomy(schema, classifier) -> None:
    data = analyze_known("mit", classifier=classifier).to_dict()
    data["labels"]["free-beer"] = {"clauses": ["c1"], "params": []}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_text_report_groups_by_restriction_with_sections_and_parameters(classifier) -> None:
    text = render_text(analyze_known("llama-2-license-2023", classifier=classifier).to_dict())
    assert text.splitlines()[1].startswith("Verdict: NOT OPEN")
    blocking, _, rest = text.partition("Conditions:")
    assert "user-count-cap:" in blocking and "commercial-ban" not in blocking
    assert "§2  threshold: 700,000,000 monthly active users (per month)" in blocking
    assert "policy: https://ai.meta.com/llama/use-policy" in blocking
    assert "attribution:" in rest


def test_text_report_of_an_open_license_says_so(classifier) -> None:
    text = render_text(analyze("Permission is granted to use, copy and modify this work for any purpose.", classifier=classifier).to_dict())
    assert "Verdict: OPEN" in text and "Blocking" not in text
