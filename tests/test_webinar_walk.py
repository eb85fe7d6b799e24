"""What a user walk found on webinars and the staff pages (each read as visible text): a sign-up
without email could not be cancelled, the audit log showed Finnish course names on English pages,
and the staff pages counted no webinar sign-ups while the open calendar did."""

import re

from storage import audit
from trainings.storage import webinar_signups
from tests.helpers import set_today
from tests.test_advisor import login
from tests.test_open_calendar import calendar  # noqa: F401 - the fixture
from tests.test_trainings_apply import csrf
from tests.test_visible_text import visible_text


def _sign_up(client, course_id, name, email, lang="en"):
    return client.post(f"/koulutuskalenteri/{course_id}/webinaari?lang={lang}",
                       data={"csrf_token": csrf(client), "name": name, "email": email})


def test_without_email_the_new_sign_up_gets_its_own_page_and_a_repeat_does_not(app, calendar):  # noqa: F811
    db, ids, _company = calendar
    app.config.update(MAIL_SERVER=None)
    first = _sign_up(app.test_client(), ids["webinar"], "Vilma Virtanen", "vilma@example.com")
    html = first.get_data(as_text=True)
    assert "Your sign-up's page: cancel or add to your calendar" in visible_text(html)
    (link,) = re.findall(r'href="(/webinaari/[A-Za-z0-9_-]+)"', html)
    page = app.test_client().get(link + "?lang=en")
    assert "Vilma Virtanen is signed up" in visible_text(page.get_data(as_text=True))
    # a stranger typing the same address gets no link to the first person's sign-up
    again = _sign_up(app.test_client(), ids["webinar"], "Joku Muu", "VILMA@example.com")
    text = visible_text(again.get_data(as_text=True))
    assert "/webinaari/" not in again.get_data(as_text=True) and "tell the organiser" in text
    assert webinar_signups.count(db, ids["webinar"]) == 1
    fi = visible_text(_sign_up(app.test_client(), ids["webinar"], "Eero", "eero@example.com", "fi")
                      .get_data(as_text=True))
    assert "Ilmoittautumisesi oma sivu: peru tai lisää kalenteriisi" in fi


def test_the_privacy_notice_does_not_promise_an_email(app):
    for lang, words in (("en", "on the page shown right after signing up"), ("fi", "heti ilmoittautumisen jälkeen")):
        assert words in visible_text(app.test_client().get(f"/tietosuoja?lang={lang}").get_data(as_text=True))


def test_the_audit_log_names_courses_in_the_page_language(app, calendar):  # noqa: F811
    db, ids, _company = calendar
    audit.record(db, None, "course_edited", "course", ids["webinar"])
    coordinator = login(app, "kaisa@xamk.test")
    for lang, name in (("en", "AI at work"), ("fi", "Tekoäly arjessa")):
        text = visible_text(coordinator.get(f"/neuvoja/loki?lang={lang}").get_data(as_text=True))
        assert name in text, lang


def test_staff_pages_count_webinar_sign_ups_as_the_open_calendar_does(app, calendar):  # noqa: F811
    db, ids, _company = calendar
    for n in range(2):
        webinar_signups.sign_up(db, ids["webinar"], f"Osallistuja {n}", f"o{n}@example.com", "fi", 3)
    public = visible_text(app.test_client().get("/koulutuskalenteri?lang=en").get_data(as_text=True))
    assert "1 of 3 left" in public
    coordinator = login(app, "kaisa@xamk.test")
    html = coordinator.get("/koulutukset/?lang=en").get_data(as_text=True)
    rows = {visible_text(r) for r in re.findall(r"<tr>.*?</tr>", html, re.S)}
    assert any("AI at work" in r and "2 / 3 signed up" in r for r in rows), rows
    assert any(r.startswith("AI at work ") and r.endswith(" 1 0") for r in rows), rows
    set_today(app, "2027-02-01")  # the webinar has ended: the past courses count its sign-ups
    html = coordinator.get("/koulutukset/menneet?lang=en").get_data(as_text=True)
    rows = [visible_text(r) for r in re.findall(r"<tr>.*?</tr>", html, re.S)]
    assert any(r.startswith("AI at work ") and "2 signed up" in r for r in rows), rows
