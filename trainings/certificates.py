"""Participation certificates: who is due one (the catalogue's rule, a pure function), issuing
the verification code, the PDFs (one, or a course's as a ZIP, or TP2's at project end), and the
public page that confirms a certificate showing only the company, the course and the date."""

from __future__ import annotations

import io
import re
import secrets
import zipfile

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user

from projectdata.branding import cover_logos
from reports.data.certificate import build_certificate_data
from reports.pdf.certificate import render_certificate_pdf
from scoring.trainings import certificate_due
from storage import audit, get_db, public_lookups
from storage import trainings as store
from storage import trainings_counts as counts
from storage import trainings_records as records
from web.i18n import current_language
from web.urls import public_url

from . import bp, public_bp
from .service import catalogue, coordinator_only, course_or_404, offer_name, today

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_RE = re.compile(r"^[A-Z0-9]{5}-[A-Z0-9]{5}$")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def verify_url(code: str) -> str:
    """The printed verification link (and QR code): from PUBLIC_BASE_URL, never the request's host."""
    return public_url("trainings_public.verify", code=code)


def due(course: dict, on: str | None = None) -> list[dict]:
    """Enrolled companies of an ended course that met its certificate rule (TP2 workshops are
    certified at project end instead, see ``workshop_certificates``)."""
    on = on or today()
    offer = catalogue().offer(course["offer_id"])
    if offer is None or offer.certificate.at_project_end or on < course["ends_on"]:
        return []
    rule = offer.certificate
    return [row for row in records.certificate_basis(get_db(), course["id"], on)
            if certificate_due(rule.rule, rule.min_share, row["held"], row["present"])]


def issue(course: dict, rows: list[dict] | None = None) -> list[str]:
    """Issues (once) the certificates due in a course; returns their verification codes."""
    rows = due(course) if rows is None else rows
    return [records.issue_certificate(get_db(), new_code(), row["company_id"], course["id"], None, today())
            for row in rows]


def _logos(lang: str) -> list[dict]:
    """The project's logos and the EU emblem, as on the reports' covers."""
    return cover_logos(current_app.extensions["projectdata"].logos, lang)


def course_certificates(course: dict, lang: str, rows: list[dict] | None = None) -> list[tuple[str, bytes]]:
    """(file name, PDF) of every certificate due in a course; codes issued first, PDFs built
    after (no transaction is open while a PDF is built)."""
    db = get_db()
    rows = due(course) if rows is None else rows
    issued = list(zip(rows, issue(course, rows)))
    name = offer_name(course["offer_id"], lang)
    files = []
    for row, code in issued:
        company = {"name": row["company_name"], "business_id": row["business_id"], "participant": row["participant"]}
        data = build_certificate_data(catalogue(), lang, company, code, verify_url(code),
                                      records.verify(db, code)["issued_on"],
                                      course=course, offer_name=name, basis=row, branding=_logos(lang))
        files.append((f"todistus-{course['id']}-{row['business_id']}-{lang}.pdf", render_certificate_pdf(data)))
    return files


def workshop_certificates(lang: str, on: str | None = None) -> list[tuple[str, bytes]]:
    """TP2's certificates at project end: one per company, listing every workshop attended."""
    on = on or today()
    if on < catalogue().project_end:
        return []
    offers = [o.id for o in catalogue().offers if o.certificate.at_project_end]
    db = get_db()
    files = []
    for company_id in sorted(counts.attended(db, offers, today=on)):
        workshops = records.workshops_attended(db, company_id, offers)
        profile = store.company_profile(db, company_id)
        package = catalogue().offer(offers[0]).package
        code = records.issue_certificate(db, new_code(), company_id, None, package, on)
        company = {"name": profile["name"], "business_id": profile["business_id"],
                   "participant": profile["contact_name"]}
        data = build_certificate_data(catalogue(), lang, company, code, verify_url(code), on, workshops=workshops,
                                      branding=_logos(lang))
        files.append((f"todistus-{package}-{profile['business_id']}-{lang}.pdf", render_certificate_pdf(data)))
    return files


def zip_of(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in files:
            archive.writestr(name, body)
    return buffer.getvalue()


def _lang() -> str:
    lang = request.args.get("lang") or current_language()
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    return lang


@bp.get("/kurssi/<int:course_id>/todistukset.zip")
def course_zip(course_id):
    course = course_or_404(course_id)
    lang = _lang()
    files = course_certificates(course, lang)
    audit.record(get_db(), current_user.id, "certificates_zip", "course", course_id)
    return Response(zip_of(files), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="todistukset-{course_id}-{lang}.zip"'})


@bp.get("/kurssi/<int:course_id>/todistus/<int:enrolment_id>.pdf")
def certificate_pdf(course_id, enrolment_id):
    course = course_or_404(course_id)
    lang = _lang()
    rows = [row for row in due(course) if row["enrolment_id"] == enrolment_id]
    if not rows:
        abort(404)
    name, body = course_certificates(course, lang, rows)[0]
    audit.record(get_db(), current_user.id, "certificate_pdf", "enrolment", enrolment_id)
    return Response(body, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/todistukset/tyopajat.zip")
@coordinator_only
def workshops_zip():
    lang = _lang()
    files = workshop_certificates(lang)
    audit.record(get_db(), current_user.id, "certificates_workshops_zip")
    return Response(zip_of(files), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="todistukset-tyopajat-{lang}.zip"'})


@public_bp.get("/todistus/<code>")
def verify(code):
    """Public: confirms a certificate by its code, showing only company, course and date. Failed
    look-ups are limited per client address (``storage.public_lookups``): codes cannot be guessed."""
    client = request.remote_addr or "-"
    if public_lookups.blocked(get_db(), "certificate", client):
        return render_template("trainings/verify.html", found=None, blocked=True, code=""), 429
    code = code.strip().upper()
    found = records.verify(get_db(), code) if CODE_RE.match(code) else None
    if found is None:
        public_lookups.record_failure(get_db(), "certificate", client)
    lang = current_language()
    course = found["course_name"] if found and found["course_name"] else None
    if found and not course:
        course = next((o.package for o in catalogue().offers if o.package == found["package"]), found["package"])
    return render_template("trainings/verify.html", found=found, course=course, code=code,
                           lang=lang), 200 if found else 404
