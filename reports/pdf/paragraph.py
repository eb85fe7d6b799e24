"""The reports' Paragraph: ReportLab's own, with the work that repeats from report to report done
once per process. A report's labels, area names and descriptions come again in every report (as
in ``flask report all``), and platypus asks a paragraph for its size several times (a table, a
KeepTogether, the frame). What it draws is ReportLab's own (tests/test_report_speed.py)."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph as _paragraph
from reportlab.platypus.paraparser import ParaParser

_PARSED: dict = {}  # (markup, id(style), case) → (style, parsed style, fragments, cleaned markup)
_PARSED_MAX = 2_000  # about 5 kB each (10 MB); emptied when full
_LINES: dict = {}  # ((markup, id(style), case), line widths) → (style, lines, what breaking set)
_LINES_MAX = 2_000  # about 2 kB each (4 MB); emptied when full
# what ReportLab's breakLines sets on the paragraph besides returning its lines
_BREAK_STATE = ("_width_max", "height", "_splitLongWordCount", "_hyphenations")


def _parsed(text: str, style: ParagraphStyle, case_sensitive: int):
    """ReportLab's parse of ``text`` in ``style`` (cleaned, transformed, as ``Paragraph`` does it)
    and the cleaned text, once per process. None when ReportLab would not parse it the simple way
    (bullets, errors: it then raises)."""
    key = (text, id(style), case_sensitive)
    hit = _PARSED.get(key)
    if hit is not None and hit[0] is style:
        return hit[1:]
    cleaned = _paragraph.cleanBlockQuotedText(text)
    if cleaned and "<" not in cleaned and "&" not in cleaned:  # no markup: one run in the style
        parsed_style, frags = style, [_plain_run(style, case_sensitive).clone(text=cleaned)]
    else:
        parser = ParaParser()
        parser.caseSensitive = case_sensitive
        parsed_style, frags, bullet = parser.parse(cleaned, style)
        if frags is None or bullet:
            return None
    _paragraph.textTransformFrags(frags, parsed_style)
    if len(_PARSED) >= _PARSED_MAX:
        _PARSED.clear()
    _PARSED[key] = (style, parsed_style, frags, cleaned)
    return parsed_style, frags, cleaned


_PLAIN: dict = {}  # (id(style), case) → (style, the run ReportLab makes of markup-free text in it)
_PLAIN_MAX = 500  # a style made per render (the aggregate report's) must not grow it for ever


def _plain_run(style: ParagraphStyle, case_sensitive: int):
    """What ReportLab's parser makes of text without markup in ``style`` (its font, size, colour…),
    with a stand-in text: the parser, the slowest part of a first report, is needed only for
    markup (tests/test_report_speed.py compares the two on any text)."""
    key = (id(style), case_sensitive)
    hit = _PLAIN.get(key)
    if hit is None or hit[0] is not style:
        parser = ParaParser()
        parser.caseSensitive = case_sensitive
        if len(_PLAIN) >= _PLAIN_MAX:
            _PLAIN.clear()
        hit = _PLAIN[key] = (style, parser.parse("x", style)[1][0])
    return hit[1]


def forget_parsed() -> None:
    """Empty the per-process parse and line caches (the benchmark's first-report figure)."""
    _PARSED.clear()
    _LINES.clear()
    _PLAIN.clear()


class Paragraph(_paragraph.Paragraph):
    """ReportLab's Paragraph, parsed once per text and style in a process (each paragraph gets its
    own copies of the fragments, which layout annotates), its lines broken once per text, style
    and width in a process when it is a single run of text (ReportLab's "kind 0" lines: plain
    strings, which nothing changes afterwards) and its size worked out once per width."""

    def _setup(self, text, style, bulletText, frags, cleaner):  # noqa: N803 (ReportLab's names)
        if frags is None and not bulletText and isinstance(text, str) and cleaner is _paragraph.cleanBlockQuotedText:
            parsed = _parsed(text, style, self.caseSensitive)
            if parsed is not None:
                self._lines_key = (text, id(style), self.caseSensitive)
                style, frags, text = parsed[0], [frag.clone() for frag in parsed[1]], parsed[2]
        super()._setup(text, style, bulletText, frags, cleaner)

    def breakLines(self, width):  # noqa: N802 (ReportLab's name)
        key = self.__dict__.get("_lines_key")
        if key is None or self.bulletText or "autoLeading" in self.__dict__:
            return super().breakLines(width)
        key = (key, tuple(width) if isinstance(width, (list, tuple)) else (width,))
        hit = _LINES.get(key)
        if hit is not None and hit[0] is self.style:
            self.__dict__.update(hit[2])
            return hit[1]
        lines = super().breakLines(width)
        if lines.kind == 0:
            if len(_LINES) >= _LINES_MAX:
                _LINES.clear()
            _LINES[key] = (self.style, lines, {name: self.__dict__[name] for name in _BREAK_STATE})
        return lines

    def wrap(self, availWidth, availHeight):  # noqa: N803
        last = self.__dict__.get("_wrapped")  # (width, size, the lines it made): still those lines?
        if last is not None and last[0] == availWidth and self.__dict__.get("blPara") is last[2]:
            return last[1]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size, self.__dict__.get("blPara"))
        return size
