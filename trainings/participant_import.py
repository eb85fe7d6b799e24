"""The import of an online meeting's participant list (CSV from Teams or Zoom, or a spreadsheet)
into a session's roll call, in two steps: the file is read and matched, and the page lists every
change it would make (a company not marked yet becomes present; one marked absent or excused is
listed apart and changes only when ticked); nothing is saved until the coordinator or advisor
confirms the chosen changes. Rows are reported with their line in the file."""

from __future__ import annotations

import csv
import re

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from trainings.rules.participants import match_participants
from storage import get_db
from trainings.storage import records as records
from web.params import form_ids

from .blueprints import bp
from .attendance import render_rollcall, save_marks
from .helpers import session_or_404, today

NAME_HEADERS = ("name", "nimi", "full name", "koko nimi", "name (original name)", "participant", "osallistuja",
                "company", "yritys")
EMAIL_HEADERS = ("email", "e-mail", "sähköposti", "user email", "email address", "sähköpostiosoite")
MAX_IMPORT_BYTES = 500_000  # a meeting's list is a few kB; the app refuses requests over 1 MB
SECTION = re.compile(r"^\s*\d+\.\s+\S")  # Teams: "1. Summary", "2. Participants", "3. In-Meeting Activities"


def _decode(data: bytes) -> str:
    for encoding in ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not any(ch in text for ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x08"):
            return text
    raise ValueError(_("The file is not a text (CSV) file."))


def _columns(cells: list[str]) -> tuple[int | None, int | None] | None:
    """(name column, email column) when the row is a header row, else None."""
    header = [c.strip().casefold() for c in cells]
    name = next((header.index(h) for h in NAME_HEADERS if h in header), None)
    email = next((header.index(h) for h in EMAIL_HEADERS if h in header), None)
    return None if name is None and email is None else (name, email)


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _table(lines: list[str]) -> list[tuple[int, list[str]]]:
    """The file's rows with their line numbers (1 = the first line), from its first header row."""
    start = next((n for n, line in enumerate(lines)
                  if any(_columns(_cells(line, d)) for d in (",", ";", "\t"))), None)
    if start is None:
        raise ValueError(_("The file has no column for names or email addresses (for example Name or Email)."))
    delimiter = max((",", ";", "\t"), key=lines[start].count)
    reader = csv.reader(lines[start:], delimiter=delimiter)
    rows = []
    try:  # csv refuses a field over csv.field_size_limit() (131 072 characters) with csv.Error
        for cells in reader:
            rows.append((start + reader.line_num, cells))
    except csv.Error:
        raise ValueError(_("The file has a field that is too long or broken (a participant list has short names and addresses): check that it is the meeting's participant list.")) from None  # noqa: E501
    return rows


def read_participants(data: bytes) -> list[dict]:
    """Rows ``{"line", "name", "email"}`` of a participant list (Teams, Zoom or a hand-made CSV;
    comma, semicolon or tab separated; UTF-8 or UTF-16): a section's title ("3. In-Meeting
    Activities") and its header row ("Name, Email…") are not participants; each header row sets
    the columns of the rows under it. Raises ValueError with the user's message."""
    columns, rows = None, []
    for line, cells in _table(_decode(data).splitlines()):
        filled = [c.strip() for c in cells if c.strip()]
        if not filled or (len(filled) == 1 and SECTION.match(filled[0])):
            continue
        header = _columns(cells)
        if header is not None:
            columns = header
            continue
        get = lambda col: cells[col].strip() if col is not None and col < len(cells) else ""  # noqa: E731
        if get(columns[0]) or get(columns[1]):
            rows.append({"line": line, "name": get(columns[0]), "email": get(columns[1])})
    return rows


def preview(session_id: int, course_id: int, rows: list[dict]) -> dict:
    """What the import would change, before anything is saved: ``changes`` (a company not marked
    yet, ``before`` None, or marked absent/excused, to become present), ``present`` (already
    present), ``unmatched`` rows with their lines and why."""
    contacts = {c["id"]: c for c in records.import_contacts(get_db(), course_id)}
    matched, unmatched = match_participants(rows, list(contacts.values()))
    marks = records.attendance(get_db(), session_id)
    changes = [{"id": eid, "line": line, "company": contacts[eid]["company"],
                "participant": contacts[eid]["participant"], "before": marks.get(eid)}
               for eid, line in sorted(matched.items(), key=lambda item: item[1]) if marks.get(eid) != "present"]
    return {"rows": len(rows), "matched": len(matched), "changes": changes,
            "present": sum(marks.get(eid) == "present" for eid in matched), "unmatched": unmatched}


@bp.post("/istunto/<int:session_id>/tuonti")
def participant_import(session_id):
    """Step 1: reads and matches the file and shows what would change (nothing is saved)."""
    course, session = session_or_404(session_id)
    upload = request.files.get("tiedosto")
    data = upload.read(MAX_IMPORT_BYTES + 1) if upload else b""
    if not data:
        flash(_("Choose the participant list (CSV) to import."), "error")
        return render_rollcall(course, session, 400)
    if len(data) > MAX_IMPORT_BYTES:
        flash(_("The file is too large (at most 500 kB)."), "error")
        return render_rollcall(course, session, 400)
    try:
        rows = read_participants(data)
    except ValueError as exc:
        flash(str(exc), "error")
        return render_rollcall(course, session, 400)
    if session["on_date"] > today():
        flash(_("The session has not started yet: attendance is recorded from its day on."), "error")
        return render_rollcall(course, session, 400)
    return render_rollcall(course, session, 200, preview(session_id, course["id"], rows))


@bp.post("/istunto/<int:session_id>/tuonti/vahvista")
def participant_import_confirm(session_id):
    """Step 2: marks the ticked companies present, each only if its mark is still the one the
    preview showed (a mark changed meanwhile is left as it is and reported)."""
    course, session = session_or_404(session_id)
    marks = records.attendance(get_db(), session_id)
    chosen, stale = {}, 0
    for enrolment_id in form_ids("valitse"):  # "²" or a 25-digit id: left out, never a 500
        if (marks.get(enrolment_id) or "") != request.form.get(f"oli{enrolment_id}", ""):
            stale += 1
            continue
        chosen[enrolment_id] = "present"
    result = save_marks(course, session_id, chosen, "attendance_imported")
    if result["refused"] is None:
        flash(ngettext("%(num)d company was marked present from the participant list.",
                       "%(num)d companies were marked present from the participant list.", result["changed"]),
              "info")
    if stale:
        flash(ngettext("%(num)d mark had changed after the list was read, so it was left as it is.",
                       "%(num)d marks had changed after the list was read, so they were left as they are.", stale),
              "error")
    return redirect(url_for("trainings.rollcall", session_id=session_id))
