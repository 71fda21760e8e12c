"""``batch --sbom``: CycloneDX 1.6 and SPDX 2.3 documents of a folder, valid for their libraries and schemas, read back by ``mof``.

One batch run over a small model repository of real license texts (taken from
the installed licensedcode-data) writes both documents; the tests read them.
"""

from __future__ import annotations

import datetime
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from licensecheck.cli import main
from licensecheck.licensedb import load_license
from licensecheck.sbom import Entry, Inventory, License, SbomError, license_of, render_sbom
from licensecheck.sbom.properties import label_property, record_properties
from licensecheck.taxonomy import LABELS

README = Path(__file__).resolve().parent.parent / "README.md"
MODIFIED_MIT = load_license("mit").text.replace("without restriction", "for non-commercial purposes only")


def cyclonedx_schema_errors(document: dict[str, Any]) -> list[str]:
    """A document's errors against CycloneDX 1.6's official JSON schema (the copy cyclonedx-python-lib ships), checked
    by jsonschema directly, not through the library's validator."""
    from jsonschema import Draft7Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT7

    folder = resources.files("cyclonedx").joinpath("schema", "_res")
    schema = json.loads(folder.joinpath("bom-1.6.SNAPSHOT.schema.json").read_text())
    parts = ("spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json", "cryptography-defs.SNAPSHOT.schema.json")
    registry = Registry().with_resources(
        (f"http://cyclonedx.org/schema/{name}", DRAFT7.create_resource(json.loads(folder.joinpath(name).read_text()))) for name in parts
    )
    validator = Draft7Validator(schema, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(document)]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A model repository analysed once by ``batch -o OUT --sbom cyclonedx``, then again (resumed) with ``--sbom spdx``."""
    root = tmp_path_factory.mktemp("sbom") / "acme-model"
    for path, key in (("LICENSE", "apache-2.0"), ("weights/LICENSE", "llama-2-license-2023"), ("src/LICENSE", "mit"),
                      ("data/LICENSE.md", "cc-by-nc-4.0")):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(load_license(key).text)
    (root / "code").mkdir()
    (root / "code" / "LICENSE.txt").write_text(MODIFIED_MIT)
    (root / "README.md").write_text("---\nlicense: cc-by-4.0\n---\n# Acme model\n")
    (root / "NOTICE").write_bytes(bytes(range(256)) * 4)  # binary: not analyzed
    (root / "notes.txt").write_text("Training ran for three days on eight accelerators. The loss went down.\n")
    out = root.parent / "out"
    runs = {fmt: CliRunner().invoke(main, ["batch", str(root), "-o", str(out), "--sbom", fmt]) for fmt in ("cyclonedx", "spdx")}
    return {"root": root, "out": out, "runs": runs,
            "cyclonedx": json.loads((out / "bom.cdx.json").read_text()), "spdx": json.loads((out / "bom.spdx.json").read_text())}


def components(written: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {component["name"]: component for component in written["cyclonedx"]["components"]}


def properties(component: dict[str, Any]) -> set[tuple[str, str]]:
    return {(prop["name"], prop["value"]) for prop in component.get("properties", [])}


def cdx_license(component: dict[str, Any]) -> dict[str, Any] | None:
    licenses = component.get("licenses") or []
    assert len(licenses) <= 1
    return licenses[0]["license"] if licenses else None


def test_batch_with_sbom_writes_the_document_and_says_where(written: dict[str, Any]) -> None:
    for fmt, name in (("cyclonedx", "bom.cdx.json"), ("spdx", "bom.spdx.json")):
        run = written["runs"][fmt]
        assert run.exit_code == 0, run.output
        assert f"licensecheck: wrote {written['out'] / name}" in run.stderr
    assert not list(written["out"].glob(".bom*"))  # written whole, then renamed: no temporary file is left


def test_sbom_without_an_output_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(tmp_path), "--sbom", "cyclonedx"])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("licensecheck: error: --sbom needs -o/--out")
    assert not (tmp_path / "bom.cdx.json").exists()


def test_every_file_is_one_component_and_the_folder_is_the_model(written: dict[str, Any]) -> None:
    bom = written["cyclonedx"]
    assert sorted(components(written)) == ["LICENSE", "NOTICE", "README.md", "code/LICENSE.txt", "data/LICENSE.md", "notes.txt",
                                           "src/LICENSE", "weights/LICENSE"]
    assert {component["type"] for component in bom["components"]} == {"file"}
    model = bom["metadata"]["component"]
    assert model["type"] == "machine-learning-model" and model["name"] == "acme-model"
    assert model["licenses"] == [{"license": {"acknowledgement": "declared", "id": "CC-BY-4.0"}}]  # the model card's license
    assert bom["specVersion"] == "1.6" and bom["metadata"]["tools"]["components"][0]["name"] == "licensecheck"


def test_an_exact_copy_of_a_listed_license_is_its_spdx_id(written: dict[str, Any]) -> None:
    found = components(written)
    assert cdx_license(found["LICENSE"]) == {"acknowledgement": "concluded", "id": "Apache-2.0"}
    assert cdx_license(found["src/LICENSE"])["id"] == "MIT"
    assert cdx_license(found["data/LICENSE.md"])["id"] == "CC-BY-NC-4.0"
    digest = found["src/LICENSE"]["hashes"][0]
    assert digest["alg"] == "SHA-256" and len(digest["content"]) == 64


def test_other_texts_are_a_license_ref_with_their_text(written: dict[str, Any]) -> None:
    found = components(written)
    llama = cdx_license(found["weights/LICENSE"])
    assert llama["name"] == "LicenseRef-scancode-llama-2-license-2023"  # exact, but not on the SPDX list
    assert "700 million monthly active users" in " ".join(llama["text"]["content"].split())
    modified = cdx_license(found["code/LICENSE.txt"])
    assert re.fullmatch(r"LicenseRef-licensecheck-[0-9a-f]{16}", modified["name"])
    assert "for non-commercial purposes only" in modified["text"]["content"] and "id" not in modified
    assert cdx_license(found["notes.txt"]) is None  # no license terms at all: no license
    assert ("licensecheck:verdict", "unrecognised") in properties(found["notes.txt"])


def test_an_unreadable_file_is_listed_without_a_license_and_says_why(written: dict[str, Any]) -> None:
    notice = components(written)["NOTICE"]
    assert cdx_license(notice) is None and "hashes" not in notice
    assert ("licensecheck:error-reason", "binary") in properties(notice)
    assert any(name == "licensecheck:error-message" and "binary" in value for name, value in properties(notice))


def test_restrictions_and_their_parameters_are_properties(written: dict[str, Any]) -> None:
    llama = properties(components(written)["weights/LICENSE"])
    assert {("licensecheck:verdict", "not-open"), ("licensecheck:identification", "exact"),
            ("licensecheck:license-key", "llama-2-license-2023"), ("licensecheck:mof-license-type", "none"),
            ("licensecheck:restriction", "user-count-cap"), ("licensecheck:restriction", "use-case-limit"),
            ("licensecheck:user-count-cap:threshold", "700000000"), ("licensecheck:user-count-cap:metric", "monthly-active-users"),
            ("licensecheck:user-count-cap:section", "2"),
            ("licensecheck:use-case-limit:policy_url", "https://ai.meta.com/llama/use-policy")} <= llama
    modified = properties(components(written)["code/LICENSE.txt"])
    assert {("licensecheck:restriction", "commercial-ban"), ("licensecheck:identification", "modified")} <= modified
    assert any(name == "licensecheck:change" and "for non-commercial purposes only" in value for name, value in modified)
    apache = properties(components(written)["LICENSE"])
    assert ("licensecheck:mof-license-type", "open-source") in apache and ("licensecheck:condition", "attribution") in apache
    assert not any(name == "licensecheck:restriction" for name, _ in apache)


def test_the_cyclonedx_document_passes_the_library_and_the_official_schema(written: dict[str, Any]) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    text = (written["out"] / "bom.cdx.json").read_text()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    assert cyclonedx_schema_errors(written["cyclonedx"]) == []
    broken = json.loads(text)
    broken["components"][0]["type"] = "license-file"
    assert cyclonedx_schema_errors(broken)  # the schema check is not vacuous


def test_the_spdx_document_parses_and_validates_with_spdx_tools(written: dict[str, Any]) -> None:
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    document = parse_file(str(written["out"] / "bom.spdx.json"))
    assert validate_full_spdx_document(document, "SPDX-2.3") == []
    packages = {package.name: package for package in document.packages}
    assert set(packages) == {"acme-model", *components(written)}
    assert str(packages["acme-model"].license_declared) == "CC-BY-4.0"
    assert str(packages["src/LICENSE"].license_concluded) == "MIT"
    assert str(packages["NOTICE"].license_concluded) == "NOASSERTION"
    contained = {relationship.related_spdx_element_id for relationship in document.relationships if relationship.spdx_element_id == "SPDXRef-model"}
    assert contained == {package.spdx_id for name, package in packages.items() if name != "acme-model"}
    extracted = {info.license_id: info for info in document.extracted_licensing_info}
    llama = extracted["LicenseRef-scancode-llama-2-license-2023"]
    assert "700 million monthly active users" in " ".join(llama.extracted_text.split())
    assert str(packages["weights/LICENSE"].license_concluded) == llama.license_id


def test_both_formats_carry_the_same_license_and_properties_for_every_file(written: dict[str, Any]) -> None:
    spdx = written["spdx"]
    by_id = {package["SPDXID"]: package for package in spdx["packages"]}
    for name, component in components(written).items():
        package = next(package for package in by_id.values() if package["name"] == name)
        annotations = {tuple(annotation["comment"].split("=", 1)) for annotation in package.get("annotations", [])}
        assert annotations == properties(component), name
        license_ = cdx_license(component)
        assert package["licenseConcluded"] == (license_.get("id") or license_.get("name") if license_ else "NOASSERTION"), name
        if license_ and "text" in license_:
            [info] = [info for info in spdx["hasExtractedLicensingInfos"] if info["licenseId"] == license_["name"]]
            assert info["extractedText"] == license_["text"]["content"]


def test_every_property_name_written_is_documented_in_the_readme(written: dict[str, Any]) -> None:
    readme = README.read_text(encoding="utf-8")
    start = readme.index("### SBOM")
    section = readme[start:readme.index("\n### ", start + 1)]
    names = {name for component in [written["cyclonedx"]["metadata"]["component"], *written["cyclonedx"]["components"]]
             for name, _ in properties(component)}
    assert len(names) > 15
    for name in names:
        parts = name.split(":")
        if len(parts) == 3 and parts[1] in LABELS and parts[2] == "section":
            assert "`licensecheck:LABEL:section`" in section, name
        elif len(parts) == 3 and parts[1] in LABELS:
            assert "`licensecheck:LABEL:PARAMETER`" in section and f"`{parts[2]}`" in section, name
        else:
            assert f"`{name}`" in section, name


def test_every_property_name_licensecheck_can_write_is_documented_in_the_readme() -> None:
    """Also the names the folder above does not produce (policy, overruled, review reasons ...)."""
    from licensecheck.sbom import properties as names

    readme = README.read_text(encoding="utf-8")
    constants = {value for key, value in vars(names).items() if key.isupper() and isinstance(value, str) and value.startswith("licensecheck:")}
    assert len(constants) >= 18
    assert [name for name in sorted(constants) if f"`{name}`" not in readme] == []
    assert [parameter for parameter in names.PARAMETERS if f"`{parameter}`" not in readme] == []


def test_the_round_trip_a_written_bom_is_read_back_by_mof(written: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["mof", str(written["out"] / "bom.cdx.json"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["name"] == "acme-model"
    assert data["components"]["Model parameters (Final)"]["license"] == "CC-BY-4.0"  # the model's declared license
    assert data["components"]["Model card"]["license"] == "CC-BY-4.0"  # README.md, by its licensecheck:mof-component
    assert data["components"]["Model card"]["verdict"] == "open-with-conditions"
    unmapped = " ".join(data["unmapped"])
    assert "'weights/LICENSE' (file)" in unmapped and "'README.md'" not in unmapped  # license files have no MOF component
    assert len(data["unmapped"]) == 7


def _record(verdict: str, identification: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    record = {"source": {"path": "LICENSE", "sha256": "0" * 64}, "summary": {"verdict": verdict, "blocking": [], "conditions": []},
              "clauses": [{"id": "c1", "section": "", "text": "Use it for research only."}], "labels": {}, **extra}
    if identification is not None:
        record["identification"] = identification
    return record


def _match(key: str, spdx: str) -> dict[str, Any]:
    return {"key": key, "spdx": spdx, "name": key.upper(), "score": 1.0, "mof_type": "none"}


def test_which_license_a_record_gets() -> None:
    assert license_of(_record("open", {"verdict": "exact", "matches": [_match("mit", "MIT")]})) == License("MIT", "MIT")
    two = {"verdict": "exact", "matches": [_match("mit", "MIT"), _match("apache-2.0", "Apache-2.0")]}
    assert not license_of(_record("open", two)).listed  # two licenses in one file: not one SPDX id
    modified = license_of(_record("not-open", {"verdict": "modified", "matches": [_match("mit", "MIT")]}))
    assert modified.id.startswith("LicenseRef-licensecheck-") and modified.text == "Use it for research only."  # from its clauses
    assert license_of(_record("unrecognised", {"verdict": "unknown", "matches": []})) is None
    assert license_of({"source": {"path": "x"}, "error": {"reason": "binary", "message": "x: binary"}}) is None


@pytest.mark.parametrize("key, spdx", [("classpath-exception-2.0", "Classpath-exception-2.0"),
                                       ("openssl-exception-agpl-3.0", "LicenseRef-scancode-openssl-exception-agpl-3.0")])
def test_an_exact_copy_of_a_license_exception_is_no_license_id_of_its_own(key: str, spdx: str) -> None:
    """An exception may only follow WITH in an SPDX expression: on its own it is written as licensecheck's LicenseRef."""
    found = license_of(_record("needs-review", {"verdict": "exact", "matches": [_match(key, spdx)]}))
    assert found.id.startswith("LicenseRef-licensecheck-") and found.text
    inventory = Inventory("m", None, (), (Entry("LICENSE", None, found, ()),), datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc))
    assert json.loads(render_sbom(inventory, "spdx"))["packages"][1]["licenseConcluded"] == found.id
    assert json.loads(render_sbom(inventory, "cyclonedx"))["components"][0]["licenses"][0]["license"]["name"] == found.id


def test_a_file_changed_since_the_analysis_is_not_read_again(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text("Completely different words now.")
    found = license_of(_record("not-open", {"verdict": "unknown", "matches": []}), tmp_path)
    assert found.text == "Use it for research only."  # the digest differs: the record's own clauses hold the text


def test_a_policy_outcome_and_a_model_card_license_are_properties() -> None:
    record = _record("not-open", policy={"outcome": "fail", "violations": ["commercial-ban is denied for weights (§2)"]},
                     model_card={"license": "other", "license_name": "acme-license"})
    record["source"]["path"] = "README.md"
    found = set(record_properties(record))
    assert {("licensecheck:policy", "fail"), ("licensecheck:policy-violation", "commercial-ban is denied for weights (§2)"),
            ("licensecheck:model-card-license", "acme-license"), ("licensecheck:mof-component", "Model card")} <= found
    assert label_property("territorial", "regions") == "licensecheck:territorial:regions"


@pytest.mark.parametrize("fmt", ["cyclonedx", "spdx"])
def test_a_document_that_fails_validation_is_never_written(fmt: str) -> None:
    """An id that is not on the SPDX list, passed off as one: both writers' validation refuses it."""
    bad = Inventory("m", None, (), (Entry("LICENSE", None, License("Not-A-License-1.0", "x"), ()),),
                    datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc))
    with pytest.raises(SbomError, match="not valid"):
        render_sbom(bad, fmt)
