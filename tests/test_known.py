"""Exact copies of known licenses reuse the reference's analysis, and say the same as an analysis in full."""

from __future__ import annotations

import json

import pytest

from licensecheck import analyze
from licensecheck import known
from licensecheck.batch import BatchOptions, run_batch
from licensecheck.licensedb import load_license
from licensecheck.pipeline import _analyse_clauses, _segmented, analyze_copy
from licensecheck.source import read_text

KEYS = ["mit", "apache-2.0", "bsd-new", "llama-2-license-2023", "bigscience-open-rail-m", "cc-by-nc-4.0", "gpl-3.0", "cdla-permissive-2.0"]


def _copies(key: str) -> dict[str, str]:
    text = load_license(key).text
    return {
        "verbatim": text,
        "own copyright line": "Copyright (c) 2024 Pebblestone Analytics Ltd.\n\n" + text,
        "windows line ends": text.replace("\n", "\r\n"),
        "notice at the end": text.rstrip() + "\n\nCopyright 2019-2023 The Quillfeather Authors\n",
    }


def _clauses(analysis) -> list[tuple]:
    return [(item.clause.start, item.clause.end, item.clause.section, item.labels, item.params_by_label, item.language) for item in analysis]


@pytest.mark.parametrize("key", KEYS)
def test_an_exact_copy_says_what_an_analysis_in_full_says(key, classifier, reference_index) -> None:
    for variant, text in _copies(key).items():
        reused = analyze(text, classifier=classifier, references=reference_index)
        assert reused.identification.verdict == "exact", (key, variant)
        full, _ = _analyse_clauses(_segmented(reused.source, 50_000), classifier)
        assert _clauses(reused.clauses) == _clauses(full), (key, variant)
        for result in reused.clauses:  # every mapped clause holds the text at its offsets
            assert reused.source.text[result.clause.start : result.clause.end] == result.clause.text
        if variant == "verbatim":  # the whole output, byte for byte (the key order of parameters included)
            in_full = analyze(text, classifier=classifier, references=reference_index, reuse=False)
            assert json.dumps(reused.to_dict()) == json.dumps(in_full.to_dict()), key


EDITS = {
    "apache-2.0": ("copyright license to reproduce", "copyright license, for non-commercial research only, to reproduce"),
    "bigscience-open-rail-m": ("Attachment A", "Attachment A (as amended by Fernhollow Labs)"),
    "cc-by-nc-4.0": ("Section 1 -- Definitions.", "Section 1 -- Definitions and Interpretation."),
    "llama-2-license-2023": ("700 million monthly active users", "90 million monthly active users"),
}


@pytest.mark.parametrize("key", sorted(EDITS))
def test_a_modified_copy_reuses_its_unchanged_clauses_and_says_what_an_analysis_in_full_says(key, classifier, reference_index, monkeypatch) -> None:
    find, replace = EDITS[key]
    text = load_license(key).text.replace(find, replace, 1)
    assert text != load_license(key).text
    classified: list[int] = []
    original = classifier.classify
    monkeypatch.setattr(classifier, "classify", lambda clauses, along=(): classified.append(len(clauses)) or original(clauses, along))
    reused = analyze(text, classifier=classifier, references=reference_index)
    assert reused.identification.verdict == "modified"
    monkeypatch.setattr(classifier, "classify", original)
    in_full = analyze(text, classifier=classifier, references=reference_index, reuse=False)
    assert json.dumps(reused.to_dict()) == json.dumps(in_full.to_dict()), key
    assert classified and classified[0] < len(reused.clauses) / 4  # only the clauses the edit touched were classified


def test_a_copy_is_answered_without_analysis_once_its_reference_is_stored(classifier, reference_index, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("LICENSECHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(known, "_MEMORY", {})
    monkeypatch.setattr(known, "shipped_entry", lambda *args: None)
    text = read_text("Copyright (c) 2025 Harrowgate Systems\n\n" + load_license("bigscience-open-rail-m").text)
    analysis, key = analyze_copy(text, classifier, reference_index)
    assert (analysis, key) == (None, "bigscience-open-rail-m")  # nothing stored yet: a worker must analyse it
    analyze(text, classifier=classifier, references=reference_index)  # ... which stores the reference's analysis
    monkeypatch.setattr(known, "_MEMORY", {})

    def no_analysis(*args, **kwargs):
        raise AssertionError("the text was analysed")

    monkeypatch.setattr("licensecheck.pipeline._analyse_clauses", no_analysis)
    analysis, key = analyze_copy(text, classifier, reference_index)
    assert analysis is not None and analysis.verdict == "not-open"
    assert "use-case-limit" in analysis.blocking_labels


def test_a_damaged_stored_analysis_is_computed_again(classifier, reference_index, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("LICENSECHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(known, "_MEMORY", {})
    monkeypatch.setattr(known, "shipped_entry", lambda *args: None)
    first = analyze(load_license("llama-2-license-2023").text, classifier=classifier, references=reference_index)
    [stored] = (tmp_path / "known").rglob("llama-2-license-2023-*.json")
    stored.write_text(stored.read_text()[:200])  # a write cut short
    monkeypatch.setattr(known, "_MEMORY", {})
    again = analyze(load_license("llama-2-license-2023").text, classifier=classifier, references=reference_index)
    assert _clauses(again.clauses) == _clauses(first.clauses)
    assert json.loads(stored.read_text())["words"]  # rewritten whole


def test_the_shipped_table_is_used_only_for_its_own_model(classifier, reference_index, monkeypatch, tmp_path) -> None:
    table = tmp_path / "table"
    table.mkdir()
    known.write_table(table, classifier, ["mit", "llama-2-license-2023"], reference_index)
    monkeypatch.setattr(classifier, "model_dir", table)
    text = load_license("llama-2-license-2023").text
    entry = known.shipped_entry("llama-2-license-2023", text, classifier)
    assert entry is not None and any("user-count-cap" in item.label_names for item in entry.clauses)
    assert known.shipped_entry("llama-2-license-2023", text + " changed", classifier) is None  # another text
    assert known.shipped_entry("apache-2.0", load_license("apache-2.0").text, classifier) is None  # not in the table
    other = type("Other", (), {"meta": type("Meta", (), {"sha256": "f" * 64})(), "model_dir": table})()
    assert known.shipped_entry("mit", load_license("mit").text, other) is None  # made by another model


def test_a_batch_of_copies_starts_no_worker(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "hub"
    for number, key in enumerate(["mit", "apache-2.0", "mit", "bsd-new", "apache-2.0"] * 4):
        model = folder / f"org-{number}" / "model"
        model.mkdir(parents=True)
        (model / "LICENSE").write_text(f"Copyright (c) {2000 + number} Org {number}\n\n" + load_license(key).text)
    (folder / "org-0" / "model" / "COPYING").write_bytes(b"")  # refused on reading: no worker either
    options = BatchOptions()
    run_batch(folder, options)  # stores the references' analyses (here in this process)
    started = []
    monkeypatch.setattr("licensecheck.batch.work.Workers.submit", lambda self, item: started.append(item[0]))
    result = run_batch(folder, options, jobs=2)
    assert started == []
    assert len(result.records) == 21 and len(result.errors) == 1
    assert {record["identification"]["verdict"] for record in result.records if "error" not in record} == {"exact"}


def test_the_shipped_table_is_current_for_the_shipped_model_and_code(classifier, reference_index) -> None:
    table = known._shipped_table("")
    assert table is not None, f"models/{known.TABLE_FILE} is missing: rebuild it with python -m licensecheck.known"
    archive, header = table
    assert header == known._header(classifier), "the stored analyses are stale: rebuild them with python -m licensecheck.known"
    for key in ("mit", "llama-2-license-2023", "bigscience-open-rail-m", "cc-by-nc-4.0"):
        text = reference_index.text(key)
        fresh = known._compute(key, text, reference_index, classifier)
        stored = known.KnownEntry.from_dict(json.loads(archive.read(f"{key}.json")), text)
        assert stored is not None
        assert [item.to_list() for item in stored.clauses] == [item.to_list() for item in fresh.clauses]
        assert stored.nearest == fresh.nearest and stored.words == fresh.words


@pytest.mark.parametrize("notice", ["Copyright (c) 2024 北京某某科技有限公司 本软件仅限非商业用途使用", "Copyright (c) 2024 Firma GmbH, nur für nichtkommerzielle Nutzung"])
def test_a_notice_in_words_the_analysis_cannot_read_never_makes_an_exact_open_copy(notice, classifier, reference_index) -> None:
    analysis = analyze(notice + "\n\n" + load_license("mit").text, classifier=classifier, references=reference_index)
    assert analysis.identification.verdict != "exact"
    assert analysis.verdict not in ("open", "open-with-conditions")
