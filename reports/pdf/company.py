"""The per-company advisory report as PDF (ReportLab platypus).

Renders only the data built by ``reports.data.company.build_company_data``: it imports neither
the database nor ``scoring/``, only the kit and its data. Every user or data string goes through
``kit.para`` (``kit.paragraphs``). Each section of the report is one function below.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, Table, TableStyle

from ..data.formatting import signed
from ..texts import LABELS
from .charts import area_levels
from .followup import comparison_story
from .kit import WIDTH, Paragraph, build_pdf, cover_title, facts_table, para, start
from .kit import table as _table
from .plan import agreed_story, next_level_story, plan_story, trainings_story
from .training_records import training_records_story


def _own_copy(data: dict) -> bool:
    """The entrepreneur's own copy: the development plan and what was agreed, never a blank form."""
    return data.get("audience") == "entrepreneur"




def contact_facts(contact: dict | None, labels: dict) -> list[tuple[str, str | None]]:
    """The contact card as cover rows (advisor's copy only); email and phone only with consent."""
    if not contact:
        return []
    person = ", ".join(part for part in (contact["name"], contact["role"]) if part) or None
    consent = {True: labels["consent_yes"], False: labels["consent_no"],
               None: labels["consent_unknown"]}[contact["consent"]]
    rows = [(labels["contact_person"], person), (labels["contact_consent"], consent)]
    if contact["consent"] is not False:
        rows += [(labels["contact_email"], contact["email"]), (labels["contact_phone"], contact["phone"])]
    return rows + [(labels["website"], contact["website"])]


def survey_text(survey: dict, labels: dict) -> str:
    """The questionnaire in plain words ("Digiliiketoiminnan analyysi, versio 1")."""
    return labels["survey_version"].format(title=survey["title"], version=survey["version"])


def render_company_pdf(data: dict) -> bytes:
    labels = LABELS[data["language"]]
    st, P = start()
    width = WIDTH
    company = data["company"]
    story = []
    for section in (_cover, _summary, _area_levels, _competence, _followup, _strengths_and_priorities,
                    _recommendations, _training_records, _peer_groups, _open_answers, _interview, _website,
                    _method_note):
        story += section(data, labels, st, P, width)
    header = f"{labels['project']} – {company['name'] or ''}"
    return build_pdf(story, f"{labels['title']} – {company['name'] or ''}", header, labels, data["language"])


def _cover(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """The title page's top: the report, the company and the facts of the analysis."""
    story = []
    company = data["company"]
    story += [*cover_title(data.get("branding"), labels["project"], labels["title"], P, gap=6 * mm),
              P(labels["subtitle"]), Spacer(1, 8 * mm), P(company["name"], "company")]
    facts = [(labels["business_id"], company["business_id"]), (labels["municipality"], company["municipality"]),
             (labels["industry"], company["industry"]), (labels["answered"], data["submitted"]),
             *([(labels["first_analysis"], data["first_analysis"])] if data.get("first_analysis") else []),
             (labels["report_date"], data["method"]["benchmark_date"]),
             (labels["survey"], survey_text(data["survey"], labels)),
             (labels["language"], labels["language_name"])]
    facts += contact_facts(data.get("contact"), labels)
    story.append(facts_table(facts, 45 * mm, P))
    return story


def _summary(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """The index, the maturity level and the key points, then a page break."""
    story = []
    summary = data["summary"]
    story += [Spacer(1, 8 * mm), P(labels["summary"], "h2")]
    if summary["index"] is not None:
        story += [Paragraph(f"{para(summary['index_text'])} / 100", st["index"]),
                  P(f"{labels['level']}: {summary['band']['name']}", "body"), Spacer(1, 2 * mm),
                  P(summary["band"]["description"])]
        story.append(P(labels["percentile"].format(percentile=summary["percentile_text"], peers=summary["peers"])
                       if summary["percentile"] is not None
                       else labels["no_percentile"].format(min=data["method"]["min_peers"])))
        if _own_copy(data):
            story += next_level_story(data, st)
    else:
        story.append(P(labels["no_index"]))
    trainings = (", ".join(t["name"] for t in data["trainings"]) if _own_copy(data)
                 else ", ".join(f"{r['package']} {r['name']}" for r in data["recommendations"]))
    key_points = [
        (labels["strengths"], ", ".join(a["name"] for a in data["strengths"]) or labels["no_strengths"]),
        (labels["priorities"], ", ".join(a["name"] for a in data["priorities"]) or labels["no_priorities"]),
        (labels["recommendations"], trainings or ("–" if data.get("own_left_out") else labels["no_recommendations"])),
    ]
    story += [Spacer(1, 6 * mm),
              _table([[Paragraph(f"<b>{para(k)}</b>", st["cell"]), P(v, "cell")] for k, v in key_points],
                     [45 * mm, width - 45 * mm], header=False),
              PageBreak()]
    return story


def _area_levels(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """Area levels: chart and table."""
    story = []
    story.append(P(labels["areas"], "h2"))
    story.append(area_levels(data["areas"], width, labels["chart_own"], labels["chart_peers"]))
    rows = [[labels["area"], labels["your_level"], labels["peer_mean"], labels["percentile_short"]]]
    for area in data["areas"]:
        rows.append([P(area["name"], "cell"), area["level_text"] if area["applicable"] else labels["not_applicable"],
                     area["peer_mean_text"] or "–", area["percentile_text"] or "–"])
    story += [Spacer(1, 3 * mm), _table(rows, [width - 75 * mm, 25 * mm, 25 * mm, 25 * mm])]
    return story


def _competence(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """Competence vs level. The entrepreneur's copy shows the self-rating as rated ("1/5") and
    speaks to the entrepreneur; the advisor's copy adds the gap on the 0–100 scale."""
    if _own_copy(data):
        head = [P(labels["competence_title"], "h2"), P(labels["competence_text_own"], "small"), Spacer(1, 2 * mm)]
        rows = [[labels["area"], labels["your_level"], labels["competence_own"]]]
        rows += [[P(area["name"], "cell"), area["level_text"] if area["applicable"] else labels["not_applicable"],
                  area["competence_rating"] or "–"] for area in data["areas"]]
        return [KeepTogether([*head, _table(rows, [width - 70 * mm, 30 * mm, 40 * mm])])]
    head = [P(labels["competence_title"], "h2"), P(labels["competence_text"], "small"), Spacer(1, 2 * mm)]
    rows, bold = [[labels["area"], labels["your_level"], labels["competence"], labels["difference"]]], []
    for area in data["areas"]:
        gap = None
        if area["level"] is not None and area["competence"] is not None:
            gap = round(area["competence"]) - round(area["level"])  # from the printed, rounded values
            if abs(gap) >= 25:
                bold.append(len(rows))
        competence = f"{area['competence_text']} ({area['competence_rating']})" if area["competence_rating"] else "–"
        rows.append([P(area["name"], "cell"), area["level_text"] or "–", competence,
                     "–" if gap is None else signed(gap, data["language"])])
    return [KeepTogether([*head, _table(rows, [width - 87 * mm, 25 * mm, 32 * mm, 30 * mm], bold_rows=bold)])]


def _followup(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """The before/after (T0/T1) comparison when the company has answered a follow-up."""
    if data.get("followup"):
        return comparison_story(data["followup"], data["language"], st, width)
    return []


def _strengths_and_priorities(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """Strengths and priorities."""
    story = []
    story += [CondPageBreak(50 * mm), P(labels["strengths"], "h2")]
    if data["strengths"]:
        for area in data["strengths"]:
            story.append(KeepTogether([Paragraph(f"<b>{para(area['name'])}</b> ({para(area['level_text'])})",
                                                 st["body"]),
                                       P(area["description"], "small"), Spacer(1, 2 * mm)]))
    else:
        story.append(P(labels["no_strengths"]))
    if _own_copy(data):
        return story + plan_story(data, st)
    story.append(P(labels["priorities"], "h2"))
    if data["priorities"]:
        for number, area in enumerate(data["priorities"], start=1):
            line = labels["priority_line"].format(level=area["level_text"], importance=area["importance"])
            story.append(KeepTogether([Paragraph(f"<b>{number}. {para(area['name'])}</b> – {para(line)}", st["body"]),
                                       P(area["description"], "small"), Spacer(1, 2 * mm)]))
    else:
        story.append(P(labels["no_priorities"]))
    return story


def _recommendations(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """Recommended trainings with their fees (the entrepreneur's copy: at most three, plain names)."""
    if _own_copy(data):
        return trainings_story(data, st)
    story = []
    story += [CondPageBreak(50 * mm), P(labels["recommendations"], "h2")]
    if data.get("own_left_out"):
        story.append(P(labels["own_left_out"].format(names=", ".join(data["own_left_out"])), "lead"))
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
    elif not data.get("own_left_out"):
        story.append(P(labels["no_recommendations"]))
    return story


def _training_records(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """The company's courses with status, attendance and certificates."""
    return training_records_story(data, st, width)


def _peer_groups(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """Peer groups."""
    story = []
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
    return story


def _open_answers(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """The entrepreneur's open answers."""
    story = []
    story += [CondPageBreak(40 * mm), P(labels["open_answers_own" if _own_copy(data) else "open_answers"], "h2")]
    if data["open_answers"]:
        for item in data["open_answers"]:  # a question is never left at a page's end without its answer
            story.append(KeepTogether([Paragraph(f"<b>{para(item['question'])}</b>", st["body"]),
                                       Paragraph(para(labels["quote"].format(text=item["answer"])), st["quote"])]))
    else:
        story.append(P(labels["no_open_answers"]))
    return story


def _interview(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """Advisory interview (filled by the advisor workspace; a form to write on until then). The
    entrepreneur's copy shows what was agreed in the final interview and never an empty form."""
    if _own_copy(data):
        return agreed_story(data, st)
    story = []
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
            compared = interview.get("compared_with")
            # the heading and its notes go with the table: never a heading alone at a page's foot
            story.append(KeepTogether([P(labels["ratings"], "h2"),
                                       *([P(compared["text"], "small")] if compared else []),
                                       P(labels["ratings_note"], "small"),
                                       _table(rows, [width - 90 * mm, 33 * mm, 31 * mm, 26 * mm], bold_rows=bold)]))
        story += _newer_note(interview.get("newer_analysis"), st, P)
    else:
        story.append(P(labels["interview_empty"], "small"))
        rows = [[P(field, "cell"), ""] for field in labels["interview_fields"]]
        table = Table(rows, colWidths=[55 * mm, width - 55 * mm], rowHeights=[14 * mm] * len(rows))
        table.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.4, colors.HexColor("#8a949e")),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    return story


def _website(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """Website quick check: only the findings the advisor chose for the report (kept with the
    final interview), and a newer check beside them."""
    website = data.get("website")
    if not website or not (website["findings"] or website.get("newer")):
        return []
    story = [CondPageBreak(50 * mm), P(labels["website_check"], "h2")]
    if website["findings"]:
        rows = [list(labels["website_check_columns"])]
        for finding in website["findings"]:
            name = f"<b>{para(finding['name'])}</b>" + (f"<br/>{para(finding['advice'])}" if finding["advice"] else "")
            rows.append([Paragraph(name, st["cell"]), P(finding["status"], "cell"),
                         P(finding["evidence"] or "–", "cell")])
        story.append(P(labels["website_check_note"].format(date=website["checked_on"]), "small"))
    if website.get("kept_text"):
        story.append(P(website["kept_text"], "small"))
    if website["findings"]:
        story += [Spacer(1, 1.5 * mm), _table(rows, [70 * mm, 25 * mm, width - 95 * mm])]
    return story + _newer_note(website.get("newer"), st, P)


def _newer_note(newer: dict | None, st: dict, P) -> list:
    """Newer information beside a final document (a later analysis or website check)."""
    if not newer:
        return []
    return [Spacer(1, 3 * mm), KeepTogether([Paragraph(f"<b>{para(newer['title'])}</b>", st["body"]),
                                            P(newer["text"], "small")])]


def _method_note(data: dict, labels: dict, st: dict, P, width: float) -> list:
    """Method note."""
    story = []
    story += [CondPageBreak(30 * mm), P(labels["method"], "h2"),
              P(labels["method_text"].format(min=data["method"]["min_peers"], peers=data["method"]["peers"],
                                             date=data["method"]["benchmark_date"]), "small")]
    return story
