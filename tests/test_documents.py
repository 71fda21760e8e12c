"""One reader for PDF and DOCX: analyze, batch and the web page read the same documents the same way."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from documents import docx_bytes, pdf_bytes

from licensecheck.cli import main
from licensecheck.errors import InputError
from licensecheck.licensedb import load_license
from licensecheck.source import read_bytes

LLAMA = load_license("llama-2-license-2023").text
MAKERS = {"pdf": pdf_bytes, "docx": docx_bytes}


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_document_is_read_by_its_content_whatever_its_name(kind: str) -> None:
    read = read_bytes(MAKERS[kind](LLAMA), origin="uploaded-file")
    assert read.encoding == kind
    assert "700 million monthly active users" in " ".join(read.text.split())


def test_a_damaged_pdf_is_refused_in_one_line() -> None:
    with pytest.raises(InputError, match=r"^blob: cannot read the document"):
        read_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", origin="blob")


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_analyze_batch_and_the_web_page_agree_on_a_document(kind: str, tmp_path, classifier, reference_index) -> None:
    document = tmp_path / "docs" / f"LICENSE.{kind}"
    document.parent.mkdir()
    document.write_bytes(MAKERS[kind](LLAMA))
    analyzed = CliRunner().invoke(main, ["analyze", str(document), "--format", "json"])
    assert analyzed.exit_code == 0, analyzed.output
    labels = set(json.loads(analyzed.output)["labels"])
    assert {"user-count-cap", "use-case-limit"} <= labels

    batch = CliRunner().invoke(main, ["batch", str(document.parent), "--format", "jsonl", "--no-cache"])
    assert batch.exit_code == 0, batch.output
    [record] = [json.loads(line) for line in batch.stdout.splitlines()]
    assert set(record["labels"]) == labels

    from fastapi.testclient import TestClient

    from licensecheck.web import create_app

    response = TestClient(create_app()).post("/api/analyze", files={"file": (document.name, document.read_bytes())})
    assert response.status_code == 200, response.text
    assert set(response.json()["labels"]) == labels
