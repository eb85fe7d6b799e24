"""Recommendations leave out the company's own trainings: an offer the company is enrolled in
(applied, enrolled, waiting, offered a seat) or has attended or completed (a session present, a
certificate) is not recommended to it again – the company's trainings are listed beside the
recommendations instead. The one rule for the results page, both report PDFs and the advisor's
views. No Flask, no database, no I/O.

A training record is a mapping with the course's ``offer_id``, the enrolment's ``status`` and
optionally ``attended`` or ``present`` (sessions present at) and ``certificate`` (its code).
A cancelled, declined or lapsed enrolment with no session attended does not count: the offer
is recommended again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .enrolments import ACTIVE


def is_own(record: Mapping) -> bool:
    """Whether this training record makes its offer the company's own."""
    return (record.get("status") in ACTIVE or bool(record.get("attended") or record.get("present"))
            or bool(record.get("certificate")))


def own_offers(records: Iterable[Mapping]) -> frozenset[str]:
    """The offers the company is enrolled in or has attended or completed."""
    return frozenset(r["offer_id"] for r in records if r.get("offer_id") and is_own(r))


def _offer_of(item) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, Mapping):
        return item["offer"]
    return item.offer_id


def without_own_trainings(recommended: Iterable, records: Iterable[Mapping]) -> tuple:
    """``recommended`` (Recommendations, offer ids or mappings with ``offer``) in their order,
    without the offers the company's ``records`` make its own."""
    own = own_offers(records)
    return tuple(item for item in recommended if _offer_of(item) not in own)
