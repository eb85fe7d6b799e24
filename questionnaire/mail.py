"""Email the private resume link when SMTP is configured. Addresses never go into the log."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app, render_template

log = logging.getLogger(__name__)


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_resume_link(address: str, link: str, lang: str) -> bool:
    """Send the link; returns False (and logs without personal data) if sending failed."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = address
    message["Subject"] = "Digianalyysi: linkki vastaustesi jatkamiseen" if lang == "fi" else "Digianalyysi: your link to continue"
    message.set_content(render_template("questionnaire/resume_email.txt", link=link, lang=lang))
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("resume link email failed: %s", type(exc).__name__)
        return False
    log.info("resume link emailed")
    return True
