"""The measured-impact section (T0 → T1) of the aggregate report, from reports.data.impact only."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from ..texts import IMPACT as TEXTS
from .kit import paragraphs
from .kit import table as _table


def impact_story(impact: dict, lang: str, styles: dict, width: float) -> list:
    t = TEXTS[lang]
    P = paragraphs(styles)
    story = [CondPageBreak(80 * mm), P(t["title"], "h2")]
    if not impact["companies"]:
        return story + [P(t["none"])]
    if impact["hidden_all"]:
        return story + [P(t["hidden_all"].format(min=impact["min_peers"]))]
    story.append(P(t["answered"].format(n=impact["companies"], invited=impact["invited"])))
    if impact["satisfaction_text"]:
        story.append(P(t["satisfaction"].format(value=impact["satisfaction_text"])))
    head = [t["area"], t["n"], t["before"], t["after"], t["change"], t["ci"], t["rose"]]
    widths = [width - 132 * mm, 20 * mm, 14 * mm, 14 * mm, 18 * mm, 48 * mm, 18 * mm]

    def cells(label, r):
        return [P(label, "cell"), r["n_text"], r["before_text"], r["after_text"], r["change_text"], r["ci_text"], r["rose_text"]]

    rows = [head, cells(t["index"], impact["index"])] + [cells(a["name"], a) for a in impact["areas"]]
    story += [_table(rows, widths), P(t["method"], "small"), P(t["by_group"], "h2")]
    for breakdown in impact["breakdowns"]:
        rows = [[breakdown["name"], t["n"], t["change"], t["ci"], t["rose"]]]
        rows += [[P(r["label"], "cell"), r["n_text"], r["change_text"], r["ci_text"], r["rose_text"]] for r in breakdown["rows"]]
        story += [CondPageBreak(35 * mm), _table(rows, [width - 104 * mm, 20 * mm, 18 * mm, 48 * mm, 18 * mm]), Spacer(1, 4 * mm)]
    return story
