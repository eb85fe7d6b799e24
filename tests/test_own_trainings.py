"""Bug: a company was recommended the trainings it had already done (the follow-up PDF of
"Sulkavan Kukka" recommended "Verkkokauppapolku 1" above a table showing it attended 5/5 with a
certificate). The rule (trainings.rules.own_trainings) as a table, then what the user gets: the results
page, the entrepreneur's PDF, the follow-up PDF, the advisor's report and enrolment form."""

import io
import re

import pytest
from pypdf import PdfReader

from scoring import Recommendation
from trainings.rules.own_trainings import own_offers, without_own_trainings
from trainings.rules.own_trainings import is_own
from tests.helpers import LATER, cancel, set_today
from tests.test_advisor import login
from tests.test_followup_flow import answer_followup, open_round
from tests.test_trainings import ws  # noqa: F401 (the fixture: demo companies, users, a fixed today)
from tests.test_visible_text import visible_text
from trainings.storage import courses as store
from trainings.storage import records

# --- the rule ---------------------------------------------------------------------------------


def _row(status, offer="tp4-1", **extra):
    return {"offer_id": offer, "status": status, **extra}


@pytest.mark.parametrize("record, own, left_out", [
    (_row("enrolled"), True, True),
    (_row("applied"), True, True),
    (_row("waiting"), True, True),
    (_row("offered"), True, True),
    (_row("enrolled", attended=5, certificate="ABCDE-23456"), True, True),  # completed
    (_row("cancelled"), False, False),
    (_row("declined"), False, False),
    (_row("lapsed"), False, False),
    (_row("cancelled", attended=1), True, True),  # attended before cancelling (company_history's column)
    (_row("cancelled", present=2), True, True),  # the same from courses.for_company's column
    (_row("cancelled", attended=0, present=0, certificate=None), False, False),
    (_row("cancelled", certificate="ABCDE-23456"), True, True),
    (_row("enrolled", offer="tp2-1"), True, False),  # another offer's enrolment
    (_row("enrolled", offer=None), True, False),  # a course of an offer no longer in the catalogue
])
def test_the_rule(record, own, left_out):
    recs = (Recommendation("tp4-1", "TP4", 250, False, (), ("webshop-start",)),
            Recommendation("tp6-1", "TP6", 250, False, (), ("farm-tourism",)))
    kept = without_own_trainings(recs, [record])
    assert [r.offer_id for r in kept] == (["tp6-1"] if left_out else ["tp4-1", "tp6-1"])
    assert is_own(record) is own
    assert own_offers([record]) == ({record["offer_id"]} if own and record["offer_id"] else set())


def test_the_rule_keeps_the_order_and_takes_ids_and_mappings():
    records_ = [_row("enrolled", offer="b"), _row("cancelled", offer="c")]
    assert without_own_trainings(["a", "b", "c", "b"], records_) == ("a", "c")
    assert without_own_trainings([{"offer": "b"}, {"offer": "a"}], records_) == ({"offer": "a"},)
    assert without_own_trainings(["a", "b"], []) == ("a", "b")


# --- what the user gets -----------------------------------------------------------------------

PATHS = {"target_groups": ["webshop_planned", "farm_tourism"]}  # recommends tp4-1 and tp6-1
DONE = {"fi": "Verkkokauppapolku 1", "en": "E-commerce path 1"}
STILL = {"fi": "Monialaiset maatilat, polku 1", "en": "Multi-sector farms, path 1"}
NOTE = {"fi": "Koulutuksia, joihin yrityksesi jo osallistuu tai jotka se on käynyt, ei suositella uudelleen",
        "en": "Trainings your company already takes part in or has completed are not recommended again"}
ADVISOR_NOTE = {"fi": "Yrityksen omia koulutuksia – joihin se osallistuu tai jotka se on käynyt – ei suositella "
                      "uudelleen: Verkkokauppapolku 1",
                "en": "The company's own trainings – those it takes part in or has completed – are not recommended "
                      "again: E-commerce path 1"}


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def _between(text: str, start: str, end: str) -> str:
    """From ``start`` to the last ``end`` (the notes name the records' heading before it)."""
    begin = text.index(start)
    return text[begin:text.rindex(end)]


def attend_webshop_path(db, company_id):
    """The company attended "Verkkokauppapolku 1" 5/5 and got its certificate."""
    course = store.create_course(db, {"offer_id": "tp4-1", "name": "Verkkokauppapolku 1 – syksy",
                                      "organiser": "miksei", "seats": 10, "starts_on": "2026-10-01",
                                      "ends_on": "2026-10-29"}, None)
    enrolment = store.enrol(db, course, company_id, 250, "base")["id"]
    for day in ("2026-10-01", "2026-10-08", "2026-10-15", "2026-10-22", "2026-10-29"):
        session = store.add_session(db, course, {"on_date": day, "start_time": "09:00", "end_time": "12:00",
                                                 "hours": 3.0})
        records.set_attendance(db, session, {enrolment: "present"}, None, LATER)
    assert records.issue_course_certificates(db, course, "2026-10-30", lambda rows: rows,
                                             lambda: "ABCDE-23456") == ["ABCDE-23456"]


@pytest.fixture
def company(app, ws, walker):  # noqa: F811 (ws is the imported fixture)
    db, orgs, runner = ws
    token = walker.start()
    walker.walk(token, overrides=PATHS)
    company_id = store.company_by_business_id(db, "2077474-0")
    set_today(app, "2027-01-25")
    return db, token, company_id


def _recommended_on_results_page(client, token, lang):
    html = client.get(f"/a/{token}/tulokset?lang={lang}").get_data(as_text=True)
    section = html[html.index('id="trainings-heading"'):]
    return re.findall(r'data-offer="([^"]+)"', section), visible_text(html)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_results_page_and_own_pdf_leave_out_an_attended_path(app, company, lang):
    db, token, company_id = company
    client = app.test_client()
    offers, _ = _recommended_on_results_page(client, token, lang)
    assert offers == ["tp4-1", "tp6-1"]  # before: both paths recommended
    own = pdf_text(client.get(f"/a/{token}/raportti.pdf?lang={lang}").data)
    assert NOTE[lang] not in own
    attend_webshop_path(db, company_id)
    offers, page = _recommended_on_results_page(client, token, lang)
    assert offers == ["tp6-1"]
    suit = {"fi": "Sinulle sopivat koulutukset", "en": "Trainings that suit you"}[lang]
    section = page[page.index(suit):]
    assert NOTE[lang] in section and f"({DONE[lang]}: " in section and STILL[lang] in section
    yours = {"fi": "Koulutuksesi", "en": "Your trainings"}[lang]
    assert "Verkkokauppapolku 1 – syksy" in page[page.index(yours):page.index(suit)]  # listed as its own
    pdf = pdf_text(client.get(f"/a/{token}/raportti.pdf?lang={lang}").data)
    records_title = {"fi": "Koulutuksesi ja osallistumisesi", "en": "Your trainings and attendance"}[lang]
    trainings_title = {"fi": "Sinulle sopivat koulutukset", "en": "Trainings that suit you"}[lang]
    recommended = _between(pdf, trainings_title, records_title)
    assert STILL[lang] in recommended and NOTE[lang] in recommended
    assert recommended.count(DONE[lang]) == 1  # only in the note, never as a recommendation
    assert DONE[lang] in pdf[pdf.index(records_title):] and "ABCDE-23456" in pdf


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_advisors_report_leaves_out_an_attended_path(app, company, lang):
    db, token, company_id = company
    attend_webshop_path(db, company_id)
    coordinator = login(app, "kaisa@xamk.test")
    page = visible_text(coordinator.get(f"/neuvoja/yritys/{company_id}/raportti?lang={lang}").get_data(as_text=True))
    heading = {"fi": "Suositellut koulutukset", "en": "Recommended trainings"}[lang]
    records_title = {"fi": "Koulutukset ja osallistuminen", "en": "Trainings and attendance"}[lang]
    section = _between(page, heading, records_title)
    assert ADVISOR_NOTE[lang] in section and STILL[lang] in section and section.count(DONE[lang]) == 1
    pdf = pdf_text(coordinator.get(f"/neuvoja/yritys/{company_id}/raportti.pdf?lang={lang}").data)
    pdf_heading = {"fi": "Suositellut koulutukset ja valmennuspolut", "en": "Recommended trainings and paths"}[lang]
    key_point = pdf.index(pdf_heading)  # the summary's key points on page 1 name the recommendations first
    assert STILL[lang] in pdf[key_point:key_point + 200] and DONE[lang] not in pdf[:key_point + 200]
    section = _between(pdf[key_point + 1:], pdf_heading, records_title)
    assert " ".join(ADVISOR_NOTE[lang].split()) in section and STILL[lang] in section
    assert section.count(DONE[lang]) == 1


def test_a_cancelled_enrolment_never_attended_is_recommended_again(app, company):
    db, token, company_id = company
    course = store.create_course(db, {"offer_id": "tp4-1", "name": "Verkkokauppapolku 1 – kevät",
                                      "organiser": "miksei", "seats": 10, "starts_on": "2027-03-01",
                                      "ends_on": "2027-03-29"}, None)
    enrolment = store.enrol(db, course, company_id, 250, "base")["id"]
    assert _recommended_on_results_page(app.test_client(), token, "en")[0] == ["tp6-1"]  # enrolled
    cancel(db, enrolment, "2027-01-20")
    offers, page = _recommended_on_results_page(app.test_client(), token, "en")
    assert offers == ["tp4-1", "tp6-1"] and NOTE["en"] not in page


def test_the_advisors_enrolment_form_does_not_call_an_attended_offer_recommended(app, company):
    db, token, company_id = company
    for offer, start in (("tp4-1", "2027-03-01"), ("tp6-1", "2027-03-02")):
        store.create_course(db, {"offer_id": offer, "name": f"Kurssi {offer}", "organiser": "miksei",
                                 "seats": 10, "starts_on": start, "ends_on": start}, None)
    coordinator = login(app, "kaisa@xamk.test")

    def recommended_group():
        html = coordinator.get(f"/neuvoja/yritys/{company_id}?lang=en").get_data(as_text=True)
        found = re.search(r'<optgroup label="Recommended by the company(?:\'|&#39;)s analysis">(.*?)</optgroup>',
                          html, re.S)
        return found.group(1) if found else ""

    assert "Kurssi tp4-1" in recommended_group() and "Kurssi tp6-1" in recommended_group()
    attend_webshop_path(db, company_id)
    assert "Kurssi tp4-1" not in recommended_group() and "Kurssi tp6-1" in recommended_group()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_follow_up_pdf_leaves_out_an_attended_path(app, client, walker, lang):
    followup = app.extensions["surveys"].current("tp1_followup")
    token = walker.start()
    walker.walk(token, overrides=PATHS)
    from storage import connect
    db = connect(app.config["DATABASE"])
    company_id = store.company_by_business_id(db, "2077474-0")
    attend_webshop_path(db, company_id)
    _, _, links = open_round(app, followup)
    link = links["2077474-0"]
    answer_followup(client, followup, link)
    pdf = pdf_text(client.get(f"/a/{link}/raportti.pdf?lang={lang}").data)
    records_title = {"fi": "Koulutuksesi ja osallistumisesi", "en": "Your trainings and attendance"}[lang]
    trainings_title = {"fi": "Sinulle sopivat koulutukset", "en": "Trainings that suit you"}[lang]
    recommended = _between(pdf, trainings_title, records_title)
    assert STILL[lang] in recommended and NOTE[lang] in recommended and recommended.count(DONE[lang]) == 1
    summary = pdf[:pdf.index(trainings_title)]
    assert DONE[lang] not in summary  # p. 1's key points do not recommend it either
