"""Any name a user types prints as typed: characters DejaVu Sans lacks are set in a fallback
font (fonts-droid-fallback for Chinese and Japanese, fonts-symbola for symbols)."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports.pdf import fallback, kit

CJK = "東京株式会社"
ARABIC = "مرحبا"
SYMBOLS = "⚽⭐✅"
NAME = f"{CJK} {ARABIC} {SYMBOLS} Oy"

needs_fonts = pytest.mark.skipif(
    not all(any(Path(p).is_file() for p in paths) for _name, paths in fallback.FALLBACKS),
    reason="fallback font packages missing: apt-get install fonts-droid-fallback fonts-symbola "
           "(make test does as root)")


def test_runs_wrap_only_what_dejavu_lacks():
    markup = kit.para("Äkäs <b> 東京 ⚽")
    assert markup.startswith("Äkäs &lt;b&gt; ")
    if fallback.fallback_fonts():
        assert '<font name="DroidSansFallback">東京</font>' in markup and '<font name="Symbola">⚽</font>' in markup
    assert kit.para("plain ASCII & <i>") == "plain ASCII &amp; &lt;i&gt;"


@needs_fonts
def test_company_name_in_any_script_prints_as_typed(walker):
    token = walker.start()
    walker.walk(token, overrides={"company_name": NAME})
    response = walker.client.get(f"/a/{token}/raportti.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert CJK in text and SYMBOLS in text
    assert ARABIC in text or ARABIC[::-1] in text  # printed without right-to-left shaping (README)
    # the page header of the later pages carries the name too
    assert CJK in reader.pages[1].extract_text()
    fonts = {str(font.get("/BaseFont")) for page in reader.pages
             for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()
             for font in [font.get_object()]}
    assert any("DroidSansFallback" in f for f in fonts) and any("Symbola" in f for f in fonts)
