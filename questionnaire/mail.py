"""Email the private resume link when SMTP is configured. Addresses never go into the log."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app, render_template

from reports.texts import MAIL

log = logging.getLogger(__name__)


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_resume_link(address: str, link: str, lang: str) -> bool:
    """Send the link; returns False (and logs without personal data) if sending failed."""
    subject = MAIL.get(lang, MAIL["en"])["resume_subject"]
    return send_mail(address, subject, render_template("questionnaire/resume_email.txt", link=link, lang=lang),
                     "resume link")


def send_followup_link(address: str, link: str, lang: str, company: str, closes_on: str, reminder: bool) -> bool:
    """The follow-up invitation (or its reminder) with the company's private link."""
    texts = MAIL.get(lang, MAIL["en"])
    subject = (texts["reminder_prefix"] if reminder else "") + texts["followup_subject"]
    body = render_template("followup/invitation_email.txt", link=link, lang=lang, company=company,
                           closes_on=closes_on, reminder=reminder)
    return send_mail(address, subject, body, "follow-up reminder" if reminder else "follow-up invitation")


def send_mail(address: str, subject: str, body: str, kind: str) -> bool:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = address
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("%s email failed: %s", kind, type(exc).__name__)
        return False
    log.info("%s emailed", kind)
    return True
