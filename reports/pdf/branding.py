"""The row of logos on a PDF report's cover, from report data ``branding``:
``[{"id", "path", "alt", "height_mm"}]`` (projectdata.branding.cover_logos: existing files only)."""

from __future__ import annotations

import copy
import io
from functools import lru_cache
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

GAP = 8 * mm
PRINT_DPI = 450  # ample for print; a logo file is usually far larger than its printed size needs


@lru_cache(maxsize=32)
def _print_ready(path: str, height_mm: float, modified: float) -> tuple[bytes, int, int]:
    """The logo scaled down to PRINT_DPI at its printed height, as JPEG (PNG when it has
    transparency) bytes with its pixel size; made once per process (and file version): every
    certificate of a ZIP embeds the logos, and decoding and compressing the full-size files took
    80 ms per certificate."""
    del modified  # part of the cache key only
    with PILImage.open(path) as image:
        image.load()
        wanted = max(1, round(height_mm / 25.4 * PRINT_DPI))
        if image.height > wanted:
            image = image.resize((max(1, round(image.width * wanted / image.height)), wanted), PILImage.LANCZOS)
        buffer = io.BytesIO()
        if image.mode in ("RGB", "L"):  # a JPEG goes into the PDF as it is: nothing to decode or compress
            image.save(buffer, format="JPEG", quality=95, subsampling=0)
        else:  # transparency: PNG, decoded and compressed by ReportLab in every PDF
            image.save(buffer, format="PNG")
        return buffer.getvalue(), image.width, image.height


def print_ready_logo(logo: dict):
    """(image bytes, width px, height px) or None when the file cannot be read."""
    try:
        path = Path(logo["path"])
        return _print_ready(str(path), float(logo["height_mm"]), path.stat().st_mtime)
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None


@lru_cache(maxsize=32)
def _xobject(data: bytes) -> PDFImageXObject:
    """The logo as a PDF image object, made once per process: ReportLab's ``drawImage`` decodes the
    image and hashes its pixels in every document to name it (a fifth of a report's time), though
    the object it embeds (a JPEG passed through, or a PNG's compressed pixels and soft mask) is the
    same every time. Named as ``drawImage`` names it."""
    reader = ImageReader(io.BytesIO(data))
    pixels = reader.getRGBData()
    alpha = reader._dataA  # noqa: SLF001 (ReportLab keeps the soft mask there)
    name = _digester(pixels + (alpha.getRGBData() if alpha else b"auto"))
    image = PDFImageXObject(name, reader, mask="auto")
    image.name = name
    return image


class Logo(Flowable):
    """A logo drawn from its per-process image object; what ``canvas.drawImage`` writes for it,
    without decoding it again (the pages look the same, byte for byte in the page stream)."""

    def __init__(self, data: bytes, width: float, height: float):
        super().__init__()
        self._data, self.width, self.height = data, width, height

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        return self.width, self.height

    def draw(self) -> None:
        canvas, template = self.canv, _xobject(self._data)
        document = canvas._doc  # noqa: SLF001 (as drawImage registers an image)
        registered = document.getXObjectName(template.name)
        if not document.idToObject.get(registered):
            image = copy.copy(template)  # registering sets the soft mask's reference on the copy
            canvas._setXObjects(image)  # noqa: SLF001
            document.Reference(image, registered)
            document.addForm(template.name, image)
            smask = getattr(template, "_smask", None)
            if smask is not None:
                del image._smask  # noqa: SLF001
                mask_name = document.getXObjectName(smask.name)
                if not document.idToObject.get(mask_name):
                    mask = copy.copy(smask)
                    canvas._setXObjects(mask)  # noqa: SLF001
                    image.smask = document.Reference(mask, mask_name)
                else:
                    image.smask = PDFObjectReference(mask_name)
        canvas._currentPageHasImages = 1  # noqa: SLF001
        canvas.saveState()
        canvas.scale(self.width, self.height)
        canvas._code.append(f"/{registered} Do")  # noqa: SLF001
        canvas.restoreState()
        canvas._formsinuse.append(template.name)  # noqa: SLF001


def logo_row(logos: list[dict], width: float, align: str = "LEFT") -> list:
    """Flowables for the cover: the logos side by side, scaled down together if they would not
    fit the width (``align``: the row's place, LEFT or CENTER); nothing when there are no logos
    (or none can be read)."""
    images = []
    for logo in logos or []:
        ready = print_ready_logo(logo)
        if ready is None:
            continue  # an unreadable file is left out like a missing one
        data, pixels_w, pixels_h = ready
        height = logo["height_mm"] * mm
        images.append((data, height * pixels_w / pixels_h, height))
    if not images:
        return []
    total = sum(w for _logo, w, _h in images) + GAP * (len(images) - 1)
    scale = min(1.0, width / total)
    cells = [Logo(data, w * scale, h * scale) for data, w, h in images]
    table = Table([cells], colWidths=[w * scale + GAP for _l, w, _h in images[:-1]] + [images[-1][1] * scale],
                  hAlign=align)
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "LEFT")]))
    return [table, Spacer(1, 6 * mm)]
