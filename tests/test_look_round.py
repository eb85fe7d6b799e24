"""What users read after issues 23, 24, 25 and 27 landed together (a look in Chromium, phone and
desktop, Finnish and English): each defect seen on a screenshot has a test here that reads the
visible text (or the catalogue the text comes from)."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.test_signup import cal, page  # noqa: F401  (the fixture)
from tests.test_trainings import ws  # noqa: F401  (the fixture)
from tests.test_trainings_apply import analysed

ROOT = Path(__file__).resolve().parent.parent


def _catalogue(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as source:
        return read_po(source, locale=lang)


def test_no_finnish_translation_carries_another_messages_english_text():
    """Merging two branches' catalogues glued an English msgid onto a Finnish msgstr: the sign-up
    page read "Paikkoja on vapaana: saatte paikan heti.The workshops' certificates are issued…"."""
    catalogue = _catalogue("fi")
    english = [m.id for m in catalogue if isinstance(m.id, str) and len(m.id) > 30]
    glued, leaked = [], []
    for message in catalogue:
        if not message.id or not isinstance(message.string, str):
            continue
        if re.search(r"[a-zåäö0-9)]\.[A-ZÅÄÖ]", message.string):
            glued.append(message.string)
        leaked += [(message.string, other) for other in english if other != message.id and other in message.string]
    assert glued == [] and leaked == []


def test_the_finnish_sign_up_page_is_all_finnish(app, cal):  # noqa: F811
    db, ids = cal
    client, token = analysed(app, "fi")
    status, text, _html = page(client, f"/a/{token}/koulutus/{ids['workshop']}")
    assert status == 200
    assert "Paikkoja on vapaana: saatte paikan heti. Osallistujan tiedot" in text
    assert "certificates" not in text and "workshop" not in text.lower()


# --- English course names on the staff pages that still showed the Finnish one -----------------

def _named_course(db, offer, starts, organiser="miksei"):
    from trainings.storage import courses as store

    course_id = store.create_course(db, {"offer_id": offer, "name": f"Kurssi {offer}", "name_en": f"In English {offer}",
                                         "organiser": organiser, "seats": 3, "starts_on": starts, "ends_on": starts},
                                    None)
    session = store.add_session(db, course_id, {"on_date": starts, "start_time": "09:00", "end_time": "12:00",
                                                "hours": 3, "place": "Mikkeli"})
    return course_id, session


def test_staff_pages_name_courses_in_the_page_language(app, ws, monkeypatch):  # noqa: F811
    from trainings.storage import courses as store
    from trainings.storage import records as records
    from tests.helpers import LATER, deliver_outbox, fake_smtp
    from tests.test_advisor import login
    from tests.test_staff_trainings import _text

    db, orgs, _runner = ws
    past, past_session = _named_course(db, "tp4-1", "2026-11-10")
    workshop, workshop_session = _named_course(db, "tp2-1", "2026-11-12")
    upcoming, upcoming_session = _named_course(db, "tp4-1", "2027-01-20")
    company = orgs["miksei"][0][0]
    for course_id, session in ((past, past_session), (workshop, workshop_session)):
        enrolment = store.enrol(db, course_id, company, 250, "base")["id"]
        records.set_attendance(db, session, {enrolment: "present"}, None, LATER)
    store.enrol(db, upcoming, company, 250, "base")
    coordinator = login(app, "kaisa@xamk.test")
    listing = _text(coordinator.get("/koulutukset/menneet?lang=en"))
    assert "In English tp4-1" in listing and "Kurssi tp4-1" not in listing
    assert "Kurssi tp4-1" in _text(coordinator.get("/koulutukset/menneet?lang=fi"))
    certificates = _text(coordinator.get("/koulutukset/todistukset/tyopajat?lang=en"))
    assert "In English tp2-1" in certificates and "Kurssi tp2-1" not in certificates
    edit = _text(coordinator.get(f"/koulutukset/istunto/{upcoming_session}/muokkaa?lang=en"))
    assert "In English tp4-1" in edit and "Kurssi tp4-1" not in edit
    assert "9.00–12.00" in _text(coordinator.get(f"/koulutukset/istunto/{upcoming_session}/muokkaa?lang=fi"))
    assert "In English tp4-1" in _text(coordinator.get(f"/koulutukset/kurssi/{upcoming}/muokkaa?lang=en")).split(
        "Name of the course")[0]
    # the English email about a changed session names the course in English
    outbox = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(outbox))
    app.config.update(MAIL_SERVER="smtp.test")
    db.execute("UPDATE responses SET language = 'en' WHERE company_id = ?", [company])
    path = f"/koulutukset/istunto/{upcoming_session}/muokkaa"
    from tests.test_trainings import _csrf

    coordinator.post(path + "?lang=en", data={"csrf_token": _csrf(coordinator, path), "on_date": "2027-01-20",
                                              "start_time": "10:00", "end_time": "13:00", "hours": "3",
                                              "place": "Juva"})
    deliver_outbox(app)
    bodies = [m[3] for m in outbox if m[0] == "message"]
    assert bodies and all("A session of the training In English tp4-1 has changed." in b for b in bodies)


# --- texts: no setting names, a privacy link that is a link, one number style per language ------

def test_the_mail_queue_speaks_of_no_setting_names(app, ws):  # noqa: F811
    from tests.test_advisor import login
    from tests.test_staff_trainings import _text

    coordinator = login(app, "kaisa@xamk.test")
    for lang, said in (("en", "Email is not in use: no mail server is set in the service's settings"),
                       ("fi", "Sähköposti ei ole käytössä: palvelun asetuksissa ei ole sähköpostipalvelinta")):
        text = _text(coordinator.get(f"/koordinaattori/sahkopostit?lang={lang}"))
        assert said in text and "MAIL_SERVER" not in text


def test_the_webinar_form_links_the_privacy_notice_and_fees_read_alike(app, cal):  # noqa: F811
    from trainings.storage import courses as store

    db, ids = cal
    webinar = store.create_course(db, {"offer_id": "webinar", "name": "Webinaari", "organiser": "miksei",
                                       "seats": 50, "starts_on": "2027-01-15", "ends_on": "2027-01-15"}, None)
    store.add_session(db, webinar, {"on_date": "2027-01-15", "start_time": "14:00", "end_time": "15:00",
                                    "hours": 1, "link": "https://meet.example.fi/w"})
    client = app.test_client()
    for lang, sentence, link in (
            ("fi", "poistamme ne 30 päivän kuluttua siitä. Tietosuojaseloste", ">Tietosuojaseloste</a>"),
            ("en", "remove them 30 days after it. Privacy notice", ">Privacy notice</a>")):
        status, text, html = page(client, f"/koulutuskalenteri/{webinar}?lang={lang}")
        form = html.split('id="ilmoittaudu"', 1)[1]
        assert status == 200 and sentence in text and 'href="/tietosuoja"' in form and link in form
    status, text, _html = page(client, f"/koulutuskalenteri/{ids['workshop']}?lang=en")
    assert "150 € per company (350 € when turnover over 700,000 €)" in text and "€700" not in text
    client, token = analysed(app, "en")
    status, text, _html = page(client, f"/a/{token}/koulutus/{ids['path']}")
    assert "At most 1,000 characters." in text and "1 000" not in text


def test_the_demo_round_is_named_in_english_on_english_pages(app, cal):  # noqa: F811
    from tests.test_advisor import login
    from tests.test_staff_trainings import _text

    db, _ids = cal
    loaded = app.test_cli_runner().invoke(args=["demo", "load", "--companies", "6", "--drafts", "0",
                                                "--seed", "7", "--followup-share", "0.5"])
    assert loaded.exit_code == 0, loaded.output
    round_id = next(db.query("SELECT id FROM followup_rounds ORDER BY id"))["id"]
    coordinator = login(app, "kaisa@xamk.test")
    english = _text(coordinator.get(f"/koordinaattori/seuranta/{round_id}?lang=en"))
    assert "Follow-up autumn 2026" in english and "Seuranta syksy 2026" not in english
    assert "Seuranta syksy 2026" in _text(coordinator.get(f"/koordinaattori/seuranta/{round_id}?lang=fi"))


# --- the audit log reads every event the code records in words ----------------------------------

def _recorded_codes():
    """The literal event codes of every ``audit.record(db, user, "code", …)`` call in the app."""
    import ast

    codes = set()
    for path in ROOT.rglob("*.py"):
        if any(part in (".venv", "tests", "build") for part in path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "record"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit"
                    and len(node.args) >= 3):
                action = node.args[2]
                if isinstance(action, ast.Constant) and isinstance(action.value, str):
                    codes.add(action.value)
    return codes


def test_every_recorded_event_has_words_and_a_filter_group(app):
    from accounts.audit_events import GROUPS, event_text

    codes = _recorded_codes() | {f"funder_report_{f}" for f in ("xlsx", "csv", "pdf")} | {
        "funder_report_xlsx_with_contacts", "cli_funder_report_xlsx", "cli_funder_report_csv", "cli_funder_report_pdf",
        "cli_funder_report_xlsx_with_contacts"}
    assert {"funder_report_viewed", "webinar_signed_up", "schema_upgraded", "company_signed_up_via_link"} <= codes
    with app.test_request_context("/?lang=en"):
        unnamed = sorted(code for code in codes if event_text(code).startswith("Other event"))
    assert unnamed == []
    patterns = [re.compile("^" + p.replace("%", ".*") + "$") for _label, group in GROUPS.values() for p in group]
    assert sorted(code for code in codes if not any(p.match(code) for p in patterns)) == []


# --- the certificate's hours in the certificate's language ----------------------------------------

@pytest.mark.parametrize("lang, hours, shown", [("en", 13.5, "13.5"), ("fi", 13.5, "13,5"), ("en", 3.0, "3"),
                                                ("fi", 1234.25, "1 234,25"), ("en", 1234.25, "1,234.25")])
def test_certificate_hours_are_written_in_the_certificates_language(lang, hours, shown):
    from types import SimpleNamespace

    from trainings.pdf.certificate_data import build_certificate_data

    names = {"fi": "DigiFocus", "en": "DigiFocus"}
    catalogue = SimpleNamespace(project=names, funder=names, issuer=names)
    course = {"name": "Polku", "name_en": "Path", "starts_on": "2026-08-17", "ends_on": "2026-10-12"}
    data = build_certificate_data(catalogue, lang, {"name": "Oy", "business_id": "1234567-8"}, "ABCDE-FGHIJ",
                                  "https://x/todistus", "2026-10-15", course=course, offer_name="Path",
                                  basis={"present": 5, "held": 5, "hours": hours})
    assert data["hours"].replace("\u00a0", " ") == shown


def test_the_front_page_does_not_repeat_places_and_seats(client):
    from tests.test_visible_text import visible_text

    text = visible_text(client.get("/?lang=fi").get_data(as_text=True))
    assert "katso ajankohdat, pitopaikat ja vapaat paikat ja ilmoittaudu" in text and "paikat ja vapaat paikat" not in \
        text.replace("pitopaikat ja vapaat paikat", "")


def test_the_staff_webinar_page_counts_its_sign_ups(app, cal):  # noqa: F811
    from trainings.storage import courses as store
    from trainings.storage import webinar_signups
    from tests.test_advisor import login
    from tests.test_staff_trainings import _text

    db, _ids = cal
    webinar = store.create_course(db, {"offer_id": "webinar", "name": "Webinaari", "organiser": "miksei",
                                       "seats": 50, "starts_on": "2027-01-15", "ends_on": "2027-01-15"}, None)
    for n in range(3):
        webinar_signups.sign_up(db, webinar, f"Osallistuja {n}", f"o{n}@example.com", "fi", 50)
    coordinator = login(app, "kaisa@xamk.test")
    english = _text(coordinator.get(f"/koulutukset/kurssi/{webinar}?lang=en"))
    assert "Signed up 3 / 50" in english and "Seats 0 / 50" not in english
    assert "No enrolments yet" not in english and "people sign up themselves in the open training calendar" in english
    assert "Ilmoittautuneita 3 / 50" in _text(coordinator.get(f"/koulutukset/kurssi/{webinar}?lang=fi"))
