"""Training: the shipped model is exactly what the corpus rebuilds, and evaluation is grouped by license."""

from __future__ import annotations

import json
from pathlib import Path

from licensecheck.artifacts import META_FILE, MODEL_FILE
from licensecheck.corpus import Example, corpus_hash, load_corpus
from licensecheck.train import nested_cross_validate, train

REPO = Path(__file__).resolve().parent.parent


def test_shipped_model_was_trained_on_the_current_corpus() -> None:
    meta = json.loads((REPO / "models" / META_FILE).read_text())
    assert meta["corpus_sha256"] == corpus_hash(load_corpus(REPO / "corpora"))


def test_retraining_reproduces_the_shipped_model_byte_for_byte(tmp_path) -> None:
    result = train(REPO / "corpora", tmp_path, evaluate=False)
    assert (tmp_path / MODEL_FILE).read_bytes() == (REPO / "models" / MODEL_FILE).read_bytes()
    assert result.meta.sha256 == json.loads((REPO / "models" / META_FILE).read_text())["sha256"]


def test_model_card_reports_grouped_cross_validation() -> None:
    card = (REPO / "models" / "README.md").read_text()
    metrics = json.loads((REPO / "models" / "metrics.json").read_text())
    assert "grouped by license" in metrics["method"]
    assert f"{metrics['clause_level']['macro']['f1']:.3f}" in card


def test_cross_validation_never_tests_on_written_clauses_or_a_training_license() -> None:
    examples = [
        Example(f"clause {index} of license {key}", ("grant",) if index % 2 else ("disclaimer",), key, f"{key}:{index}")
        for key in ("a", "b", "c")
        for index in range(4)
    ] + [Example("a clause the team wrote", ("grant",), "written:team", "team:1")]
    metrics = nested_cross_validate(examples, "tfidf-lr", folds=3, inner=2)
    assert metrics["clauses_tested"] == 12 and metrics["licenses_tested"] == 3
