"""The before/after (T0/T1) section of the company's advisory report, from
reports.data.followup only."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from ..texts import FOLLOWUP as TEXTS
from .charts import area_levels
from .kit import paragraphs, table


def comparison_story(cmp: dict, lang: str, styles: dict, width: float) -> list:
    t = TEXTS[lang]
    P = paragraphs(styles)
    story = [CondPageBreak(90 * mm), P(t["title"], "h2"),
             P(t["dates"].format(before=cmp["analysed"], after=cmp["answered"]), "small")]
    if cmp["index_change"] is None:
        return story + [P(t["none"])]
    story += [P(t["index"].format(before=cmp["index_before_text"], after=cmp["index_after_text"],
                                  change=cmp["index_change_text"])),
              P(t["band"].format(before=cmp["band_before"], after=cmp["band_after"])
                if cmp["band_before"] != cmp["band_after"] else t["band_same"].format(band=cmp["band_after"])),
              Spacer(1, 2 * mm)]
    if cmp.get("drop_note"):
        story += [P(t["drop"]), Spacer(1, 2 * mm)]
    story.append(area_levels([{"name": a["name"], "level": a["after"], "peer_mean": a["before"]} for a in cmp["areas"]],
                             width, t["chart_after"], t["chart_before"]))
    rows = [[t["area"], t["before"], t["after"], t["change"]]]
    rows += [[P(a["name"], "cell"), a["before_text"] or "–", a["after_text"] or "–",
              a["change_text"] or t["not_compared"]]
             for a in cmp["areas"]]
    story += [Spacer(1, 3 * mm), table(rows, [width - 96 * mm, 36 * mm, 30 * mm, 30 * mm]), P(t["note"], "small"),
              Spacer(1, 2 * mm)]
    if cmp["attended"]:
        story.append(P(t["attended"].format(trainings="; ".join(cmp["attended"]))))
    if cmp["satisfaction_text"]:
        story.append(P(t["satisfaction"].format(value=cmp["satisfaction_text"])))
    return story
