"""The web pages' charts (results, follow-up, advisor and coordinator pages), drawn with
matplotlib's Figure API (never pyplot), Agg/SVG backends, readable in grey scale: the company's
bars are solid dark, the peers' are light and hatched. ``chart_data_uri`` is the area chart of
report data as an <img> source (also a template global)."""

from __future__ import annotations

import base64
import io
from functools import lru_cache
import textwrap

from flask_babel import gettext as _

OWN_COLOUR = "#0b5394"
PEER_COLOUR = "#c9d3de"


def svg_data_uri(svg: str) -> str:
    """An SVG as a data URI for an <img> (with alt text and a table next to it)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _rounded(values) -> tuple:
    return tuple(None if v is None else round(float(v), 1) for v in values)


def area_chart_svg(names: list[str], own: list, peers: list, own_label: str, peer_label: str, axis_label: str) -> str:
    """Horizontal bars: the company's level and the peer mean per area (None = not shown).

    Drawing takes ~100 ms, so the same chart (same values to 0.1) is drawn once per process."""
    return _area_chart(tuple(names), _rounded(own), _rounded(peers), own_label, peer_label, axis_label)


@lru_cache(maxsize=512)
def _area_chart(names, own, peers, own_label, peer_label, axis_label) -> str:
    from matplotlib import rc_context  # lazy: matplotlib adds seconds to every worker's start; only charts need it
    from matplotlib.figure import Figure  # lazy: as above

    with rc_context({"svg.hashsalt": "digianalyysi", "svg.fonttype": "none", "font.family": "DejaVu Sans",
                     "font.size": 10, "hatch.color": "#5a6570"}):
        names = [textwrap.fill(name, 26) for name in names]
        height = 0.62 * len(names) + 1.2
        figure = Figure(figsize=(6.4, height), layout="constrained")
        axes = figure.add_subplot()
        rows = list(range(len(names)))[::-1]
        bar = 0.38
        axes.barh([r + bar / 2 for r in rows], [v or 0 for v in own], height=bar, color=OWN_COLOUR, label=own_label)
        axes.barh([r - bar / 2 for r in rows], [v or 0 for v in peers], height=bar, color=PEER_COLOUR,
                  edgecolor="#5a6570", hatch="///", linewidth=0.5, label=peer_label)
        for r, value in zip(rows, own):
            axes.text((value or 0) + 1, r + bar / 2, "–" if value is None else f"{value:.0f}", va="center", fontsize=8)
        axes.set_yticks(rows, names)
        axes.set_xlim(0, 105)
        axes.set_xlabel(axis_label)
        axes.spines[["top", "right"]].set_visible(False)
        figure.legend(loc="outside upper center", ncols=2, frameon=False)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()


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
    return _area_chart_phone(tuple(names), _rounded(own), _rounded(peers), own_label, peer_label)


@lru_cache(maxsize=512)
def _area_chart_phone(names, own, peers, own_label, peer_label) -> str:
    from matplotlib import rc_context  # lazy: matplotlib adds seconds to every worker's start; only charts need it
    from matplotlib.figure import Figure  # lazy: as above
    from matplotlib.patches import Patch  # lazy: as above

    with rc_context({"svg.hashsalt": "digianalyysi", "svg.fonttype": "none", "font.family": "DejaVu Sans",
                     "font.size": 11, "hatch.color": "#5a6570"}):
        wrapped = [textwrap.wrap(name, 36) or [""] for name in names]
        # y runs downwards in "units" of 0.25 inch: per area its label lines, then the two bars
        line, bar_step, gap = 0.8, 0.62, 0.55
        units = sum(len(lines) * line + 2 * bar_step + gap for lines in wrapped)
        figure = Figure(figsize=(3.7, 0.25 * units + 0.9), layout="constrained")
        axes = figure.add_subplot()
        y = 0.0
        for lines, value, peer in zip(wrapped, own, peers):
            for text in lines:
                axes.text(0, y, text, va="center", ha="left", fontsize=11, fontweight="bold")
                y += line
            y -= 0.1
            axes.barh(y, value or 0, height=0.5, color=OWN_COLOUR)
            axes.text((value or 0) + 1.5, y, "–" if value is None else f"{value:.0f}", va="center", fontsize=11)
            y += bar_step
            axes.barh(y, peer or 0, height=0.5, color=PEER_COLOUR, edgecolor="#5a6570", hatch="///", linewidth=0.5)
            axes.text((peer or 0) + 1.5, y, "–" if peer is None else f"{peer:.0f}", va="center", fontsize=10,
                      color="#3a4450")
            y += bar_step + gap
        axes.set_ylim(y - gap, -0.6)
        axes.set_xlim(0, 112)
        axes.set_yticks([])
        axes.set_xticks([0, 25, 50, 75, 100])
        axes.spines[["top", "right", "left"]].set_visible(False)
        figure.legend(handles=[Patch(color=OWN_COLOUR, label=own_label),
                               Patch(facecolor=PEER_COLOUR, edgecolor="#5a6570", hatch="///", label=peer_label)],
                      loc="outside upper left", ncols=1, frameon=False, fontsize=11)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()


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
