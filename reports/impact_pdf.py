"""The measured-impact section (T0 → T1) of the aggregate report, from reports.impact_data only."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

from .company_pdf import _table
from .pdf_charts import change_intervals
from .pdf_text import para

TEXTS = {
    "fi": {"title": "Kehitys ensimmäisestä analyysistä seurantaan (T0 → T1)",
           "answered": "Seurantaan vastasi {n} yritystä ({invited} kutsuttu).", "satisfaction": "Tyytyväisyys hankkeen tukeen keskimäärin {value} / 5.",
           "index": "Digitaalisen kypsyyden indeksi", "area": "Osa-alue", "n": "Yrityksiä", "before": "T0", "after": "T1",
           "change": "Muutos", "ci": "95 %:n luottamusväli", "rose": "Nousi", "group": "Ryhmä",
           "by_group": "Indeksin muutos ryhmittäin",
           "chart": "Keskimääräinen muutos pisteinä ja sen 95 %:n luottamusväli",
           "none": "Valitulla rajauksella ei ole vielä seurantavastauksia.",
           "hidden_all": "Seurantaan vastanneita on rajauksessa alle {min}, joten lukuja ei näytetä.",
           "method": "Parittainen vertailu: samat yritykset ensimmäisessä analyysissä ja seurannassa, vain molemmilla kerroilla samoin kysytyt kysymykset. Luottamusväli Studentin t-jakaumasta (docs/scoring.md)."},
    "en": {"title": "Development from the first analysis to the follow-up (T0 → T1)",
           "answered": "{n} companies answered the follow-up ({invited} invited).", "satisfaction": "Mean satisfaction with the project's support {value} / 5.",
           "index": "Digital maturity index", "area": "Area", "n": "Companies", "before": "T0", "after": "T1",
           "change": "Change", "ci": "95 % confidence interval", "rose": "Rose", "group": "Group",
           "by_group": "Change of the index by group",
           "chart": "Mean change in points with its 95 % confidence interval",
           "none": "No follow-up answers in the selection yet.",
           "hidden_all": "Fewer than {min} companies in the selection answered the follow-up, so no numbers are shown.",
           "method": "Paired comparison: the same companies at the first analysis and at the follow-up, only the questions asked in the same way both times. Confidence interval from Student's t distribution (docs/scoring.md)."},
}


def impact_story(impact: dict, lang: str, styles: dict, width: float) -> list:
    t = TEXTS[lang]
    P = lambda text, style="body": Paragraph(para(text), styles[style])  # noqa: E731
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
        return [P(label, "cell"), r["n_text"], r["before_text"], r["after_text"], r["change_text"], r["ci_text"], r["rose_text"]]

    chart_rows = [{"name": t["index"], **impact["index"]}] + impact["areas"]
    story.append(change_intervals([{"name": r["name"], "change": None if r["hidden"] else r["change"],
                                    "ci_low": r.get("ci_low"), "ci_high": r.get("ci_high")} for r in chart_rows],
                                  width, t["chart"]))
    rows = [head, cells(t["index"], impact["index"])] + [cells(a["name"], a) for a in impact["areas"]]
    story += [Spacer(1, 3 * mm), _table(rows, widths), P(t["method"], "small")]
    for number, breakdown in enumerate(impact["breakdowns"]):
        rows = [[breakdown["name"], t["n"], t["change"], t["ci"], t["rose"]]]
        rows += [[P(r["label"], "cell"), r["n_text"], r["change_text"], r["ci_text"], r["rose_text"]] for r in breakdown["rows"]]
        table = _table(rows, [width - 104 * mm, 24 * mm, 18 * mm, 44 * mm, 18 * mm])
        story += [KeepTogether([P(t["by_group"], "h2"), table]) if number == 0 else table, Spacer(1, 4 * mm)]
    return story
