"""Roll call of a session (made for a phone in the training room), the import of an online
meeting's participant list (CSV), and the audience counts of a webinar. Every change audited."""

from __future__ import annotations

import csv
import json

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from scoring.trainings import match_participants
from storage import audit, get_db
from storage import trainings as store
from storage import trainings_records as records
from web.i18n import current_language
from web.params import form_int

from . import bp
from .service import catalogue, offer_name, session_or_404, today

NAME_HEADERS = ("name", "nimi", "full name", "koko nimi", "name (original name)", "participant", "osallistuja",
                "company", "yritys")
EMAIL_HEADERS = ("email", "e-mail", "sähköposti", "user email", "email address", "sähköpostiosoite")
MAX_IMPORT_BYTES = 500_000  # a meeting's list is a few kB; the app refuses requests over 1 MB
MAX_AUDIENCE = 100_000


def _render(course, session, status=200, report=None):
    offer = catalogue().offer(course["offer_id"])
    enrolled = [r for r in store.roster(get_db(), course["id"]) if r["status"] == "enrolled"]
    return render_template(
        "trainings/rollcall.html", course=course, session=session, enrolled=enrolled,
        marks=records.attendance(get_db(), session["id"]), offer=offer, report=report,
        groups=catalogue().webinar_groups, lang=current_language(), offer_name=offer_name,
        audience=json.loads(session.get("audience") or "{}"), started=session["on_date"] <= today()), status


def locked_package(course: dict) -> str | None:
    """The work package whose certificate at project end is issued on this course's attendance."""
    offer = catalogue().offer(course["offer_id"])
    return offer.package if offer and offer.certificate.at_project_end else None


def save_marks(course: dict, session_id: int, marks: dict, action: str) -> dict:
    """Records the marks (refused before the session's day); flashes what happened; audited."""
    result = records.set_attendance(get_db(), session_id, marks, current_user.id, today(), locked_package(course))
    if result["refused"] == "future":
        flash(_("The session has not started yet: attendance is recorded from its day on."), "error")
        return result
    if result["changed"]:
        audit.record(get_db(), current_user.id, action, "session", session_id)
    if result["locked"]:
        flash(_("A certificate has been issued on the attendance of %(n)s companies, so their marks were not changed.",  # noqa: E501
                n=len(result["locked"])), "error")
    return result


@bp.route("/istunto/<int:session_id>/nimenhuuto", methods=["GET", "POST"])
def rollcall(session_id):
    course, session = session_or_404(session_id)
    if request.method == "GET":
        return _render(course, session)
    enrolled = [r["id"] for r in store.roster(get_db(), course["id"]) if r["status"] == "enrolled"]
    if request.form.get("kaikki"):
        marks = {eid: "present" for eid in enrolled}
    else:  # an empty choice ("not marked") clears a mark
        marks = {eid: request.form.get(f"e{eid}") or None for eid in enrolled if f"e{eid}" in request.form}
    result = save_marks(course, session_id, marks, "attendance_saved")
    if result["refused"] is None:
        flash(_("Attendance saved (%(n)s changes).", n=result["changed"]), "info")
    return redirect(url_for("trainings.rollcall", session_id=session_id))


def read_participants(data: bytes) -> list[dict]:
    """Rows ``{"name", "email"}`` of a participant list (Teams, Zoom or a hand-made CSV; comma,
    semicolon or tab separated; UTF-8 or UTF-16). Raises ValueError with the user's message."""
    text = None
    for encoding in ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or any(ch in text for ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x08"):
        raise ValueError(_("The file is not a text (CSV) file."))
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if any(h in line.casefold() for h in ("name", "nimi", "email",
                                                                                          "sähköposti"))), 0)
    sample = "\n".join(lines[start:start + 5])
    delimiter = max((",", ";", "\t"), key=sample.count)
    try:  # csv refuses a field over csv.field_size_limit() (131 072 characters) with csv.Error
        table = list(csv.reader(lines[start:], delimiter=delimiter))
    except csv.Error:
        raise ValueError(_("The file has a field that is too long or broken (a participant list has short names and addresses): check that it is the meeting's participant list.")) from None  # noqa: E501
    header = [h.strip().casefold() for h in (table[0] if table else [])]
    name_col = next((header.index(h) for h in NAME_HEADERS if h in header), None)
    email_col = next((header.index(h) for h in EMAIL_HEADERS if h in header), None)
    if name_col is None and email_col is None:
        raise ValueError(_("The file has no column for names or email addresses (for example Name or Email)."))
    rows = []
    for cells in table[1:]:
        get = lambda col: cells[col].strip() if col is not None and col < len(cells) else ""  # noqa: E731
        if get(name_col) or get(email_col):
            rows.append({"name": get(name_col), "email": get(email_col)})
    return rows


@bp.post("/istunto/<int:session_id>/tuonti")
def participant_import(session_id):
    course, session = session_or_404(session_id)
    upload = request.files.get("tiedosto")
    data = upload.read(MAX_IMPORT_BYTES + 1) if upload else b""
    if not data:
        flash(_("Choose the participant list (CSV) to import."), "error")
        return _render(course, session, 400)
    if len(data) > MAX_IMPORT_BYTES:
        flash(_("The file is too large (at most 500 kB)."), "error")
        return _render(course, session, 400)
    try:
        rows = read_participants(data)
    except ValueError as exc:
        flash(str(exc), "error")
        return _render(course, session, 400)
    matched, unmatched = match_participants(rows, records.import_contacts(get_db(), course["id"]))
    result = save_marks(course, session_id, {eid: "present" for eid in matched}, "attendance_imported")
    if result["refused"]:
        return _render(course, session, 400)
    report = {"rows": len(rows), "matched": len(matched), "changed": result["changed"], "unmatched": unmatched}
    return _render(course, session, 200, report)


@bp.post("/istunto/<int:session_id>/yleiso")
def audience(session_id):
    course, session = session_or_404(session_id)
    counts, errors = {}, False
    for group in catalogue().webinar_groups:
        value = (request.form.get(f"g_{group.code}") or "").strip()
        number = form_int(f"g_{group.code}", 0, MAX_AUDIENCE)
        if value and number is None:
            errors = True
        elif value:
            counts[group.code] = number
    if errors:
        flash(_("Give the attendee counts as whole numbers."), "error")
        return _render(course, {**session, "audience": json.dumps(counts)}, 400)
    if session["on_date"] > today():
        flash(_("The session has not started yet: attendance is recorded from its day on."), "error")
        return _render(course, {**session, "audience": json.dumps(counts)}, 400)
    records.set_audience(get_db(), session_id, counts)
    audit.record(get_db(), current_user.id, "audience_saved", "session", session_id)
    flash(_("The attendee counts were saved."), "info")
    return redirect(url_for("trainings.rollcall", session_id=session_id))
