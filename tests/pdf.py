"""Reading generated PDFs in tests."""

import io

from pypdf import PdfReader


def pdf_text(data):
    """All text of a PDF (bytes), whitespace folded, so assertions read like the document."""
    pages = PdfReader(io.BytesIO(bytes(data))).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def pdf_fonts(data):
    """The fonts a PDF (bytes) uses, on its pages and in the forms and patterns they draw (an SVG
    chart, for one): {name without the subset prefix "ABCDEF+": embedded font program or None}."""
    reader = PdfReader(io.BytesIO(bytes(data)))
    fonts, seen = {}, set()

    def program(font):
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:
            return None
        descriptor = descriptor.get_object()
        for key in ("/FontFile2", "/FontFile3", "/FontFile"):
            if key in descriptor:
                return descriptor[key].get_object().get_data()
        return None

    def walk(resources):
        resources = resources.get_object() if resources is not None else None
        if not resources or id(resources) in seen:
            return
        seen.add(id(resources))
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            descendants = [d.get_object() for d in font.get("/DescendantFonts") or []]
            fonts[name] = next(
                (p for p in map(program, [font, *descendants]) if p is not None), None
            )
        for kind in ("/XObject", "/Pattern"):
            for item in (resources.get(kind) or {}).values():
                walk(item.get_object().get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return fonts
