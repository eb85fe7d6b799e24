"""The before/after (T0/T1) section of the company's advisory report, from
reports.followup_data only."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from .company_pdf import _table as table
from .pdf_charts import area_levels
from .pdf_text import para

TEXTS = {
    "fi": {"title": "Kehitys ensimmäisen analyysin jälkeen", "dates": "Ensimmäinen analyysi {before}, seuranta {after}.",
           "index": "Digitaalisen kypsyyden indeksi: {before} → {after} ({change})", "band": "Kypsyystaso: {before} → {after}",
           "area": "Osa-alue", "before": "Ensimmäinen analyysi", "after": "Seuranta", "change": "Muutos",
           "chart_after": "Nyt (seuranta)", "chart_before": "Ensimmäinen analyysi", "not_compared": "ei verrattu",
           "note": "Vertailussa ovat mukana vain molemmilla kerroilla samoin kysytyt kysymykset ja vain silloin, kun molemmat vastaukset koskevat yritystä.",
           "attended": "Koulutukset, joihin osallistuttiin: {trainings}", "satisfaction": "Tyytyväisyys hankkeen tukeen: {value}",
           "none": "Yhtään osa-aluetta ei voitu verrata.",
           "drop": "Indeksi laski. Se on tavallista: kun osaaminen kasvaa, omaa toimintaa arvioi usein tiukemmin kuin ensimmäisellä kerralla. Lasku ei välttämättä tarkoita, että digitaalinen liiketoiminta olisi heikentynyt – käy tulokset läpi digiyritysneuvojan kanssa."},
    "en": {"title": "Development since the first analysis", "dates": "First analysis {before}, follow-up {after}.",
           "index": "Digital maturity index: {before} → {after} ({change})", "band": "Maturity level: {before} → {after}",
           "area": "Area", "before": "First analysis", "after": "Follow-up", "change": "Change",
           "chart_after": "Now (follow-up)", "chart_before": "First analysis", "not_compared": "not compared",
           "note": "Only the questions asked in the same way both times are compared, and only where both answers apply to the company.",
           "attended": "Trainings taken part in: {trainings}", "satisfaction": "Satisfaction with the project's support: {value}",
           "none": "No area could be compared.",
           "drop": "The index fell. This is common: as know-how grows, people often rate their own practice more strictly than the first time. A drop does not necessarily mean that the digital business has weakened – go through the results with a digital advisor."},
}


def comparison_story(cmp: dict, lang: str, styles: dict, width: float) -> list:
    t = TEXTS[lang]
    P = lambda text, style="body": Paragraph(para(text), styles[style])  # noqa: E731
    story = [CondPageBreak(90 * mm), P(t["title"], "h2"), P(t["dates"].format(before=cmp["analysed"], after=cmp["answered"]), "small")]
    if cmp["index_change"] is None:
        return story + [P(t["none"])]
    story += [P(t["index"].format(before=cmp["index_before_text"], after=cmp["index_after_text"], change=cmp["index_change_text"])),
              P(t["band"].format(before=cmp["band_before"], after=cmp["band_after"])), Spacer(1, 2 * mm)]
    if cmp.get("drop_note"):
        story += [P(t["drop"]), Spacer(1, 2 * mm)]
    story.append(area_levels([{"name": a["name"], "level": a["after"], "peer_mean": a["before"]} for a in cmp["areas"]],
                             width, t["chart_after"], t["chart_before"]))
    rows = [[t["area"], t["before"], t["after"], t["change"]]]
    rows += [[P(a["name"], "cell"), a["before_text"] or "–", a["after_text"] or "–", a["change_text"] or t["not_compared"]]
             for a in cmp["areas"]]
    story += [Spacer(1, 3 * mm), table(rows, [width - 112 * mm, 40 * mm, 42 * mm, 30 * mm]), P(t["note"], "small")]
    if cmp["attended"]:
        story.append(P(t["attended"].format(trainings="; ".join(cmp["attended"]))))
    if cmp["satisfaction_text"]:
        story.append(P(t["satisfaction"].format(value=cmp["satisfaction_text"])))
    return story
