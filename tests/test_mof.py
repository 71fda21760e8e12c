"""MOF classes: MOT's rules reproduced with --strict-ids, name reading, per-component verdicts.

The fixture tests run on the fictional MOT-format declarations in ``resources/mof/models/``
against ``resources/mof/expected.yml`` (expectations derived by hand from MOT's rules) and never
skip; the checks on MOT's own data in ``../shared/reference/mof`` run in addition when it is there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from licensecheck.cli import main
from licensecheck.mof import (
    CLASS_LABELS, RESEARCH_PAPER, TECHNICAL_REPORT, Declaration, assess, assess_file, components, evaluate,
    load_declaration, model_class, mot_open_ids, progress, read_license_name, read_mot,
)

REPO = Path(__file__).resolve().parent.parent
MOF = REPO.parent / "shared" / "reference" / "mof"

FIXTURES = Path(__file__).resolve().parent / "resources" / "mof"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((FIXTURES / "expected.yml").read_text(encoding="utf-8"))
FIXTURE_FILES = sorted(path.name for path in (FIXTURES / "models").glob("*.yml"))
COMPONENT_NAMES = {item.name for item in components()}
OPTIONAL_IDS = {item.id for item in components() if not item.required}


def mot_view(declaration: Declaration) -> tuple[int, dict[int, float]]:
    """MOT's class and progress straight from :func:`evaluate` with MOT's exact open ids."""
    result = evaluate(declaration, lambda license_id: license_id in mot_open_ids())
    return model_class(result), {level: progress(result, level) for level in (1, 2, 3)}


def reference_declarations() -> list[tuple[str, Declaration, int, dict[str, Any]]]:
    """MOT's own cases when its reference data is beside the checkout (an extra check): its test files and its 273 real declarations."""
    if not MOF.is_dir():
        return []
    cases = []
    expected = json.loads(re.sub(r",(\s*[}\]])", r"\1", (MOF / "test_data" / "expected_results.json").read_text()))
    for model in expected["models"]:
        wanted = model["classification"]
        cases.append((model["release"]["name"], read_mot({"release": model["release"]}), wanted["class"], wanted["progress"]))
    evaluated = json.loads((MOF / "derived" / "mot_models_evaluated.json").read_text())["models"]
    assert len(evaluated) == 273
    for model in evaluated:
        declaration = read_mot(yaml.safe_load((MOF / model["file"]).read_text()), model["file"])
        cases.append((model["file"], declaration, model["class"], model["progress"]))
    return cases


def test_strict_ids_reproduce_mot_on_the_fixtures_and_on_mots_own_declarations() -> None:
    """Our fixtures always; MOT's test files and its 273 real declarations too when the reference data is present."""
    cases = [(name, load_declaration(fixture_text(name), name), EXPECTED[name]["class"], expected_progress(EXPECTED[name])) for name in FIXTURE_FILES]
    for name, declaration, wanted_class, wanted_progress in cases + reference_declarations():
        assessment = assess(declaration, strict_ids=True)
        wanted = {level: pytest.approx(float(wanted_progress[level] if level in wanted_progress else wanted_progress[str(level)])) for level in (1, 2, 3)}
        assert (assessment.mof_class, assessment.progress) == (wanted_class, wanted), name
        assert mot_view(declaration)[0] == wanted_class, name


def test_every_declaration_that_changes_with_name_reading_says_why() -> None:
    paths = [FIXTURES / "models" / name for name in FIXTURE_FILES] + (sorted((MOF / "models").glob("*.yml")) if MOF.is_dir() else [])
    changed = []
    for path in paths:
        declaration = load_declaration(path.read_text(), path.name)
        strict, read = assess(declaration, strict_ids=True), assess(declaration)
        if (strict.mof_class, strict.progress) != (read.mof_class, read.progress):
            changed.append(path.name)
            assert read.read_as, f"{path.name} changed without a reading to explain it"
    assert changed  # free-text names such as "Apache 2.0" and "MIT license" do occur (yellowhammer among the fixtures)
    print(f"{len(changed)} declarations change when names are read: {', '.join(changed)}")


@pytest.mark.parametrize(
    "name, expected",
    [("Apache 2.0", "Apache-2.0"), ("MIT license", "MIT"), ("BSD-3", "BSD-3-Clause"), ("CC BY 4.0", "CC-BY-4.0"),
     ("Llama 2 Community License", "LicenseRef-scancode-llama-2-license-2023"), ("apache-2.0", "Apache-2.0"),
     ("Undisclosed", None), ("Component not included", None), ("BSD", None), ("GPL", None), ("GPL v3", "GPL-3.0-only"),
     ("Apache-2.0 OR MIT", None), ("unlicensed", None)],
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


# ----------------------------------------------------------------------------------------------
# Fixtures: fictional MOT declarations with hand-derived expectations (never skipped)


def fixture_text(name: str) -> str:
    """The YAML text of a fixture declaration."""
    return (FIXTURES / "models" / name).read_text(encoding="utf-8")


def fixture_declaration(name: str) -> Declaration:
    """A fixture read as MOT reads it, as the shared-reference check reads the real files."""
    return read_mot(yaml.safe_load(fixture_text(name)), f"models/{name}")


def percent(value: str | int | float) -> float:
    """A progress written as "counted/needed" (or a plain number) in percent."""
    if isinstance(value, str):
        counted, needed = (int(part) for part in value.split("/"))
        return counted / needed * 100
    return float(value)


def expected_progress(entry: dict[str, Any]) -> dict[int, float]:
    """The per-class progress of an expected-results entry, in percent."""
    return {int(level): percent(value) for level, value in entry["progress"].items()}


def read_cases() -> list[Any]:
    """One case per fixture for the name-reading test; a ``known_bug`` entry is a strict xfail."""
    cases = []
    for name in FIXTURE_FILES:
        bug = (EXPECTED.get(name, {}).get("read") or {}).get("known_bug")
        marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
        cases.append(pytest.param(name, marks=marks, id=name))
    return cases


def test_every_fixture_has_an_expected_result() -> None:
    """Each declaration in resources/mof/models/ has an entry in expected.yml and vice versa."""
    assert len(FIXTURE_FILES) >= 15
    assert set(FIXTURE_FILES) == set(EXPECTED)


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_strict_ids_give_the_expected_class_and_progress(name: str) -> None:
    """--strict-ids reproduces the class and per-class progress derived from MOT's rules."""
    wanted = EXPECTED[name]
    declaration = fixture_declaration(name)
    assessment = assess(declaration, strict_ids=True)
    assert len(declaration.included) == wanted["released"]
    assert assessment.mof_class == wanted["class"]
    assert assessment.progress == {level: pytest.approx(value) for level, value in expected_progress(wanted).items()}
    assert assessment.to_dict()["label"] == CLASS_LABELS[wanted["class"]]
    mot_class, mot_progress = mot_view(declaration)
    assert mot_class == wanted["class"]
    assert mot_progress == {level: pytest.approx(value) for level, value in expected_progress(wanted).items()}


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_strict_ids_give_the_expected_component_verdicts_and_license_sources(name: str) -> None:
    """Selected components get the expected verdict and license source; a verdict counts exactly when it is open."""
    assessment = assess(fixture_declaration(name), strict_ids=True)
    for component, (verdict, source) in EXPECTED[name]["components"].items():
        got = assessment.components[component]
        assert (got.verdict, got.source) == (verdict, source), component
        assert got.counts == (verdict in ("open", "type-mismatch")), component


@pytest.mark.parametrize("name", read_cases())
def test_reading_names_gives_the_expected_class_progress_and_readings(name: str, classifier: Any) -> None:
    """By default names are read as licenses: the expected outcome, and every reading is reported in read_as."""
    wanted = EXPECTED[name]
    read = wanted.get("read") or {"class": wanted["class"], "progress": wanted["progress"], "read_as": {}}
    strict = assess(load_declaration(fixture_text(name), name), strict_ids=True)
    assessment = assess(load_declaration(fixture_text(name), name), classifier=classifier)
    assert assessment.read_as == read["read_as"]
    assert assessment.mof_class == read["class"]
    assert assessment.progress == {level: pytest.approx(value) for level, value in expected_progress(read).items()}
    for component, (verdict, source) in (read.get("components") or {}).items():
        assert (assessment.components[component].verdict, assessment.components[component].source) == (verdict, source), component
    if (strict.mof_class, strict.progress) != (assessment.mof_class, assessment.progress):
        assert assessment.read_as, "the outcome changed without a reading to explain it"


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_mof_command_with_strict_ids_reports_the_expected_class(name: str) -> None:
    """``licensecheck mof FILE --strict-ids --format json`` carries the expected class and rounded progress."""
    wanted = EXPECTED[name]
    result = CliRunner().invoke(main, ["mof", str(FIXTURES / "models" / name), "--strict-ids", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["strict_ids"] is True and data["class"] == (wanted["class"] or None)
    assert data["progress"] == {str(level): round(value, 2) for level, value in sorted(expected_progress(wanted).items())}


def test_fixtures_cover_every_rule_that_decides_a_class() -> None:
    """The fixtures together exercise each class, partial progress per level and each branch of MOT's rules."""
    classes, partial, sources, verdicts, paper_stands_in = set(), set(), set(), set(), set()
    class_one_needs_thirteen = optional_not_open = unknown_name = wrong_case = False
    for name in FIXTURE_FILES:
        declaration = fixture_declaration(name)
        result = evaluate(declaration, lambda license_id: license_id in mot_open_ids())
        values = {level: progress(result, level) for level in (1, 2, 3)}
        classes.add(model_class(result))
        partial |= {level for level, value in values.items() if 0 < value < 100}
        assessment = assess(declaration, strict_ids=True)
        sources |= {verdict.source for verdict in assessment.components.values()}
        verdicts |= {verdict.verdict for verdict in assessment.components.values()}
        if TECHNICAL_REPORT not in result[3].included:
            paper_stands_in |= {status for status in ("included", "invalid", "unlicensed") if RESEARCH_PAPER in getattr(result[3], status)}
        class_one_needs_thirteen |= TECHNICAL_REPORT not in result[1].included and RESEARCH_PAPER in result[1].included
        optional_not_open |= bool(OPTIONAL_IDS & set(result[1].invalid + result[1].unlicensed))
        entries = yaml.safe_load(fixture_text(name))["release"]["components"]
        unknown_name |= any(entry["name"] not in COMPONENT_NAMES for entry in entries)
        lowered_open = {license_id.lower() for license_id in mot_open_ids()}
        wrong_case |= any(str(entry.get("license", "")).lower() in lowered_open and entry.get("license") not in mot_open_ids() for entry in entries)
    assert classes == {0, 1, 2, 3}
    assert partial == {1, 2, 3}
    assert sources == {"component", "global-code", "global-data", "global-document", "global-distribution", "none"}
    assert verdicts == {"open", "type-mismatch", "not-open", "unlicensed", "not-released"}
    assert paper_stands_in == {"included", "invalid", "unlicensed"}
    assert class_one_needs_thirteen and optional_not_open and unknown_name and wrong_case
    read_verdicts = {verdict for entry in EXPECTED.values() for verdict, _ in ((entry.get("read") or {}).get("components") or {}).values()}
    assert "invalid" in read_verdicts
    assert any((entry.get("read") or {}).get("class", entry["class"]) != entry["class"] for entry in EXPECTED.values())


def test_reading_names_keeps_every_id_mot_counts_as_open() -> None:
    """An exact id MOT counts as open is read as itself (or another open id), never lost or made closed."""
    lost = {license_id: read_license_name(license_id)[0] for license_id in sorted(mot_open_ids())}
    assert {license_id: read for license_id, read in lost.items() if read not in mot_open_ids()} == {}


def test_fixtures_follow_mots_schema_and_invent_their_models() -> None:
    """Each fixture is a MOT release with a name and producer; against MOT's schema, and naming no real model or producer
    of MOT's repository, when its reference data is present."""
    import jsonschema

    for name in FIXTURE_FILES:
        release = yaml.safe_load(fixture_text(name))["release"]
        assert release["name"] and release["producer"] and isinstance(release["components"], list), name
    if not MOF.is_dir():
        return
    schema = json.loads((MOF / "mof_schema.json").read_text())
    real = [yaml.safe_load(path.read_text())["release"] for path in (MOF / "models").glob("*.yml")]
    names = {str(release["name"]).lower() for release in real}
    producers = {str(release.get("producer")).lower() for release in real}
    for name in FIXTURE_FILES:
        data = yaml.safe_load(fixture_text(name))
        jsonschema.validate(data, schema)
        assert data["release"]["name"].lower() not in names and data["release"]["producer"].lower() not in producers, name


def test_our_own_classifier_is_rated_honestly_by_its_manifest() -> None:
    """models/mof.yml declares what is released; the class follows, and what is missing for Class I is named."""
    data = json.loads(CliRunner().invoke(main, ["mof", str(REPO / "models" / "mof.yml"), "--format", "json"]).output)
    assert data["class"] == 2
    missing = {item["component"] for item in data["missing_for_next_class"]}
    assert missing == {"Model parameters (Intermediate)", "Research paper"}
    for path in ("models/README.md", "models/TECHNICAL_REPORT.md", "corpora/README.md", "models/metrics.json"):
        assert (REPO / path).is_file(), path
