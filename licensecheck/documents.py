"""Text out of PDF and DOCX files, through well-kept readers (the optional ``documents`` extra)."""

from __future__ import annotations

import io

from .errors import InputError

DOCUMENT_SUFFIXES = (".pdf", ".docx")


def document_kind(data: bytes) -> str | None:
    """``"pdf"`` or ``"docx"`` when the bytes are such a document (by content, not by name), else None.

    >>> document_kind(b"%PDF-1.7 ..."), document_kind(b"MIT License")
    ('pdf', None)
    """
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data:
        return "docx"
    return None


def document_text(data: bytes, name: str, kind: str | None = None) -> str:
    """The text of a PDF (pypdf) or DOCX (python-docx) file; ``kind`` defaults to what the bytes are."""
    kind = kind or document_kind(data) or name.lower().rsplit(".", 1)[-1]
    try:
        if kind == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            return "\n\n".join(page.extract_text() or "" for page in reader.pages)
        if kind == "docx":
            from docx import Document

            return "\n\n".join(paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs)
    except ImportError as error:
        raise InputError(
            f"{name}: reading {kind.upper()} needs the documents extra: pip install 'licensecheck[documents]'",
            "missing-extra",
        ) from error
    except Exception as error:  # noqa: BLE001 - the readers raise many kinds on damaged files
        raise InputError(f"{name}: cannot read the document ({error})", "unreadable") from error
    raise InputError(f"{name}: not a PDF or DOCX file", "unsupported")
