"""The email queue for the coordinator: what is waiting, what could not be sent (to whom, what,
why) and "try again". The dashboard shows a line when something is waiting long or failed."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from storage import audit, get_db, immediate, outbox
from web.params import form_ids

from . import bp


# What the sender recorded (the exception's name, e.g. "SMTPRecipientsRefused 550"), in words.
ERRORS = {
    "TimeoutError": _l("the mail server did not answer in time"),
    "SMTPServerDisconnected": _l("the mail server did not answer or closed the connection"),
    "ConnectionRefusedError": _l("the mail server refused the connection"),
    "SMTPConnectError": _l("the mail server refused the connection"),
    "SMTPRecipientsRefused": _l("the mail server refused the recipient's address"),
    "SMTPSenderRefused": _l("the mail server refused the sender's address (MAIL_SENDER)"),
    "SMTPAuthenticationError": _l("the mail server did not accept the login (MAIL_USERNAME, MAIL_PASSWORD)"),
    "gaierror": _l("the mail server's name was not found (MAIL_SERVER)"),
}


def describe(error: str | None) -> str:
    if not error:
        return "–"
    words = ERRORS.get(error.split()[0], _l("the mail server reported an error"))
    return f"{words} ({error})"


def _moment(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="seconds")


@bp.get("/sahkopostit")
def mail_queue():
    db = get_db()
    rows = {"failed": outbox.failed(db), "waiting": outbox.waiting(db)}
    for group in rows.values():
        for row in group:
            row["queued"] = _moment(row["queued_at"])
            row["error"] = describe(row["last_error"])
    return render_template("coordinator/mail.html", summary=outbox.summary(db), **rows)


@bp.post("/sahkopostit/uudelleen")
def mail_retry():
    ids = form_ids("viesti")  # "²" or a 25-digit id: left out (int() and SQLite raised: a 500)
    with immediate(get_db()):  # the change and its audit row, together
        if request.form.getlist("viesti") and not ids:
            count = 0  # messages were picked, none of them valid: not "every failed message"
        else:
            count = outbox.retry_failed(get_db(), ids or None)
        audit.record(get_db(), current_user.id, "mail_retried")
    flash(ngettext("%(num)d email will be tried again.", "%(num)d emails will be tried again.", count), "info")
    return redirect(url_for("coordinator.mail_queue"))


def mail_notice() -> dict | None:
    """For the dashboard: the queue's state when something failed or has waited over 15 minutes."""
    state = outbox.summary(get_db())
    return state if state["failed"] or state["oldest_s"] > 15 * 60 else None
