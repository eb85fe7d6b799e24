"""The row of logos on a PDF report's cover, from report data ``branding``:
``[{"id", "path", "alt", "height_mm"}]`` (projectdata.branding.cover_logos: existing files only)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, Spacer, Table, TableStyle

GAP = 8 * mm


def logo_row(logos: list[dict], width: float, align: str = "LEFT") -> list:
    """Flowables for the cover: the logos side by side, scaled down together if they would not
    fit the width (``align``: the row's place, LEFT or CENTER); nothing when there are no logos
    (or none can be read)."""
    images = []
    for logo in logos or []:
        try:
            pixels_w, pixels_h = ImageReader(logo["path"]).getSize()
        except (OSError, ValueError):
            continue  # an unreadable file is left out like a missing one
        height = logo["height_mm"] * mm
        images.append((logo, height * pixels_w / pixels_h, height))
    if not images:
        return []
    total = sum(w for _logo, w, _h in images) + GAP * (len(images) - 1)
    scale = min(1.0, width / total)
    cells = [Image(logo["path"], width=w * scale, height=h * scale) for logo, w, h in images]
    table = Table([cells], colWidths=[w * scale + GAP for _l, w, _h in images[:-1]] + [images[-1][1] * scale],
                  hAlign=align)
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "LEFT")]))
    return [table, Spacer(1, 6 * mm)]
