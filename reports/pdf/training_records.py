"""The company's recorded trainings in the company PDF (the advisor's copy and the entrepreneur's
own): renders only ``data["training_records"]`` (reports.data.training_records)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from ..texts import TRAINING_RECORDS as TEXTS
from .kit import MUTED, Paragraph, para, table

GREY = "#" + MUTED.hexval()[2:]
WIDTHS = (27 * mm, 27 * mm, 20 * mm, 16 * mm, 30 * mm)  # the course column takes the rest


def training_records_story(data: dict, st: dict, width: float) -> list:
    """Heading, a table of the courses, the notes. The entrepreneur's copy leaves the section
    out until there is something to show; the advisor's says that there is nothing yet."""
    records = data.get("training_records")
    own = data.get("audience") == "entrepreneur"
    if records is None or (own and not records["rows"] and not records["certificates"]):
        return []
    t = TEXTS[data["language"]]
    story = [CondPageBreak(45 * mm), Paragraph(para(t["title_own"] if own else t["title"]), st["h2"])]
    if records["rows"]:
        rows = [list(t["columns"])] + [_row(row, st, with_package=not own) for row in records["rows"]]
        story.append(table(rows, [width - sum(WIDTHS), *WIDTHS]))
        story.append(Spacer(1, 1.5 * mm))
        story.append(Paragraph(para(f"{t['as_of'].format(date=records['as_of'])} {t['note']}"), st["small"]))
    else:
        story.append(Paragraph(para(t["none"]), st["body"]))
    if records["certificates"]:
        story.append(Spacer(1, 2 * mm))
    for cert in records["certificates"]:
        line = t["package_certificate_own" if own else "package_certificate"].format(
            package=cert["package"] or "–", code=cert["code"], date=cert["issued"])
        story.append(Paragraph(para(line), st["body"]))
    return story


def _row(row: dict, st: dict, with_package: bool) -> list:
    """A course's cells; the work package code only in the advisor's copy."""
    course = f"<b>{para(row['course'])}</b>"
    if row["offer"]:
        offer = f"{row['package']} · {row['offer']}" if with_package and row["package"] else row["offer"]
        course += f'<br/><font color="{GREY}">{para(offer)}</font>'
    attended = para(row["attended"]) + (f'<br/><font color="{GREY}">{para(row["planned"])}</font>' if row["planned"]
                                        else "")
    return [Paragraph(course, st["cell"]), Paragraph(para(row["dates"]), st["cell"]),
            Paragraph(para(row["status"]), st["cell"]), Paragraph(attended, st["cell"]),
            Paragraph(para(row["hours"]), st["cell"]), Paragraph(para(row["certificate"] or "–"), st["cell"])]
