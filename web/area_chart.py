"""The area chart (each area's level next to a comparison: the peers' mean, the first analysis,
the mean competence) written as SVG directly, on a desktop and on a phone.

Drawing it with matplotlib took 80–100 ms per chart, and a new analysis (or any change of the
peers) needs both drawings at once: most of the first results page after a submission. Written
directly it takes about a millisecond. Text is measured with DejaVu Sans's metrics (the font the
chart names, through ReportLab, which the PDFs use too), so that labels are wrapped and the
margin fits them. Readable in grey scale: the first bars solid dark, the second light and
hatched. Every text is escaped."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase.ttfonts import TTFont

from reports.pdf.kit import font_dir  # the DejaVu files that ship with matplotlib

OWN_COLOUR = "#0b5394"
PEER_COLOUR = "#c9d3de"
EDGE_COLOUR = "#5a6570"
TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#3a4450"
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in XML: left out
_fonts: dict = {}
_lock = threading.Lock()


def _font(bold: bool) -> TTFont:
    with _lock:
        if bold not in _fonts:
            name = "DejaVuSans-Bold" if bold else "DejaVuSans"
            _fonts[bold] = TTFont(f"chart-{name}", str(font_dir() / f"{name}.ttf"))
        return _fonts[bold]


def text_width(text: str, size: float, bold: bool = False) -> float:
    return _font(bold).stringWidth(text, size)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to ``width`` (a word longer than the width gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _text(x: float, y: float, text: str, size: float, anchor: str = "start", bold: bool = False,
          colour: str = TEXT_COLOUR) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{colour}"{weight}>'
            f"{escape(_CONTROL.sub('', text))}</text>")


def _bar(x: float, y: float, width: float, height: float, own: bool) -> str:
    if own:
        return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{OWN_COLOUR}"/>'
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="url(#hatch)" '
            f'stroke="{EDGE_COLOUR}" stroke-width="0.6"/>')


def _svg(width: float, height: float, parts: list[str]) -> str:
    hatch = (f'<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="7" height="7">'
             f'<rect width="7" height="7" fill="{PEER_COLOUR}"/>'
             f'<path d="M-1,1 l2,-2 M0,7 l7,-7 M6,8 l2,-2" stroke="{EDGE_COLOUR}" stroke-width="0.9"/>'
             '</pattern></defs>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT_FAMILY}">'
            f'<rect width="100%" height="100%" fill="#fff"/>{hatch}{"".join(parts)}</svg>')


def _legend(labels: tuple[str, str], width: float, y: float, size: float, centred: bool) -> tuple[list[str], float]:
    """The two legend entries side by side when they fit, else one per line; returns the parts
    and the y below the legend."""
    swatch, gap = 26, 8
    entries = [(label, own) for label, own in zip(labels, (True, False))]
    widths = [swatch + gap + text_width(label, size) for label, _ in entries]
    parts = []
    if sum(widths) + 24 <= width:
        x = (width - sum(widths) - 24) / 2 if centred else 4
        for (label, own), entry in zip(entries, widths):
            parts += [_bar(x, y - size * 0.75, swatch, size * 0.8, own), _text(x + swatch + gap, y, label, size)]
            x += entry + 24
        return parts, y + size * 1.2
    for label, own in entries:
        lines = wrap(label, width - swatch - gap - 8, size)
        parts.append(_bar(4, y - size * 0.75, swatch, size * 0.8, own))
        for line in lines:
            parts.append(_text(4 + swatch + gap, y, line, size))
            y += size * 1.25
    return parts, y


def _number(value) -> str:
    return "–" if value is None else f"{value:.0f}"


def _x_axis(x0: float, x1: float, y: float, top: float | None, ticks, scale, size: float) -> list[str]:
    """The x axis at ``y`` with its ticks and numbers, and the left spine up to ``top`` (None: none)."""
    start = f"M{x0:.1f},{top:.1f} V{y:.1f}" if top is not None else f"M{x0:.1f},{y:.1f}"
    parts = [f'<path d="{start} H{x1:.1f}" fill="none" stroke="{TEXT_COLOUR}" stroke-width="1"/>']
    for tick in ticks:
        x = x0 + tick * scale
        parts += [f'<path d="M{x:.1f},{y:.1f} v5" stroke="{TEXT_COLOUR}" stroke-width="1"/>',
                  _text(x, y + 6 + size, str(tick), size, "middle")]
    return parts


@lru_cache(maxsize=512)
def desktop(names: tuple, own: tuple, peers: tuple, own_label: str, peer_label: str, axis_label: str) -> str:
    """Area names left of their two bars, the x axis 0–100 below, the legend above."""
    width, size, small = 640, 14, 11
    parts, top = _legend((own_label, peer_label), width, 22, size, centred=True)
    wrapped = [wrap(name, 220, size) for name in names]
    left = 12 + max((text_width(line, size) for lines in wrapped for line in lines), default=40)
    right = width - 34
    scale = (right - left) / 105
    y, rows = top + 12, []
    for lines, value, peer in zip(wrapped, own, peers):
        row = max(46, len(lines) * size * 1.2 + 12)
        middle = y + row / 2
        rows.append(_bar(left, middle - 17, (value or 0) * scale, 17, True))
        rows.append(_bar(left, middle, (peer or 0) * scale, 17, False))
        rows.append(_text(left + (value or 0) * scale + 4, middle - 4.5, _number(value), small))
        first = middle - (len(lines) - 1) * size * 0.6 + size * 0.35
        rows += [_text(left - 8, first + n * size * 1.2, line, size, "end") for n, line in enumerate(lines)]
        y += row
    axis = _x_axis(left, right, y + 8, top + 4, range(0, 101, 20), scale, size)
    parts += rows + axis + [_text((left + right) / 2, y + 8 + 2.6 * size, axis_label, size, "middle")]
    return _svg(width, y + 8 + 3.2 * size, parts)


@lru_cache(maxsize=512)
def phone(names: tuple, own: tuple, peers: tuple, own_label: str, peer_label: str) -> str:
    """For a ~360 px screen: each area's name (bold, wrapped) above its two full-width bars with
    their numbers, in a font as large as the page text."""
    width, size = 360, 15
    parts, y = _legend((own_label, peer_label), width, 20, size, centred=False)
    left, right = 6, width - 36
    scale = (right - left) / 100
    y += 10
    for name, value, peer in zip(names, own, peers):
        for line in wrap(name, width - 8, size, bold=True):
            parts.append(_text(left, y + size * 0.8, line, size, bold=True))
            y += size * 1.3
        y += 3
        for number, own_bar in ((value, True), (peer, False)):
            parts.append(_bar(left, y, (number or 0) * scale, 16, own_bar))
            parts.append(_text(left + (number or 0) * scale + 5, y + 13, _number(number), size if own_bar else 13,
                               colour=TEXT_COLOUR if own_bar else MUTED_COLOUR))
            y += 21
        y += 14
    parts += _x_axis(left, right, y, None, range(0, 101, 25), scale, 13)
    return _svg(width, y + 26, parts)
