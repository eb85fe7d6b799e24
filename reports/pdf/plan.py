"""The entrepreneur's own copy of the company PDF: the development plan, the few trainings with
plain names, and what was agreed in the advisor's final interview (never an empty form). Renders
only report data (reports.data.plan); the advisor's copy keeps its sections in reports.pdf.company."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, ListFlowable, ListItem, Spacer

from ..texts import PLAN as TEXTS
from .kit import Paragraph, para


def _bullets(items: list[str], style) -> ListFlowable:
    return ListFlowable([ListItem(Paragraph(para(i), style), leftIndent=10) for i in items], bulletType="bullet",
                        start="•", leftIndent=10, bulletFontSize=8)


def next_level_story(data: dict, st: dict) -> list:
    band = data["summary"].get("next_band")
    if not band:
        return []
    t = TEXTS[data["language"]]
    head = t["next_level"].format(name=band["name"], start=int(band["from"]))
    return [Spacer(1, 2 * mm), KeepTogether([Paragraph(f"<b>{para(head)}</b>", st["body"]),
                                             Paragraph(para(band["description"]), st["body"])])]


def plan_story(data: dict, st: dict) -> list:
    t = TEXTS[data["language"]]
    story = [CondPageBreak(60 * mm), Paragraph(para(t["plan"]), st["h2"])]
    if not data.get("plan"):
        return story + [Paragraph(para(t["no_plan"]), st["body"])]
    story += [Paragraph(para(t["plan_intro"]), st["small"]), Spacer(1, 2 * mm)]
    for number, item in enumerate(data["plan"], start=1):
        area = item["area"]
        level = t["plan_level"].format(level=area["level_text"], name=item["level_name"], importance=area["importance"])
        steps_head = t["steps_to"].format(name=item["next_level_name"]) if item["next_level_name"] else t["steps_keep"]
        story.append(KeepTogether([
            Paragraph(f"<b>{number}. {para(area['name'])}</b>", st["body"]), Paragraph(para(level), st["small"]),
            Paragraph(para(item["meaning"]), st["body"]), Spacer(1, 1 * mm),
            Paragraph(f"<b>{para(steps_head)}</b>", st["body"]), _bullets(item["steps"], st["body"]),
            Spacer(1, 3 * mm)]))
    return story


def trainings_story(data: dict, st: dict) -> list:
    t = TEXTS[data["language"]]
    story = [CondPageBreak(50 * mm), Paragraph(para(t["trainings"]), st["h2"])]
    left_out = data.get("own_left_out")
    note = [Paragraph(para(t["own_left_out"].format(names=", ".join(left_out))), st["small"]),
            Spacer(1, 2 * mm)] if left_out else []
    if not data.get("trainings"):
        return story + (note or [Paragraph(para(t["no_trainings"]), st["body"])])
    story += note
    for training in data["trainings"]:
        why = f"<b>{para(training['why_label'])}</b> {para(' '.join(training['why']))}"
        audience = [Paragraph(para(t["audience"].format(audience=training["audience"])), st["small"])
                    ] if training.get("audience") else []
        story.append(KeepTogether([
            Paragraph(f"<b>{para(training['name'])}</b>", st["body"]), Paragraph(para(training["topics"]), st["small"]),
            *audience, Paragraph(why, st["body"]),
            Paragraph(para(t["fee"].format(fee=training["fee_text"])), st["body"]), Spacer(1, 2.5 * mm)]))
    closing = [Paragraph(para(data["signup"]), st["body"])] if data.get("signup") else []
    if data.get("calendar_url"):  # where the signup text sends the reader, as an address and a link
        url = para(data["calendar_url"])
        label = para(t["calendar"]).replace("{url}", f'<link href="{url}">{url}</link>')
        closing.append(Paragraph(label, st["body"]))
    if data.get("advisor_contact"):
        closing.append(Paragraph(para(t["contact"].format(**data["advisor_contact"])), st["body"]))
    if closing:
        story.append(KeepTogether(closing))
    return story


def agreed_story(data: dict, st: dict) -> list:
    """The final interview's actions, referrals and follow-up date; a sentence until then."""
    t = TEXTS[data["language"]]
    agreed = data.get("agreed")
    story = [CondPageBreak(40 * mm), Paragraph(para(t["agreed"]), st["h2"])]
    if not agreed:
        return story + [Paragraph(para(t["no_interview"]), st["small"])]
    if agreed.get("held_on"):
        story.append(Paragraph(para(t["agreed_by"].format(date=agreed["held_on"], advisor=agreed["advisor"] or "–")),
                               st["small"]))
    if agreed["actions"]:
        lines = []
        for action in agreed["actions"]:
            parts = [action["what"]]
            if action["who"]:
                parts.append(t["who"].format(who=action["who"]))
            if action["by"]:
                parts.append(t["by"].format(date=action["by"]))
            lines.append(" – ".join(parts))
        # the heading keeps its first action with it; a long list may go on to the next page
        story += [Spacer(1, 1.5 * mm), KeepTogether([Paragraph(f"<b>{para(t['actions'])}</b>", st["body"]),
                                                     _bullets(lines[:1], st["body"])])]
        if lines[1:]:
            story.append(_bullets(lines[1:], st["body"]))
    if agreed["referrals"]:
        story += [Spacer(1, 1.5 * mm), KeepTogether([Paragraph(f"<b>{para(t['referrals'])}</b>", st["body"]),
                                                     _bullets(agreed["referrals"], st["body"])])]
    if agreed.get("follow_up_on"):
        story += [Spacer(1, 1.5 * mm),
                  Paragraph(f"<b>{para(t['follow_up'].format(date=agreed['follow_up_on']))}</b>", st["body"])]
    return story
