"""Emails of the entrepreneur's pages and the trainings, queued in the outbox (``storage.outbox``)
inside the transaction of the change that causes them; the sender (``mailer``) delivers them, so
no request ever waits for a mail server. Addresses never go into the log."""

from __future__ import annotations

from flask import current_app, g, has_request_context, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from storage import get_db, outbox


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def queue_mail(address: str, subject: str, body: str, kind: str) -> int:
    """Queue one message; inside an open ``immediate()`` it joins that transaction."""
    message_id = outbox.enqueue(get_db(), address, subject, body, kind)
    if has_request_context():
        g.mail_queued = True  # the worker's sender looks at once when the request ends
    return message_id


def queue_resume_link(address: str, link: str, lang: str) -> int:
    with force_locale(lang):  # the email in the language of the analysis
        subject = _("Digianalyysi: your link to continue")
        body = render_template("questionnaire/resume_email.txt", link=link, lang=lang)
    return queue_mail(address, subject, body, "resume link")


def queue_followup_link(address: str, link: str, lang: str, company: str, closes_on: str, reminder: bool) -> int:
    """The follow-up invitation (or its reminder) with the company's private link."""
    with force_locale(lang):
        subject = _("Digianalyysi follow-up – how has your digital business developed?")
        if reminder:
            subject = _("Reminder: %(subject)s", subject=subject)
        body = render_template("followup/invitation_email.txt", link=link, lang=lang, company=company,
                               closes_on=closes_on, reminder=reminder)
    return queue_mail(address, subject, body, "follow-up reminder" if reminder else "follow-up invitation")
