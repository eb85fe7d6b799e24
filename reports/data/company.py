"""Build the data of one company's results: the entrepreneur's results page and (later) the
advisory report render exactly this, and it can be dumped as JSON.

No Flask and no database here: the caller passes the survey, its method, the response's
answers and the peer table (storage.scores.peer_table).
"""

from __future__ import annotations

from datetime import date

from clock import SYSTEM, Clock

from scoring import benchmark, metrics_of, own_groups, recommend, score
from trainings.rules.own_trainings import without_own_trainings

from ..texts import NO_GROUP
from .formatting import date_text, number
from .plan import competence_rating, next_band, plan_items, trainings


def build_company_data(survey, method, answers: dict, company_id, peers, lang: str,
                       submitted_at: str | None = None, today: date | None = None,
                       interview: dict | None = None, clock: Clock | None = None,
                       own_trainings: list[dict] | None = None) -> dict:
    """``interview``: the advisor's record, formatted (advisor.report.interview_to_data); ``clock``: the
    app's; ``own_trainings``: the company's training records, not recommended (trainings.rules.own_trainings)."""
    clock = clock or SYSTEM
    result = score(survey, method, answers)
    groups = own_groups(survey, method, answers)
    benchmarks = benchmark(peers, company_id, metrics_of(result), groups, method.min_peers)
    everyone = benchmarks["all"]
    band = method.band(result.band_id) if result.band_id else None

    areas = _areas(survey, result, everyone, lang)
    by_id = {a["id"]: a for a in areas}
    group_rows = _group_rows(survey, method, benchmarks, lang)
    recommended, left_out = _without_own(method, recommend(method, answers, result), own_trainings, lang)
    recommendations = _recommendations(method, recommended, by_id, lang)
    open_answers = _open_answers(survey, answers, lang)
    index_metric = everyone.metrics["index"]
    today = today or clock.today()
    return {
        "language": lang,
        "survey": {"id": survey.id, "version": survey.version, "title": survey.title.get(lang)},
        "company": {
            "name": answers.get("company_name"),
            "business_id": answers.get("business_id"),
            "municipality": _label(survey, "municipality", answers, lang),
            "industry": _label(survey, "industry", answers, lang),
        },
        "submitted": date_text(submitted_at, lang, clock.zone),
        "summary": {
            "index": result.index,
            "index_text": number(result.index, lang),
            "band": {"id": band.id, "name": band.name.get(lang), "description": band.description.get(lang)}
                    if band else None,
            "bands": [{"id": b.id, "from": b.start, "name": b.name.get(lang)} for b in method.bands],
            "percentile": index_metric.percentile,
            "percentile_text": number(index_metric.percentile, lang),
            "peers": everyone.peers,
            "next_band": next_band(method, result.band_id, lang),
        },
        "areas": areas,
        "groups": group_rows,
        "strengths": [by_id[a] for a in result.strengths],
        "priorities": [by_id[a] for a in result.priorities],
        "recommendations": recommendations,
        "plan": plan_items(method, [by_id[a] for a in result.priorities], lang),
        "trainings": trainings(survey, method, recommended, result, answers, by_id, lang),
        "own_left_out": left_out,
        "high_fee_tier": any(r["high_fee_tier"] for r in recommendations),
        "high_fee_text": method.fee_tier.threshold.get(lang),
        "open_answers": open_answers,
        "interview": interview,
        "method": {
            "min_peers": method.min_peers,
            "peers": everyone.peers,
            "benchmark_date": date_text(today, lang),
        },
    }


def _areas(survey, result, everyone, lang: str) -> list[dict]:
    areas = []
    for area_result in result.areas:
        area = survey.area(area_result.area_id)
        peer = everyone.metrics[area.id]
        areas.append({
            "id": area.id,
            "name": area.name.get(lang),
            "description": area.description.get(lang) if area.description else "",
            "level": area_result.level,
            "level_text": number(area_result.level, lang),
            "applicable": area_result.level is not None,
            "peer_mean": peer.mean,
            "peer_mean_text": number(peer.mean, lang),
            "percentile": peer.percentile,
            "percentile_text": number(peer.percentile, lang),
            "peers": peer.peers,
            "competence": area_result.competence,
            "competence_text": number(area_result.competence, lang),
            "competence_rating": competence_rating(area_result.competence),
            "importance": area_result.importance,
            "priority": area_result.priority,
            "wants_training": area_result.wants_training,
        })
    return areas


def _group_rows(survey, method, benchmarks, lang: str) -> list[dict]:
    group_rows = []
    for group in method.peer_groups:
        bench = benchmarks[group.id]
        metric = bench.metrics["index"]
        code_label = group.name.get(lang)
        if group.id != "all":
            question = survey.question(group.question)
            option = question.option(bench.code)
            code_label = option.label.get(lang) if option else NO_GROUP[lang]
        group_rows.append({
            "id": group.id,
            "name": group.name.get(lang),
            "label": code_label,
            "peers": bench.peers,
            "enough": bench.enough and metric.mean is not None,
            "mean": metric.mean,
            "mean_text": number(metric.mean, lang),
            "percentile": metric.percentile,
            "percentile_text": number(metric.percentile, lang),
        })
    return group_rows


def _without_own(method, recommended, own_trainings, lang: str) -> tuple[tuple, list[str]]:
    """The recommendations without the company's own trainings, and the names of those left out
    (the reports say they are listed with the company's trainings instead)."""
    kept = without_own_trainings(recommended, own_trainings or [])
    return kept, [method.offer(r.offer_id).name.get(lang) for r in recommended if r not in kept]


def _recommendations(method, recommended, by_id: dict, lang: str) -> list[dict]:
    recommendations = []
    for rec in recommended:
        offer = method.offer(rec.offer_id)
        recommendations.append({
            "offer": rec.offer_id,
            "package": rec.package,
            "name": offer.name.get(lang),
            "topics": offer.topics.get(lang),
            "fee": rec.fee,
            "fee_text": f"{rec.fee} €",
            "high_fee_tier": rec.high_fee_tier,
            "areas": [by_id[a]["name"] for a in rec.areas],
        })
    return recommendations


def _open_answers(survey, answers: dict, lang: str) -> list[dict]:
    return [
        {"id": q.id, "question": q.label.get(lang), "answer": answers.get(q.id)}
        for page in survey.pages for q in page.questions
        if q.type == "textarea" and answers.get(q.id)
    ]


def _label(survey, question_id: str, answers: dict, lang: str) -> str | None:
    value = answers.get(question_id)
    if value is None:
        return None
    try:
        question = survey.question(question_id)
    except KeyError:
        return str(value)
    option = question.option(value)
    return option.label.get(lang) if option else str(value)
