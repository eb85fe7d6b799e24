"""Referral rules (data in surveys/method/) applied to one scored response."""

from __future__ import annotations

from dataclasses import dataclass

from surveys.method import Method, answers_match

from .compute import Result


@dataclass(frozen=True)
class Recommendation:
    offer_id: str
    package: str
    fee: int
    high_fee_tier: bool
    areas: tuple[str, ...]  # the weak and important areas that triggered it (area rules)
    rule_ids: tuple[str, ...]


def in_high_fee_tier(method: Method, answers: dict) -> bool:
    return answers.get(method.fee_tier.question) in method.fee_tier.high_codes


def _weak_and_important(method: Method, result: Result, area_id: str) -> bool:
    area = result.area(area_id)
    if area.level is None or area.level > method.weak_level:
        return False
    return (area.importance or 0) >= method.important_from or area.wants_training


def recommend(method: Method, answers: dict, result: Result) -> tuple[Recommendation, ...]:
    high = in_high_fee_tier(method, answers)
    found: dict[str, dict] = {}
    for rule in method.rules:
        triggering = tuple(a for a in rule.areas if _weak_and_important(method, result, a))
        if rule.areas and not triggering:
            continue
        if not answers_match(answers, rule.answer_in):
            continue
        entry = found.setdefault(rule.offer, {"areas": [], "rules": []})
        entry["areas"].extend(a for a in triggering if a not in entry["areas"])
        entry["rules"].append(rule.id)

    def urgency(offer_id: str) -> float:
        priorities = [result.area(a).priority or 0 for a in found[offer_id]["areas"]]
        return -max(priorities, default=0)

    recommendations = []
    for offer_id in sorted(found, key=lambda o: (method.offer(o).package, urgency(o), o)):
        offer = method.offer(offer_id)
        fee = offer.fee_high if high and offer.fee_high is not None else offer.fee
        recommendations.append(Recommendation(offer_id, offer.package, fee, high and offer.fee_high is not None,
                                              tuple(found[offer_id]["areas"]), tuple(found[offer_id]["rules"])))
    return tuple(recommendations)


def top_recommendations(recommendations, result: Result, limit: int = 3) -> tuple[Recommendation, ...]:
    """The few trainings to show an entrepreneur: the target-group path that fits (at most one
    first), then the workshops of the most urgent weak and important areas, ``limit`` in all."""

    def urgency(rec: Recommendation) -> float:
        return max((result.area(a).priority or 0 for a in rec.areas), default=0)

    paths = [r for r in recommendations if not r.areas]
    workshops = sorted((r for r in recommendations if r.areas), key=lambda r: -urgency(r))
    return tuple((paths[:1] + workshops + paths[1:])[:limit])
