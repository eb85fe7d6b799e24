"""One delivery over SMTP. Raises on failure; the caller records it (never with the address)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

SETTINGS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_TIMEOUT", "MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD",
            "MAIL_SENDER")
ERRORS = (OSError, smtplib.SMTPException)


def message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = " ".join(subject.split())  # a line break (e.g. in a course name) cannot end the header
    mail.set_content(body)
    return mail


def deliver(settings: dict, mail: EmailMessage) -> None:
    with smtplib.SMTP(settings["MAIL_SERVER"], settings["MAIL_PORT"], timeout=settings["MAIL_TIMEOUT"]) as smtp:
        if settings.get("MAIL_USE_TLS"):
            smtp.starttls()
        if settings.get("MAIL_USERNAME"):
            smtp.login(settings["MAIL_USERNAME"], settings["MAIL_PASSWORD"])
        smtp.send_message(mail)
