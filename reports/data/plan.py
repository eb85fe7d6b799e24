"""The entrepreneur's development plan as report data: the next maturity level, the top three
priorities with what their level means and the next steps (surveys/method/advice.toml), and at
most three trainings with plain names and why each fits. Pure: no Flask, no database."""

from __future__ import annotations

from scoring import top_recommendations

from ..texts import PLAN
from .formatting import date_text


def competence_rating(score: float | None) -> str | None:
    """The 1-5 self-rating behind a 0-100 competence score, as "2/5"."""
    return None if score is None else f"{round(score / 25) + 1}/5"


def next_band(method, band_id: str | None, lang: str) -> dict | None:
    if band_id is None:
        return None
    index = [b.id for b in method.bands].index(band_id)
    if index + 1 >= len(method.bands):
        return None
    band = method.bands[index + 1]
    return {"id": band.id, "name": band.name.get(lang), "from": band.start, "description": band.description.get(lang)}


def plan_items(method, priorities: list[dict], lang: str) -> list[dict]:
    """For each priority area (report data of an area): level step, meaning, next steps."""
    book = method.advice
    items = []
    for area in priorities:
        if book is None or area["level"] is None:
            continue
        band = method.band_for(area["level"])  # the same maturity levels as the index's
        following = method.next_band(band)
        advice = book.advice(area["id"], book.for_band(band.id).id)
        items.append({
            "area": area,
            "level_name": band.name.get(lang),
            "next_level_name": following.name.get(lang) if following else None,
            "meaning": advice.meaning.get(lang),
            "steps": list(advice.steps[lang]),
        })
    return items


def _reasons(survey, method, rec, answers: dict, by_id: dict, lang: str) -> list[dict]:
    """Why a recommendation fits: its weak and important areas, or the answers that matched."""
    if rec.areas:
        return [{"area": by_id[a]["name"], "level": by_id[a]["level_text"], "importance": by_id[a]["importance"],
                 "important": (by_id[a]["importance"] or 0) >= method.important_from} for a in rec.areas]
    reasons = []
    for rule in method.rules:
        if rule.id not in rec.rule_ids:
            continue
        for question_id, codes in rule.answer_in:
            value = answers.get(question_id)
            for code in (value if isinstance(value, list) else [value]):
                option = survey.question(question_id).option(code) if code in codes else None
                if option is not None and option.label.get(lang) not in [r.get("answer") for r in reasons]:
                    reasons.append({"answer": option.label.get(lang)})
    return reasons


def why_sentences(reasons: list[dict], lang: str) -> list[str]:
    """Why a training fits, once per kind of reason ("Important to you but still at a low level:
    A (level 12, importance 5/5); B (…)."), never "Why:" before every area."""
    t = PLAN[lang]
    important = [t["why_important_area"].format(**r) for r in reasons if r.get("area") and r.get("important")]
    wanted = [t["why_training_area"].format(**r) for r in reasons if r.get("area") and not r.get("important")]
    answered = [t["why_answer_item"].format(**r) for r in reasons if not r.get("area")]
    sentences = []
    if important:
        sentences.append(t["why_important"].format(areas="; ".join(important)))
    if wanted:
        sentences.append(t["why_training"].format(areas="; ".join(wanted)))
    if answered:
        sentences.append(t["why_answer"].format(answers=", ".join(answered)))
    return sentences


def trainings(survey, method, recommendations, result, answers: dict, by_id: dict, lang: str) -> list[dict]:
    """At most three trainings for the entrepreneur, without work-package codes."""
    shown = []
    for rec in top_recommendations(recommendations, result):
        offer = method.offer(rec.offer_id)
        reasons = _reasons(survey, method, rec, answers, by_id, lang)
        shown.append({
            "offer": rec.offer_id,
            "name": offer.name.get(lang),
            "topics": offer.topics.get(lang),
            "fee_text": f"{rec.fee} €",
            "high_fee_tier": rec.high_fee_tier,
            "reasons": reasons,
            "why_label": PLAN[lang]["why"],
            "why": why_sentences(reasons, lang),
        })
    return shown


def _date(value: str | None, lang: str) -> str | None:
    return date_text(value, lang)


def agreed_plan(method, interview: dict, lang: str) -> dict:
    """What the entrepreneur sees of the advisor's final interview: the agreed actions (what,
    who, by when), the referrals by their plain names and the follow-up date. The advisor's own
    notes and ratings stay in the advisor's report."""
    record = interview["data"]
    offers = {o.id: o.name.get(lang) for o in method.offers}
    actions = [{"what": a.get("what") or "", "who": a.get("who") or "", "by": _date(a.get("by"), lang)}
               for a in record.get("actions") or [] if (a.get("what") or "").strip()]
    referrals = [offers.get(r, r) for r in record.get("referrals") or []]
    if record.get("referrals_other"):
        referrals.append(record["referrals_other"])
    return {
        "held_on": _date(interview.get("held_on"), lang),
        "advisor": interview.get("advisor_name"),
        "actions": actions,
        "referrals": referrals,
        "follow_up_on": _date(record.get("follow_up_on"), lang),
    }
