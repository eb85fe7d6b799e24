"""Measured impact: a hand-checked paired example, shown in the dashboard and the aggregate PDF;
rounds, links, reminders list and the per-company export."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from storage import connect, followups
from storage.followups import link_token
from tests.helpers import Walker
from tests.prepared import prepared
from tests.test_advisor import PASSWORD, csrf, login

# Website level T0 -> T1 of five companies (two ladder items, 0-4 each; other areas stay at 50):
#   25 -> 50, 50 -> 62.5, 50 -> 50, 25 -> 75, 0 -> 25: changes 25, 12.5, 0, 50, 25.
# Mean change 22.5; s = sqrt(1375 / 4) = 18.54; t(0.975, 4) = 2.7764; half-width
# 2.7764 * 18.54 / sqrt(5) = 23.02: interval -0.52 ... 45.52; 4 of 5 (80 %) rose.
# The index is the mean of 12 equal areas, so its changes are these / 12: mean 1.875 -> "+1,9".
COMPANIES = [
    ("1234560-4", "Alfa Oy", ("1", "1"), ("2", "2")),
    ("1234561-2", "Beta Oy", ("2", "2"), ("2", "3")),
    ("1234562-0", "Gamma Oy", ("2", "2"), ("2", "2")),
    ("1234563-9", "Delta Oy", ("1", "1"), ("3", "3")),
    ("1234564-7", "Epsilon Oy", ("0", "0"), ("1", "1")),
]


@pytest.fixture
def followup(app):
    return app.extensions["surveys"].current("tp1_followup")


@pytest.fixture
def answered(app, followup):
    """Five analysed companies, a round, and every company's follow-up answered through the UI
    (built once per test session, tests.prepared)."""
    def build(app):
        walker = Walker(app.test_client(), app.extensions["surveys"].current("tp1"))
        for business_id, name, (s0, m0), _ in COMPANIES:
            walker.walk(walker.start(), overrides={"business_id": business_id, "company_name": name,
                                                   "website_state": s0, "website_mobile": m0})
        runner = app.test_cli_runner()
        assert runner.invoke(args=["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role", "coordinator",
                                   "--password", PASSWORD]).exit_code == 0
        coordinator = login(app, "kaisa@xamk.test")
        response = coordinator.post("/koordinaattori/seuranta/", data={
            "csrf_token": csrf(coordinator, "/koordinaattori/seuranta/"), "name": "Syksy 2026",
            "survey": f"{followup.id}:{followup.version}", "opens_on": "2026-11-01", "closes_on": "2026-12-15"})
        assert response.status_code == 302
        round_id = int(response.location.rstrip("/").split("/")[-1])
        db = connect(app.config["DATABASE"])
        links = {r["business_id"]: link_token(app.config["SECRET_KEY"], r["nonce"])
                 for r in followups.invitations(db, round_id)}
        db.close()
        for business_id, _, _, (s1, m1) in COMPANIES:
            entrepreneur = app.test_client()
            entrepreneur.get(f"/seuranta/{links[business_id]}")
            Walker(entrepreneur, followup).walk(links[business_id], overrides={
                "website_state": s1, "website_mobile": m1, "satisfaction": "4"})
        return round_id, links

    round_id, links = prepared(app, "five companies with answered follow-ups", build)
    return login(app, "kaisa@xamk.test"), round_id, links


def test_hand_checked_change_in_the_dashboard(answered):
    coordinator, round_id, _ = answered
    html = coordinator.get("/koordinaattori/").get_data(as_text=True)
    row = re.search(r"<th scope=\"row\">Verkkosivut ja myyntisivu</th><td>5</td><td>30,0</td><td>52,5</td>\s*"
                    r"<td>\+22,5</td><td>−0,5 … \+45,5</td><td>80 %</td>", html)
    assert row, html[html.find("impact-heading"):][:3000]
    assert re.search(r"Digitaalisen kypsyyden indeksi</th><td>5</td><td>48,3</td><td>50,2</td>\s*<td>\+1,9</td>", html)
    assert "5 yritystä vastasi seurantaan" in html
    # Unchanged areas: mean change 0, no interval width (all changes equal), nobody rose.
    assert re.search(r"Mittaaminen ja analytiikka</th><td>5</td><td>50,0</td><td>50,0</td>\s*<td>0,0</td><td>0,0 … "
                     r"0,0</td><td>0 %</td>", html)


def test_hand_checked_change_in_the_aggregate_pdf(answered):
    coordinator, round_id, _ = answered
    for publication in ("0", "1"):
        pdf = coordinator.get(f"/koordinaattori/raportti.pdf?lang=fi&julkaisu={publication}&kierros={round_id}")
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
        text = re.sub(r"\s+", " ", text)
        assert "Kehitys ensimmäisestä analyysistä seurantaan (T0 → T1)" in text
        assert "Verkkosivut ja myyntisivu 5 30,0 52,5 +22,5 −0,5 … +45,5 80 %" in text, text
        assert "Seurantaan vastasi 5 yritystä (5 kutsuttu)." in text


def test_publication_mode_hides_small_groups_with_secondary_suppression(app, survey, followup):
    from reports.data.impact import build_impact_data
    from scoring.impact import ChangeTable, impact

    def record(before, after, size, training):
        return {"index_before": before, "index_after": after, "levels_before": {}, "levels_after": {},
                "groups": {"size": size, "training": training}}

    records = [record(40, 50, "1", "attended")] * 3 + [record(40, 45, "2-4", "neither")] * 7
    areas = tuple(a.id for a in followup.areas)
    result = impact(ChangeTable.from_records(areas, records, ("training", "size")))
    project = app.extensions["projectdata"]
    shown = build_impact_data(survey, followup, project, result, "fi", False, 5, [], None, {})
    public = build_impact_data(survey, followup, project, result, "fi", True, 5, [], None, {})
    size = {r["code"]: r for r in next(b for b in shown["breakdowns"] if b["id"] == "size")["rows"]}
    assert size["1"]["n_text"] == "3" and size["1"]["change_text"] == "+10,0"
    size = {r["code"]: r for r in next(b for b in public["breakdowns"] if b["id"] == "size")["rows"]}
    # The group of 3 is hidden, and so is the group of 7 ("–", not "< 5"): else 3 = 10 - 7 could be recovered.
    assert [size["1"]["n_text"], size["2-4"]["n_text"]] == ["< 5", "–"]
    assert size["1"]["change_text"] == size["2-4"]["change_text"] == "–"
    assert public["index"]["change_text"] == "+6,5"  # ten companies in all: shown
    few = build_impact_data(survey, followup, project, impact(ChangeTable.from_records(areas, records[:4], ())), "fi",
                            True, 5, [], None, {})
    assert few["hidden_all"] and few["index"]["change_text"] == "–"


def test_per_company_export_and_links(answered, app):
    coordinator, round_id, links = answered
    body = coordinator.get(f"/koordinaattori/seuranta/{round_id}/tulokset.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert len(rows) == 5
    alfa = next(r for r in rows if r["business_id"] == "1234560-4")
    # the ";" CSV is for Finnish Excel: numbers with a decimal comma, whole ones without decimals
    assert (alfa["website_t0"], alfa["website_t1"], alfa["website_change"]) == ("25", "50", "25")
    assert alfa["satisfaction"] == "4"
    book = load_workbook(io.BytesIO(coordinator.get(f"/koordinaattori/seuranta/{round_id}/tulokset.xlsx").data))
    sheet = book["followup"]
    assert sheet.max_row == 6 and sheet.cell(1, 7).value == "index_t0"
    page = coordinator.get(f"/koordinaattori/seuranta/{round_id}").get_data(as_text=True)
    assert all(link in page for link in links.values())
    assert page.count("<td>Vastattu</td>") == 5
    reminders = coordinator.get(f"/koordinaattori/seuranta/{round_id}/linkit.csv?vastaamattomat=1"
                                ).data.decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(reminders), delimiter=";"))) == 0
    everything = coordinator.get(f"/koordinaattori/seuranta/{round_id}/linkit.csv").data.decode("utf-8-sig")
    assert all(link in everything for link in links.values())
