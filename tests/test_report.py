"""Rendering: the JSON contract validates against its schema, the text view reads well."""

from __future__ import annotations

import json
import re
from importlib import resources

import jsonschema
import pytest

from licensecheck import analyze, analyze_known
from licensecheck.identify import MODIFIED_SCORE
from licensecheck.policy import fail_on
from licensecheck.report import render_identification_text, render_json, render_markdown, render_text
from licensecheck.source import read_known


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


def label_blocks(text: str) -> dict[str, list[str]]:
    """The section heads ("    §…") listed under each label of a text report."""
    blocks: dict[str, list[str]] = {}
    label = None
    for line in text.splitlines():
        if re.match(r"  [a-z-]+: ", line):
            label = line.split(":")[0].strip()
            blocks[label] = []
        elif label and re.match(r"    §", line):
            blocks[label].append(line.strip().split("  ")[0])
    return blocks


@pytest.mark.parametrize("key", ["bigscience-open-rail-m", "llama-2-license-2023"])
def test_text_report_cites_each_section_once_per_label(classifier, key: str) -> None:
    text = render_text(analyze_known(key, classifier=classifier).to_dict())
    blocks = label_blocks(text)
    assert blocks and all(len(sections) == len(set(sections)) for sections in blocks.values()), blocks
    if key == "bigscience-open-rail-m":
        # §IV.7 holds two revocation clauses: cited once, both quoted
        revocation = text.split("  revocation:")[1].split("\n\n")[0]
        assert revocation.count("§IV.7") == 1 and "reserves the right to restrict" in revocation and "latest version" in revocation
        assert blocks["attribution"] == ["§III.4.b", "§III.4.c", "§III.4.d"]


def test_markdown_report_cites_each_section_once_per_label(classifier) -> None:
    markdown = render_markdown(analyze_known("bigscience-open-rail-m", classifier=classifier).to_dict())
    rows = [tuple(cell.strip() for cell in line.split("|")[1:3]) for line in markdown.splitlines() if line.startswith("| `")]
    assert rows and len(rows) == len(set(rows))
    assert ("`revocation`", "§IV.7") in rows


def test_policy_violation_lines_cite_each_section_once(classifier) -> None:
    data = analyze_known("bigscience-open-rail-m", classifier=classifier).to_dict()
    data["source"]["path"] = "LICENSE"
    (violation,) = fail_on(["revocation"]).violations(data)
    assert violation.sections.count("IV.7") == 2  # two clauses of §IV.7 ...
    assert str(violation).endswith("revocation is denied for weights (§IV.7)")  # ... cited once


@pytest.fixture(scope="module")
def attachment_only(classifier, reference_index) -> dict:
    """The use restrictions of OpenRAIL-M on their own: nearest known text OpenRAIL-M, far below the threshold."""
    text = read_known("bigscience-open-rail-m").text
    return analyze(text[text.rfind("Attachment A") :], classifier=classifier, references=reference_index).to_dict()


def test_a_weak_match_is_reported_as_no_close_match(attachment_only: dict) -> None:
    identification = attachment_only["identification"]
    best = identification["matches"][0]
    assert identification["verdict"] == "unknown" and best["key"] == "bigscience-open-rail-m" and best["score"] < MODIFIED_SCORE
    for rendered in (render_text(attachment_only), render_identification_text(identification), render_markdown(attachment_only)):
        assert "no close match" in rendered.lower()
        assert "nearest, not a match: " in rendered.lower()
        assert f"score {best['score']:.2f}" in rendered and "Identified as" not in rendered
        assert "— unknown, score" not in rendered  # the nearest text is not presented as the license
    first = render_identification_text(identification).splitlines()[0]
    assert first == "Identified: no close match among known licenses (unknown)"


def test_a_strong_match_is_still_named(classifier, reference_index) -> None:
    text = read_known("apache-2.0").text.replace("no-charge, royalty-free, irrevocable", "revocable, non-commercial")
    data = analyze(text, classifier=classifier, references=reference_index).to_dict()
    assert data["identification"]["verdict"] == "modified"
    assert render_identification_text(data["identification"]).startswith("Identified: Apache License 2.0 (apache-2.0")
    assert "Identified as **Apache License 2.0**" in render_markdown(data)


def test_identify_command_says_no_close_match_for_a_weak_match(tmp_path, reference_index) -> None:
    from click.testing import CliRunner

    from licensecheck.cli import main

    text = read_known("bigscience-open-rail-m").text
    path = tmp_path / "RESTRICTIONS.txt"
    path.write_text(text[text.rfind("Attachment A") :], encoding="utf-8")
    result = CliRunner().invoke(main, ["identify", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Identified: no close match among known licenses (unknown)\n")
    assert "nearest, not a match: BigScience Open RAIL-M License (bigscience-open-rail-m)" in result.output
