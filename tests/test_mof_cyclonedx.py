"""``licensecheck mof BOM.cdx.json``: a CycloneDX ML-BOM read as a MOF declaration, and every way a BOM can be unusable.

The BOMs are hand-written in ``resources/sbom/`` (see its README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_sbom import cyclonedx_schema_errors

from licensecheck.cli import main
from licensecheck.mof import BomError, assess_file, component_by_name, is_cyclonedx, load_declaration, read_cyclonedx

BOMS = Path(__file__).resolve().parent / "resources" / "sbom"
ACME = BOMS / "acme-summarizer.cdx.json"


def test_the_hand_written_bom_is_valid_cyclonedx_1_6() -> None:
    """The fixture itself follows the official schema (else the mapping tests would test nothing real)."""
    assert cyclonedx_schema_errors(json.loads(ACME.read_text())) == []


def test_each_part_of_the_bom_becomes_its_mof_component() -> None:
    declaration = read_cyclonedx(ACME.read_text(), str(ACME))
    named = {component.name: declaration.component_licenses[component.id] for component in
             (component_by_name(name) for name in ("Model parameters (Final)", "Model card", "Datasets", "Inference code",
                                                   "Model parameters (Intermediate)"))}
    assert declaration.name == "acme-summarizer"
    assert named == {"Model parameters (Final)": "Apache-2.0", "Model card": "Apache-2.0", "Datasets": "CC-BY-SA-4.0",
                     "Inference code": "MIT License", "Model parameters (Intermediate)": "MIT"}
    assert len(declaration.included) == 5


def test_parts_with_no_mof_component_are_reported_not_guessed() -> None:
    declaration = read_cyclonedx(ACME.read_text(), str(ACME))
    assert len(declaration.unmapped) == 2
    library, reference = sorted(declaration.unmapped)
    assert "'tokenizers' (library)" in library
    assert "'vcs'" in reference and "https://example.org/acme/summarizer.git" in reference
    included = {component.id for component in (component_by_name("Supporting libraries and tools"), component_by_name("Training code"))}
    assert not included & set(declaration.included)  # the library is not taken for a MOF component


def test_a_license_text_in_the_bom_is_analyzed() -> None:
    """checkpoints/LICENSE says MIT but adds a non-commercial clause: its text decides, as a manifest's path: does."""
    assessment = assess_file(ACME)
    intermediate = assessment.components["Model parameters (Intermediate)"]
    assert intermediate.verdict == "not-open" and intermediate.restrictions[0]["label"] == "commercial-ban"
    assert assessment.components["Inference code"].read_as == "MIT"  # "MIT License" read as a license name
    assert assessment.components["Datasets"].verdict == "open-with-conditions"
    assert assessment.components["Model parameters (Final)"].verdict == "type-mismatch"  # Apache-2.0 on weights


def test_mof_command_reads_a_bom_and_lists_what_it_did_not_map() -> None:
    result = CliRunner().invoke(main, ["mof", str(ACME), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["name"] == "acme-summarizer" and data["components"]["Datasets"]["license"] == "CC-BY-SA-4.0"
    assert len(data["unmapped"]) == 2 and any("'vcs'" in part for part in data["unmapped"])
    notes = [line for line in result.stderr.splitlines() if line.startswith("licensecheck: not read as a MOF component: ")]
    assert len(notes) == 2 and any("tokenizers" in note for note in notes)


@pytest.mark.parametrize(
    "name, says",
    [
        ("not-json.cdx.json", "not a CycloneDX BOM: not JSON"),  # named as a BOM, but no JSON at all
        ("not-cyclonedx.cdx.json", 'no "bomFormat": "CycloneDX"'),  # JSON of another format
        ("schema-invalid.cdx.json", "not a valid CycloneDX 1.6 BOM: at components/0/type: 'neural-network'"),  # the schema says no
        ("no-model.cdx.json", "no component of type machine-learning-model"),  # a software BOM, not an ML-BOM
        ("before-ml.cdx.json", "CycloneDX 1.4 has no machine-learning-model components"),  # a version before ML-BOMs
        ("two-models.cdx.json", "2 machine-learning-model components ('base-model', 'fine-tuned-model')"),  # which model?
    ],
)
def test_an_unusable_bom_is_one_line_naming_what_is_wrong_and_exit_2(name: str, says: str) -> None:
    result = CliRunner().invoke(main, ["mof", str(BOMS / name)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"licensecheck: error: {BOMS / name}: ") and says in lines[0]
    assert "Traceback" not in result.output and result.stdout == ""


def test_a_bom_is_recognised_by_its_name_or_by_its_json_wherever_it_lives(tmp_path: Path) -> None:
    bom = tmp_path / "anything.json"
    bom.write_text(ACME.read_text())
    assert assess_file(bom).name == "acme-summarizer"
    assert is_cyclonedx("{}", "bom.json") and not is_cyclonedx('{"name": "x", "components": {}}', "manifest.json")
    assert load_declaration('{"name": "x", "components": {"Model card": "CC-BY-4.0"}}', "m.json").name == "x"  # manifests stay manifests


def _bom(model: dict, *components: dict) -> str:
    return json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                       "metadata": {"component": model}, "components": list(components)})


def test_an_inline_dataset_without_a_license_leaves_the_datasets_unlicensed() -> None:
    model = {"type": "machine-learning-model", "name": "m", "licenses": [{"license": {"id": "MIT"}}],
             "modelCard": {"modelParameters": {"datasets": [{"type": "dataset", "name": "scraped"}]}}}
    data = {"type": "data", "name": "wiki", "licenses": [{"license": {"id": "CC0-1.0"}}]}
    declaration = read_cyclonedx(_bom(model, data))
    datasets = component_by_name("Datasets")
    assert datasets.id in declaration.included and declaration.component_licenses[datasets.id] is None


def test_several_datasets_with_different_licenses_must_all_hold() -> None:
    model = {"type": "machine-learning-model", "name": "m"}
    first = {"type": "data", "name": "a", "licenses": [{"license": {"id": "CC0-1.0"}}]}
    second = {"type": "data", "name": "b", "licenses": [{"expression": "CC-BY-4.0 OR MIT"}]}
    declaration = read_cyclonedx(_bom(model, first, second))
    assert declaration.component_licenses[component_by_name("Datasets").id] == "CC0-1.0 AND (CC-BY-4.0 OR MIT)"
    assert declaration.component_licenses[component_by_name("Model parameters (Final)").id] is None  # no license on the model
    assert component_by_name("Model card").id not in declaration.included  # no modelCard, no model-card reference


def test_a_base64_license_text_is_decoded_and_a_broken_one_is_an_error() -> None:
    import base64

    text = "You may not use the model for any commercial purpose."
    model = {"type": "machine-learning-model", "name": "m", "licenses": [{"license": {
        "name": "Acme License", "text": {"content": base64.b64encode(text.encode()).decode(), "encoding": "base64"}}}]}
    declaration = read_cyclonedx(_bom(model))
    assert declaration.license_texts[component_by_name("Model parameters (Final)").id] == text
    model["licenses"][0]["license"]["text"]["content"] = "not base64!"
    with pytest.raises(BomError, match="not base64"):
        read_cyclonedx(_bom(model))


def test_an_unknown_mof_component_property_is_reported() -> None:
    model = {"type": "machine-learning-model", "name": "m"}
    odd = {"type": "file", "name": "x", "properties": [{"name": "licensecheck:mof-component", "value": "Tokenizer"}]}
    declaration = read_cyclonedx(_bom(model, odd))
    assert declaration.unmapped == ("component 'x' (file): licensecheck:mof-component 'Tokenizer' is no MOF component",)
