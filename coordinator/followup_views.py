"""Follow-up rounds: open a round, list and export the private links, email invitations and
reminders, and export the comparison (one row per company). Coordinators only (the blueprint's ``protect``)."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from exports.cells import csv_bytes, xlsx_bytes
from exports.followup import comparison_table
from mailer.queue import mail_enabled
from questionnaire.mail import queue_followup_link
from reports.data.contact import contact_allowed
from reports.data.formatting import date_text
from storage import audit, followups, get_db, immediate
from web.i18n import current_language
from web.urls import public_url

from . import bp
from .followup_forms import RoundForm


def _surveys():
    catalog = current_app.extensions["surveys"]
    return catalog.followups(current_app.config["ACTIVE_SURVEY"])


def _round(round_id: int) -> dict:
    found = followups.get_round(get_db(), round_id)
    if found is None:
        abort(404)
    return found


def _link(nonce: str) -> str:
    return public_url("questionnaire.invitation", token=followups.link_token(current_app.config["SECRET_KEY"], nonce))


def _invitations(round_id: int) -> list[dict]:
    """The round's invitations, each with ``may_contact``: the company agreed to be contacted (its
    email is shown, mailed and in the mail merge only then, as on the company page)."""
    catalog = current_app.extensions["surveys"]
    rows = followups.invitations(get_db(), round_id)
    for row in rows:
        survey = catalog.get(row["consent_survey_id"], row["consent_survey_version"]) \
            if row["consent_survey_id"] else None
        row["may_contact"] = contact_allowed(survey, row["consent_contact"])
    return rows


def _status(row) -> str:
    return "answered" if row["submitted_at"] else "started" if row["started"] else "waiting"


@bp.route("/seuranta/", methods=["GET", "POST"])
def rounds():
    lang = current_language()
    surveys = _surveys()
    form = RoundForm()
    form.survey.choices = [(f"{s.id}:{s.version}", f"{s.title.get(lang)} (v{s.version})") for s in surveys]
    if form.validate_on_submit():
        survey_id, _sep, version = form.survey.data.partition(":")
        survey = current_app.extensions["surveys"].get(survey_id, int(version))
        with immediate(get_db()):  # the round, its invitations and its audit row, together
            round_id, made = followups.create_round(get_db(), form.name.data, survey, form.opens_on.data.isoformat(),
                                                    form.closes_on.data.isoformat(), current_user.id,
                                                    current_app.config["SECRET_KEY"], form.name_en.data or None)
            audit.record(get_db(), current_user.id, "followup_round_opened", "followup_round", round_id)
        flash(ngettext("Round opened: %(num)d company invited.", "Round opened: %(num)d companies invited.", made),
              "info")
        if mail_enabled() and form.send_now.data:
            _send_links(_round(round_id), reminder=False)
        return redirect(url_for("coordinator.round_page", round_id=round_id))
    return render_template("coordinator/rounds.html", rounds=followups.rounds(get_db()), form=form,
                           surveys=surveys, mail=mail_enabled()), 400 if form.errors else 200


@bp.get("/seuranta/<int:round_id>")
def round_page(round_id):
    found = _round(round_id)
    rows = _invitations(round_id)
    for row in rows:
        row["status"] = _status(row)
        row["link"] = _link(row["nonce"])
    return render_template("coordinator/round.html", round=found, rows=rows, mail=mail_enabled(),
                           waiting=sum(1 for r in rows if not r["submitted_at"] and r["may_contact"]),
                           no_consent=sum(1 for r in rows if not r["may_contact"]),
                           no_consent_waiting=sum(1 for r in rows if not r["may_contact"] and not r["submitted_at"]))


@bp.post("/seuranta/<int:round_id>/kutsu")
def invite_new(round_id):
    found = _round(round_id)
    survey = current_app.extensions["surveys"].get(found["survey_id"], found["survey_version"]) or abort(404)
    made = followups.invite_missing(get_db(), round_id, survey, current_app.config["SECRET_KEY"])
    flash(ngettext("%(num)d newly analysed company invited.", "%(num)d newly analysed companies invited.", made),
          "info")
    return redirect(url_for("coordinator.round_page", round_id=round_id))


@bp.post("/seuranta/<int:round_id>/laheta")
def send(round_id):
    """Email the links: ``muistutus=1`` reminds those who have not answered and were invited
    already; otherwise every company not yet emailed gets its invitation."""
    found = _round(round_id)
    if not mail_enabled():
        flash(_("Email is not configured: download the links for a mail merge instead."), "error")
        return redirect(url_for("coordinator.round_page", round_id=round_id))
    _send_links(found, reminder=request.form.get("muistutus") == "1")
    return redirect(url_for("coordinator.round_page", round_id=round_id))


def _send_links(found: dict, reminder: bool) -> None:
    """Email the links of companies not yet emailed, or remind those emailed who have not
    answered: each message is queued with the mark on its invitation in one transaction (a
    double click queues nothing twice) and the sending audited; the outbox delivers them."""
    round_id = found["id"]
    queued = []
    with immediate(get_db()):
        for row in _invitations(round_id):
            if row["submitted_at"] or not row["contact_email"] or not row["may_contact"] \
                    or (reminder != bool(row["emailed_at"])):
                continue
            lang = row["language"] or "fi"  # the email and its date in the language of the analysis
            queue_followup_link(row["contact_email"], _link(row["nonce"]), lang, row["name"],
                                date_text(found["closes_on"], lang), reminder)
            queued.append(row["id"])
        followups.mark_sent(get_db(), queued, reminder)
        audit.record(get_db(), current_user.id, "followup_reminders_sent" if reminder else "followup_links_sent",
                     "followup_round", round_id)
    flash(ngettext("%(num)d email queued: it leaves within a minute.",
                   "%(num)d emails queued: they leave within a minute.", len(queued)), "info")


@bp.get("/seuranta/<int:round_id>/linkit.csv")
def links_csv(round_id):
    """The links for a mail merge; ``vastaamattomat=1``: only those still to answer (reminders).
    Companies that did not agree to be contacted are left out (the round's page says how many)."""
    _round(round_id)
    waiting_only = request.args.get("vastaamattomat") == "1"
    header = ["company", "business_id", "organisation", "contact_name", "contact_email", "language", "link", "status",
              "emailed_at", "reminded_at", "reminders"]
    body = [[r["name"], r["business_id"], r["organisation"], r["contact_name"], r["contact_email"], r["language"],
             _link(r["nonce"]), _status(r), r["emailed_at"], r["reminded_at"], r["reminders"]]
            for r in _invitations(round_id) if r["may_contact"] and not (waiting_only and r["submitted_at"])]
    audit.record(get_db(), current_user.id, "followup_links_export", "followup_round", round_id)
    name = "muistutukset" if waiting_only else "linkit"
    return Response(csv_bytes(header, body), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="seuranta-{round_id}-{name}.csv"'})


@bp.get("/seuranta/<int:round_id>/tulokset.<fmt>")
def results_export(round_id, fmt):
    """One row per answering company: T0, T1 and the change, overall and per area."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    found = _round(round_id)
    survey = current_app.extensions["surveys"].get(found["survey_id"], found["survey_version"]) or abort(404)
    header, body = comparison_table(survey, followups.answered(get_db(), round_id))
    audit.record(get_db(), current_user.id, f"followup_export_{fmt}", "followup_round", round_id)
    if fmt == "csv":
        content, mimetype = csv_bytes(header, body), "text/csv"
    else:
        content = xlsx_bytes([("followup", header, body)])
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="seuranta-{round_id}-tulokset.{fmt}"'})
