"""Coordinator pages: users and the audit log (URLs under the workspace, /neuvoja/...)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from storage import audit, get_db, immediate
from storage import users as user_store

from web.i18n import current_language

from .audit_events import GROUPS, changed_text, event_text
from .auth import COORDINATOR, protect
from .forms import UserForm

bp = protect(Blueprint("accounts", __name__, url_prefix="/neuvoja"), COORDINATOR)


def _user_form():
    form = UserForm()
    lang = current_language()
    form.organisation.choices = [(o.id, o.name.get(lang)) for o in current_app.extensions["projectdata"].organisations]
    return form


@bp.route("/kayttajat", methods=["GET", "POST"])
def users():
    form = _user_form()
    status = 200
    if form.validate_on_submit():
        db = get_db()
        with immediate(db):  # the check, the new user and its audit row, together
            user = None if user_store.by_email(db, form.email.data) else user_store.create(
                db, form.email.data, form.name.data, form.role.data, form.organisation.data, form.password.data)
            if user is not None:
                audit.record(db, current_user.id, "user_created", "user", user.id)
        if user is None:
            form.email.errors.append(_("A user with this email address already exists."))
            status = 400
        else:
            flash(_("The user was created."), "info")
            return redirect(url_for("accounts.users"))
    elif request.method == "POST":
        status = 400
    return render_template("advisor/users.html", form=form, users=user_store.all_users(get_db()),
                           projectdata=current_app.extensions["projectdata"], lang=current_language()), status


@bp.post("/kayttajat/<int:user_id>/tila")
def user_active(user_id):
    db = get_db()
    user = user_store.by_id(db, user_id)
    if user is None:
        abort(404)
    if user.id == current_user.id:
        flash(_("You cannot disable your own account."), "error")
        return redirect(url_for("accounts.users"))
    active = request.form.get("active") == "1"
    with immediate(db):  # the change and its audit row, together
        user_store.set_active(db, user_id, active)
        audit.record(db, current_user.id, "user_enabled" if active else "user_disabled", "user", user_id)
    flash(_("The user was enabled.") if active else _("The user was disabled and logged out everywhere."), "info")
    return redirect(url_for("accounts.users"))


LOG_LIMIT = 500


def _day(name: str) -> str | None:
    try:
        return date.fromisoformat((request.args.get(name) or "").strip()).isoformat()
    except ValueError:
        return None


@bp.get("/loki")
def audit_log():
    """The audit log, newest first, in words: who (one user, or no user), what (a group of
    events) and when (local days, both ends included)."""
    clock = current_app.extensions["clock"]
    who = request.args.get("kuka", "")
    what = request.args.get("mita", "") if request.args.get("mita") in GROUPS else ""
    start, end = _day("from"), _day("to")
    user_id = int(who) if who.isdigit() and len(who) < 10 else None
    entries = audit.search(get_db(), user_id=user_id, no_user=who == "ei", actions=GROUPS[what][1] if what else None,
                           start=clock.day_start(start) if start else None,
                           end=clock.day_end(end) if end else None, limit=LOG_LIMIT)
    for entry in entries:
        entry["event"] = event_text(entry["action"])
        entry["changed"] = changed_text(entry["details"])
    return render_template("advisor/audit.html", entries=entries, users=user_store.all_users(get_db()),
                           groups={key: str(name) for key, (name, _codes) in GROUPS.items()}, who=who, what=what,
                           start=start, end=end, limit=LOG_LIMIT)
