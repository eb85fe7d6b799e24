"""Vector charts for the PDF reports, drawn with ReportLab graphics (fast, sharp in print).

Readable in grey scale: the company's bar is solid dark, the peer mean a black diamond on a
light track, and every value is also in the table next to the chart.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors

from .kit import FAMILY

DARK = colors.HexColor("#0b5394")
TRACK = colors.HexColor("#e6ebf0")


def _clip(name: str, limit: int = 44) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def area_levels(rows: list[dict], width: float, own_label: str, peer_label: str) -> Drawing:
    """rows: {"name", "level" (None = does not apply), "peer_mean" (None = not shown)}."""
    row_h, top, bottom = 17, 26, 22
    label_w = width * 0.42
    plot_w = width - label_w - 30
    height = top + bottom + row_h * len(rows)
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
    for n, row in enumerate(rows):
        y = height - top - (n + 1) * row_h + 4
        drawing.add(String(label_w, y + 3, _clip(row["name"]), fontName=FAMILY, fontSize=7.5, textAnchor="end"))
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
