"""Emails of the entrepreneur's pages (the resume link, the follow-up invitation), queued through
``mailer.queue`` like every feature's. Addresses never go into the log."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from mailer.queue import queue_mail


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
