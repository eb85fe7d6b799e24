"""Vector charts for the PDF reports, drawn with ReportLab graphics (fast, sharp in print).

Readable in grey scale: the company's bar is solid dark, the peer mean a black diamond on a
light track, and every value is also in the table next to the chart.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from .kit import FAMILY

DARK = colors.HexColor("#0b5394")
TRACK = colors.HexColor("#e6ebf0")
GRID = colors.HexColor("#c5ccd3")


LABEL_SIZE, LINE_H = 7.5, 8.5
_IDENTITY = (1, 0, 0, 1, 0, 0)


class QuickDrawing(Drawing):
    """A chart of plain shapes written straight onto the page. ReportLab's renderer works out the
    whole graphics state for every shape, which took most of a chart's time; these charts use
    only rectangles, lines, strings, polygons and circles without transforms, drawn here with the
    same geometry, colours, widths and fonts (anything else goes through the renderer)."""

    def draw(self, showBoundary=None):  # noqa: N803 (ReportLab's name)
        if self.renderScale != 1 or showBoundary or not all(_plain(node) for node in self.contents):
            return super().draw() if showBoundary is None else super().draw(showBoundary)
        canvas = self.canv
        canvas.saveState()
        for node in self.contents:  # each sets every part of the state its drawing uses
            _DRAW[type(node)](canvas, node)
        canvas.restoreState()
        return None


def _plain(node) -> bool:
    return (type(node) in _DRAW and getattr(node, "transform", _IDENTITY) == _IDENTITY
            and not getattr(node, "strokeDashArray", None)
            and not (type(node) is Rect and (node.rx or node.ry)))


def _paint(canvas, node, line: bool = True) -> tuple[int, int]:
    """Set the node's colours (and line) as the renderer does; (stroke, fill) flags."""
    stroke = getattr(node, "strokeColor", None) is not None
    fill = getattr(node, "fillColor", None) is not None
    if stroke:
        canvas.setStrokeColor(node.strokeColor)
        canvas.setLineWidth(node.strokeWidth)
        canvas.setLineCap(node.strokeLineCap)
        canvas.setLineJoin(node.strokeLineJoin)
    if fill:
        canvas.setFillColor(node.fillColor)
    return int(stroke), int(fill)


def _rect(canvas, node) -> None:
    stroke, fill = _paint(canvas, node)
    canvas.rect(node.x, node.y, node.width, node.height, stroke=stroke, fill=fill)


def _line(canvas, node) -> None:
    stroke, _fill = _paint(canvas, node)
    if stroke:
        canvas.line(node.x1, node.y1, node.x2, node.y2)


def _string(canvas, node) -> None:
    if node.fillColor is None:
        return
    canvas.setFillColor(node.fillColor)
    canvas.setFont(node.fontName, node.fontSize)
    x = node.x
    if node.textAnchor in ("end", "middle"):
        width = stringWidth(node.text, node.fontName, node.fontSize, node.encoding)
        x -= width if node.textAnchor == "end" else width * 0.5
    canvas.drawString(x, node.y, node.text)


def _polygon(canvas, node) -> None:
    stroke, fill = _paint(canvas, node)
    path = canvas.beginPath()
    path.moveTo(node.points[0], node.points[1])
    for i in range(2, len(node.points), 2):
        path.lineTo(node.points[i], node.points[i + 1])
    path.close()
    canvas.drawPath(path, stroke=stroke, fill=fill)


def _circle(canvas, node) -> None:
    stroke, fill = _paint(canvas, node)
    canvas.circle(node.cx, node.cy, node.r, stroke=stroke, fill=fill)


_DRAW = {Rect: _rect, Line: _line, String: _string, Polygon: _polygon, Circle: _circle}


def wrap_label(name: str, width: float, max_lines: int = 3) -> list[str]:
    """An area name on as many lines as it needs within ``width`` (never cut mid-word)."""
    lines = simpleSplit(name, FAMILY, LABEL_SIZE, width) or [""]
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1:])]
    return lines


_drawn: dict = {}  # (chart, its content) → drawing whose shapes a new drawing shares
_DRAWN_MAX = 64  # about 80 shapes each (a few MB in all); emptied when full


def forget_charts() -> None:
    """Empty the per-process chart cache (the benchmark's first-report figure)."""
    _drawn.clear()


def area_levels(rows: list[dict], width: float, own_label: str, peer_label: str) -> Drawing:
    """rows: {"name", "level" (None = does not apply), "peer_mean" (None = not shown)}.
    Long area names wrap onto two or three lines; the row grows with them. Made once per content
    in a process (a company's report made again, the peer means unchanged); each call returns
    its own drawing (platypus keeps layout state on it) sharing the unchanging shapes."""
    key = ("area_levels", tuple((row["name"], row["level"], row["peer_mean"]) for row in rows), width,
           own_label, peer_label)
    made = _drawn.get(key)
    if made is None:
        if len(_drawn) >= _DRAWN_MAX:
            _drawn.clear()
        made = _drawn[key] = _area_levels(rows, width, own_label, peer_label)
    drawing = QuickDrawing(made.width, made.height)
    drawing.contents = made.contents
    return drawing


def _area_levels(rows: list[dict], width: float, own_label: str, peer_label: str) -> Drawing:
    base_h, top, bottom = 17, 26, 22
    label_w = width * 0.42
    plot_w = width - label_w - 30
    labels = [wrap_label(row["name"], label_w - 4) for row in rows]
    heights = [base_h + LINE_H * (len(lines) - 1) for lines in labels]
    height = top + bottom + sum(heights)
    drawing = QuickDrawing(width, height)
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
        # the value in its own column right of the plot: a peer's diamond never covers it
        drawing.add(String(width, y + 1.5, "–" if row["level"] is None else f"{round(row['level'])}",
                           fontName=FAMILY, fontSize=7, textAnchor="end"))
        if row["peer_mean"] is not None:
            drawing.add(_diamond(x(row["peer_mean"]), y + 4.5))
    return drawing


def _diamond(cx: float, cy: float, r: float = 4) -> Polygon:
    return Polygon([cx, cy - r, cx + r, cy, cx, cy + r, cx - r, cy], fillColor=colors.black,
                   strokeColor=colors.white, strokeWidth=0.6)


def counts_bar(rows: list[dict], width: float, unit: str) -> Drawing:
    """Horizontal bars of counts (the level distribution); rows: {"name", "count", "text"}, where
    ``text`` is what is printed ("< 5" for a suppressed count, whose bar is not drawn)."""
    row_h, top, bottom = 16, 6, 28
    label_w = width * 0.3
    plot_w = width - label_w - 40
    height = top + bottom + row_h * len(rows)
    drawing = QuickDrawing(width, height)
    x0 = label_w + 8
    largest = max([r["count"] for r in rows if not r.get("hidden")] + [1])
    step = _nice_step(largest)
    top_value = step * -(-largest // step)
    for tick in range(0, int(top_value) + 1, int(step)):
        x = x0 + plot_w * tick / top_value
        drawing.add(Line(x, bottom - 3, x, height - top, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(String(x, bottom - 12, str(tick), fontName=FAMILY, fontSize=7, textAnchor="middle"))
    drawing.add(String(x0 + plot_w, 1, unit, fontName=FAMILY, fontSize=7, textAnchor="end"))
    for n, row in enumerate(rows):
        y = height - top - (n + 1) * row_h + 3.5
        drawing.add(String(label_w, y + 2.5, row["name"], fontName=FAMILY, fontSize=LABEL_SIZE, textAnchor="end"))
        bar = 0 if row.get("hidden") else plot_w * row["count"] / top_value
        if bar:
            drawing.add(Rect(x0, y, bar, 9, fillColor=DARK, strokeColor=None))
        drawing.add(String(x0 + bar + 3, y + 1.5, row["text"], fontName=FAMILY, fontSize=7))
    return drawing


def change_intervals(rows: list[dict], width: float, axis_label: str) -> Drawing:
    """Mean change per row with its 95 % confidence interval (a dot on a whisker) around a zero
    line; rows: {"name", "change", "ci_low", "ci_high"} (change None: hidden or not measured)."""
    shown = [r for r in rows if r.get("change") is not None]
    base_h, top, bottom = 15, 6, 24
    label_w = width * 0.42
    plot_w = width - label_w - 16
    labels = [wrap_label(row["name"], label_w - 4) for row in rows]
    heights = [base_h + LINE_H * (len(lines) - 1) for lines in labels]
    height = top + bottom + sum(heights)
    values = [v for r in shown for v in (r["change"], r.get("ci_low"), r.get("ci_high")) if v is not None] or [0]
    lo, hi = min(min(values), 0), max(max(values), 0)
    step = _nice_step(max(hi - lo, 1))
    low, high = step * math.floor(lo / step), step * math.ceil(hi / step)
    if high == low:
        high = low + step
    drawing = QuickDrawing(width, height)
    x0 = label_w + 8

    def x(value):
        return x0 + plot_w * (value - low) / (high - low)

    tick = low
    while tick <= high + 1e-9:
        drawing.add(Line(x(tick), bottom - 3, x(tick), height - top, strokeColor=GRID if tick else colors.black,
                         strokeWidth=0.4 if tick else 0.9))
        drawing.add(String(x(tick), bottom - 12, f"{tick:+.0f}".replace("-", "\u2212") if tick else "0",
                           fontName=FAMILY, fontSize=7, textAnchor="middle"))
        tick += step
    drawing.add(String(x0 + plot_w / 2, 1, axis_label, fontName=FAMILY, fontSize=7, textAnchor="middle"))
    y_top = height - top
    for row, lines, row_h in zip(rows, labels, heights):
        y_top -= row_h
        cy = y_top + row_h / 2
        first = cy - 2.5 + LINE_H * (len(lines) - 1) / 2
        for k, line in enumerate(lines):
            drawing.add(String(label_w, first - k * LINE_H, line, fontName=FAMILY, fontSize=LABEL_SIZE,
                               textAnchor="end"))
        if row.get("change") is None:
            drawing.add(String(x0 + 3, cy - 2.5, "–", fontName=FAMILY, fontSize=7))
            continue
        if row.get("ci_low") is not None and row.get("ci_high") is not None:
            drawing.add(Line(x(row["ci_low"]), cy, x(row["ci_high"]), cy, strokeColor=DARK, strokeWidth=1.2))
            for end in (row["ci_low"], row["ci_high"]):
                drawing.add(Line(x(end), cy - 3, x(end), cy + 3, strokeColor=DARK, strokeWidth=1.2))
        drawing.add(Circle(x(row["change"]), cy, 3.2, fillColor=DARK, strokeColor=colors.white, strokeWidth=0.6))
    return drawing


def _nice_step(span: float) -> float:
    """A round tick step giving about five ticks over ``span``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if span / step <= 6:
            return step
    return 10 ** len(str(int(span)))
