"""Fonts and text for the ReportLab renderers: one Unicode font family registered once, and
the one escaping helper every user or data string goes through before a Paragraph."""

from __future__ import annotations

import re
import threading
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

FAMILY = "DejaVuSans"
_FILES = {
    FAMILY: "DejaVuSans.ttf",
    f"{FAMILY}-Bold": "DejaVuSans-Bold.ttf",
    f"{FAMILY}-Oblique": "DejaVuSans-Oblique.ttf",
    f"{FAMILY}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}
_lock = threading.Lock()
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def font_dir() -> Path:
    """DejaVu ships with matplotlib (a dependency already), so no font files are vendored."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def register_fonts() -> str:
    """Register the DejaVu Sans family (regular, bold, italic, bold-italic) once; idempotent."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        if FAMILY not in pdfmetrics.getRegisteredFontNames():
            directory = font_dir()
            for name, filename in _FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(directory / filename)))
            pdfmetrics.registerFontFamily(
                FAMILY, normal=FAMILY, bold=f"{FAMILY}-Bold", italic=f"{FAMILY}-Oblique",
                boldItalic=f"{FAMILY}-BoldOblique",
            )
    return FAMILY


def para(text) -> str:
    """User or data text as Paragraph markup: NFC-normalised, XML-escaped, newlines kept.

    ``<b>Äkäslompolo & Co</b>``, ``<img src=...>``, a lone ``<`` or ``</i>`` come out literally and
    can neither break the layout nor fetch anything.
    """
    if text is None:
        return ""
    normalised = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    normalised = _CONTROL.sub("", normalised)
    return escape(normalised).replace("\n", "<br/>")
