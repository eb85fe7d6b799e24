"""Certificates without a web request: which are due, issuing them (each once), and rendering
the issued ones from the record (the same certificate every time). Every function takes the
``Context`` (database, catalogue, clock, base URL, language)."""

from __future__ import annotations

import io
import re
import secrets
import zipfile

from projectdata.branding import cover_logos
from trainings.rules.certificates import certificate_due
from trainings.pdf.certificate import render_certificate_pdf
from trainings.pdf.certificate_data import build_certificate_data
from trainings.storage import records
from web.context import Context
from web.urls import url_under


ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_RE = re.compile(r"^[A-Z0-9]{5}-[A-Z0-9]{5}$")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def verify_url(ctx: Context, code: str) -> str:
    """The printed verification link (and QR code): from PUBLIC_BASE_URL, never the request's host."""
    return url_under(ctx.base_url, "trainings_public.verify", code=code)


def due(catalogue, course: dict, rows: list[dict], on: str) -> list[dict]:
    """The rows (``certificate_basis``) of a course's enrolled companies that met its certificate
    rule, once the course has ended (TP2's workshops are certified at project end instead)."""
    offer = catalogue.offer(course["offer_id"])
    if offer is None or offer.certificate.at_project_end or on < course["ends_on"]:
        return []
    rule = offer.certificate
    return [row for row in rows if certificate_due(rule.rule, rule.min_share, row["held"], row["present"])]


def issue(ctx: Context, course: dict) -> list[str]:
    """The explicit act: issues the certificates due in a course, each once (the rule is applied
    to the attendance inside the write transaction). Returns the codes issued now."""
    on = ctx.today()
    return records.issue_course_certificates(ctx.db, course["id"], on,
                                             lambda rows: due(ctx.catalogue, course, rows, on), new_code)


def pending_certificates(ctx: Context, course: dict) -> int:
    """How many companies met the certificate rule of an ended course and have no certificate
    yet (what *Issue the certificates due* would issue now)."""
    on = ctx.today()
    rows = due(ctx.catalogue, course, records.certificate_basis(ctx.db, course["id"], on), on)
    if not rows:
        return 0
    issued = {cert["company_id"] for cert in records.course_certificates(ctx.db, course["id"])}
    return sum(row["company_id"] not in issued for row in rows)


def workshop_offers(catalogue) -> list[str]:
    return [o.id for o in catalogue.offers if o.certificate.at_project_end]


def issue_workshops(ctx: Context) -> list[str] | None:
    """TP2's certificates at project end (one per company present at a held workshop); None
    before the project's end date."""
    offers = workshop_offers(ctx.catalogue)
    if ctx.today() < ctx.catalogue.project_end or not offers:
        return None
    package = ctx.catalogue.offer(offers[0]).package
    return records.issue_package_certificates(ctx.db, package, offers, ctx.today(), new_code)


def _logos(ctx: Context) -> list[dict]:
    """The project's logos and the EU emblem, as on the reports' covers."""
    return cover_logos(ctx.projectdata.logos, ctx.lang)


def course_certificates(ctx: Context, course: dict, enrolment_id: int | None = None) -> list[tuple[str, bytes]]:
    """(file name, PDF) of the certificates issued in a course (or the one of ``enrolment_id``),
    in ``ctx.lang``, rendered from the record: the same certificate every time, never a new one."""
    lang = ctx.lang
    offer = ctx.catalogue.offer(course["offer_id"])
    name = offer.name.get(lang) if offer else ""  # a company's document: no work-package code
    files = []
    for cert in records.course_certificates(ctx.db, course["id"]):
        if enrolment_id is not None and cert["enrolment_id"] != enrolment_id:
            continue
        basis = next((row for row in records.certificate_basis(ctx.db, course["id"], cert["issued_on"])
                      if row["company_id"] == cert["company_id"]), {"present": 0, "held": 0, "hours": 0})
        company = {"name": cert["company_name"], "business_id": cert["business_id"],
                   "participant": cert["participant"]}
        data = build_certificate_data(ctx.catalogue, lang, company, cert["code"], verify_url(ctx, cert["code"]),
                                      cert["issued_on"], course=course, offer_name=name, basis=basis,
                                      branding=_logos(ctx))
        files.append((f"todistus-{course['id']}-{cert['business_id']}-{lang}.pdf", render_certificate_pdf(data)))
    return files


def workshop_certificates(ctx: Context) -> list[tuple[str, bytes]]:
    """TP2's issued certificates at project end: one per company, listing every workshop attended."""
    offers = workshop_offers(ctx.catalogue)
    if not offers:
        return []
    package = ctx.catalogue.offer(offers[0]).package
    files = []
    for cert in records.package_certificates_issued(ctx.db, package):
        workshops = records.workshops_attended(ctx.db, cert["company_id"], offers, cert["issued_on"])
        company = {"name": cert["company_name"], "business_id": cert["business_id"],
                   "participant": cert["contact_name"]}
        data = build_certificate_data(ctx.catalogue, ctx.lang, company, cert["code"], verify_url(ctx, cert["code"]),
                                      cert["issued_on"], workshops=workshops, branding=_logos(ctx))
        files.append((f"todistus-{package}-{cert['business_id']}-{ctx.lang}.pdf", render_certificate_pdf(data)))
    return files


def zip_of(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in files:
            archive.writestr(name, body)
    return buffer.getvalue()
