"""Email the private resume link when SMTP is configured. Addresses never go into the log."""

from __future__ import annotations

import logging
import smtplib
import threading
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
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


def _message(address: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = address
    message["Subject"] = " ".join(subject.split())  # a line break (e.g. in a course name) cannot end the header
    message.set_content(body)
    return message


def _settings() -> dict:
    return {key: current_app.config.get(key) for key in
            ("MAIL_SERVER", "MAIL_PORT", "MAIL_TIMEOUT", "MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD")}


def _deliver(settings: dict, message: EmailMessage, kind: str) -> bool:
    try:
        with smtplib.SMTP(settings["MAIL_SERVER"], settings["MAIL_PORT"], timeout=settings["MAIL_TIMEOUT"]) as smtp:
            if settings.get("MAIL_USE_TLS"):
                smtp.starttls()
            if settings.get("MAIL_USERNAME"):
                smtp.login(settings["MAIL_USERNAME"], settings["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("%s email failed: %s", kind, type(exc).__name__)
        return False
    log.info("%s emailed", kind)
    return True


def send_mail(address: str, subject: str, body: str, kind: str) -> bool:
    return _deliver(_settings(), _message(address, subject, body), kind)


_outbox: dict = {"executor": None, "pending": set()}
_outbox_lock = threading.Lock()


def send_mail_later(address: str, subject: str, body: str, kind: str) -> Future:
    """Send in a background thread of this worker: the response does not wait for the mail
    server, so its timing cannot tell whether there was anything to send."""
    settings, message = _settings(), _message(address, subject, body)
    with _outbox_lock:
        if _outbox["executor"] is None:  # created in the worker process, after gunicorn forked
            _outbox["executor"] = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail")
        future = _outbox["executor"].submit(_deliver, settings, message, kind)
        _outbox["pending"].add(future)
    future.add_done_callback(_outbox["pending"].discard)
    return future


def wait_for_outbox(timeout: float = 30) -> None:
    """Wait until the mails handed to ``send_mail_later`` have been sent or have failed."""
    futures.wait(list(_outbox["pending"]), timeout=timeout)
