"""'Email me my link': a respondent who lost the private link gives the email address of the
analysis and gets fresh links by email. The answer is the same whether or not the address is
known, requests are rate-limited per address and per client, and the form exists only when SMTP
is configured. Storage goes through ``storage.lost_links``."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Length

from storage import get_db, immediate, lost_links
from surveys.validators import Email
from web.clients import request_client
from web.errors import csrf_recovery
from web.i18n import current_language

from . import bp
from mailer.queue import mail_enabled, queue_mail
from .views import resume_url


SAME_ANSWER = _l("If the address is in our records, we sent the private link to it. The email can take a few minutes; check also the spam folder. Your earlier link keeps working until you open the new one.")  # noqa: E501


class LinkForm(FlaskForm):
    email = EmailField(_l("The email address you gave in the analysis"),
                       validators=[DataRequired(_l("Enter your email address.")), Length(max=254), Email()])


def _email_fields() -> list[str]:
    fields = []
    for survey in current_app.extensions["surveys"]:
        question = None if survey.is_followup else survey.question_with_role("contact_email")
        if question is not None:
            fields.append(question.id)
    return fields


@bp.route("/linkki", methods=["GET", "POST"])
def lost_link():
    if not mail_enabled():  # no email to send: how to get the link back instead (never a 404)
        return render_template("questionnaire/lost_link_no_mail.html",
                               help=current_app.extensions["projectdata"].help_text(current_language()))
    form = LinkForm()
    if request.method == "POST" and form.validate():
        if lost_links.allow_request(get_db(), form.email.data, request_client()):
            _send_links(form.email.data)
        # The same answer whether the address was found, not found or asked too often.
        flash(str(SAME_ANSWER), "info")
        return redirect(url_for("questionnaire.lost_link"))
    return render_template("questionnaire/lost_link.html", form=form), 400 if form.errors else 200


def render_expired(exc=None):
    """An expired form token: the form again with the address typed, nothing sent yet."""
    form = LinkForm(meta={"csrf": False})
    form.validate()
    flash(_("Your session had expired, so nothing was sent yet. Press the button again."), "error")
    return render_template("questionnaire/lost_link.html", form=form), 400


csrf_recovery(bp, "questionnaire.lost_link", render_expired)


def _send_links(address: str) -> None:
    """The new (waiting) links and their email in one transaction: no link is issued without its
    mail, and the answer does not wait for the mail server (the outbox sends it)."""
    with immediate(get_db()):
        found = lost_links.reissue_links(get_db(), address, _email_fields())
        if not found:
            return
        lang = current_language()
        subject = _("Digianalyysi: your private links")
        body = render_template("questionnaire/lost_link_email.txt", lang=lang,
                               links=[{**item, "url": resume_url(item["token"])} for item in found])
        queue_mail(address, subject, body, "lost link")
