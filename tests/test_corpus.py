"""The annotated corpus: size and coverage, and that references still match their texts."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from licensecheck.corpus import clause_sha256, load_corpus
from licensecheck.errors import CorpusError
from licensecheck.licensedb import load_license
from licensecheck.taxonomy import LABELS

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(REPO / "corpora")


def test_corpus_has_800_license_clauses_from_30_licenses(corpus) -> None:
    licensed = [example for example in corpus if not example.is_written]
    assert len(licensed) >= 800
    assert len({example.group for example in licensed}) >= 30


def test_every_label_has_at_least_20_examples(corpus) -> None:
    counts = Counter(label for example in corpus for label in example.labels)
    assert {label: counts[label] for label in LABELS if counts[label] < 20} == {}


def test_corpus_covers_the_license_families(corpus) -> None:
    keys = {example.group for example in corpus}
    for key in ["mit", "apache-2.0", "gpl-3.0", "cc-by-4.0", "cc-by-nc-4.0", "cdla-permissive-2.0", "bigscience-open-rail-m",
                "llama-2-license-2023", "stable-diffusion-2022-08-22", "ms-sysinternals-sla"]:
        assert key in keys


def test_identical_clause_texts_carry_identical_labels(corpus) -> None:
    # a few sentences mean different things in different licenses (OSL's and AFL's "External
    # Deployment" sentence points at copyleft in one, not the other); they are flagged in the corpus
    flagged = {
        (json.loads(line)["license"], json.loads(line)["start"])
        for path in (REPO / "corpora" / "licensedcode").glob("*.jsonl")
        for line in path.read_text().splitlines()
        if '"context_dependent": true' in line
    }
    seen: dict[str, tuple[str, ...]] = {}
    conflicts = []
    for example in corpus:
        key, _, span = example.ref.partition(":")
        if (key, int(span.split("-")[0]) if span[:1].isdigit() else -1) in flagged:
            continue
        text = " ".join(example.text.lower().split())
        if seen.setdefault(text, example.labels) != example.labels:
            conflicts.append(example.ref)
    assert conflicts == []


def write_reference(tmp_path: Path, record: dict) -> Path:
    folder = tmp_path / "licensedcode"
    folder.mkdir()
    (folder / "x.jsonl").write_text(json.dumps(record) + "\n")
    return tmp_path


def test_reference_annotations_resolve_to_license_text(tmp_path) -> None:
    text = load_license("mit").text
    start = text.index("THE SOFTWARE IS PROVIDED")
    end = text.index("SOFTWARE.", start + 30) + len("SOFTWARE.")
    record = {"license": "mit", "start": start, "end": end, "sha256": clause_sha256(text[start:end]), "labels": ["disclaimer"]}
    [example] = load_corpus(write_reference(tmp_path, record))
    assert example.text.startswith("THE SOFTWARE IS PROVIDED") and example.labels == ("disclaimer",)
    assert example.group == "mit" and not example.is_written


def test_a_reference_whose_hash_no_longer_matches_is_an_error(tmp_path) -> None:
    record = {"license": "mit", "start": 0, "end": 20, "sha256": "0" * 64, "labels": []}
    with pytest.raises(CorpusError, match=r"x\.jsonl:1: text of mit\[0:20\] no longer matches its sha256"):
        load_corpus(write_reference(tmp_path, record))


def test_unknown_labels_are_an_error(tmp_path) -> None:
    folder = tmp_path / "written"
    folder.mkdir()
    (folder / "w.jsonl").write_text(json.dumps({"id": "w1", "text": "You may not.", "labels": ["forbidden"]}) + "\n")
    with pytest.raises(CorpusError, match="unknown label"):
        load_corpus(tmp_path)


@pytest.mark.parametrize("round_file", ["round-1.jsonl", "round-2.jsonl"])
def test_agreement_samples_point_at_real_clauses_with_known_labels(round_file: str) -> None:
    records = [json.loads(line) for line in (REPO / "corpora" / "agreement" / round_file).read_text().splitlines()]
    assert len(records) >= 270
    for record in records:
        text = load_license(record["license"]).text[record["start"] : record["end"]]
        assert clause_sha256(text) == record["sha256"]
        assert set(record["first"]) | set(record["second"]) <= set(LABELS)


def test_the_kappa_tables_in_the_guidelines_are_what_the_samples_give() -> None:
    from licensecheck.evaluate import agreement, format_agreement

    guidelines = (REPO / "corpora" / "GUIDELINES.md").read_text()
    for round_file in ("round-1.jsonl", "round-2.jsonl"):
        records = [json.loads(line) for line in (REPO / "corpora" / "agreement" / round_file).read_text().splitlines()]
        result = agreement(records)
        rows = [line for line in format_agreement(result).splitlines() if line.startswith("| `")]
        assert all(row in guidelines for row in rows), round_file
        assert f"{result.same_label_set} of the {result.clauses} clauses got the same label set" in guidelines


def test_agreement_command_prints_the_table_and_rejects_a_malformed_sample(tmp_path) -> None:
    from click.testing import CliRunner

    from licensecheck.cli import main

    good = CliRunner().invoke(main, ["agreement", str(REPO / "corpora" / "agreement" / "round-1.jsonl")])
    assert good.exit_code == 0 and "| `commercial-ban` |" in good.output
    (tmp_path / "bad.jsonl").write_text('{"first": ["grant"]}\n')
    bad = CliRunner().invoke(main, ["agreement", str(tmp_path / "bad.jsonl")])
    assert bad.exit_code == 2 and "bad.jsonl:1: needs a JSON object with 'first' and 'second'" in bad.output
    assert "Traceback" not in bad.output
