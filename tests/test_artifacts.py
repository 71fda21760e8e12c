"""Saving and loading the model: reproducible bytes, hash check, trusted types only."""

from __future__ import annotations

import json

import pytest

from licensecheck.artifacts import MODEL_FILE, META_FILE, load_model, save_model
from licensecheck.classify import build_estimator
from licensecheck.errors import ModelError
from licensecheck.taxonomy import LABELS

META = {"labels": list(LABELS), "thresholds": {label: 0.5 for label in LABELS}, "sklearn_version": "0.0"}


def fitted():
    import numpy as np

    estimator = build_estimator()
    target = np.zeros((4, len(LABELS)), dtype=int)
    target[0, 0] = target[1, 0] = 1
    target[2, 12] = target[3, 12] = 1
    return estimator.fit(["no commercial use", "non-commercial only", "provided as is", "no warranty"], target)


def meta_for_installed_sklearn():
    import sklearn

    return {**META, "sklearn_version": sklearn.__version__}


def test_saving_twice_gives_identical_bytes(tmp_path) -> None:
    first = save_model(fitted(), meta_for_installed_sklearn(), tmp_path / "a")
    second = save_model(fitted(), meta_for_installed_sklearn(), tmp_path / "b")
    assert first.sha256 == second.sha256
    assert (tmp_path / "a" / MODEL_FILE).read_bytes() == (tmp_path / "b" / MODEL_FILE).read_bytes()


def test_round_trip_predicts_the_same(tmp_path) -> None:
    estimator = fitted()
    save_model(estimator, meta_for_installed_sklearn(), tmp_path)
    loaded, meta = load_model(tmp_path)
    assert meta.labels == LABELS
    assert (loaded.predict_proba(["provided as is"]) == estimator.predict_proba(["provided as is"])).all()


def test_a_changed_model_file_is_refused(tmp_path) -> None:
    save_model(fitted(), meta_for_installed_sklearn(), tmp_path)
    data = bytearray((tmp_path / MODEL_FILE).read_bytes())
    data[-10] ^= 0xFF
    (tmp_path / MODEL_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256 differs"):
        load_model(tmp_path)


def test_types_outside_the_allow_list_are_refused(tmp_path) -> None:
    from sklearn.tree import DecisionTreeClassifier

    tree = DecisionTreeClassifier().fit([[0], [1]], [0, 1])
    save_model(tree, meta_for_installed_sklearn(), tmp_path)
    with pytest.raises(ModelError, match=r"refusing to load untrusted types: sklearn\.tree\."):
        load_model(tmp_path)


def test_missing_model_says_how_to_build_one(tmp_path) -> None:
    with pytest.raises(ModelError, match="run 'licensecheck train'"):
        load_model(tmp_path)


def test_a_model_for_another_taxonomy_is_refused(tmp_path) -> None:
    save_model(fitted(), meta_for_installed_sklearn(), tmp_path)
    meta = json.loads((tmp_path / META_FILE).read_text())
    meta["taxonomy_version"] = "0"
    (tmp_path / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="taxonomy v0"):
        load_model(tmp_path)
