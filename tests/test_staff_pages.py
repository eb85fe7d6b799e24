"""Lists, pages and formats for staff (issue 24, items 9-17): the company list's pages, the
follow-up round and its mail merge following the contact consent, self-reported trainings marked,
the advisor-rating difference, chart labels equal to their tables, Finnish dates and local times
in the exports, the audit log in words, no internal names, the waiting analysis in full."""

import csv
import html
import io
import json
import re

import pytest
from pypdf import PdfReader

from advisor.report import rating_row
from reports.pdf.charts import area_levels
from storage.db import connect
from tests.test_advisor import login, submit_under, workspace  # noqa: F401  (fixture)
from tests.test_followup_flow import analyse, open_round
from web.charts import _rounded


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


# --- 9. the company list's pages -------------------------------------------------------------

def test_the_company_list_is_paged_keeping_its_filters_and_sort(app, workspace, monkeypatch):
    db, companies = workspace
    monkeypatch.setattr("advisor.views.PAGE_SIZE", 15)
    coordinator = login(app, "kaisa@xamk.test")
    first = coordinator.get("/neuvoja/?jarjestys=name&tila=analysed&lang=en")
    total = int(re.search(r"Companies 1–15 of (\d+)", _text(first)).group(1))
    assert total > 15
    page = first.get_data(as_text=True)
    following = re.search(r'<a rel="next" href="([^"]+)"', page).group(1)
    assert "sivu=2" in following and "jarjestys=name" in following and "tila=analysed" in following
    assert '<link rel="next"' in page and 'rel="prev"' not in page
    second = coordinator.get(html.unescape(following) + "&lang=en")
    assert "Companies 16–" in _text(second) and 'rel="prev"' in second.get_data(as_text=True)
    names = re.findall(r'<th scope="row"><a href="/neuvoja/yritys/\d+">([^<]+)</a>', page)
    assert names == sorted(names, key=str.casefold)  # by name, as chosen
    assert coordinator.get("/neuvoja/?sivu=999").status_code == 200  # past the end: the last page
    assert coordinator.get("/neuvoja/?sivu=abc").status_code == 400


# --- 10. the follow-up round follows the contact consent ----------------------------------------

@pytest.fixture
def coordinator(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role", "coordinator",
                               "--password", "oikein-hyva-salasana"]).exit_code == 0
    return login(app, "kaisa@xamk.test")


def test_the_round_and_its_mail_merge_leave_out_who_refused_contact(app, walker, coordinator):
    followup = app.extensions["surveys"].current("tp1_followup")
    analyse(app, walker)
    token = walker.start()
    walker.walk(token, overrides={"business_id": "0737546-2", "company_name": "Kielto Oy",
                                  "contact_email": "kielto@example.com", "consent_contact": ""})
    round_id, _made, _links = open_round(app, followup)
    page = coordinator.get(f"/koordinaattori/seuranta/{round_id}?lang=en")
    text = _text(page)
    assert "kielto@example.com" not in page.get_data(as_text=True) and "no consent to be contacted" in text
    assert "tiina@example.com" in text  # the one who agreed
    assert "1 company did not agree to be contacted: it is left out of the mail merge" in text
    assert "MAIL_SERVER" not in text and "Email is not in use" in text
    for query in ("", "?vastaamattomat=1"):
        merge = coordinator.get(f"/koordinaattori/seuranta/{round_id}/linkit.csv{query}").get_data(as_text=True)
        assert "kielto@example.com" not in merge and "Kielto Oy" not in merge and "tiina@example.com" in merge


# --- 11, 12. the follow-up's own report and the advisor's ratings ------------------------------

def test_self_reported_trainings_are_marked_as_the_company_s_own_report(app, walker, coordinator):
    from reports.texts import FOLLOWUP
    from tests.test_followup_flow import answer_followup

    assert "(oma ilmoitus" in FOLLOWUP["fi"]["attended"] and "(own report" in FOLLOWUP["en"]["attended"]
    followup = app.extensions["surveys"].current("tp1_followup")
    analyse(app, walker)
    round_id, _made, links = open_round(app, followup)
    answer_followup(app.test_client(), followup, links["2077474-0"])
    company = connect(app.config["DATABASE"]).execute("SELECT id FROM companies").fetchone()[0]
    page = _text(coordinator.get(f"/neuvoja/yritys/{company}?lang=en"))
    assert "Trainings taken part in (own report in the follow-up):" in page


@pytest.mark.parametrize("own, given, self_text, gap, big", [
    (37.5, 25, "38", "\u221213", False), (38.4, 25, "38", "\u221213", False), (12.5, 50, "12", "+38", True),
    (50, 50, "50", "0", False), (None, 75, "–", "–", False), (74.6, 100, "75", "+25", True),
])
def test_the_rating_difference_is_that_of_the_printed_figures(own, given, self_text, gap, big):
    row = rating_row("Verkkosivut", own, given, "fi")
    assert (row["self"], row["gap"], row["big"]) == (self_text, gap, big)
    if own is not None:  # what the table shows adds up
        assert int(row["advisor"]) - int(row["self"]) == int(gap.replace("\u2212", "-").replace("+", ""))


# --- 13. charts equal to their tables ---------------------------------------------------------

def test_chart_labels_are_the_table_s_rounding():
    values = [44.55, 45.46, 44.5, 45.5, None, 99.96]
    assert _rounded(values) == (round(44.55), round(45.46), round(44.5), round(45.5), None, 100)
    assert [str(v) for v in _rounded(values) if v is not None] == ["45", "45", "44", "46", "100"]


def test_the_area_chart_writes_its_values_beside_the_plot_never_under_a_marker():
    from reportlab.graphics.shapes import Polygon, String

    from reports.pdf.kit import register_fonts

    register_fonts()
    rows = [{"name": "Verkkosivut", "level": 44.6, "peer_mean": 47.0}, {"name": "Some", "level": None,
                                                                         "peer_mean": 50.0}]
    drawing = area_levels(rows, 400, "Taso", "Keskiarvo")
    values = [s for s in drawing.contents if isinstance(s, String) and s.text in ("45", "–")]
    markers = [p for p in drawing.contents if isinstance(p, Polygon)]
    assert {v.text for v in values} == {"45", "–"}
    right_edge = max(x for p in markers for x in p.points[0::2])
    assert all(v.x >= 395 and v.textAnchor == "end" for v in values) and right_edge < 380


# --- 14. exports --------------------------------------------------------------------------------

def test_exports_have_local_times_text_codes_and_their_own_names(app, workspace):
    db, companies = workspace
    coordinator = login(app, "kaisa@xamk.test")
    semicolon = coordinator.get("/koordinaattori/vienti.csv")
    comma = coordinator.get("/koordinaattori/vienti.csv?erotin=,")
    names = {r.headers["Content-Disposition"] for r in (semicolon, comma)}
    assert len(names) == 2 and any("-excel.csv" in n for n in names) and any("-pilkku.csv" in n for n in names)
    rows = list(csv.DictReader(io.StringIO(semicolon.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    stored = {r["id"]: r["submitted_at"] for r in db.query("SELECT id, submitted_at FROM responses")}
    clock = app.extensions["clock"]
    for row in rows:
        local = clock.local(stored[int(row["response_id"])])
        assert row["submitted_at"] == f"{local.day}.{local.month}.{local.year} {local.hour}:{local.minute:02d}"
        code = row["municipality"]  # a municipality code is text in every row ("other" is a word)
        assert code == "other" or (code.startswith("'") and code[1:].isdigit() and len(code) == 4)
    plain = list(csv.DictReader(io.StringIO(comma.get_data(as_text=True).lstrip("\ufeff"))))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", plain[0]["submitted_at"])
    assert all(r["municipality"] == "other" or len(r["municipality"]) == 3 for r in plain)  # "046" kept
    data = json.loads(coordinator.get("/koordinaattori/vienti.json").data)
    first = data["responses"][0]
    assert isinstance(first["municipality"], str) and isinstance(first["website_state"], str)


# --- 15. the audit log ------------------------------------------------------------------------

def test_the_audit_log_says_what_happened_in_words_with_names_and_finnish_time(app, workspace):
    db, companies = workspace
    own = companies["miksei"]
    anna, coordinator = login(app, "anna@miksei.test"), login(app, "kaisa@xamk.test")
    anna.get(f"/neuvoja/yritys/{own}")
    name = db.execute("SELECT name FROM companies WHERE id = ?", [own]).fetchone()[0]
    log = coordinator.get("/neuvoja/loki?lang=en")
    text, page = _text(log), log.get_data(as_text=True)
    assert "Opened the company page" in text and "company_opened" not in text and "Logged in" in text
    assert f'<a href="/neuvoja/yritys/{own}">' in page and html.escape(name) in page
    assert "23 Nov 2026" in text or "Nov 23, 2026" in text or "23.11.2026" in text
    assert re.search(r"\b12[.:]00\b", text) and "T10:00" not in text  # Finnish time, not the stored UTC
    anna_id = db.execute("SELECT id FROM users WHERE email = 'anna@miksei.test'").fetchone()[0]
    mine = _text(coordinator.get(f"/neuvoja/loki?kuka={anna_id}&mita=companies&lang=en"))
    assert "Opened the company page" in mine and "Logged in" not in mine
    assert "No events match." in _text(coordinator.get("/neuvoja/loki?from=2030-01-01&lang=en"))
    assert "Opened the company page" in _text(coordinator.get("/neuvoja/loki?from=2026-11-23&to=2026-11-23&lang=en"))
    finnish = _text(coordinator.get("/neuvoja/loki?lang=fi"))
    assert "Avasi yrityksen sivun" in finnish and "Kirjautui sisään" in finnish
    assert coordinator.get("/neuvoja/loki?kuka=x&mita=nope&from=bad").status_code == 200
    assert anna.get("/neuvoja/loki").status_code == 403


# --- 16. no internal names ------------------------------------------------------------------------

def test_no_internal_names_on_the_dashboard_or_in_the_publication_report(app, workspace):
    coordinator = login(app, "kaisa@xamk.test")
    assert "docs/scoring.md" not in coordinator.get("/koordinaattori/").get_data(as_text=True)
    pdf = coordinator.get("/koordinaattori/raportti.pdf?julkaisu=1&lang=en")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "docs/" not in text and ".md" not in text


def test_the_ratings_heading_is_on_the_page_of_its_table(app, workspace):
    from tests.test_advisor import save_interview

    db, companies = workspace
    own = companies["miksei"]
    coordinator = login(app, "kaisa@xamk.test")
    assert save_interview(coordinator, own).status_code == 302
    pdf = PdfReader(io.BytesIO(coordinator.get(f"/neuvoja/yritys/{own}/raportti.pdf?lang=en").data))
    pages = [p.extract_text() for p in pdf.pages]
    heading = next(n for n, page in enumerate(pages) if "The advisor's rating of the areas" in page)
    assert "Self-assessment" in pages[heading] and "Advisor's rating" in pages[heading]
    assert "Self-assessm\n" not in "".join(pages)


# --- 17. the waiting analysis in full --------------------------------------------------------------

def test_the_waiting_analysis_opens_in_full_for_those_who_may_decide(app, workspace, walker):
    db, companies = workspace
    own = companies["miksei"]
    _token, response_id = submit_under(walker, db, own)
    actors = {"anonymous": app.test_client(), "other_org_advisor": login(app, "sami@shk.test"),
              "advisor": login(app, "anna@miksei.test"), "coordinator": login(app, "kaisa@xamk.test")}
    want = {"anonymous": 302, "other_org_advisor": 404, "advisor": 200, "coordinator": 200}
    for actor, client in actors.items():
        assert client.get(f"/neuvoja/vastaus/{response_id}").status_code == want[actor], actor
    page = actors["advisor"].get(f"/neuvoja/vastaus/{response_id}?lang=en")
    text, raw = _text(page), page.get_data(as_text=True)
    assert "Analysis waiting for confirmation" in text and "Answers of the analysis" in text
    assert "Digital maturity" in text and "Recommended trainings" in text  # the report's results
    assert "&lt;b&gt;Valtaaja&lt;/b&gt;" in raw and "<b>Valtaaja</b>" not in raw  # hostile input literal
    assert "valtaaja@example.com" in text  # every answer, the contact as given
    company_page = actors["advisor"].get(f"/neuvoja/yritys/{own}").get_data(as_text=True)
    assert f"/neuvoja/vastaus/{response_id}" in company_page
    assert actors["advisor"].get("/neuvoja/vastaus/999999").status_code == 404
    # looking links nothing
    assert db.execute("SELECT company_id, claim FROM responses WHERE id = ?", [response_id]).fetchone() \
        == (None, "pending")
