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


# Fallback fonts for characters DejaVu Sans lacks, from Debian packages (see README, "Fonts"):
# fonts-droid-fallback (Chinese, Japanese, Korean) and fonts-symbola (symbols, emoji drawn as
# outlines). Tried in this order; a missing file is skipped (those characters then print as
# DejaVu's missing-glyph box), so the reports still render on a machine without the packages.
FALLBACKS = (
    ("DroidSansFallback", ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
                           "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf")),
    ("Symbola", ("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
                 "/usr/share/fonts/truetype/Symbola.ttf")),
)
_dejavu_chars: frozenset[int] | None = None
_fallbacks: list[tuple[str, frozenset[int]]] | None = None


def _covered(name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(code for code, glyph in pdfmetrics.getFont(name).face.charToGlyph.items() if glyph)


def fallback_fonts() -> list[tuple[str, frozenset[int]]]:
    """The fallback fonts found on this machine with the characters each covers, registered
    once per process, on the first character DejaVu lacks (Latin text never pays for them)."""
    global _fallbacks
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        if _fallbacks is None:
            found = []
            for name, paths in FALLBACKS:
                path = next((p for p in paths if Path(p).is_file()), None)
                if path is not None:
                    if name not in pdfmetrics.getRegisteredFontNames():
                        pdfmetrics.registerFont(TTFont(name, path))
                    found.append((name, _covered(name)))
            _fallbacks = found
    return _fallbacks


def _dejavu() -> frozenset[int]:
    global _dejavu_chars
    if _dejavu_chars is None:
        register_fonts()
        _dejavu_chars = _covered(FAMILY)
    return _dejavu_chars


def runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut into runs of (font, characters): None for DejaVu Sans, else the first
    fallback font that has the character."""
    if not text:
        return []
    dejavu = _dejavu()
    if text.isascii() or dejavu.issuperset(map(ord, text)):
        return [(None, text)]
    fallbacks, result = None, []
    for char in text:
        font = None
        if ord(char) not in dejavu and not char.isspace():
            fallbacks = fallbacks if fallbacks is not None else fallback_fonts()
            font = next((name for name, chars in fallbacks if ord(char) in chars), None)
        if result and result[-1][0] == font:
            result[-1] = (font, result[-1][1] + char)
        else:
            result.append((font, char))
    return result


def draw_string(canvas, x: float, y: float, text: str, size: float, font: str = FAMILY) -> None:
    """``canvas.drawString`` with the same fallback fonts as ``para`` (for page headers)."""
    for name, chunk in runs(unicodedata.normalize("NFC", _CONTROL.sub("", text))):
        canvas.setFont(name or font, size)
        canvas.drawString(x, y, chunk)
        x += canvas.stringWidth(chunk, name or font, size)
    canvas.setFont(font, size)


def para(text) -> str:
    """User or data text as Paragraph markup: NFC-normalised, XML-escaped, newlines kept.

    ``<b>Äkäslompolo & Co</b>``, ``<img src=...>``, a lone ``<`` or ``</i>`` come out literally and
    can neither break the layout nor fetch anything.
    """
    if text is None:
        return ""
    normalised = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    normalised = _CONTROL.sub("", normalised)
    return "".join(escape(chunk) if font is None else f'<font name="{font}">{escape(chunk)}</font>'
                   for font, chunk in runs(normalised)).replace("\n", "<br/>")
