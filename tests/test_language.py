"""py3langid's model unpacked into the cache folder names the same languages as py3langid's own loader."""

from __future__ import annotations

import pytest

from licensecheck.language import _from_unpacked
from licensecheck.licensedb import load_license

FOREIGN = ("cc-by-nc-sa-2.0-de", "cc-by-nc-sa-2.0-fr", "cc-by-sa-3.0-de")


@pytest.fixture(scope="module")
def loaders():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return _from_unpacked(MODEL_DIR / MODEL_FILE, LanguageIdentifier), LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_the_unpacked_model_scores_every_paragraph_as_py3langid_does(loaders) -> None:
    unpacked, shipped = loaders
    paragraphs = [part for key in FOREIGN for part in load_license(key).text.split("\n\n") if len(part) > 40]
    assert len(paragraphs) > 50
    assert [unpacked.classify(part) for part in paragraphs] == [shipped.classify(part) for part in paragraphs]
    assert {shipped.classify(part)[0] for part in paragraphs} >= {"de", "fr"}


def test_the_model_is_unpacked_once_and_then_read(loaders, tmp_path, monkeypatch) -> None:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    monkeypatch.setenv("LICENSECHECK_CACHE_DIR", str(tmp_path))
    (tmp_path / "langid").mkdir()
    (tmp_path / "langid" / "model-1-2.npz").write_bytes(b"an older py3langid's model")
    _from_unpacked(MODEL_DIR / MODEL_FILE, LanguageIdentifier)
    [unpacked] = (tmp_path / "langid").glob("model-*.npz")
    written = unpacked.stat().st_mtime_ns
    again = _from_unpacked(MODEL_DIR / MODEL_FILE, LanguageIdentifier)
    assert unpacked.stat().st_mtime_ns == written
    assert again.classify("Diese Lizenz erlaubt keine kommerzielle Nutzung.")[0] == "de"
