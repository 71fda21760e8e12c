"""Small PDF and DOCX files built in the tests from a license text (no binary fixtures in the repository)."""

from __future__ import annotations

import io
import textwrap


def pdf_bytes(text: str) -> bytes:
    """A one-font PDF whose pages carry ``text`` (wrapped at 90 characters, 60 lines a page)."""
    lines = [wrapped for paragraph in text.splitlines() for wrapped in (textwrap.wrap(paragraph, 90) or [""])]
    pages = [lines[start : start + 60] for start in range(0, len(lines), 60)] or [[]]
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for page in pages:
        escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in page]
        stream = "BT /F1 10 Tf 12 TL 40 800 Td " + " ".join(f"({line.encode('latin-1', 'replace').decode('latin-1')}) '" for line in escaped) + " ET"
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1", "replace"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    """A DOCX with one paragraph per paragraph of ``text`` (python-docx)."""
    from docx import Document

    document = Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
