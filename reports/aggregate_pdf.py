"""The aggregate results report as PDF (ReportLab), from reports.aggregate_data only."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

from .company_pdf import MARGIN, _styles, _table, build_pdf
from .impact_pdf import impact_story
from .pdf_branding import logo_row
from .pdf_charts import area_levels, counts_bar
from .pdf_text import FAMILY, para, register_fonts

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
           "survey": "{title}, versio {version}", "answers_n": "{n} vastausta", "bands_unit": "yrityksiä",
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
           "survey": "{title}, version {version}", "answers_n": "{n} answers", "bands_unit": "companies",
           "page": "page {page} / {pages}", "project": "DigiFocus · Digianalyysi"},
}


def render_aggregate_pdf(data: dict) -> bytes:
    register_fonts()
    t = TEXTS[data["language"]]
    st = _styles()
    P = lambda text, style="body": Paragraph(para(text), st[style])  # noqa: E731
    width = A4[0] - 2 * MARGIN
    minimum = data["min_peers"]
    story = [*logo_row(data.get("branding"), width), P(t["project"], "small"), P(t["title"], "h1"),
             P(t["publication"].format(min=minimum) if data["publication"] else t["internal"], "small"), Spacer(1, 4 * mm)]
    selection = ", ".join(f"{f['name']}: {f['value']}" for f in data["filters"]) or t["all"]
    facts = [(t["filters"], selection), (t["companies"], str(data["companies"]) if not data["hidden_all"] else f"< {minimum}")]
    if data["index_text"]:
        facts.append((t["index"], data["index_text"]))
    story.append(_table([[P(k, "cell"), P(v, "cell")] for k, v in facts], [55 * mm, width - 55 * mm], header=False))
    if not data["companies"] or data["hidden_all"]:
        story.append(P(t["none"] if not data["companies"] else t["hidden_all"].format(min=minimum)))
    else:
        story += _results_story(data, t, st, P, width, minimum)
        if data.get("impact"):
            story += impact_story(data["impact"], data["language"], st, width)
        story += _open_answers_story(data, t, st, P)
    survey = t["survey"].format(title=data["survey"]["title"], version=data["survey"]["version"])
    story.append(KeepTogether([P(t["method"], "h2"), P(t["method_text"].format(survey=survey, date=data["date"]), "small")]))
    return build_pdf(story, t["title"], t["title"], {"page": t["page"], "project": t["project"]}, data["language"])


def _results_story(data: dict, t: dict, st: dict, P, width: float, minimum: int) -> list:
    bands = [{"name": b["name"], "count": b["count"], "text": b["count_text"], "hidden": b["hidden"]} for b in data["bands"]]
    story = [KeepTogether([P(t["bands"], "h2"), counts_bar(bands, width, t["bands_unit"]), Spacer(1, 2 * mm),
                           _table([[t["level"], t["count"]]] + [[b["name"], b["count_text"]] for b in data["bands"]],
                                  [width - 40 * mm, 40 * mm])])]
    story += [CondPageBreak(90 * mm), P(t["areas"], "h2"),
              area_levels([{"name": a["name"], "level": a["level"], "peer_mean": a["competence"]} for a in data["areas"]],
                          width, t["chart_level"], t["chart_competence"]),
              _table([[t["area"], t["level"], t["competence"]]] +
                     [[P(a["name"], "cell"), a["level_text"] or "–", a["competence_text"] or "–"] for a in data["areas"]],
                     [width - 60 * mm, 30 * mm, 30 * mm])]
    story += [P(t["demand"], "h2"),
              _table([[t["area"], t["offer"], t["count"]]] +
                     [[P(a["name"], "cell"), P(a["offer_name"], "cell"), a["demand_text"]] for a in data["demand"]],
                     [width - 105 * mm, 80 * mm, 25 * mm])]
    story += [P(t["recommended"], "h2"),
              _table([[t["package"], t["offer"], t["count"]]] +
                     [[r["package"], P(r["name"], "cell"), r["count_text"]] for r in data["recommended"]],
                     [25 * mm, width - 50 * mm, 25 * mm])]
    referrals = data["interviews"].get("referrals_by_package", {})
    story += [P(t["referrals"], "h2"),
              _table([[t["package"], t["count"]], [t["interviews"], _small(data["interviews"]["interviews"], data, minimum)]] +
                     [[package, _small(n, data, minimum)] for package, n in referrals.items()], [width - 40 * mm, 40 * mm])]
    for number, breakdown in enumerate(data["breakdowns"]):
        rows = [[breakdown["name"], t["count"], t["group_index"]]]
        rows += [[P(r["label"], "cell"), r["count_text"], r["index_text"]] for r in breakdown["rows"]]
        table = _table(rows, [width - 60 * mm, 30 * mm, 30 * mm])
        # the section heading travels with its first table
        story += [KeepTogether([P(t["breakdowns"], "h2"), table]) if number == 0 else table, Spacer(1, 4 * mm)]
    return story


def _open_answers_story(data: dict, t: dict, st: dict, P) -> list:
    """Open answers under their question: the question once, then its answers."""
    if not data.get("open_groups"):
        return []
    question_style = ParagraphStyle("question", parent=st["body"], fontName=f"{FAMILY}-Bold", spaceBefore=8,
                                    spaceAfter=3, keepWithNext=1)
    answer_style = ParagraphStyle("answer", parent=st["body"], leftIndent=10, bulletIndent=2, spaceAfter=2.5)
    story = [CondPageBreak(40 * mm), P(t["open"], "h2")]
    for group in data["open_groups"]:
        story.append(Paragraph(f"{para(group['question'])} <font size=8 color='#4a5563'>"
                               f"({para(t['answers_n'].format(n=len(group['answers'])))})</font>", question_style))
        story += [Paragraph(para(answer), answer_style, bulletText="–") for answer in group["answers"]]
    return story


def _small(value: int, data: dict, minimum: int) -> str:
    return f"< {minimum}" if data["publication"] and 0 < value < minimum else str(value)
