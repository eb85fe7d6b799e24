"""Vector charts for the PDF reports, drawn with ReportLab graphics (fast, sharp in print).

Readable in grey scale: the company's bar is solid dark, the peer mean a black diamond on a
light track, and every value is also in the table next to the chart.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit

from .pdf_text import FAMILY

DARK = colors.HexColor("#0b5394")
TRACK = colors.HexColor("#e6ebf0")


LABEL_SIZE, LINE_H = 7.5, 8.5


def wrap_label(name: str, width: float, max_lines: int = 3) -> list[str]:
    """An area name on as many lines as it needs within ``width`` (never cut mid-word)."""
    lines = simpleSplit(name, FAMILY, LABEL_SIZE, width) or [""]
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1:])]
    return lines


def area_levels(rows: list[dict], width: float, own_label: str, peer_label: str) -> Drawing:
    """rows: {"name", "level" (None = does not apply), "peer_mean" (None = not shown)}.
    Long area names wrap onto two or three lines; the row grows with them."""
    base_h, top, bottom = 17, 26, 22
    label_w = width * 0.42
    plot_w = width - label_w - 30
    labels = [wrap_label(row["name"], label_w - 4) for row in rows]
    heights = [base_h + LINE_H * (len(lines) - 1) for lines in labels]
    height = top + bottom + sum(heights)
    drawing = Drawing(width, height)
    x0 = label_w + 8

    def x(value):
        return x0 + plot_w * value / 100

    # legend
    drawing.add(Rect(x0, height - 12, 10, 8, fillColor=DARK, strokeColor=None))
    drawing.add(String(x0 + 14, height - 11, own_label, fontName=FAMILY, fontSize=7.5))
    legend2 = x0 + 24 + len(own_label) * 4.6
    drawing.add(_diamond(legend2 + 4, height - 8))
    drawing.add(String(legend2 + 12, height - 11, peer_label, fontName=FAMILY, fontSize=7.5))
    # grid and axis
    for tick in range(0, 101, 20):
        drawing.add(Line(x(tick), bottom - 3, x(tick), height - top + 4, strokeColor=colors.HexColor("#c5ccd3"),
                         strokeWidth=0.4))
        drawing.add(String(x(tick), bottom - 12, str(tick), fontName=FAMILY, fontSize=7, textAnchor="middle"))
    y_top = height - top
    for row, lines, row_h in zip(rows, labels, heights):
        y_top -= row_h
        y = y_top + (row_h - 9) / 2
        first = y + 3 + LINE_H * (len(lines) - 1) / 2
        for k, line in enumerate(lines):
            drawing.add(String(label_w, first - k * LINE_H, line, fontName=FAMILY, fontSize=LABEL_SIZE,
                               textAnchor="end"))
        drawing.add(Rect(x0, y, plot_w, 9, fillColor=TRACK, strokeColor=None))
        if row["level"] is not None:
            drawing.add(Rect(x0, y, plot_w * row["level"] / 100, 9, fillColor=DARK, strokeColor=None))
            drawing.add(String(x(row["level"]) + 3 if row["level"] < 92 else x(100) + 3, y + 1.5,
                               f"{row['level']:.0f}", fontName=FAMILY, fontSize=7))
        else:
            drawing.add(String(x0 + 3, y + 1.5, "–", fontName=FAMILY, fontSize=7))
        if row["peer_mean"] is not None:
            drawing.add(_diamond(x(row["peer_mean"]), y + 4.5))
    return drawing


def _diamond(cx: float, cy: float, r: float = 4) -> Polygon:
    return Polygon([cx, cy - r, cx + r, cy, cx, cy + r, cx - r, cy], fillColor=colors.black,
                   strokeColor=colors.white, strokeWidth=0.6)
