"""What the report's speed-ups must not change: the cover logos drawn from a per-process image
object look exactly as ReportLab's own ``Image`` draws them (opaque and transparent logos, in
document after document), and the chart drawn straight on the canvas is the chart the graphics
library drew (same pixels, same text)."""

import io

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies
from PIL import Image as PILImage
from PIL import ImageChops
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Image, SimpleDocTemplate

from reports.pdf import branding


def _pixels(pdf: bytes):
    document = pdfium.PdfDocument(pdf)
    return [page.render(scale=2).to_pil().convert("RGB") for page in document]


def _document(flowables) -> bytes:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(flowables)
    return buffer.getvalue()


def _logo_bytes(mode: str) -> bytes:
    image = PILImage.new(mode, (300, 100), (11, 83, 148, 255) if mode == "RGBA" else (11, 83, 148))
    for x in range(0, 300, 7):  # some structure, and (RGBA) a transparent stripe
        for y in range(40, 60):
            image.putpixel((x, y), (250, 200, 0, 0) if mode == "RGBA" else (250, 200, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG" if mode == "RGBA" else "JPEG", quality=95)
    return buffer.getvalue()


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_a_cached_logo_looks_as_reportlab_draws_it(mode):
    data = _logo_bytes(mode)
    expected = _pixels(_document([Image(io.BytesIO(data), width=90, height=30, hAlign="LEFT"),
                                  Image(io.BytesIO(data), width=60, height=20, hAlign="LEFT")]))
    for _ in range(3):  # the object is made once and embedded in each new document
        got = _pixels(_document([branding.Logo(data, 90, 30), branding.Logo(data, 60, 20)]))
        assert len(got) == len(expected)
        for a, b in zip(expected, got):
            assert ImageChops.difference(a, b).getbbox() is None


def _story(paragraph_class, st) -> list:
    """Paragraphs that wrap, split across pages, sit in tables and in KeepTogether, with markup."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    from reports.pdf import kit

    long = " ".join(f"Sana{n} <b>lihava</b> &amp; <i>kursiivi</i> Äkäslompolo" for n in range(120))
    story = []
    for n in range(6):
        story += [paragraph_class(f"<b>Otsikko {n}</b>", st["h2"]), paragraph_class(long, st["body"]),
                  paragraph_class("Pitkä kappale yhtä tekstiä ilman merkintöjä " * 90, st["body"]),  # splits too
                  KeepTogether([paragraph_class("Pidetään yhdessä " * 30, st["small"]),
                                paragraph_class(kit.para("<script> & \u202eRTL"), st["quote"])]),
                  kit.KeptTable([[paragraph_class(f"Solu {r} " * 12, st["cell"]), paragraph_class("Toinen", st["cell"])]
                                 for r in range(25)], colWidths=[100 * mm, 60 * mm]),
                  Spacer(1, 5 * mm)]
    return story


def test_the_parse_once_paragraph_lays_out_and_draws_as_reportlabs():
    """Parsing once per process, breaking lines once per text, style and width in a process and
    wrapping once per width change nothing on the page, even where platypus splits paragraphs and
    tables across pages and tries again."""
    from reportlab.platypus import Paragraph as ReportLabParagraph

    from reports.pdf import kit

    st, _ = kit.start()
    expected = _document(_story(ReportLabParagraph, st))
    for _ in range(2):  # the second time from the parse and line caches
        got = _document(_story(kit.Paragraph, st))
        pages_expected, pages_got = _pixels(expected), _pixels(got)
        assert len(pages_got) == len(pages_expected) > 5
        for a, b in zip(pages_expected, pages_got):
            assert ImageChops.difference(a, b).getbbox() is None


def _charts():
    from reports.pdf import charts

    areas = [{"name": "Liidit, sähköpostimarkkinointi ja asiakkuudet (CRM)", "level": 75, "peer_mean": 46},
             {"name": "Sosiaalinen media", "level": None, "peer_mean": 45},
             {"name": "Tekoäly", "level": 0, "peer_mean": None},
             {"name": "Verkkokauppa", "level": 100, "peer_mean": 100}]
    counts = [{"name": "Aloittelija", "count": 12, "text": "12"}, {"name": "Edistynyt", "count": 0, "text": "< 5",
                                                                   "hidden": True}]
    changes = [{"name": "Sosiaalinen media", "change": 12.5, "ci_low": 3.0, "ci_high": 22.0},
               {"name": "Tekoäly", "change": None}, {"name": "Verkkosivut", "change": -4.0, "ci_low": None,
                                                     "ci_high": None}]
    return [charts.area_levels(areas, 480, "Yritys", "Muut"), charts.counts_bar(counts, 480, "yritystä"),
            charts.change_intervals(changes, 480, "muutos")]


@pytest.mark.parametrize("which", [0, 1, 2])
def test_charts_written_straight_onto_the_page_look_as_the_renderer_draws_them(which):
    from reportlab.graphics.shapes import Drawing

    from reports.pdf import charts, kit

    kit.register_fonts()
    quick = _charts()[which]
    assert isinstance(quick, charts.QuickDrawing) and all(charts._plain(node) for node in quick.contents)
    rendered = Drawing(quick.width, quick.height)
    rendered.contents = quick.contents  # the same shapes through ReportLab's renderer
    expected, got = _pixels(_document([rendered])), _pixels(_document([quick]))
    assert ImageChops.difference(expected[0], got[0]).getbbox() is None
    text = [pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range() for pdf in
            (_document([rendered]), _document([quick]))]
    assert text[0] == text[1] and text[0].strip()


def test_font_subsets_made_once_are_the_bytes_reportlab_writes(monkeypatch):
    """A document whose font subsets come from the per-process cache, its text encoded by the
    quick path, is byte for byte the one ReportLab's own methods write with the same font, in
    document after document."""
    from reportlab import rl_config
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
    from reportlab.platypus import Paragraph

    from reports.pdf import kit, subsets

    monkeypatch.setattr(rl_config, "invariant", 1)  # no date or random ID in the bytes
    kit.register_fonts()
    assert isinstance(pdfmetrics.getFont(kit.FAMILY), subsets.SubsetFont)
    # more than 256 characters: several subsets per document; a no-break space
    text = "Äkäslompolo\u00a0– Šibenik “quoted” € ½ " + "".join(chr(c) for c in range(0x100, 0x250))

    def document() -> bytes:
        return _document([Paragraph(kit.para(part), ParagraphStyle("x", fontName=kit.FAMILY))
                          for part in ("Äkäslompolo ja Šibenik", text, "Äkäslompolo ja Šibenik", text)])

    with monkeypatch.context() as plain:  # ReportLab's own subsetting and encoding
        plain.setattr(subsets.SubsetFont, "splitString", TTFont.splitString)
        plain.setattr(subsets.SubsetFont, "addObjects", TTFont.addObjects)
        plain.setattr(subsets._SubsetFace, "addSubsetObjects", TTFontFace.addSubsetObjects)
        expected = document()
    subsets.forget_subsets()
    for _ in range(3):  # made, then from the cache
        assert document() == expected


@settings(max_examples=300, deadline=None)
@given(text=strategies.text(strategies.characters(blacklist_characters="<&", blacklist_categories=("Cs",)),
                            min_size=1, max_size=60),
       style=strategies.sampled_from(["body", "small", "cell", "h1", "h2", "company", "index", "quote"]))
def test_markup_free_text_is_the_run_reportlabs_parser_makes(text, style):
    """Text without markup skips ReportLab's parser: the run it gets is the parser's, attribute for
    attribute (fonts, size, colour, text after cleaning), whatever the characters (spaces of any
    kind, soft hyphens, direction marks, emoji)."""
    from reportlab.platypus import paragraph as rl_paragraph
    from reportlab.platypus.paraparser import ParaParser

    from reports.pdf import kit
    from reports.pdf import paragraph as ours

    styles, _ = kit.start()
    cleaned = rl_paragraph.cleanBlockQuotedText(text)
    parser = ParaParser()
    parser.caseSensitive = 1
    expected_style, expected, _bullet = parser.parse(cleaned, styles[style])
    ours.forget_parsed()
    got = ours._parsed(text, styles[style], 1)
    if not cleaned:  # empty after cleaning: the parser's way
        assert got is None or (got[0] is expected_style and len(got[1]) == len(expected))
        return
    assert got[0] is expected_style and got[2] == cleaned
    assert [frag.__dict__ for frag in got[1]] == [frag.__dict__ for frag in expected]
