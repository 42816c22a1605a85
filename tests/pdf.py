"""Reading generated PDFs in tests."""

import io

from pypdf import PdfReader


def pdf_text(data):
    """All text of a PDF (bytes), whitespace folded, so assertions read like the document."""
    pages = PdfReader(io.BytesIO(bytes(data))).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())
