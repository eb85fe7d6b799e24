"""Participation certificates: who is due one (the catalogue's rule, a pure function), issuing
them by an explicit act (the coordinator's button, or `flask training certificates`) at most once
per company and course or work package, the PDFs rendered from the issued records (one, a
course's as a ZIP, TP2's at project end), and the public page that confirms a certificate
showing only the company, the course and the date."""

from __future__ import annotations

import io
import re
import secrets
import zipfile

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from accounts.auth import coordinator_only
from projectdata.branding import cover_logos
from reports.data.certificate import build_certificate_data
from reports.pdf.certificate import render_certificate_pdf
from scoring.trainings import certificate_due, course_title
from storage import audit, get_db, immediate, public_lookups
from storage import trainings_records as records
from web.dates import day
from web.clients import request_client
from web.i18n import current_language
from web.urls import public_url

from . import bp, public_bp
from .service import catalogue, course_or_404, offer_title, today

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_RE = re.compile(r"^[A-Z0-9]{5}-[A-Z0-9]{5}$")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def verify_url(code: str) -> str:
    """The printed verification link (and QR code): from PUBLIC_BASE_URL, never the request's host."""
    return public_url("trainings_public.verify", code=code)


def due(course: dict, rows: list[dict], on: str) -> list[dict]:
    """The rows (``certificate_basis``) of a course's enrolled companies that met its certificate
    rule, once the course has ended (TP2's workshops are certified at project end instead)."""
    offer = catalogue().offer(course["offer_id"])
    if offer is None or offer.certificate.at_project_end or on < course["ends_on"]:
        return []
    rule = offer.certificate
    return [row for row in rows if certificate_due(rule.rule, rule.min_share, row["held"], row["present"])]


def issue(course: dict) -> list[str]:
    """The explicit act: issues the certificates due in a course, each once (the rule is applied
    to the attendance inside the write transaction). Returns the codes issued now."""
    on = today()
    return records.issue_course_certificates(get_db(), course["id"], on, lambda rows: due(course, rows, on), new_code)


def pending_certificates(course: dict) -> int:
    """How many companies met the certificate rule of an ended course and have no certificate
    yet (what *Issue the certificates due* would issue now)."""
    on = today()
    rows = due(course, records.certificate_basis(get_db(), course["id"], on), on)
    if not rows:
        return 0
    issued = {cert["company_id"] for cert in records.course_certificates(get_db(), course["id"])}
    return sum(row["company_id"] not in issued for row in rows)


def workshop_offers() -> list[str]:
    return [o.id for o in catalogue().offers if o.certificate.at_project_end]


def issue_workshops() -> list[str] | None:
    """TP2's certificates at project end (one per company present at a held workshop); None
    before the project's end date."""
    if today() < catalogue().project_end or not workshop_offers():
        return None
    package = catalogue().offer(workshop_offers()[0]).package
    return records.issue_package_certificates(get_db(), package, workshop_offers(), today(), new_code)


def _logos(lang: str) -> list[dict]:
    """The project's logos and the EU emblem, as on the reports' covers."""
    return cover_logos(current_app.extensions["projectdata"].logos, lang)


def course_certificates(course: dict, lang: str, enrolment_id: int | None = None) -> list[tuple[str, bytes]]:
    """(file name, PDF) of the certificates issued in a course (or the one of ``enrolment_id``),
    rendered from the record: the same certificate every time, never a new one."""
    db = get_db()
    name = offer_title(course["offer_id"], lang)  # a company's document: no work-package code
    files = []
    for cert in records.course_certificates(db, course["id"]):
        if enrolment_id is not None and cert["enrolment_id"] != enrolment_id:
            continue
        basis = next((row for row in records.certificate_basis(db, course["id"], cert["issued_on"])
                      if row["company_id"] == cert["company_id"]), {"present": 0, "held": 0, "hours": 0})
        company = {"name": cert["company_name"], "business_id": cert["business_id"],
                   "participant": cert["participant"]}
        data = build_certificate_data(catalogue(), lang, company, cert["code"], verify_url(cert["code"]),
                                      cert["issued_on"], course=course, offer_name=name, basis=basis,
                                      branding=_logos(lang))
        files.append((f"todistus-{course['id']}-{cert['business_id']}-{lang}.pdf", render_certificate_pdf(data)))
    return files


def workshop_certificates(lang: str) -> list[tuple[str, bytes]]:
    """TP2's issued certificates at project end: one per company, listing every workshop attended."""
    if not workshop_offers():
        return []
    db = get_db()
    package = catalogue().offer(workshop_offers()[0]).package
    files = []
    for cert in records.package_certificates_issued(db, package):
        workshops = records.workshops_attended(db, cert["company_id"], workshop_offers(), cert["issued_on"])
        company = {"name": cert["company_name"], "business_id": cert["business_id"],
                   "participant": cert["contact_name"]}
        data = build_certificate_data(catalogue(), lang, company, cert["code"], verify_url(cert["code"]),
                                      cert["issued_on"], workshops=workshops, branding=_logos(lang))
        files.append((f"todistus-{package}-{cert['business_id']}-{lang}.pdf", render_certificate_pdf(data)))
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


@bp.post("/kurssi/<int:course_id>/todistukset/myonna")
@coordinator_only
def course_issue(course_id):
    course = course_or_404(course_id)
    with immediate(get_db()):  # the certificates and their audit row, together
        codes = issue(course)
        audit.record(get_db(), current_user.id, "certificates_issued", "course", course_id)
    if codes:
        flash(ngettext("%(num)d certificate was issued.", "%(num)d certificates were issued.", len(codes)), "info")
    elif today() < course["ends_on"]:
        flash(_("Certificates are issued after the course has ended."), "error")
    else:
        flash(_("No new certificates: every company that met the attendance rule already has one."), "info")
    return redirect(url_for("trainings.course", course_id=course_id) + "#todistukset")


@bp.get("/kurssi/<int:course_id>/todistukset.zip")
def course_zip(course_id):
    course = course_or_404(course_id)
    lang = _lang()
    files = course_certificates(course, lang)
    if not files:
        flash(_("No certificates have been issued in this course yet."), "error")
        return redirect(url_for("trainings.course", course_id=course_id) + "#todistukset")
    audit.record(get_db(), current_user.id, "certificates_zip", "course", course_id)
    return Response(zip_of(files), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="todistukset-{course_id}-{lang}.zip"'})


@bp.get("/kurssi/<int:course_id>/todistus/<int:enrolment_id>.pdf")
def certificate_pdf(course_id, enrolment_id):
    course = course_or_404(course_id)
    lang = _lang()
    files = course_certificates(course, lang, enrolment_id)
    if not files:
        abort(404)
    name, body = files[0]
    audit.record(get_db(), current_user.id, "certificate_pdf", "enrolment", enrolment_id)
    return Response(body, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.post("/todistukset/tyopajat/myonna")
@coordinator_only
def workshops_issue():
    with immediate(get_db()):
        codes = issue_workshops()
        audit.record(get_db(), current_user.id, "certificates_workshops_issued")
    if codes is None:
        flash(_("The work package's certificates are issued at the end of the project (%(day)s).",
                day=day(catalogue().project_end)), "error")
    elif codes:
        flash(ngettext("%(num)d certificate was issued.", "%(num)d certificates were issued.", len(codes)), "info")
    else:
        flash(_("No new certificates: every company present at a workshop already has one."), "info")
    return redirect(url_for("trainings.workshop_certificates_page"))


@bp.get("/todistukset/tyopajat.zip")
@coordinator_only
def workshops_zip():
    lang = _lang()
    files = workshop_certificates(lang)
    if not files:
        flash(_("No workshop certificates have been issued yet: they are issued at the end of the project."), "error")
        return redirect(url_for("trainings.workshop_certificates_page"))
    audit.record(get_db(), current_user.id, "certificates_workshops_zip")
    return Response(zip_of(files), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="todistukset-tyopajat-{lang}.zip"'})


def normal_code(text: str) -> str:
    """A code as printed ("ABCDE-FGH23") from what a person typed: case, spaces and the hyphen
    do not matter ("abcde fgh23", "ABCDEFGH23")."""
    raw = "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == 10 else text.strip().upper()[:40]


@public_bp.get("/todistus")
def verify_form():
    """Public: the field to type a certificate's verification code (``?koodi=``)."""
    typed = (request.args.get("koodi") or "").strip()
    if typed:
        return redirect(url_for("trainings_public.verify", code=normal_code(typed)))
    return render_template("trainings/verify.html", found=None, course=None, code="", asked=False)


@public_bp.get("/todistus/<code>")
def verify(code):
    """Public: confirms a certificate by its code, showing only company, course and date. Failed
    look-ups are limited per client address (``storage.public_lookups``): codes cannot be guessed."""
    client = request_client()
    if public_lookups.blocked(get_db(), "certificate", client):
        return render_template("trainings/verify.html", found=None, blocked=True, code=""), 429
    code = normal_code(code)
    found = records.verify(get_db(), code) if CODE_RE.match(code) else None
    if found is None:
        public_lookups.record_failure(get_db(), "certificate", client)
    lang = current_language()
    course = course_title(found, lang, "course_name") if found and found["course_name"] else None
    if found and not course:
        course = next((o.package for o in catalogue().offers if o.package == found["package"]), found["package"])
    return render_template("trainings/verify.html", found=found, course=course, code=code, asked=True,
                           lang=lang), 200 if found else 404
