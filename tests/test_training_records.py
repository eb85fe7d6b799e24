"""The company's recorded trainings in its report: the data builder with literal values, and what
the user gets — the advisor's report (HTML visible text, PDF text) and the entrepreneur's own PDF
in Finnish and English, with hostile course names printed literally."""

import io
import re

import pypdfium2 as pdfium
import pytest

from tests.helpers import LATER, cancel, set_today

from reports.data.training_records import MAX_NAME, build_training_records, status_text
from reports.texts import TRAINING_RECORDS
from trainings.storage import courses as store
from trainings.storage import records as records
from tests.test_advisor import login
from tests.test_trainings import ws  # noqa: F401 (the fixture: demo companies, users, a fixed today)
from tests.test_visible_text import visible_text

HOSTILE = '<b>Äkäs & Co</b><img src=x> =1+1 \u202eRTL e\u0301'


class _Offer:
    def __init__(self, package, fi, en):
        self.package, self.name = package, {"fi": fi, "en": en}


class _Catalogue:
    offers = {"tp4-1": _Offer("TP4", "Verkkokauppapolku 1", "E-commerce path 1"),
              "tp2-1": _Offer("TP2", "Työpaja 1", "Workshop 1")}

    def offer(self, offer_id):
        return self.offers.get(offer_id)


def _history(**row):
    base = {"status": "enrolled", "course_name": "Polku", "offer_id": "tp4-1", "starts_on": "2027-01-10",
            "ends_on": "2027-01-31", "rank": None, "sessions": 0, "held": 0, "attended": 0, "hours": 0,
            "certificate": None, "issued_on": None}
    return {**base, **row}


ROWS = [
    _history(course_name="Polku kevät", sessions=6, held=4, attended=3, hours=7.5, certificate="ABCDE-23456"),
    _history(status="waiting", rank=2, course_name="Työpaja", offer_id="tp2-1", starts_on="2027-02-03",
             ends_on="2027-02-03", sessions=1),
    _history(status="applied", offer_id="gone", sessions=4),
    _history(status="cancelled", sessions=4, held=4),
    _history(status="cancelled", sessions=4, held=4, attended=1, hours=3),
    _history(status="declined"),
    _history(status="offered"),
    _history(status="lapsed"),
    _history(status="something_new", course_name=HOSTILE),
    _history(course_name="x" * 5000, sessions=2, held=2),
]


def test_the_data_builder_in_finnish():
    data = build_training_records(ROWS, [{"package": "TP2", "code": "TP2AA-BBBBB", "issued_on": "2028-06-30"}],
                                  _Catalogue(), "fi", "2027-01-25")
    assert data["as_of"] == "25.1.2027"
    assert data["certificates"] == [{"package": "TP2", "code": "TP2AA-BBBBB", "issued": "30.6.2028"}]
    assert data["rows"][0] == {"course": "Polku kevät", "package": "TP4", "offer": "Verkkokauppapolku 1",
                               "dates": "10.1.2027\u00a0– 31.1.2027", "status": "ilmoittautunut", "attended": "3 / 4",
                               "planned": "6 kertaa yhteensä", "hours": "7,5 h", "certificate": "ABCDE-23456"}
    assert data["rows"][1] == {"course": "Työpaja", "package": "TP2", "offer": "Työpaja 1", "dates": "3.2.2027",
                               "status": "jonossa sijalla 2", "attended": "–", "planned": None, "hours": "–",
                               "certificate": None}
    assert [(r["status"], r["attended"], r["hours"], r["package"], r["offer"]) for r in data["rows"][2:9]] == [
        ("hakenut, odottaa päätöstä", "–", "–", None, None),
        ("peruttu", "–", "–", "TP4", "Verkkokauppapolku 1"),
        ("peruttu", "1 / 4", "3 h", "TP4", "Verkkokauppapolku 1"),  # cancelled after attending once
        ("hakemusta ei hyväksytty", "–", "–", "TP4", "Verkkokauppapolku 1"),
        ("paikkaa tarjottu, odottaa vastausta", "–", "–", "TP4", "Verkkokauppapolku 1"),
        ("tarjottu paikka raukesi", "–", "–", "TP4", "Verkkokauppapolku 1"),
        ("muu tila", "–", "–", "TP4", "Verkkokauppapolku 1"),
    ]
    assert data["rows"][8]["course"] == '<b>Äkäs & Co</b><img src=x> =1+1 \u202eRTL é'  # NFC, kept literally
    huge = data["rows"][9]
    assert len(huge["course"]) == MAX_NAME and huge["course"].endswith("x…")
    assert (huge["attended"], huge["planned"], huge["hours"]) == ("0 / 2", None, "–")


def test_the_data_builder_in_english():
    data = build_training_records(ROWS[:2], [], _Catalogue(), "en", "2027-01-25")
    assert data == {"as_of": "25 Jan 2027", "certificates": [], "rows": [
        {"course": "Polku kevät", "package": "TP4", "offer": "E-commerce path 1",
         "dates": "10\u00a0Jan\u00a02027\u00a0– 31\u00a0Jan\u00a02027",
         "status": "enrolled", "attended": "3 / 4", "planned": "6 sessions in all", "hours": "7.5 h",
         "certificate": "ABCDE-23456"},
        {"course": "Työpaja", "package": "TP2", "offer": "Workshop 1", "dates": "3\u00a0Feb\u00a02027",
         "status": "on the waiting list, number 2", "attended": "–", "planned": None, "hours": "–",
         "certificate": None}]}


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("status, rank", [("waiting", None), ("offered", None), ("lapsed", None), ("?", 3), ("", None)])
def test_every_status_reads_as_words(lang, status, rank):
    text = status_text(status, rank, TRAINING_RECORDS[lang])
    assert text and text != status and "_" not in text


# --- what the user gets -----------------------------------------------------------------------

def pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _session(db, course_id, day, hours=3.0):
    return store.add_session(db, course_id, {"on_date": day, "start_time": "09:00", "end_time": "12:00",
                                             "hours": hours})


def _course(db, offer, name, start, end, seats=10):
    return store.create_course(db, {"offer_id": offer, "name": name, "organiser": "miksei", "seats": seats,
                                    "starts_on": start, "ends_on": end}, None)


def _trainings_of(db, company_id, other_company_id):
    """A path with 3 of 4 sessions held (2 attended), a full workshop (waiting list 1), an
    application, a finished path with a certificate, a cancellation, TP2's project-end certificate."""
    path = _course(db, "tp4-1", HOSTILE, "2027-01-10", "2027-01-31")
    sessions = [_session(db, path, day, hours) for day, hours in
                (("2027-01-10", 3), ("2027-01-17", 3), ("2027-01-24", 3.5), ("2027-01-31", 3))]
    enrolment = store.enrol(db, path, company_id, 250, "base")["id"]
    for session, mark in zip(sessions, ("present", "excused", "present")):
        records.set_attendance(db, session, {enrolment: mark}, None, LATER)
    workshop = _course(db, "tp2-1", "Perusteet – kevät", "2027-02-03", "2027-02-03", seats=1)
    store.enrol(db, workshop, other_company_id, 150, "base")
    store.enrol(db, workshop, company_id, 150, "base")
    store.enrol(db, _course(db, "tp5", "B2B-polku", "2027-03-01", "2027-04-01"), company_id, 250, "base",
                event="enrol_application")
    done = _course(db, "tp6-1", "Maatilat", "2026-11-01", "2026-11-08")
    enrolment = store.enrol(db, done, company_id, 250, "base")["id"]
    for day in ("2026-11-01", "2026-11-08"):
        records.set_attendance(db, _session(db, done, day, 2.5), {enrolment: "present"}, None, LATER)
    assert records.issue_course_certificates(db, done, "2026-11-09", lambda rows: rows,
                                             lambda: "ABCDE-23456") == ["ABCDE-23456"]
    cancelled = _course(db, "tp4-2", "Peruttu polku", "2027-05-01", "2027-05-20")
    cancel(db, store.enrol(db, cancelled, company_id, 250, "base")["id"], "2026-11-01")
    with db.conn:  # TP2's certificate at project end, as issued then
        db.execute("INSERT INTO training_certificates (code, company_id, package, issued_on) "
                   "VALUES ('TP2AA-BBBBB', ?, 'TP2', '2026-12-01')", [company_id])


EXPECTED = {
    "fi": ["Koulutukset ja osallistuminen", "Läsnä / pidetty", "TP4 · Verkkokauppapolku 1: Verkkokaupan aloittaminen",
           "10.1.2027 – 31.1.2027", "ilmoittautunut", "2 / 3", "4 kertaa yhteensä", "6,5 h", "jonossa sijalla 1",
           "hakenut, odottaa päätöstä", "peruttu", "2 / 2", "5 h", "ABCDE-23456", "3.2.2027",
           "Kirjatut ilmoittautumiset ja läsnäolot 25.1.2027 mennessä.",
           "Osallistumistodistus (TP2): tarkistuskoodi TP2AA-BBBBB, annettu 1.12.2026."],
    "en": ["Trainings and attendance", "Attended / held", "TP4 · E-commerce path 1: Starting a web shop",
           "10 Jan 2027 – 31 Jan 2027", "enrolled", "2 / 3", "4 sessions in all", "6.5 h",
           "on the waiting list, number 1",
           "applied, awaiting a decision", "cancelled", "2 / 2", "5 h", "ABCDE-23456", "3 Feb 2027",
           "Recorded enrolments and attendance up to 25 Jan 2027.",
           "Participation certificate (TP2): verification code TP2AA-BBBBB, issued on 1 Dec 2026."],
}
CODES = ["tp4-1", "tp2-1", "tp6-1", "None", "{"]  # and in Finnish the stored status words


@pytest.fixture
def company(app, ws, walker):  # noqa: F811 (ws is the imported fixture)
    db, orgs, runner = ws
    token = walker.start()
    walker.walk(token)
    company_id = store.company_by_business_id(db, "2077474-0")
    set_today(app, "2027-01-25")
    return db, orgs, token, company_id, login(app, "kaisa@xamk.test")  # the coordinator


def test_no_trainings_yet(app, company):
    db, orgs, token, company_id, coordinator = company
    page = visible_text(coordinator.get(f"/neuvoja/yritys/{company_id}/raportti?lang=en").get_data(as_text=True))
    assert "Trainings and attendance The company has not been enrolled in any training yet." in page
    text = pdf_text(coordinator.get(f"/neuvoja/yritys/{company_id}/raportti.pdf?lang=fi").data)
    assert "Koulutukset ja osallistuminen" in text and "Yritystä ei ole vielä ilmoitettu koulutuksiin." in text
    own = pdf_text(app.test_client().get(f"/a/{token}/raportti.pdf?lang=fi").data)
    assert "Koulutuksesi ja osallistumisesi" not in own  # the entrepreneur's copy leaves the section out


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_company_report_shows_the_trainings(app, company, lang):
    db, orgs, token, company_id, coordinator = company
    _trainings_of(db, company_id, orgs["shk"][0][0])
    html = coordinator.get(f"/neuvoja/yritys/{company_id}/raportti?lang={lang}").get_data(as_text=True)
    assert "&lt;b&gt;Äkäs &amp; Co&lt;/b&gt;&lt;img src=x&gt;" in html and "<b>Äkäs" not in html
    page = visible_text(html)
    section = page[page.index(EXPECTED[lang][0]):]
    for text in EXPECTED[lang] + ["<b>Äkäs & Co</b><img src=x> =1+1 \u202eRTL é"]:
        assert text in section, text
    pdf = pdf_text(coordinator.get(f"/neuvoja/yritys/{company_id}/raportti.pdf?lang={lang}").data)
    section = pdf[pdf.index(EXPECTED[lang][0]):]
    for text in EXPECTED[lang] + ["<b>Äkäs & Co</b><img src=x> =1+1", "é"]:
        assert squash(text) in squash(section), text
    for code in CODES + (["enrolled", "waiting", "applied", "cancelled"] if lang == "fi" else []):
        assert code not in section, code


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_entrepreneurs_own_pdf_shows_the_trainings_without_package_codes(app, company, lang):
    db, orgs, token, company_id, coordinator = company
    _trainings_of(db, company_id, orgs["shk"][0][0])
    pdf = pdf_text(app.test_client().get(f"/a/{token}/raportti.pdf?lang={lang}").data)
    title = {"fi": "Koulutuksesi ja osallistumisesi", "en": "Your trainings and attendance"}[lang]
    section = pdf[pdf.index(title):]
    offer = {"fi": "Verkkokauppapolku 1: Verkkokaupan aloittaminen", "en": "E-commerce path 1: Starting a web shop"}
    for text in [offer[lang], "2 / 3", "ABCDE-23456", "TP2AA-BBBBB", "<b>Äkäs & Co</b><img src=x> =1+1"]:
        assert squash(text) in squash(section), text
    assert "TP2" not in pdf.replace("TP2AA", "") and "TP4" not in pdf  # no work-package codes in the own copy


def test_a_huge_course_name_is_shortened_and_fits(app, company):
    db, orgs, token, company_id, coordinator = company
    course = _course(db, "tp5", "Mäntyharju " + "pitkä" * 2000, "2027-01-10", "2027-01-20")
    store.enrol(db, course, company_id, 250, "base")
    response = coordinator.get(f"/neuvoja/yritys/{company_id}/raportti.pdf?lang=fi")
    assert response.status_code == 200
    assert squash("Mäntyharju " + "pitkä" * 40) in squash(pdf_text(response.data))
