"""The per-company advisory report as PDF (ReportLab platypus).

Renders only the data built by ``reports.company_data.build_company_data``: it imports neither
the database nor ``scoring/``. Every user or data string goes through ``pdf_text.para``.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from .labels import LABELS
from .pdf_charts import area_levels
from .pdf_text import FAMILY, draw_string, para, register_fonts

DARK = colors.HexColor("#0b5394")
MUTED = colors.HexColor("#4a5563")
MARGIN = 18 * mm


def _styles() -> dict:
    base = ParagraphStyle("base", fontName=FAMILY, fontSize=9.5, leading=13, alignment=TA_LEFT, splitLongWords=True)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "h1": ParagraphStyle("h1", parent=base, fontName=f"{FAMILY}-Bold", fontSize=20, leading=25, textColor=DARK,
                             spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=f"{FAMILY}-Bold", fontSize=13, leading=17, textColor=DARK,
                             spaceBefore=10, spaceAfter=5),
        "company": ParagraphStyle("company", parent=base, fontName=f"{FAMILY}-Bold", fontSize=16, leading=21),
        "index": ParagraphStyle("index", parent=base, fontName=f"{FAMILY}-Bold", fontSize=28, leading=34,
                                textColor=DARK),
        "quote": ParagraphStyle("quote", parent=base, fontName=f"{FAMILY}-Oblique", leftIndent=10,
                                borderPadding=(2, 0, 2, 6), spaceAfter=6),
    }


class _NumberedCanvas(Canvas):
    """Writes "sivu x / y" and the running header once the page count is known."""

    def __init__(self, *args, labels: dict, header: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._labels, self._header, self._pages = labels, header, []

    def showPage(self):  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        width, height = A4
        self.setFont(FAMILY, 7.5)
        self.setFillColor(MUTED)
        if self._pageNumber > 1:
            draw_string(self, MARGIN, height - 11 * mm, self._header, 7.5)
            self.setStrokeColor(colors.HexColor("#c5ccd3"))
            self.line(MARGIN, height - 12.5 * mm, width - MARGIN, height - 12.5 * mm)
        self.drawRightString(width - MARGIN, 10 * mm, self._labels["page"].format(page=self._pageNumber, pages=total))
        self.drawString(MARGIN, 10 * mm, self._labels["project"])


def _table(rows, widths, header=True, bold_rows=()):
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONT", (0, 0), (-1, -1), FAMILY, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#c5ccd3")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header:
        style += [("FONT", (0, 0), (-1, 0), f"{FAMILY}-Bold", 8.5), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)]
    for row in bold_rows:
        style.append(("FONT", (0, row), (-1, row), f"{FAMILY}-Bold", 8.5))
    table.setStyle(TableStyle(style))
    return table


def render_company_pdf(data: dict) -> bytes:
    register_fonts()
    labels = LABELS[data["language"]]
    st = _styles()
    P = lambda text, style="body": Paragraph(para(text), st[style])  # noqa: E731
    width = A4[0] - 2 * MARGIN
    company = data["company"]
    summary = data["summary"]
    story = []

    # Cover and summary
    story += [P(labels["project"], "small"), Spacer(1, 8 * mm), P(labels["title"], "h1"), P(labels["subtitle"]),
              Spacer(1, 8 * mm), P(company["name"], "company")]
    facts = [(labels["business_id"], company["business_id"]), (labels["municipality"], company["municipality"]),
             (labels["industry"], company["industry"]), (labels["answered"], data["submitted"]),
             (labels["report_date"], data["method"]["benchmark_date"]),
             (labels["survey"], f"{data['survey']['title']} ({data['survey']['id']} v{data['survey']['version']})"),
             (labels["language"], labels["language_name"])]
    story.append(_table([[P(k, "cell"), P(v or "–", "cell")] for k, v in facts], [45 * mm, width - 45 * mm], header=False))
    story += [Spacer(1, 8 * mm), P(labels["summary"], "h2")]
    if summary["index"] is not None:
        story += [Paragraph(f"{para(summary['index_text'])} / 100", st["index"]),
                  P(f"{labels['level']}: {summary['band']['name']}", "body"), Spacer(1, 2 * mm),
                  P(summary["band"]["description"])]
        story.append(P(labels["percentile"].format(percentile=summary["percentile_text"], peers=summary["peers"])
                       if summary["percentile"] is not None
                       else labels["no_percentile"].format(min=data["method"]["min_peers"])))
    else:
        story.append(P(labels["no_index"]))
    key_points = [
        (labels["strengths"], ", ".join(a["name"] for a in data["strengths"]) or labels["no_strengths"]),
        (labels["priorities"], ", ".join(a["name"] for a in data["priorities"]) or labels["no_priorities"]),
        (labels["recommendations"], ", ".join(f"{r['package']} {r['name']}" for r in data["recommendations"])
         or labels["no_recommendations"]),
    ]
    story += [Spacer(1, 6 * mm),
              _table([[Paragraph(f"<b>{para(k)}</b>", st["cell"]), P(v, "cell")] for k, v in key_points],
                     [45 * mm, width - 45 * mm], header=False),
              PageBreak()]

    # Area levels: chart and table
    story.append(P(labels["areas"], "h2"))
    story.append(area_levels(data["areas"], width, labels["chart_own"], labels["chart_peers"]))
    rows = [[labels["area"], labels["your_level"], labels["peer_mean"], labels["percentile_short"]]]
    for area in data["areas"]:
        rows.append([P(area["name"], "cell"), area["level_text"] if area["applicable"] else labels["not_applicable"],
                     area["peer_mean_text"] or "–", area["percentile_text"] or "–"])
    story += [Spacer(1, 3 * mm), _table(rows, [width - 75 * mm, 25 * mm, 25 * mm, 25 * mm])]

    # Competence vs level
    story += [CondPageBreak(60 * mm), P(labels["competence_title"], "h2"), P(labels["competence_text"], "small"),
              Spacer(1, 2 * mm)]
    rows, bold = [[labels["area"], labels["your_level"], labels["competence"], labels["difference"]]], []
    for area in data["areas"]:
        gap = None
        if area["level"] is not None and area["competence"] is not None:
            gap = area["competence"] - area["level"]
            if abs(gap) >= 25:
                bold.append(len(rows))
        rows.append([P(area["name"], "cell"), area["level_text"] or "–", area["competence_text"] or "–",
                     "–" if gap is None else f"{gap:+.0f}"])
    story.append(_table(rows, [width - 75 * mm, 25 * mm, 25 * mm, 25 * mm], bold_rows=bold))

    if data.get("followup"):
        from .followup_pdf import comparison_story  # imports this module's table helper

        story += comparison_story(data["followup"], data["language"], st, width)

    # Strengths and priorities
    story += [CondPageBreak(50 * mm), P(labels["strengths"], "h2")]
    if data["strengths"]:
        for area in data["strengths"]:
            story.append(KeepTogether([Paragraph(f"<b>{para(area['name'])}</b> ({para(area['level_text'])})", st["body"]),
                                       P(area["description"], "small"), Spacer(1, 2 * mm)]))
    else:
        story.append(P(labels["no_strengths"]))
    story.append(P(labels["priorities"], "h2"))
    if data["priorities"]:
        for number, area in enumerate(data["priorities"], start=1):
            line = labels["priority_line"].format(level=area["level_text"], importance=area["importance"],
                                                  priority=f"{area['priority']:.0f}")
            story.append(KeepTogether([Paragraph(f"<b>{number}. {para(area['name'])}</b> – {para(line)}", st["body"]),
                                       P(area["description"], "small"), Spacer(1, 2 * mm)]))
    else:
        story.append(P(labels["no_priorities"]))

    # Recommendations
    story += [CondPageBreak(50 * mm), P(labels["recommendations"], "h2")]
    if data["recommendations"]:
        rows = [[labels["package"], labels["offer"], labels["fee"]]]
        for rec in data["recommendations"]:
            detail = f"<b>{para(rec['name'])}</b><br/>{para(rec['topics'])}"
            if rec["areas"]:
                detail += f"<br/><i>{para(labels['because'])}: {para(', '.join(rec['areas']))}</i>"
            rows.append([rec["package"], Paragraph(detail, st["cell"]), rec["fee_text"]])
        story.append(_table(rows, [25 * mm, width - 50 * mm, 25 * mm]))
        note = labels["fee_note_high"] if data["high_fee_tier"] else labels["fee_note"]
        story.append(P(note.format(threshold=data["high_fee_text"]), "small"))
    else:
        story.append(P(labels["no_recommendations"]))

    # Peer groups
    story += [CondPageBreak(50 * mm), P(labels["groups"], "h2")]
    rows = [[labels["group"], labels["peers"], labels["group_mean"], labels["percentile_short"]]]
    for group in data["groups"]:
        name = group["name"] if group["id"] == "all" else f"{group['name']}: {group['label']}"
        if group["enough"]:
            rows.append([P(name, "cell"), str(group["peers"]), group["mean_text"], group["percentile_text"]])
        else:
            rows.append([P(name, "cell"), str(group["peers"]),
                         P(labels["not_enough"].format(min=data["method"]["min_peers"]), "cell"), ""])
    story.append(_table(rows, [width - 80 * mm, 25 * mm, 30 * mm, 25 * mm]))

    # Open answers
    story += [CondPageBreak(40 * mm), P(labels["open_answers"], "h2")]
    if data["open_answers"]:
        for item in data["open_answers"]:
            story += [Paragraph(f"<b>{para(item['question'])}</b>", st["body"]),
                      Paragraph(para(labels["quote"].format(text=item["answer"])), st["quote"])]
    else:
        story.append(P(labels["no_open_answers"]))

    # Advisory interview (filled by the advisor workspace; a form to write on until then)
    story += [CondPageBreak(70 * mm), P(labels["interview"], "h2")]
    interview = data.get("interview")
    if interview:
        story.append(P(labels["interview_by"].format(date=interview["held_on"], advisor=interview["advisor"]), "small"))
        for item in interview["items"]:
            story += [Paragraph(f"<b>{para(item['label'])}</b>", st["body"]), P(item["value"]), Spacer(1, 1.5 * mm)]
        if interview["ratings"]:
            rows, bold = [[labels["area"], labels["self_level"], labels["advisor_rating"], labels["difference"]]], []
            for rating in interview["ratings"]:
                if rating["big"]:
                    bold.append(len(rows))
                rows.append([P(rating["area"], "cell"), rating["self"], rating["advisor"], rating["gap"]])
            story += [CondPageBreak(40 * mm), P(labels["ratings"], "h2"), P(labels["ratings_note"], "small"),
                      _table(rows, [width - 80 * mm, 27 * mm, 28 * mm, 25 * mm], bold_rows=bold)]
    else:
        story.append(P(labels["interview_empty"], "small"))
        rows = [[P(field, "cell"), ""] for field in labels["interview_fields"]]
        table = Table(rows, colWidths=[55 * mm, width - 55 * mm], rowHeights=[14 * mm] * len(rows))
        table.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.4, colors.HexColor("#8a949e")),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)

    # Method note
    story += [CondPageBreak(30 * mm), P(labels["method"], "h2"),
              P(labels["method_text"].format(min=data["method"]["min_peers"], peers=data["method"]["peers"],
                                             date=data["method"]["benchmark_date"]), "small")]

    header = f"{labels['project']} – {company['name'] or ''}"
    return build_pdf(story, f"{labels['title']} – {company['name'] or ''}", header, labels, data["language"])


def build_pdf(story: list, title: str, header: str, labels: dict, lang: str) -> bytes:
    """A4 document with the running header and "sivu x / y" footer (``labels``: page, project)."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=17 * mm,
                                 bottomMargin=17 * mm, title=title, author=labels["project"], lang=lang)
    document.build(story, canvasmaker=lambda *a, **k: _NumberedCanvas(*a, labels=labels, header=header, **k))
    return buffer.getvalue()
