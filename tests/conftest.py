"""Shared fixtures: the shipped classifier, loaded once for the session."""

from __future__ import annotations

import pytest

from licensecheck import load_classifier
from licensecheck.classify import ClauseClassifier


@pytest.fixture(scope="session")
def classifier() -> ClauseClassifier:
    return load_classifier()


@pytest.fixture(scope="session")
def reference_index():
    """The licensedcode-data index (built once into the test session's cache folder)."""
    from licensecheck.identify import load_index

    return load_index()


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    """Keep the reference-index cache of the tests out of the user's cache folder."""
    import os

    folder = os.environ.get("LICENSECHECK_TEST_CACHE") or str(tmp_path_factory.mktemp("cache"))
    previous = os.environ.get("LICENSECHECK_CACHE_DIR")
    os.environ["LICENSECHECK_CACHE_DIR"] = folder
    yield
    if previous is None:
        os.environ.pop("LICENSECHECK_CACHE_DIR", None)
    else:
        os.environ["LICENSECHECK_CACHE_DIR"] = previous
