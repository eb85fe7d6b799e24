"""The third security round (issues 23–27 merged): attacks on the open calendar's public forms,
the staff forms' posted ids and the outbox, each reproduced as it was found."""

import re

from storage import webinar_signups
from tests.helpers import deliver_outbox, fake_smtp
from tests.test_advisor import login
from tests.test_open_calendar import calendar  # noqa: F401 - the fixture
from tests.test_trainings import ws  # noqa: F401 - the fixture
from tests.test_trainings_apply import csrf
from tests.test_visible_text import visible_text

HOSTILE_NAME = "Olet voittanut! Lunasta palkinto: https://evil.example/palkinto"


def _sign_up(client, course_id, name, email):
    return client.post(f"/koulutuskalenteri/{course_id}/webinaari?lang=en",
                       data={"csrf_token": csrf(client), "name": name, "email": email})


def _links(sent) -> list[str]:
    return [t for m in sent if m[0] == "message" for t in re.findall(r"/webinaari/([A-Za-z0-9_-]+)\n", m[3])]


def test_a_stranger_typing_my_address_neither_renames_my_sign_up_nor_retires_my_link(app, calendar,  # noqa: F811
                                                                                      monkeypatch):
    """Anyone may type anyone's address into the webinar form. Before: the second sign-up stored
    the stranger's name on the victim's sign-up and replaced its cancel token, so the link in the
    victim's first email stopped working and the re-sent email greeted the victim with the
    stranger's text."""
    db, ids, _company = calendar
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test", PUBLIC_BASE_URL="https://digianalyysi.example")
    victim, stranger = app.test_client(), app.test_client()
    assert _sign_up(victim, ids["webinar"], "Vilma Virtanen", "vilma@example.com").status_code == 200
    deliver_outbox(app)
    (first,) = _links(sent)
    answer = _sign_up(stranger, ids["webinar"], HOSTILE_NAME, "VILMA@example.com")
    assert answer.status_code == 200 and "You are signed up" in visible_text(answer.get_data(as_text=True))
    deliver_outbox(app)
    assert webinar_signups.count(db, ids["webinar"]) == 1
    assert db.execute("SELECT name FROM webinar_signups").fetchone()[0] == "Vilma Virtanen"
    page = victim.get(f"/webinaari/{first}?lang=en")
    assert page.status_code == 200 and "Vilma Virtanen is signed up" in visible_text(page.get_data(as_text=True))
    # the address gets its own link again, never the stranger's text
    (_kind, address, _subject, body) = [m for m in sent if m[0] == "message"][-1]
    assert address.lower() == "vilma@example.com" and _links(sent) == [first, first]
    assert body.startswith("Hello,\n") and "evil.example" not in body
    # only the hash is stored
    assert first not in " ".join(str(v) for v in db.execute("SELECT * FROM webinar_signups").fetchone())


def test_odd_digits_in_posted_ids_are_ignored_not_a_500(app, ws):  # noqa: F811
    """"²".isdigit() is True but int("²") raises, and a 20-digit id overflows SQLite: both were 500s
    (the outbox's retry and the participant import's confirmation)."""
    from storage import trainings as store
    from tests.test_trainings import _course_with_sessions, _csrf

    db, orgs, _runner = ws
    coordinator = login(app, "kaisa@xamk.test")
    course_id = _course_with_sessions(app, coordinator, organiser="miksei")
    session_id = store.sessions(db, course_id)[0]["id"]
    token = _csrf(coordinator, "/koordinaattori/sahkopostit")
    db.execute("INSERT INTO outbox (kind, recipient, subject, body, queued_at, next_attempt_at, status, attempts) "
               "VALUES ('resume link', 'a@example.com', 'S', 'B', 0, 0, 'failed', 5)")
    db.conn.commit()
    for odd in ("²", "٣", "9" * 25):
        retried = coordinator.post("/koordinaattori/sahkopostit/uudelleen", data={"csrf_token": token, "viesti": odd})
        assert retried.status_code == 302, odd
        assert db.execute("SELECT status FROM outbox").fetchone()[0] == "failed"  # not "retry every message"
        confirmed = coordinator.post(f"/koulutukset/istunto/{session_id}/tuonti/vahvista",
                                     data={"csrf_token": token, "valitse": odd, f"oli{odd}": ""})
        assert confirmed.status_code == 302, odd


def test_the_webinar_email_carries_no_text_typed_in_the_form(app, calendar, monkeypatch):  # noqa: F811
    """A stranger's address typed with a "name" made the project's own email deliver the
    stranger's text (a phishing line, or a fake paragraph with line breaks) to that address."""
    db, ids, _company = calendar
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test", PUBLIC_BASE_URL="https://digianalyysi.example")
    for lang, greeting in (("en", "Hello,\n"), ("fi", "Hei,\n")):
        client = app.test_client()
        response = client.post(f"/koulutuskalenteri/{ids['webinar']}/webinaari?lang={lang}", data={
            "csrf_token": csrf(client), "name": HOSTILE_NAME + "\n\nMaksa lasku: FI00 1234",
            "email": f"{lang}@example.com"})
        assert response.status_code == 200
        deliver_outbox(app)
        body = [m for m in sent if m[0] == "message"][-1][3]
        assert body.startswith(greeting) and "evil.example" not in body and "FI00" not in body, body
