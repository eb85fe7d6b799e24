"""The training catalogue (``projectdata/trainings.toml``): how each offer runs as courses.

Validated at start-up against the offers (``surveys/method/offers.toml``) and the organisations;
errors name the file and the item.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import projectdata

from surveys.parsing import Context, read_text
from surveys.model import Option, Text

HERE = Path(projectdata.__file__).parent  # the data stays with the project data
KINDS = ("workshop", "path", "webinar")
FEE_BASES = ("package", "offer")  # the fee is charged once per company per work package, or per offer (path)
RULES = ("share", "any", "none")


@dataclass(frozen=True)
class CertificateRule:
    rule: str
    min_share: float = 0.0
    at_project_end: bool = False


@dataclass(frozen=True)
class CatalogueOffer:
    id: str
    package: str
    kind: str
    name: Text
    topics: Text
    invoicing: str
    seats: int
    sessions: int
    certificate: CertificateRule
    fee: int = 0
    fee_high: int | None = None
    pool: str | None = None
    application: bool = False
    fee_basis: str = "offer"
    audience: Text | None = None  # who it is for, in plain words (shown to companies)


@dataclass(frozen=True)
class Pool:
    id: str
    seats: int
    name: Text


@dataclass(frozen=True, eq=False)
class Catalogue:
    offers: tuple[CatalogueOffer, ...]
    pools: tuple[Pool, ...]
    webinar_groups: tuple[Option, ...]
    project: Text
    funder: Text
    issuer: Text
    project_end: str
    free_cancel_days: int
    high_codes: tuple[str, ...] = ()
    tier_question: str = "turnover"
    threshold: Text | None = None
    offer_days: int = 5

    def offer(self, offer_id: str) -> CatalogueOffer | None:
        return next((o for o in self.offers if o.id == offer_id), None)

    def pool(self, pool_id: str | None) -> Pool | None:
        return next((p for p in self.pools if p.id == pool_id), None)

    def basis_key(self, offer_id: str) -> str:
        """What a company's fee for this offer is charged once per: its work package (TP2's
        workshops, ``fee_basis = "package"``) or the offer itself (a path)."""
        offer = self.offer(offer_id)
        if offer is None:
            return f"offer:{offer_id}"
        return f"package:{offer.package}" if offer.fee_basis == "package" else f"offer:{offer.id}"


def _positive_int(ctx, where, raw, key) -> int:
    value = raw.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ctx.fail(where, f"'{key}' must be a positive whole number")
    return value


def _rule(ctx, where, raw) -> CertificateRule:
    if not isinstance(raw, dict) or raw.get("rule") not in RULES:
        raise ctx.fail(where, f"'certificate.rule' must be one of {', '.join(RULES)}")
    share = raw.get("min_share", 0.0)
    if raw["rule"] == "share" and (not isinstance(share, (int, float)) or not 0 < share <= 1):
        raise ctx.fail(where, "'certificate.min_share' must be a number above 0 and at most 1")
    return CertificateRule(raw["rule"], float(share), raw.get("at") == "project_end")


def _offer(ctx, where, raw, method_offers, org_ids, pool_ids) -> CatalogueOffer:
    base = method_offers.get(raw.get("id"))
    if raw.get("kind") not in KINDS:
        raise ctx.fail(where, f"'kind' must be one of {', '.join(KINDS)}")
    if base is None and raw["kind"] != "webinar":
        raise ctx.fail(where, "unknown offer id (not in offers.toml); only webinars may be defined here")
    if raw.get("invoicing") not in org_ids:
        raise ctx.fail(where, f"unknown invoicing organisation {raw.get('invoicing')!r}")
    if raw.get("pool") is not None and raw["pool"] not in pool_ids:
        raise ctx.fail(where, f"unknown seat pool {raw['pool']!r}")
    if base is not None:
        package, name, topics, fee, fee_high = base.package, base.name, base.topics, base.fee, base.fee_high
    else:
        if not isinstance(raw.get("package"), str):
            raise ctx.fail(where, "'package' is required for a webinar")
        package, name, topics = raw["package"], read_text(ctx, where, raw, "name"), read_text(ctx, where, raw, "topics")
        fee, fee_high = 0, None
    basis = raw.get("fee_basis", "offer")
    if basis not in FEE_BASES:
        raise ctx.fail(where, f"'fee_basis' must be one of {', '.join(FEE_BASES)}")
    return CatalogueOffer(raw["id"], package, raw["kind"], name, topics, raw["invoicing"],
                          _positive_int(ctx, where, raw, "seats"), _positive_int(ctx, where, raw, "sessions"),
                          _rule(ctx, where, raw.get("certificate")), fee, fee_high, raw.get("pool"),
                          bool(raw.get("application", False)), basis, read_text(ctx, where, raw, "audience"))


def _pools(ctx, data: dict) -> list[Pool]:
    pools = []
    for number, raw in enumerate(data.get("pools", []), start=1):
        where = f"pool {number}"
        if not isinstance(raw.get("id"), str):
            raise ctx.fail(where, "'id' must be a string")
        pools.append(Pool(raw["id"], _positive_int(ctx, where, raw, "seats"), read_text(ctx, where, raw, "name")))
    return pools


def _offers(ctx, data: dict, method, organisation_ids, pools: list[Pool]) -> list[CatalogueOffer]:
    method_offers, org_ids, pool_ids = {o.id: o for o in method.offers}, set(organisation_ids), {p.id for p in pools}
    offers, seen = [], set()
    for number, raw in enumerate(data.get("offers", []), start=1):
        where = f"offer {number} ('{raw.get('id')}')"
        if raw.get("id") in seen:
            raise ctx.fail(where, "duplicate offer id")
        seen.add(raw.get("id"))
        offers.append(_offer(ctx, where, raw, method_offers, org_ids, pool_ids))
    if not offers:
        raise ctx.fail("[[offers]]", "at least one offer is required")
    return offers


def load_catalogue(method, organisation_ids, path: Path | None = None) -> Catalogue:
    path = path or HERE / "trainings.toml"
    ctx = Context(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ctx.fail("syntax", str(exc)) from None
    pools = _pools(ctx, data)
    offers = _offers(ctx, data, method, organisation_ids, pools)
    groups = tuple(Option(code=g.get("code"), label=read_text(ctx, f"webinar group '{g.get('code')}'", g, "label"))
                   for g in data.get("webinar_groups", []))
    cert = data.get("certificate") or {}
    try:
        project_end = date.fromisoformat(str(cert.get("project_end"))).isoformat()
    except ValueError:
        raise ctx.fail("[certificate]", "'project_end' must be a date YYYY-MM-DD") from None
    days = (data.get("cancellation") or {}).get("free_days_before")
    if not isinstance(days, int) or days < 0:
        raise ctx.fail("[cancellation]", "'free_days_before' must be a whole number of days")
    offer_days = (data.get("waiting_list") or {}).get("offer_days")
    if not isinstance(offer_days, int) or isinstance(offer_days, bool) or not 1 <= offer_days <= 60:
        raise ctx.fail("[waiting_list]", "'offer_days' must be a whole number of days from 1 to 60")
    project, funder, issuer = (read_text(ctx, "[certificate]", cert, key) for key in ("project", "funder", "issuer"))
    return Catalogue(tuple(offers), tuple(pools), groups, project, funder, issuer, project_end, days,
                     method.fee_tier.high_codes, method.fee_tier.question, method.fee_tier.threshold, offer_days)
