"""The aggregate results report as PDF (ReportLab), from reports.aggregate_data only."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from .company_pdf import MARGIN, _styles, _table, build_pdf
from .impact_pdf import impact_story
from .pdf_charts import area_levels
from .pdf_text import para, register_fonts

TEXTS = {
    "fi": {"title": "Digiliiketoiminnan analyysit – koostetulokset", "publication": "Julkaisuversio: alle {min} yrityksen ryhmät on piilotettu (”< {min}”), eikä avovastauksia tai yrityksiä tunnistavia tietoja näytetä.",
           "internal": "Sisäinen versio (ei julkaistavaksi).", "filters": "Rajaus", "all": "kaikki vastaajat",
           "companies": "Yrityksiä", "index": "Digitaalisen kypsyyden indeksin keskiarvo", "bands": "Kypsyystasojen jakauma",
           "level": "Taso", "count": "Yrityksiä", "areas": "Osa-alueiden keskiarvot", "area": "Osa-alue", "competence": "Osaaminen",
           "chart_level": "Tason keskiarvo", "chart_competence": "Osaamisen keskiarvo", "breakdowns": "Ryhmittäin",
           "group_index": "Indeksin ka.", "demand": "Koulutustarve (haluaa koulutusta ja aihe tärkeä)", "offer": "Koulutus",
           "recommended": "Suositukset koulutuksiin ja polkuihin (sääntöjen mukaan)", "referrals": "Neuvojien ohjaukset työpaketeittain",
           "package": "Työpaketti", "interviews": "Neuvontahaastatteluja", "open": "Avovastaukset", "none": "Ei yrityksiä valitulla rajauksella.",
           "hidden_all": "Rajaukseen osuu alle {min} yritystä, joten lukuja ei näytetä.",
           "method": "Menetelmä", "method_text": "Kunkin yrityksen viimeisin analyysi samaan kyselyversioon ({survey}). Taso ja indeksi 0–100 (docs/scoring.md). Koottu {date}.",
           "page": "sivu {page} / {pages}", "project": "DigiFocus · Digianalyysi"},
    "en": {"title": "Digital business analyses – aggregate results", "publication": "Publication version: groups of fewer than {min} companies are hidden (\u201c< {min}\u201d), and no open answers or identifying details are shown.",
           "internal": "Internal version (not for publication).", "filters": "Selection", "all": "all respondents",
           "companies": "Companies", "index": "Mean digital maturity index", "bands": "Maturity level distribution",
           "level": "Level", "count": "Companies", "areas": "Area means", "area": "Area", "competence": "Competence",
           "chart_level": "Mean level", "chart_competence": "Mean competence", "breakdowns": "By group",
           "group_index": "Mean index", "demand": "Training demand (wants training and the topic is important)", "offer": "Training",
           "recommended": "Recommended trainings and paths (by the rules)", "referrals": "Advisors' referrals by work package",
           "package": "Work package", "interviews": "Advisory interviews", "open": "Open answers", "none": "No companies in the selection.",
           "hidden_all": "Fewer than {min} companies in the selection, so no numbers are shown.",
           "method": "Method", "method_text": "Each company's latest analysis of the same questionnaire version ({survey}). Levels and index 0–100 (docs/scoring.md). Compiled on {date}.",
           "page": "page {page} / {pages}", "project": "DigiFocus · Digianalyysi"},
}


def render_aggregate_pdf(data: dict) -> bytes:
    register_fonts()
    t = TEXTS[data["language"]]
    st = _styles()
    P = lambda text, style="body": Paragraph(para(text), st[style])  # noqa: E731
    width = A4[0] - 2 * MARGIN
    minimum = data["min_peers"]
    story = [P(t["project"], "small"), P(t["title"], "h1"),
             P(t["publication"].format(min=minimum) if data["publication"] else t["internal"], "small"), Spacer(1, 4 * mm)]
    selection = ", ".join(f"{f['name']}: {f['value']}" for f in data["filters"]) or t["all"]
    facts = [(t["filters"], selection), (t["companies"], str(data["companies"]) if not data["hidden_all"] else f"< {minimum}")]
    if data["index_text"]:
        facts.append((t["index"], data["index_text"]))
    story.append(_table([[P(k, "cell"), P(v, "cell")] for k, v in facts], [55 * mm, width - 55 * mm], header=False))
    if not data["companies"] or data["hidden_all"]:
        story.append(P(t["none"] if not data["companies"] else t["hidden_all"].format(min=minimum)))
    else:
        story += [P(t["bands"], "h2"), _table([[t["level"], t["count"]]] + [[b["name"], b["count_text"]] for b in data["bands"]],
                                             [width - 40 * mm, 40 * mm])]
        story += [CondPageBreak(90 * mm), P(t["areas"], "h2"),
                  area_levels([{"name": a["name"], "level": a["level"], "peer_mean": a["competence"]} for a in data["areas"]],
                              width, t["chart_level"], t["chart_competence"]),
                  _table([[t["area"], t["level"], t["competence"]]] +
                         [[P(a["name"], "cell"), a["level_text"] or "–", a["competence_text"] or "–"] for a in data["areas"]],
                         [width - 60 * mm, 30 * mm, 30 * mm])]
        story += [CondPageBreak(50 * mm), P(t["demand"], "h2"),
                  _table([[t["area"], t["offer"], t["count"]]] +
                         [[P(a["name"], "cell"), P(a["offer_name"], "cell"), a["demand_text"]] for a in data["demand"]],
                         [width - 105 * mm, 80 * mm, 25 * mm])]
        story += [CondPageBreak(50 * mm), P(t["recommended"], "h2"),
                  _table([[t["package"], t["offer"], t["count"]]] +
                         [[r["package"], P(r["name"], "cell"), r["count_text"]] for r in data["recommended"]],
                         [25 * mm, width - 50 * mm, 25 * mm])]
        referrals = data["interviews"].get("referrals_by_package", {})
        story += [P(t["referrals"], "h2"),
                  _table([[t["package"], t["count"]], [t["interviews"], _small(data["interviews"]["interviews"], data, minimum)]] +
                         [[package, _small(n, data, minimum)] for package, n in referrals.items()], [width - 40 * mm, 40 * mm])]
        story.append(P(t["breakdowns"], "h2"))
        for breakdown in data["breakdowns"]:
            rows = [[breakdown["name"], t["count"], t["group_index"]]]
            rows += [[P(r["label"], "cell"), r["count_text"], r["index_text"]] for r in breakdown["rows"]]
            story += [CondPageBreak(35 * mm), _table(rows, [width - 60 * mm, 30 * mm, 30 * mm]), Spacer(1, 4 * mm)]
        if data.get("impact"):
            story += impact_story(data["impact"], data["language"], st, width)
        if data["open_answers"]:
            story += [CondPageBreak(40 * mm), P(t["open"], "h2")]
            for item in data["open_answers"]:
                story += [Paragraph(f"<b>{para(item['question'])}</b>", st["small"]), P(item["answer"], "quote")]
    story += [P(t["method"], "h2"), P(t["method_text"].format(survey=f"{data['survey']['id']} v{data['survey']['version']}",
                                                              date=data["date"]), "small")]
    return build_pdf(story, t["title"], t["title"], {"page": t["page"], "project": t["project"]}, data["language"])


def _small(value: int, data: dict, minimum: int) -> str:
    return f"< {minimum}" if data["publication"] and 0 < value < minimum else str(value)
