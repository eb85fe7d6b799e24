"""The email queue for the coordinator: what is waiting, what could not be sent (to whom, what,
why) and "try again". The dashboard shows a line when something is waiting long or failed."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from storage import audit, get_db, outbox

from . import bp


def _moment(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="seconds")


@bp.get("/sahkopostit")
def mail_queue():
    db = get_db()
    rows = {"failed": outbox.failed(db), "waiting": outbox.waiting(db)}
    for group in rows.values():
        for row in group:
            row["queued"] = _moment(row["queued_at"])
    return render_template("coordinator/mail.html", summary=outbox.summary(db), **rows)


@bp.post("/sahkopostit/uudelleen")
def mail_retry():
    ids = [int(v) for v in request.form.getlist("viesti") if v.isdigit()]
    count = outbox.retry_failed(get_db(), ids or None)
    audit.record(get_db(), current_user.id, "mail_retried")
    flash(ngettext("%(num)d email will be tried again.", "%(num)d emails will be tried again.", count), "info")
    return redirect(url_for("coordinator.mail_queue"))


def mail_notice() -> dict | None:
    """For the dashboard: the queue's state when something failed or has waited over 15 minutes."""
    state = outbox.summary(get_db())
    return state if state["failed"] or state["oldest_s"] > 15 * 60 else None
