"""Fallback fonts for characters DejaVu Sans lacks, so that any name a user types prints as
typed: ``runs`` cuts a text into runs per font, ``kit.para`` wraps the fallback runs in
``<font name=...>`` and ``draw_string`` draws them on a canvas (the running header).

From Debian packages (README, "Fonts"): fonts-droid-fallback (Chinese, Japanese; Korean only
partly) and fonts-symbola (symbols such as ⚽ ⭐ ✅), tried in this order. A missing file is
skipped: those characters then print as DejaVu's empty box and nothing else changes. Arabic and
Hebrew are in DejaVu but print left to right without joining (ReportLab does not shape them).
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FALLBACKS = (
    ("DroidSansFallback", ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
                           "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf")),
    ("Symbola", ("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
                 "/usr/share/fonts/truetype/Symbola.ttf")),
)
_lock = threading.Lock()
_fallbacks: list[tuple[str, frozenset[int]]] | None = None


def covered(font_name: str) -> frozenset[int]:
    """The code points a registered TrueType font has a glyph for."""
    return frozenset(code for code, glyph in pdfmetrics.getFont(font_name).face.charToGlyph.items() if glyph)


def fallback_fonts() -> list[tuple[str, frozenset[int]]]:
    """The fallback fonts found on this machine with the characters each covers; registered once
    per process, on the first character DejaVu lacks (Latin text never pays for them: parsing
    Droid Sans Fallback takes about half a second)."""
    global _fallbacks
    with _lock:
        if _fallbacks is None:
            found = []
            for name, paths in FALLBACKS:
                path = next((p for p in paths if Path(p).is_file()), None)
                if path is not None:
                    if name not in pdfmetrics.getRegisteredFontNames():
                        pdfmetrics.registerFont(TTFont(name, path))
                    found.append((name, covered(name)))
            _fallbacks = found
    return _fallbacks


def runs(text: str, base: frozenset[int]) -> list[tuple[str | None, str]]:
    """``text`` as runs of (font, characters): None where the base font (code points ``base``)
    has the character, else the first fallback font that has it (None when none has)."""
    if not text:
        return []
    if text.isascii() or base.issuperset(map(ord, text)):
        return [(None, text)]
    fallbacks, result = fallback_fonts(), []
    for char in text:
        font = None
        if ord(char) not in base and not char.isspace():
            font = next((name for name, chars in fallbacks if ord(char) in chars), None)
        if result and result[-1][0] == font:
            result[-1] = (font, result[-1][1] + char)
        else:
            result.append((font, char))
    return result


def draw_string(canvas, x: float, y: float, text: str, base: frozenset[int], font: str, size: float) -> None:
    """``canvas.drawString`` in ``font`` with the fallback fonts for what it lacks."""
    for name, chunk in runs(text, base):
        canvas.setFont(name or font, size)
        canvas.drawString(x, y, chunk)
        x += canvas.stringWidth(chunk, name or font, size)
    canvas.setFont(font, size)
