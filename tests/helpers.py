"""Helpers shared by the view tests: a respondent walking the questionnaire with the test client."""

from __future__ import annotations

import re

# Every test app's clock stands still here (no test depends on the day it runs); a test moves it
# with ``set_today`` / ``app.extensions["clock"].set(...)``.
FROZEN_NOW = "2026-11-23T12:00:00+02:00"


# A day after every session the tests create: attendance may be recorded for all of them.
LATER = "2028-12-31"


def cancel(db, enrolment_id: int, today: str, pool_seats: int | None = None, offer_days: int = 5) -> list[dict]:
    """Cancels an enrolment through the storage rule; returns the seat offers it made."""
    from trainings.storage import courses as store  # lazy: tests.helpers is imported before the app in conftest

    change = store.cancel(db, enrolment_id, pool_seats, today, offer_days)
    assert change["changed"], change
    return change["offers"]


def set_today(app, iso_date: str, time: str = "12:00") -> None:
    """Moves the app's frozen clock to ``time`` (local time) on ``iso_date``."""
    app.extensions["clock"].set(f"{iso_date}T{time}:00")


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

BACKGROUND = {
    "company_name": "Mäntyharjun Testi Oy",
    "business_id": "2077474-0",
    "contact_name": "Tiina Testaaja",
    "contact_role": "Yrittäjä",
    "contact_email": "tiina@example.com",
    "contact_phone": "040 123 4567",
    "municipality": "507",
    "website_url": "www.testi.fi",
    "industry": "I",
    "smart_theme": "tourism",
    "personnel": "2-4",
    "turnover": "100k_300k",
    "customers": "both",
    "target_groups": ["webshop_planned"],
    "channels": ["website", "facebook"],
    "biggest_challenge": "Aikaa ei riitä.",
    "goals_12m": "Verkkokauppa auki.",
    "help_wanted": "",
    "consent_processing": "y",
    "consent_contact": "y",
}


def csrf_of(html: str) -> str:
    return CSRF_RE.search(html).group(1)


def page_data(survey, page, overrides=None) -> dict:
    """Valid form data for one page: background values above, '2' on every ladder, '3' on ratings."""
    data = {}
    for q in page.questions:
        if q.id in BACKGROUND:
            value = BACKGROUND[q.id]
        elif q.role == "level":
            value = "2"
        elif q.type == "likert":
            value = "3"
        elif q.type == "checkbox":
            value = "y" if q.role != "training" else ""
        else:
            value = ""
        if value not in ("", [], None):
            data[q.id] = value
    data.update(overrides or {})
    return data


class Walker:
    def __init__(self, client, survey):
        self.client = client
        self.survey = survey

    def start(self, lang: str = "fi") -> str:
        html = self.client.get(f"/?lang={lang}").get_data(as_text=True)
        response = self.client.post("/analyysi/aloita", data={"csrf_token": csrf_of(html)})
        assert response.status_code == 302, response.status_code
        return re.search(r"/a/([^/]+)/sivu/", response.location).group(1)

    def url(self, token, page):
        return f"/a/{token}/sivu/{page.id}"

    def get(self, token, page):
        return self.client.get(self.url(token, page))

    def post(self, token, page, data=None, nav="next", overrides=None):
        html = self.get(token, page).get_data(as_text=True)
        form = page_data(self.survey, page, overrides) if data is None else dict(data)
        form.update({"csrf_token": csrf_of(html), "nav": nav})
        return self.client.post(self.url(token, page), data=form)

    def walk(self, token, until=None, overrides=None):
        """Post every page with valid answers (up to, not including, page id ``until``)."""
        last = None
        for page in self.survey.pages:
            if page.id == until:
                break
            nav = "submit" if page is self.survey.pages[-1] else "next"
            last = self.post(token, page, nav=nav, overrides=overrides)
            assert last.status_code == 302, (page.id, last.get_data(as_text=True)[:3000])
        return last


def fake_smtp(sent: list):
    """An smtplib.SMTP stand-in that records (To, Subject, body) of each message in ``sent``."""

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            pass

        def send_message(self, message):
            sent.append(("message", message["To"], message["Subject"], message.get_content()))

    return FakeSMTP


def deliver_outbox(app) -> dict:
    """What the outbox sender does in a worker (mailer.sender): deliver every queued email now."""
    from mailer import sender, settings
    from storage.db import connect

    db = connect(app.config["DATABASE"])
    try:
        return sender.drain(db, settings(app.config), app.config["MAIL_MAX_ATTEMPTS"])
    finally:
        db.close()
