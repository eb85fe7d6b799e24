"""The measured-impact section (T0 → T1) of the aggregate report, from reports.data.impact only."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from ..texts import IMPACT as TEXTS
from .charts import change_intervals
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
    widths = [width - 132 * mm, 24 * mm, 14 * mm, 14 * mm, 18 * mm, 44 * mm, 18 * mm]

    def cells(label, r):
        return [P(label, "cell"), r["n_text"], r["before_text"], r["after_text"], r["change_text"], r["ci_text"],
                r["rose_text"]]

    chart_rows = [{"name": t["index"], **impact["index"]}] + impact["areas"]
    story.append(change_intervals([{"name": r["name"], "change": None if r["hidden"] else r["change"],
                                    "ci_low": r.get("ci_low"), "ci_high": r.get("ci_high")} for r in chart_rows],
                                  width, t["chart"]))
    rows = [head, cells(t["index"], impact["index"])] + [cells(a["name"], a) for a in impact["areas"]]
    story += [Spacer(1, 3 * mm), _table(rows, widths), P(t["method"], "small")]
    for number, breakdown in enumerate(impact["breakdowns"]):
        rows = [[breakdown["name"], t["n"], t["change"], t["ci"], t["rose"]]]
        rows += [[P(r["label"], "cell"), r["n_text"], r["change_text"], r["ci_text"], r["rose_text"]]
                 for r in breakdown["rows"]]
        table = KeepTogether([_table(rows, [width - 104 * mm, 24 * mm, 18 * mm, 44 * mm, 18 * mm]),
                              *([Spacer(1, 1.5 * mm), P(breakdown["note"], "small")] if breakdown.get("note")
                                else [])])
        story += [KeepTogether([P(t["by_group"], "h2"), table]) if number == 0 else table, Spacer(1, 4 * mm)]
    return story
