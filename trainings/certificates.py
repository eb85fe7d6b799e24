"""Participation certificates: who is due one (the catalogue's rule, a pure function), issuing
them by an explicit act (the coordinator's button, or `flask training certificates`) at most once
per company and course or work package, the PDFs rendered from the issued records (one, a
course's as a ZIP, TP2's at project end), and the public page that confirms a certificate
showing only the company, the course and the date."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from accounts.auth import coordinator_only
from trainings.rules.courses import course_title
from storage import audit, get_db, immediate, public_lookups
from trainings.storage import records as records
from web.context import here
from web.dates import day
from web.clients import request_client
from web.i18n import current_language

from .blueprints import bp, public_bp
from .certificate_service import (
    CODE_RE, course_certificates, issue, issue_workshops, workshop_certificates, zip_of,
)
from .helpers import catalogue, course_or_404, today


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
        codes = issue(here(), course)
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
    files = course_certificates(here(lang), course)
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
    files = course_certificates(here(lang), course, enrolment_id)
    if not files:
        abort(404)
    name, body = files[0]
    audit.record(get_db(), current_user.id, "certificate_pdf", "enrolment", enrolment_id)
    return Response(body, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.post("/todistukset/tyopajat/myonna")
@coordinator_only
def workshops_issue():
    with immediate(get_db()):
        codes = issue_workshops(here())
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
    files = workshop_certificates(here(lang))
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
