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


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download; ``make test`` apt-installs it)."""
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (make test installs it with apt-get)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync", "--disable-quic"],
        )
        yield launched
        launched.close()


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
