"""The area chart written as SVG (web.area_chart): well-formed, every text escaped and shown
literally, the numbers and bar lengths those of the data, labels inside the drawing. (Its speed
is measured by benchmarks/scoring_benchmarks.py, not here.)"""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from web import area_chart
from web.charts import area_chart_phone_svg, area_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
NAMES = ["Verkkosivut ja myyntisivu", "Liidit, sähköpostimarkkinointi ja asiakkuudet (CRM)",
         "Verkkokauppa ja digitaalinen myynti, tilaaminen ja ajanvaraus", "Sosiaalinen media"]
OWN = [75.0, None, 100.0, 0.0]
PEERS = [55.2, 47.3, None, 61.0]
HOSTILE = '<b>Valtaaja</b> =1+1 & "x" \u202eyO\u202c e\u0301 ]]> nul\x00 esc\x1b'


def parse(svg: str):
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def charts(names=NAMES, own=OWN, peers=PEERS):
    return {"desktop": area_chart_svg(names, own, peers, "Yritys", "Vertailuryhmän keskiarvo (kaikki vastaajat)",
                                      "Taso (0–100)"),
            "phone": area_chart_phone_svg(names, own, peers, "Yritys", "Vertailuryhmän keskiarvo (kaikki vastaajat)")}


@pytest.mark.parametrize("kind", ["desktop", "phone"])
def test_names_numbers_and_legend_are_in_the_drawing(kind):
    root = parse(charts()[kind])
    shown = " ".join(texts(root))
    for name in NAMES:  # wrapped over lines, every word in order
        assert " ".join(name.split()) in " ".join(shown.split()) or all(w in shown for w in name.split())
    assert "Yritys" in shown and "keskiarvo" in shown
    numbers = [t for t in texts(root) if re.fullmatch(r"\d+|–", t)]
    own_numbers = ["75", "–", "100", "0"]
    assert all(n in numbers for n in own_numbers)
    if kind == "phone":  # the peers' numbers too, and "–" where there is none
        assert all(n in numbers for n in ["55", "47", "61"])
    else:
        assert "Taso (0–100)" in shown


@pytest.mark.parametrize("kind", ["desktop", "phone"])
def test_bar_lengths_follow_the_values(kind):
    root = parse(charts()[kind])
    own = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("fill") == area_chart.OWN_COLOUR]
    hatched = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("fill") == "url(#hatch)"]
    own, hatched = own[1:], hatched[1:]  # the first of each is the legend's swatch
    assert len(own) == len(hatched) == len(NAMES)
    unit = own[0] / 75.0
    # the values as the table beside the chart prints them: whole numbers (55.2 is drawn as 55)
    assert own == pytest.approx([round(v or 0) * unit for v in OWN], abs=0.1)
    assert hatched == pytest.approx([round(v or 0) * unit for v in PEERS], abs=0.1)


@pytest.mark.parametrize("kind", ["desktop", "phone"])
def test_hostile_names_are_escaped_and_shown_literally(kind):
    svg = charts(names=[HOSTILE, "x" * 300, "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627", ""],
                 own=[10.0, 20.0, 30.0, None], peers=[1.0, 2.0, 3.0, 4.0])[kind]
    root = parse(svg)  # well-formed despite markup, quotes, ampersands and a CDATA end
    assert "<b>" not in svg
    joined = " ".join(texts(root))
    for word in HOSTILE.replace("\x00", "").replace("\x1b", "").split():  # (control characters are left out)
        assert word in joined
    assert "x" * 300 in joined  # a word longer than the chart stays whole on its own line


@pytest.mark.parametrize("kind, width", [("desktop", 640), ("phone", 360)])
def test_labels_fit_the_drawing(kind, width):
    root = parse(charts()[kind])
    assert float(root.get("width")) == width
    for node in root.iter(f"{SVG}text"):
        size, x = float(node.get("font-size")), float(node.get("x"))
        extent = area_chart.text_width(node.text, size, node.get("font-weight") == "bold")
        start = {"start": x, "middle": x - extent / 2, "end": x - extent}[node.get("text-anchor")]
        assert 0 <= start and start + extent <= width + 0.5, node.text
    assert float(root.get("height")) > 100
