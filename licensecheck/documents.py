"""Text out of PDF and DOCX files, through well-kept readers (the optional ``documents`` extra)."""

from __future__ import annotations

import io

from .errors import InputError

DOCUMENT_SUFFIXES = (".pdf", ".docx")


def document_text(data: bytes, name: str) -> str:
    """The text of a PDF (pypdf) or DOCX (python-docx) file."""
    lowered = name.lower()
    try:
        if lowered.endswith(".pdf"):
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            return "\n\n".join(page.extract_text() or "" for page in reader.pages)
        if lowered.endswith(".docx"):
            from docx import Document

            return "\n\n".join(paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs)
    except ImportError as error:
        raise InputError(
            f"{name}: reading {lowered.rsplit('.', 1)[-1].upper()} needs the documents extra: pip install 'licensecheck[documents]'",
            "missing-extra",
        ) from error
    except Exception as error:  # noqa: BLE001 - the readers raise many kinds on damaged files
        raise InputError(f"{name}: cannot read the document ({error})", "unreadable") from error
    raise InputError(f"{name}: not a PDF or DOCX file", "unsupported")
