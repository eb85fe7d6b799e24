"""The web pages' charts (results, follow-up, advisor and coordinator pages), readable in grey
scale: the company's bars are solid dark, the peers' are light and hatched. The area charts are
written as SVG directly (``web.area_chart``: a millisecond, where matplotlib took 80–100 ms); the
coordinator's distribution is drawn with matplotlib's Figure API (never pyplot) once per distinct
data. ``chart_data_uri`` is the area chart of report data as an <img> source (also a template global)."""

from __future__ import annotations

import base64
import io
from functools import lru_cache
import textwrap

from flask_babel import gettext as _

from . import area_chart
from .area_chart import OWN_COLOUR, PEER_COLOUR  # noqa: F401 (the pages' colours, named here too)


def svg_data_uri(svg: str) -> str:
    """An SVG as a data URI for an <img> (with alt text and a table next to it)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _rounded(values) -> tuple:
    """The values as the tables beside the charts print them: rounded once, to whole numbers (a
    bar's label is then the table's figure: 44.55 is 45 in both, never 44.6 → "44")."""
    return tuple(None if v is None else round(float(v)) for v in values)


def area_chart_svg(names: list[str], own: list, peers: list, own_label: str, peer_label: str, axis_label: str) -> str:
    """Horizontal bars: the company's level and the peer mean per area (None = not shown);
    written directly as SVG (web.area_chart), the same chart (values to 0.1) once per process."""
    return area_chart.desktop(tuple(names), _rounded(own), _rounded(peers), own_label, peer_label, axis_label)


def bar_chart_svg(names: list[str], values: list[int], axis_label: str) -> str:
    """Vertical bars with their values written on top (a distribution); cached like the above."""
    return _bar_chart(tuple(names), tuple(int(v) for v in values), axis_label)


@lru_cache(maxsize=256)
def _bar_chart(names, values, axis_label) -> str:
    from matplotlib import rc_context  # lazy: matplotlib adds seconds to every worker's start; only charts need it
    from matplotlib.figure import Figure  # lazy: as above

    with rc_context({"svg.hashsalt": "digianalyysi", "svg.fonttype": "none", "font.family": "DejaVu Sans",
                     "font.size": 10}):
        figure = Figure(figsize=(6.4, 3.2), layout="constrained")
        axes = figure.add_subplot()
        positions = range(len(names))
        axes.bar(positions, values, color=OWN_COLOUR)
        for x, value in zip(positions, values):
            axes.text(x, value, str(value), ha="center", va="bottom", fontsize=9)
        axes.set_xticks(list(positions), [textwrap.fill(n, 12) for n in names])
        axes.set_ylabel(axis_label)
        axes.spines[["top", "right"]].set_visible(False)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()


def chart_data_uri(data: dict) -> str:
    """The area chart of report data as an SVG data URI (an <img> with alt text and a table)."""
    svg = area_chart_svg(
        [a["name"] for a in data["areas"]],
        [a["level"] for a in data["areas"]],
        [a["peer_mean"] for a in data["areas"]],
        own_label=_("Company"),
        peer_label=_("Peer mean (all respondents)"),
        axis_label=_("Level (0–100)"),
    )
    return svg_data_uri(svg)


def comparison_chart(data: dict) -> str:
    """Before/after as the area chart: dark bars now, light hatched bars at the first analysis."""
    svg = area_chart_svg(
        [a["name"] for a in data["areas"]],
        [a["after"] for a in data["areas"]],
        [a["before"] for a in data["areas"]],
        own_label=_("Now (follow-up)"),
        peer_label=_("First analysis"),
        axis_label=_("Level (0–100)"),
    )
    return svg_data_uri(svg)


def comparison_phone_chart(data: dict) -> str:
    """Before/after laid out for a phone screen (the follow-up page picks it below 40rem)."""
    svg = area_chart_phone_svg(
        [a["name"] for a in data["areas"]],
        [a["after"] for a in data["areas"]],
        [a["before"] for a in data["areas"]],
        own_label=_("Now (follow-up)"),
        peer_label=_("First analysis"),
    )
    return svg_data_uri(svg)


def area_chart_phone_svg(names: list[str], own: list, peers: list, own_label: str, peer_label: str) -> str:
    """The area chart for a phone screen (~360 px): each area's name on its own line above its two
    full-width bars, in a font as large as the page text; no y-axis labels to squeeze."""
    return area_chart.phone(tuple(names), _rounded(own), _rounded(peers), own_label, peer_label)


def phone_chart_data_uri(data: dict) -> str:
    """The area chart laid out for a phone screen (the results page picks it below 40rem)."""
    svg = area_chart_phone_svg(
        [a["name"] for a in data["areas"]],
        [a["level"] for a in data["areas"]],
        [a["peer_mean"] for a in data["areas"]],
        own_label=_("Company"),
        peer_label=_("Peer mean (all respondents)"),
    )
    return svg_data_uri(svg)
