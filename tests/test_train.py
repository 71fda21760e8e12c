"""Training: the shipped model is exactly what the corpus rebuilds, and evaluation is grouped by license."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from licensecheck.artifacts import CONSTRAINTS_FILE, META_FILE, MODEL_FILE, constraint_mismatches, load_model, read_constraints, training_environment
from licensecheck.classify import prepare
from licensecheck.cli import main
from licensecheck.corpus import Example, corpus_hash, load_corpus
from licensecheck.taxonomy import LABELS
from licensecheck.evaluate import format_metrics
from licensecheck.train import nested_cross_validate, train

REPO = Path(__file__).resolve().parent.parent


def test_shipped_model_was_trained_on_the_current_corpus() -> None:
    meta = json.loads((REPO / "models" / META_FILE).read_text())
    assert meta["corpus_sha256"] == corpus_hash(load_corpus(REPO / "corpora"))


SCORE_TOLERANCE = 1e-3  # a retrain elsewhere (other BLAS kernel, other float rounding) moves probabilities by ~1e-5


def corpus_scores(model_dir: Path, examples: list[Example]) -> tuple[np.ndarray, dict[str, float]]:
    """Every corpus clause's probabilities under the model in ``model_dir``, and its thresholds."""
    estimator, meta = load_model(model_dir)
    return estimator.predict_proba([prepare(example.text, meta.approach, example.context) for example in examples]), meta.thresholds


def test_retraining_reproduces_the_shipped_model(tmp_path) -> None:
    """Same thresholds, same labels on every corpus clause, scores within SCORE_TOLERANCE; the same bytes where
    the environment (Python, machine, pinned packages, BLAS kernel) is the one the shipped model's meta records."""
    result = train(REPO / "corpora", tmp_path, evaluate=False)
    shipped = json.loads((REPO / "models" / META_FILE).read_text())
    examples = load_corpus(REPO / "corpora")
    retrained_scores, retrained_thresholds = corpus_scores(tmp_path, examples)
    shipped_scores, shipped_thresholds = corpus_scores(REPO / "models", examples)
    assert retrained_thresholds == shipped_thresholds
    cuts = np.array([shipped_thresholds[label] for label in LABELS])
    flipped = np.argwhere((retrained_scores >= cuts) != (shipped_scores >= cuts))
    assert not len(flipped), [(examples[row].ref, LABELS[column]) for row, column in flipped[:10]]
    assert np.abs(retrained_scores - shipped_scores).max() <= SCORE_TOLERANCE
    if result.meta.extra["environment"] == shipped["environment"]:
        assert (tmp_path / MODEL_FILE).read_bytes() == (REPO / "models" / MODEL_FILE).read_bytes()
        assert result.meta.sha256 == shipped["sha256"]
    else:
        print(f"environment differs from the shipped model's meta; compared labels and scores only: {result.meta.extra['environment']}")


def test_the_test_environment_is_the_pinned_training_environment() -> None:
    """make test installs with models/train-constraints.txt, so the retrain above compares like with like."""
    pins = read_constraints(REPO / "models" / CONSTRAINTS_FILE)
    assert {"numpy", "scipy", "scikit-learn", "spacy"} <= set(pins)
    assert constraint_mismatches(pins, training_environment(pins)) == []


def test_a_package_version_other_than_its_pin_is_named(tmp_path) -> None:
    pins = tmp_path / CONSTRAINTS_FILE
    pins.write_text("numpy==0.0.1\n")
    assert constraint_mismatches(read_constraints(pins), training_environment(["numpy"])) == [f"numpy {np.__version__} (pinned 0.0.1)"]


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


def test_train_and_evaluate_outside_a_checkout_say_what_to_pass(monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("licensecheck.corpus.__file__", str(tmp_path / "site-packages" / "licensecheck" / "corpus.py"))
    for command in (["train", "--no-eval", "--out", str(tmp_path / "m")], ["evaluate"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines() == [
            "licensecheck: error: no corpus found: the annotated corpus is the corpora/ folder of a licensecheck checkout; "
            "run from the checkout or pass --corpus PATH/TO/corpora"
        ]


def test_a_checkout_corpus_is_found_from_the_current_folder(monkeypatch, tmp_path) -> None:
    from licensecheck.corpus import default_corpus_dir

    monkeypatch.chdir(REPO)
    monkeypatch.setattr("licensecheck.corpus.__file__", str(tmp_path / "site-packages" / "licensecheck" / "corpus.py"))
    assert default_corpus_dir() == REPO / "corpora"


def test_evaluation_reports_the_ai_and_data_licenses_apart() -> None:
    examples = [
        Example(f"clause {index} of license {key}", ("grant",) if index % 2 else ("disclaimer",), key, f"{key}:{index}")
        for key in ("llama-2-license-2023", "cdla-permissive-2.0", "mit", "gpl-3.0")
        for index in range(4)
    ]
    metrics = nested_cross_validate(examples, "tfidf-lr", folds=2, inner=0)
    assert metrics["ai_and_data"]["licenses_tested"] == 2 and metrics["ai_and_data"]["clauses_tested"] == 8
    assert "AI and data licenses, license level" in format_metrics(metrics)


@pytest.mark.parametrize("approach", ["tfidf-cues-ctx-lr", "tfidf-cues-vec-lr"])
def test_hashed_features_of_the_evaluation_give_exactly_the_pipelines_probabilities(approach: str) -> None:
    """Cross-validation hashes each clause (and computes its vector) once; a fold's model must still be the estimator
    the pipeline would fit."""
    from licensecheck.train import HashedFeatures, fit, prepared

    examples = [example for example in load_corpus(REPO / "corpora") if example.group in {"mit", "apache-2.0", "cc-by-nc-4.0", "llama-2-license-2023"}]
    train_rows = [index for index, example in enumerate(examples) if example.group != "mit"]
    test_rows = [index for index, example in enumerate(examples) if example.group == "mit"]
    features = HashedFeatures(examples, approach)
    cached = features.predict_proba(features.fit(train_rows), test_rows)
    direct = fit([examples[index] for index in train_rows], approach).predict_proba(prepared([examples[index] for index in test_rows], approach))
    assert np.array_equal(cached, direct)
