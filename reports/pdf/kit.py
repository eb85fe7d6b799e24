"""The ReportLab kit every PDF renderer builds on: one Unicode font family registered once,
the paragraph styles, tables, the A4 page template with the running header and page numbers
(``build_pdf``), and the one escaping helper every user or data string goes through before a
Paragraph (``para``; ``paragraph`` makes the Paragraph)."""

from __future__ import annotations

import copy
import importlib.util
import io
import re
import threading
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, SimpleDocTemplate, Spacer, Table, TableStyle

from . import fallback
from .branding import logo_row
from .paragraph import Paragraph
from .subsets import SubsetFont

# Page streams and images as binary (deflated) streams, not also ASCII85-encoded text: ReportLab's
# default since the days of 7-bit mail makes every PDF an eighth larger and slower to write.
rl_config.useA85 = 0

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
    """DejaVu ships with matplotlib (a dependency already), so no font files are vendored; found
    without importing matplotlib (its ``get_data_path()`` is this folder)."""
    return Path(importlib.util.find_spec("matplotlib").submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


def register_fonts() -> str:
    """Register the DejaVu Sans family (regular, bold, italic, bold-italic) once; idempotent."""
    with _lock:
        if FAMILY not in pdfmetrics.getRegisteredFontNames():
            directory = font_dir()
            for name, filename in _FILES.items():
                pdfmetrics.registerFont(SubsetFont(name, str(directory / filename)))
            pdfmetrics.registerFontFamily(
                FAMILY, normal=FAMILY, bold=f"{FAMILY}-Bold", italic=f"{FAMILY}-Oblique",
                boldItalic=f"{FAMILY}-BoldOblique",
            )
    return FAMILY


_base_chars: frozenset[int] | None = None


def base_chars() -> frozenset[int]:
    """The code points DejaVu Sans covers (the rest goes to ``fallback``)."""
    global _base_chars
    if _base_chars is None:
        register_fonts()
        _base_chars = fallback.covered(FAMILY)
    return _base_chars


def para(text) -> str:
    """User or data text as Paragraph markup: NFC-normalised, XML-escaped, newlines kept.

    ``<b>Äkäslompolo & Co</b>``, ``<img src=...>``, a lone ``<`` or ``</i>`` come out literally and
    can neither break the layout nor fetch anything. Characters DejaVu lacks (CJK, symbols) are
    set in a fallback font.
    """
    if text is None:
        return ""
    normalised = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    normalised = _CONTROL.sub("", normalised)
    return "".join(escape(chunk) if font is None else f'<font name="{font}">{escape(chunk)}</font>'
                   for font, chunk in fallback.runs(normalised, base_chars())).replace("\n", "<br/>")


DARK = colors.HexColor("#0b5394")
MUTED = colors.HexColor("#4a5563")
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN  # the text width of every page


_styles: dict | None = None


def styles() -> dict:
    """The report styles, made once per process (shared: never change one, derive a new one)."""
    global _styles
    if _styles is None:
        _styles = _make_styles()
    return _styles


def _make_styles() -> dict:
    base = ParagraphStyle("base", fontName=FAMILY, fontSize=9.5, leading=13, alignment=TA_LEFT, splitLongWords=True)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        # a small note under a heading, kept with what it introduces (a heading with only its note
        # at a page end, the table on the next page, is an orphaned heading)
        "lead": ParagraphStyle("lead", parent=base, fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=2 * mm,
                               keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "h1": ParagraphStyle("h1", parent=base, fontName=f"{FAMILY}-Bold", fontSize=20, leading=25, textColor=DARK,
                             spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=f"{FAMILY}-Bold", fontSize=13, leading=17, textColor=DARK,
                             spaceBefore=10, spaceAfter=5, keepWithNext=1),
        "company": ParagraphStyle("company", parent=base, fontName=f"{FAMILY}-Bold", fontSize=16, leading=21),
        "index": ParagraphStyle("index", parent=base, fontName=f"{FAMILY}-Bold", fontSize=28, leading=34,
                                textColor=DARK),
        "quote": ParagraphStyle("quote", parent=base, fontName=f"{FAMILY}-Oblique", leftIndent=10,
                                borderPadding=(2, 0, 2, 6), spaceAfter=6),
    }


class _NumberedCanvas(Canvas):
    """Writes "sivu x / y" and the running header once the page count is known."""

    def __init__(self, *args, labels: dict, header: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._labels, self._header, self._pages = labels, header, []

    def showPage(self):  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        width, height = A4
        self.setFont(FAMILY, 7.5)
        self.setFillColor(MUTED)
        if self._pageNumber > 1:
            header = _CONTROL.sub("", unicodedata.normalize("NFC", self._header))
            fallback.draw_string(self, MARGIN, height - 11 * mm, header, base_chars(), FAMILY, 7.5)
            self.setStrokeColor(colors.HexColor("#c5ccd3"))
            self.line(MARGIN, height - 12.5 * mm, width - MARGIN, height - 12.5 * mm)
        self.drawRightString(width - MARGIN, 10 * mm, self._labels["page"].format(page=self._pageNumber, pages=total))
        self.drawString(MARGIN, 10 * mm, self._labels["project"])


HEAD = ParagraphStyle("table-head", fontName=f"{FAMILY}-Bold", fontSize=8.5, leading=10.5)
KEEP_ROWS = 18  # a table up to this many rows never splits across pages
MIN_ROWS = 3  # a longer table splits only with at least this many rows (header included) before the break


class KeptTable(Table):
    """A table that does not leave a lone row at a page end: a short one moves whole to the next
    page, a long one splits only when a few rows fit. (Unlike KeepTogether it is a plain
    flowable, so a heading with keepWithNext stays with it.)"""

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        self._calc(availWidth, availHeight)
        fits_a_page = sum(self._rowHeights) < A4[1] - 2 * 17 * mm - 30
        if fits_a_page and len(self._cellvalues) <= KEEP_ROWS:
            return []
        if fits_a_page and sum(self._rowHeights[:MIN_ROWS]) > availHeight:
            return []
        return super().split(availWidth, availHeight)


def table(rows, widths, header=True, bold_rows=()):
    """A table; header cells are wrapped Paragraphs (they never run into each other), and a
    short table is kept whole on one page (no single row stranded at a page end)."""
    if header:
        rows = [[Paragraph(para(cell), HEAD) if isinstance(cell, str) else cell for cell in rows[0]], *rows[1:]]
    table = KeptTable(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONT", (0, 0), (-1, -1), FAMILY, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#c5ccd3")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header:
        style += [("FONT", (0, 0), (-1, 0), f"{FAMILY}-Bold", 8.5), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)]
    for row in bold_rows:
        style.append(("FONT", (0, row), (-1, row), f"{FAMILY}-Bold", 8.5))
    table.setStyle(TableStyle(style))
    return table


def paragraphs(st: dict):
    """The renderers' ``P(text, style="body")``: user or data text, escaped by ``para``, as a
    Paragraph in one of the styles ``st`` (from ``styles()``)."""
    def P(text, style="body"):  # noqa: N802 (reads like the flowable it makes)
        return Paragraph(para(text), st[style])
    return P


def start() -> tuple[dict, object]:
    """What every report renderer begins with: the fonts registered, the styles and their ``P``."""
    register_fonts()
    st = styles()
    return st, paragraphs(st)


def cover_title(branding: list | None, project: str, title: str, P, gap: float = 0) -> list:  # noqa: N803
    """The top of a report's first page: the logos, the project's name (small) and the title
    (``gap``: space between the two)."""
    return [*logo_row(branding, WIDTH), P(project, "small"), *([Spacer(1, gap)] if gap else []), P(title, "h1")]


def facts_table(facts: list[tuple[str, str | None]], label_width: float, P) -> Table:  # noqa: N803
    """Label–value rows without a header (a cover's facts); a missing value reads "–"."""
    return table([[P(label, "cell"), P(value or "–", "cell")] for label, value in facts],
                 [label_width, WIDTH - label_width], header=False)


class _Frame(Frame):
    """The page's frame. platypus deep-copies it every time it measures a KeepTogether (a tenth of
    a report's time); its numbers cannot change, so only its other parts are copied."""

    def __deepcopy__(self, memo):
        twin = copy.copy(self)
        for name, value in self.__dict__.items():
            if not isinstance(value, (str, int, float, type(None))):
                twin.__dict__[name] = copy.deepcopy(value, memo)
        return twin


class _Document(SimpleDocTemplate):
    def build(self, flowables, canvasmaker):  # SimpleDocTemplate's, with the frame above
        self._calc()
        frame = _Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="normal")
        self.addPageTemplates([PageTemplate(id="First", frames=frame, pagesize=self.pagesize),
                               PageTemplate(id="Later", frames=frame, pagesize=self.pagesize)])
        BaseDocTemplate.build(self, flowables, canvasmaker=canvasmaker)


def build_pdf(story: list, title: str, header: str, labels: dict, lang: str) -> bytes:
    """A4 document with the running header and "sivu x / y" footer (``labels``: page, project)."""
    buffer = io.BytesIO()
    document = _Document(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=17 * mm,
                                 bottomMargin=17 * mm, title=title, author=labels["project"], lang=lang)
    document.build(story, canvasmaker=lambda *a, **k: _NumberedCanvas(*a, labels=labels, header=header, **k))
    return buffer.getvalue()
