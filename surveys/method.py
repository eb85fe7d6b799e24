"""The scoring method of a survey version (maturity bands, thresholds) and the referral rules
and training offers, read from ``surveys/method/`` and validated against the survey.

Errors name the file and the item, like the survey loader's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .advice import AdviceBook, load_advice
from .model import Survey, Text
from .parsing import Context, SurveyError, read_text, read_toml

METHOD_DIR = Path(__file__).parent / "method"


@dataclass(frozen=True)
class Band:
    id: str
    start: float
    name: Text
    description: Text


@dataclass(frozen=True)
class Offer:
    id: str
    package: str
    name: Text
    topics: Text
    fee: int
    fee_high: int | None = None


@dataclass(frozen=True)
class FeeTier:
    question: str
    high_codes: tuple[str, ...]
    threshold: Text


@dataclass(frozen=True)
class Rule:
    id: str
    offer: str
    areas: tuple[str, ...] = ()
    answer_in: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class PeerGroup:
    id: str
    question: str
    name: Text


ALL_PEERS = PeerGroup("all", "", Text(fi="Kaikki vastaajat", en="All respondents"))


@dataclass(frozen=True, eq=False)
class Method:
    survey_id: str
    version: int
    min_peers: int
    strength_min_level: float
    weak_level: float
    important_from: int
    bands: tuple[Band, ...]
    rules: tuple[Rule, ...]
    offers: tuple[Offer, ...]
    fee_tier: FeeTier
    peer_groups: tuple[PeerGroup, ...] = ()
    advice: AdviceBook | None = None  # the development-plan texts per area and level (advice.toml)
    drop_note_from: float = 10.0  # a follow-up index drop of at least this many points gets an explanation

    def band(self, band_id: str) -> Band:
        return next(b for b in self.bands if b.id == band_id)

    def band_for(self, index: float) -> Band:
        """The maturity level of an index or of an area's level (one scale for both)."""
        chosen = self.bands[0]
        for band in self.bands:
            if index >= band.start:
                chosen = band
        return chosen

    def next_band(self, band: Band) -> Band | None:
        index = self.bands.index(band)
        return self.bands[index + 1] if index + 1 < len(self.bands) else None

    def offer(self, offer_id: str) -> Offer:
        return next(o for o in self.offers if o.id == offer_id)


def parse_answer_in(ctx: Context, where: str, survey: Survey, raw: dict) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``{question = [codes]}`` conditions, checked against the survey's questions and options."""
    conditions = []
    for question_id, codes in raw.items():
        try:
            question = survey.question(question_id)
        except KeyError:
            raise ctx.fail(where, f"unknown question '{question_id}'") from None
        for code in codes:
            if question.option(code) is None:
                raise ctx.fail(where, f"question '{question_id}' has no option '{code}'")
        conditions.append((question_id, tuple(codes)))
    return tuple(conditions)


def answers_match(answers: dict, conditions) -> bool:
    """Whether every ``(question_id, codes)`` condition holds: the answer (or, for a multiple
    choice, any of its ticked options) is one of the codes."""
    for question_id, codes in conditions:
        value = answers.get(question_id)
        if not any(v in codes for v in (value if isinstance(value, list) else [value])):
            return False
    return True


def load_offers(path: Path) -> tuple[tuple[Offer, ...], FeeTier]:
    ctx = Context(path)
    data = read_toml(path)
    tier = data.get("fee_tier")
    if not isinstance(tier, dict) or not isinstance(tier.get("question"), str):
        raise ctx.fail("[fee_tier]", "'question' (the turnover question id) is required")
    fee_tier = FeeTier(tier["question"], tuple(tier.get("high_codes", ())),
                       read_text(ctx, "[fee_tier]", tier, "threshold"))
    offers, seen = [], set()
    for number, raw in enumerate(data.get("offers", []), start=1):
        offer_id = raw.get("id")
        where = f"offer {number}" + (f" '{offer_id}'" if offer_id else "")
        if not isinstance(offer_id, str) or not offer_id or offer_id in seen:
            raise ctx.fail(where, "'id' must be a unique non-empty string")
        seen.add(offer_id)
        fee, fee_high = raw.get("fee"), raw.get("fee_high")
        if (not isinstance(fee, int) or fee < 0
                or (fee_high is not None and (not isinstance(fee_high, int) or fee_high < 0))):
            raise ctx.fail(where, "'fee' (and 'fee_high') must be non-negative whole euros")
        if not isinstance(raw.get("package"), str):
            raise ctx.fail(where, "'package' (e.g. TP2) is required")
        offers.append(Offer(offer_id, raw["package"], read_text(ctx, where, raw, "name"),
                            read_text(ctx, where, raw, "topics"), fee, fee_high))
    if not offers:
        raise ctx.fail("[[offers]]", "at least one offer is required")
    return tuple(offers), fee_tier


def load_method(survey: Survey, method_dir: Path = METHOD_DIR) -> Method:
    method_dir = Path(method_dir)
    path = method_dir / f"{survey.id}-v{survey.version}.toml"
    if not path.is_file():
        raise SurveyError(f"{path.name}: no scoring method for survey {survey.id} version {survey.version} in "
                          f"{method_dir}")
    offers, fee_tier = load_offers(method_dir / "offers.toml")
    ctx = Context(path)
    data = read_toml(path)
    head = data.get("method", {})
    if head.get("survey") != survey.id or head.get("version") != survey.version:
        raise ctx.fail("[method]", f"'survey' and 'version' must be {survey.id!r} and {survey.version}")
    if fee_tier.question not in {q.id for q in survey.questions}:
        raise SurveyError(f"offers.toml: [fee_tier]: unknown question '{fee_tier.question}' in {survey.source}")
    bands = _bands(ctx, data)
    rules = _rules(ctx, survey, data, offers)
    groups = _peer_groups(ctx, survey, data)
    return Method(
        survey_id=survey.id,
        version=survey.version,
        min_peers=int(head.get("min_peers", 5)),
        strength_min_level=float(head.get("strength_min_level", 50)),
        weak_level=float(head.get("weak_level", 50)),
        important_from=int(head.get("important_from", 4)),
        bands=tuple(bands),
        rules=tuple(rules),
        offers=offers,
        fee_tier=fee_tier,
        peer_groups=(ALL_PEERS, *groups),
        advice=load_advice(method_dir / "advice.toml", survey, tuple(b.id for b in bands)),
        drop_note_from=float(head.get("drop_note_from", 10)),
    )


def _bands(ctx: Context, data: dict) -> list[Band]:
    bands = []
    for number, raw in enumerate(data.get("bands", []), start=1):
        where = f"band {number}" + (f" '{raw.get('id')}'" if raw.get("id") else "")
        start = raw.get("from")
        if not isinstance(start, (int, float)) or not 0 <= start < 100:
            raise ctx.fail(where, "'from' must be a number from 0 up to 100")
        if bands and start <= bands[-1].start:
            raise ctx.fail(where, "bands must be in increasing order of 'from'")
        bands.append(Band(str(raw.get("id")), float(start), read_text(ctx, where, raw, "name"),
                          read_text(ctx, where, raw, "description")))
    if len(bands) != 5 or bands[0].start != 0:
        raise ctx.fail("[[bands]]", "exactly five bands are required, the first from 0")
    return bands


def _rules(ctx: Context, survey: Survey, data: dict, offers) -> list[Rule]:
    area_ids = {a.id for a in survey.areas}
    offer_ids = {o.id for o in offers}
    rules, seen = [], set()
    for number, raw in enumerate(data.get("rules", []), start=1):
        rule_id = raw.get("id")
        where = f"rule {number}" + (f" '{rule_id}'" if rule_id else "")
        if not isinstance(rule_id, str) or rule_id in seen:
            raise ctx.fail(where, "'id' must be a unique string")
        seen.add(rule_id)
        if raw.get("offer") not in offer_ids:
            raise ctx.fail(where, f"unknown offer {raw.get('offer')!r}")
        areas = tuple(raw.get("areas", ()))
        for area in areas:
            if area not in area_ids:
                raise ctx.fail(where, f"unknown area '{area}'")
        answer_in = parse_answer_in(ctx, where, survey, raw.get("answer_in", {}))
        if not areas and not answer_in:
            raise ctx.fail(where, "a rule needs 'areas' or 'answer_in'")
        rules.append(Rule(rule_id, raw["offer"], areas, answer_in))
    return rules


def _peer_groups(ctx: Context, survey: Survey, data: dict) -> list[PeerGroup]:
    groups = []
    for number, raw in enumerate(data.get("peer_groups", []), start=1):
        where = f"peer group {number}" + (f" '{raw.get('id')}'" if raw.get("id") else "")
        if not isinstance(raw.get("id"), str) or raw["id"] == "all" or raw["id"] in {g.id for g in groups}:
            raise ctx.fail(where, "'id' must be a unique string other than 'all'")
        if raw.get("question") not in {q.id for q in survey.questions}:
            raise ctx.fail(where, f"unknown question {raw.get('question')!r}")
        groups.append(PeerGroup(raw["id"], raw["question"], read_text(ctx, where, raw, "name")))
    return groups
