"""The participation certificate as PDF (ReportLab), in Finnish or English.

Renders only the data built by ``trainings.pdf.certificate_data.build_certificate_data``; every user
or data string goes through ``kit.para``, so a hostile company name prints literally. The
QR code (``segno``) is drawn as vector squares: sharp at any zoom, no image library needed.
"""

from __future__ import annotations

import io

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reports.pdf.branding import logo_row
from reports.pdf.kit import FAMILY, para, register_fonts
from reports.texts import CERTIFICATE as LABELS

DARK = colors.HexColor("#0b5394")
MUTED = colors.HexColor("#4a5563")


class QRCode(Flowable):
    def __init__(self, text: str, size: float):
        super().__init__()
        # a fixed mask skips scoring all eight (a third of the time of a certificate)
        self.matrix = segno.make(text, error="m", mask=2, boost_error=False).matrix
        self.size = size

    def wrap(self, *args):
        return self.size, self.size

    def draw(self):
        count = len(self.matrix)
        cell = self.size / count
        self.canv.setFillColor(colors.black)
        path = self.canv.beginPath()
        for y, row in enumerate(self.matrix):
            x = 0
            while x < count:  # one rectangle per run of dark modules
                if row[x]:
                    end = x
                    while end < count and row[end]:
                        end += 1
                    path.rect(x * cell, self.size - (y + 1) * cell, (end - x) * cell, cell)
                    x = end
                else:
                    x += 1
        self.canv.drawPath(path, stroke=0, fill=1)


def _styles() -> dict:
    base = ParagraphStyle("base", fontName=FAMILY, fontSize=11, leading=15, alignment=TA_CENTER, splitLongWords=True)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12, alignment=0),
        "title": ParagraphStyle("title", parent=base, fontName=f"{FAMILY}-Bold", fontSize=24, leading=30,
                                textColor=DARK, spaceAfter=10),
        "name": ParagraphStyle("name", parent=base, fontName=f"{FAMILY}-Bold", fontSize=17, leading=22, spaceAfter=4),
        "course": ParagraphStyle("course", parent=base, fontName=f"{FAMILY}-Bold", fontSize=14, leading=19,
                                 textColor=DARK),
    }


def _sessions_table(data: dict, labels: dict, styles: dict) -> Table:
    rows = [[Paragraph(para(labels["date"]), styles["cell"]), Paragraph(para(labels["session"]), styles["cell"]),
             Paragraph(para(labels["hours"]), styles["cell"])]]
    for s in data["sessions"]:
        rows.append([Paragraph(para(s["date"]), styles["cell"]), Paragraph(para(s["name"]), styles["cell"]),
                     Paragraph(para(s["hours"]), styles["cell"])])
    rows.append(["", Paragraph(para(labels["total"]), styles["cell"]), Paragraph(para(data["hours"]), styles["cell"])])
    table = Table(rows, colWidths=[28 * mm, 110 * mm, 20 * mm], repeatRows=1)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.6, DARK), ("LINEABOVE", (0, -1), (-1, -1), 0.4, MUTED),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _story(data: dict) -> list:
    labels, styles = LABELS[data["language"]], _styles()
    story = [*logo_row(data.get("branding"), A4[0] - 44 * mm, align="CENTER"),
             Paragraph(para(data["project"]), styles["small"]), Spacer(1, 24 * mm if data.get("branding") else 32 * mm),
             Paragraph(para(labels["title"]), styles["title"]), Paragraph(para(labels["intro"]), styles["base"]),
             Spacer(1, 3 * mm)]
    if data.get("participant"):
        story += [Paragraph(para(data["participant"]), styles["name"]), Paragraph(para(labels["from"]), styles["base"])]
    story += [Paragraph(para(data["company"]), styles["name"]),
              Paragraph(para(f"({data['business_id']})"), styles["small"]), Spacer(1, 4 * mm)]
    if data["kind"] == "workshops":
        story += [Paragraph(para(labels["workshops"]), styles["base"]), Spacer(1, 4 * mm),
                  _sessions_table(data, labels, styles)]
    else:
        story += [Paragraph(para(labels["took_part"]), styles["base"]), Spacer(1, 2 * mm),
                  Paragraph(para(data["course"]), styles["course"]), Paragraph(para(data["offer"]), styles["small"]),
                  Spacer(1, 4 * mm), Paragraph(para(labels["attended"].format(
                      present=data["present"], held=data["held"], hours=data["hours"])), styles["base"]),
                  Paragraph(para(data["period"]), styles["base"])]
    story += [Spacer(1, 18 * mm), Paragraph(para(labels["issued"].format(date=data["issued_on"])), styles["base"]),
              Paragraph(para(data["issuer"]), styles["base"]), Spacer(1, 10 * mm)]
    qr = QRCode(data["verify_url"], 30 * mm)
    verify = [Paragraph(para(f"{labels['code']}: {data['code']}"), styles["cell"]),
              Paragraph(para(labels["verify"]), styles["cell"]), Paragraph(para(data["verify_url"]), styles["cell"])]
    table = Table([[qr, verify]], colWidths=[36 * mm, 110 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [table, Spacer(1, 6 * mm), Paragraph(para(data["funder"]), styles["small"])]
    return story


def render_certificate_pdf(data: dict) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=18 * mm,
                            bottomMargin=16 * mm, title=LABELS[data["language"]]["title"], author=data["issuer"])
    doc.build(_story(data))
    return buffer.getvalue()
