"""The report font: its embedded subsets made once per process, its text encoded quicker.

Every PDF embeds, for each font it uses, a subset of the font file holding just the glyphs on its
pages. ReportLab cuts that subset out of DejaVu Sans and deflates it anew in each document: a
sixth of a report's time, though the reports of a run mostly use the same characters in the same
order (the labels come first). ``SubsetFont`` keeps each subset it made, deflated, by its glyph
list; a document gets exactly the bytes ReportLab would have written.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, TTFontFace, makeToUnicodeCMap

SUBSETS_MAX = 128  # entries per font face (a deflated subset 15–25 kB, its pieces 2–3 kB; about 1.5 MB a
# face); emptied when full


class SubsetFont(TTFont):
    """ReportLab's TrueType font whose subsets are made and deflated once per glyph list."""

    def __init__(self, name: str, filename: str, **options):
        super().__init__(name, filename, **options)
        self.face.__class__ = _SubsetFace
        self.face._made, self.face._made_lock = {}, threading.Lock()  # noqa: SLF001 (its own)

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 (ReportLab's names)
        """ReportLab's ``splitString`` (a text as (subset, codes) runs of this document's subsets),
        quicker when every character already has its code in the first subset, as nearly every
        string of a report has after the first few: one lookup per character instead of
        ReportLab's loop. Anything else (a new character, a no-break space, another subset) goes
        to ReportLab's own."""
        state = self.state.get(doc) if isinstance(text, str) else None
        if state is not None:
            assignments = state.assignments
            try:
                codes = bytes([assignments[code] for code in map(ord, text)])
            except (KeyError, ValueError):  # not yet assigned, or beyond the first subset
                pass
            else:
                return [(0, codes)] if codes else []
        return super().splitString(text, doc, encoding)

    def addObjects(self, doc):  # noqa: N802 (ReportLab's names)
        """ReportLab's ``TTFont.addObjects`` (the PDF font objects of each subset this document
        used) with each subset's widths array and ToUnicode map written and deflated once per
        process; the document writes the same bytes."""
        state = self.state.get(doc)
        if state is None or not doc.compression:
            return super().addObjects(doc)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internalName = self.getSubsetInternalName(n, doc)[1:]  # noqa: N806 (as in ReportLab)
            baseFontName = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")  # noqa: N806
            widths, cmap = self.face._pieces(baseFontName, subset, doc)  # noqa: SLF001 (its own)

            pdfFont = pdfdoc.PDFTrueTypeFont()  # noqa: N806
            pdfFont.__Comment__ = "Font %s subset %d" % (self.fontName, n)  # noqa: UP031
            pdfFont.Name = internalName
            pdfFont.BaseFont = baseFontName
            pdfFont.FirstChar = 0
            pdfFont.LastChar = len(subset) - 1
            pdfFont.Widths = _Written(widths)

            cmapStream = pdfdoc.PDFStream()  # noqa: N806
            cmapStream.content = cmap
            cmapStream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
            pdfFont.ToUnicode = doc.Reference(cmapStream, "toUnicodeCMap:" + baseFontName)

            pdfFont.FontDescriptor = self.face.addSubsetObjects(doc, baseFontName, subset)
            doc.Reference(pdfFont, internalName)
            doc.idToObject["BasicFonts"].dict[internalName] = pdfFont
        del self.state[doc]
        return None


class _Written(pdfdoc.PDFObject):
    """A PDF object already written out (a subset's widths array)."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


def forget_subsets() -> None:
    """Empty every report font's subset cache (the benchmark's first-report figure)."""
    for name in pdfmetrics.getRegisteredFontNames():
        face = getattr(pdfmetrics.getFont(name), "face", None)
        if isinstance(face, _SubsetFace):
            with face._made_lock:  # noqa: SLF001
                face._made.clear()  # noqa: SLF001


class _SubsetFace(TTFontFace):
    _made: dict
    _made_lock: threading.Lock

    def _deflated_subset(self, subset) -> tuple[bytes, int]:
        """(the subset deflated as ReportLab's FlateDecode filter does it, its raw length)."""
        key = tuple(subset)
        with self._made_lock:
            made = self._made.get(key)
        if made is None:
            raw = self.makeSubset(subset)
            made = (pdfdoc.PDFZCompress.encode(raw), len(raw))
            with self._made_lock:
                if len(self._made) >= SUBSETS_MAX:
                    self._made.clear()
                self._made[key] = made
        return made

    def _pieces(self, base_font_name: str, subset, doc) -> tuple[bytes, bytes]:
        """(the subset's widths array written out, its ToUnicode map deflated), once per
        process; both depend only on the subset's name and glyph list."""
        key = ("pieces", base_font_name, tuple(subset))
        with self._made_lock:
            made = self._made.get(key)
        if made is None:
            widths = pdfdoc.PDFArray(list(map(self.getCharWidth, subset))).format(doc)
            made = (widths, pdfdoc.PDFZCompress.encode(makeToUnicodeCMap(base_font_name, subset)))
            with self._made_lock:
                if len(self._made) >= SUBSETS_MAX:
                    self._made.clear()
                self._made[key] = made
        return made

    def addSubsetObjects(self, doc, fontname, subset):  # noqa: N802 (ReportLab's names)
        """ReportLab's ``TTFontFace.addSubsetObjects`` with the font file from the cache: the
        stream carries its filter already, so the document writes the same dictionary (Length1,
        Filter, Length) and the same bytes."""
        if not doc.compression:
            return super().addSubsetObjects(doc, fontname, subset)
        fontFile = pdfdoc.PDFStream()  # noqa: N806 (as in ReportLab)
        fontFile.content, length = self._deflated_subset(subset)
        fontFile.dictionary["Length1"] = length
        fontFile.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
        fontFileRef = doc.Reference(fontFile, "fontFile:%s(%s)" % (self.filename, fontname))  # noqa: N806, UP031

        flags = (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        fontDescriptor = pdfdoc.PDFDictionary({  # noqa: N806
            "Type": "/FontDescriptor",
            "Ascent": self.ascent,
            "CapHeight": self.capHeight,
            "Descent": self.descent,
            "Flags": flags,
            "FontBBox": pdfdoc.PDFArray(self.bbox),
            "FontName": pdfdoc.PDFName(fontname),
            "ItalicAngle": self.italicAngle,
            "StemV": self.stemV,
            "FontFile2": fontFileRef,
            "MissingWidth": self.defaultWidth,
        })
        return doc.Reference(fontDescriptor, "fontDescriptor:" + fontname)
