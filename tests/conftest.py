"""Shared fixtures: the shipped classifier, loaded once for the session."""

from __future__ import annotations

import pytest

from licensecheck import load_classifier
from licensecheck.classify import ClauseClassifier


@pytest.fixture(scope="session")
def classifier() -> ClauseClassifier:
    return load_classifier()
