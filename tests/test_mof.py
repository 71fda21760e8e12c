"""MOF classes: MOT's own results reproduced with --strict-ids, name reading, per-component verdicts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from licensecheck.cli import main
from licensecheck.mof import assess, assess_file, evaluate, load_declaration, model_class, mot_open_ids, progress, read_license_name, read_mot

REPO = Path(__file__).resolve().parent.parent
MOF = REPO.parent / "shared" / "reference" / "mof"
needs_reference = pytest.mark.skipif(not MOF.is_dir(), reason="shared/reference/mof is not beside the checkout")


def mot_view(declaration) -> tuple[int, dict[int, float]]:
    result = evaluate(declaration, lambda license_id: license_id in mot_open_ids())
    return model_class(result), {level: progress(result, level) for level in (1, 2, 3)}


@needs_reference
def test_strict_ids_reproduce_mot_on_its_test_files() -> None:
    expected = json.loads(re.sub(r",(\s*[}\]])", r"\1", (MOF / "test_data" / "expected_results.json").read_text()))
    for model in expected["models"]:
        assessment = assess(read_mot({"release": model["release"]}), strict_ids=True)
        wanted = model["classification"]
        assert assessment.mof_class == wanted["class"], model["release"]["name"]
        for level in (1, 2, 3):
            assert assessment.progress[level] == pytest.approx(float(wanted["progress"][str(level)])), model["release"]["name"]


@needs_reference
def test_strict_ids_reproduce_mot_on_all_273_real_declarations() -> None:
    evaluated = json.loads((MOF / "derived" / "mot_models_evaluated.json").read_text())["models"]
    assert len(evaluated) == 273
    for model in evaluated:
        declaration = read_mot(yaml.safe_load((MOF / model["file"]).read_text()), model["file"])
        assessment = assess(declaration, strict_ids=True)
        assert (assessment.mof_class, assessment.progress) == (model["class"], {level: pytest.approx(model["progress"][str(level)]) for level in (1, 2, 3)}), model["file"]
        assert mot_view(declaration)[0] == model["class"]


@needs_reference
def test_every_declaration_that_changes_with_name_reading_says_why() -> None:
    changed = []
    for path in sorted((MOF / "models").glob("*.yml")):
        declaration = load_declaration(path.read_text(), path.name)
        strict, read = assess(declaration, strict_ids=True), assess(declaration)
        if (strict.mof_class, strict.progress) != (read.mof_class, read.progress):
            changed.append(path.name)
            assert read.read_as, f"{path.name} changed without a reading to explain it"
    assert changed  # free-text names such as "Apache 2.0" and "MIT license" do occur in the real files
    print(f"{len(changed)} declarations change when names are read: {', '.join(changed)}")


@pytest.mark.parametrize(
    "name, expected",
    [("Apache 2.0", "Apache-2.0"), ("MIT license", "MIT"), ("BSD-3", "BSD-3-Clause"), ("CC BY 4.0", "CC-BY-4.0"),
     ("Llama 2 Community License", "LicenseRef-scancode-llama-2-license-2023"), ("apache-2.0", "Apache-2.0"),
     ("Undisclosed", None), ("Component not included", None), ("BSD", None)],
)
def test_free_text_license_names_are_read(name: str, expected: str | None) -> None:
    assert read_license_name(name)[0] == expected


def test_llama_style_example_is_unclassified_and_names_the_restricting_clauses() -> None:
    assessment = assess_file(REPO / "examples" / "llama-style-model.yml")
    assert assessment.mof_class == 0
    weights = assessment.components["Model parameters (Final)"]
    assert weights.verdict == "not-open" and weights.read_as == "LicenseRef-scancode-llama-2-license-2023"
    cap = next(item for item in weights.restrictions if item["label"] == "user-count-cap")
    assert cap["section"] == "2" and "700 million" in cap["text"]
    assert assessment.components["Model architecture"].verdict == "open-with-conditions"
    assert not assessment.osaid["meets"]
    assert {item["component"] for item in assessment.missing} >= {"Data card", "Model parameters (Final)"}


def test_fully_open_example_reaches_class_one_and_meets_osaid() -> None:
    assessment = assess_file(REPO / "examples" / "fully-open-model.yml")
    assert assessment.mof_class == 1 and assessment.progress == {1: 100.0, 2: 100.0, 3: 100.0}
    assert assessment.osaid["meets"] and assessment.missing == ()
    assert assessment.components["Datasets"].read_as == "CDLA-Permissive-2.0"


def test_a_software_license_on_weights_is_a_type_mismatch_that_still_counts(tmp_path: Path) -> None:
    manifest = tmp_path / "m.yml"
    manifest.write_text("name: x\ncomponents:\n  Model parameters (Final): MIT\n")
    weights = assess_file(manifest).components["Model parameters (Final)"]
    assert weights.verdict == "type-mismatch" and weights.counts and "open-data" in weights.reason


def test_a_license_file_next_to_the_manifest_is_analyzed(tmp_path: Path) -> None:
    (tmp_path / "WEIGHTS-LICENSE.txt").write_text(
        "Permission is granted to use and copy these weights under the MIT terms.\n\n"
        "You may not use the weights for any commercial purpose.\n"
    )
    (tmp_path / "m.yml").write_text("name: x\ncomponents:\n  Model parameters (Final):\n    license: MIT\n    path: WEIGHTS-LICENSE.txt\n")
    weights = assess_file(tmp_path / "m.yml").components["Model parameters (Final)"]
    assert weights.verdict == "not-open" and weights.restrictions[0]["label"] == "commercial-ban"


def test_hugging_face_model_card_is_a_declaration(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: cc-by-nc-4.0\n---\n# My model\n")
    assessment = assess_file(card)
    assert assessment.components["Model parameters (Final)"].verdict == "not-open"
    assert "commercial-ban" in assessment.components["Model parameters (Final)"].reason


def test_mof_command_json_contract() -> None:
    result = CliRunner().invoke(main, ["mof", str(REPO / "examples" / "fully-open-model.yml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "licensecheck/mof/v1" and data["class"] == 1
    assert data["progress"] == {"1": 100.0, "2": 100.0, "3": 100.0}
    assert data["components"]["Datasets"]["verdict"] == "open-with-conditions"


def test_mof_command_rejects_what_is_no_declaration(tmp_path: Path) -> None:
    bogus = tmp_path / "x.yml"
    bogus.write_text("- just\n- a list\n")
    result = CliRunner().invoke(main, ["mof", str(bogus)])
    assert result.exit_code == 2 and "not a model declaration" in result.output


def test_mof_html_escapes_the_declared_names(tmp_path: Path) -> None:
    manifest = tmp_path / "m.yml"
    manifest.write_text('name: "<script>alert(1)</script>"\ncomponents:\n  Model card: "<img src=x onerror=alert(2)>"\n')
    result = CliRunner().invoke(main, ["mof", str(manifest), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "<script>alert" not in result.output and "&lt;script&gt;" in result.output and "<img" not in result.output


def test_mof_and_compat_documents_follow_their_schemas() -> None:
    from importlib import resources

    import jsonschema

    from licensecheck.compat import compat

    def schema(name: str) -> dict:
        return json.loads(resources.files("licensecheck").joinpath(f"schemas/{name}").read_text())

    for example in ("llama-style-model.yml", "fully-open-model.yml"):
        jsonschema.validate(assess_file(REPO / "examples" / example).to_dict(), schema("mof-v1.schema.json"))
    jsonschema.validate(compat(["llama2", "cc-by-nc-4.0"]).to_dict(), schema("compat-v1.schema.json"))
