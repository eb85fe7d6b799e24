"""Coordinator: dashboard numbers against an independent computation, exports, publication mode."""

import csv
import io
import json
import statistics

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from scoring import score
from scoring.aggregate import suppress
from storage.db import connect
from tests.prepared import prepared
from tests.test_advisor import PASSWORD, login
from web.context import of_app

HOSTILE = ["=HYPERLINK(\"http://x\",\"click\")", "+SUM(1,2)", "-2+3", "@cmd", "\tTAB", "\rCR"]


@pytest.fixture
def coordinator(app):
    def build(app):
        runner = app.test_cli_runner()
        assert runner.invoke(args=["demo", "load", "--companies", "120", "--drafts", "0"]).exit_code == 0
        for email, role, org in [("kaisa@xamk.test", "coordinator", None), ("anna@miksei.test", "advisor", "miksei")]:
            args = ["users", "create", email, "--name", email.split("@")[0], "--role", role, "--password", PASSWORD]
            assert runner.invoke(args=args + (["--organisation", org] if org else [])).exit_code == 0

    prepared(app, "coordinator's 120 companies", build)
    return login(app, "kaisa@xamk.test")


def independent(app, survey, predicate):
    """Latest answers per company computed with plain Python."""
    db = connect(app.config["DATABASE"])
    method = app.extensions["surveys"].method(survey)
    latest = {}
    for row in sorted(db.query("SELECT r.company_id, r.answers, r.submitted_at, r.id, "
                               "coalesce(c.organisation_override, c.organisation) AS org FROM responses r "
                               "JOIN companies c ON c.id = r.company_id "
                               "WHERE r.status = 'submitted' AND r.kind = 'analysis'"),
                      key=lambda r: (r["submitted_at"], r["id"])):
        latest[row["company_id"]] = (json.loads(row["answers"]), row["submitted_at"][:10], row["org"])
    chosen = {c: v for c, v in latest.items() if predicate(*v)}
    return {c: score(survey, method, answers) for c, (answers, _, _) in chosen.items()}


@pytest.mark.parametrize("query, predicate", [
    ("", lambda a, d, o: True),
    ("municipality=491", lambda a, d, o: a["municipality"] == "491"),
    ("industry=C&size=1", lambda a, d, o: a["industry"] == "C" and a["personnel"] == "1"),
    ("start=2026-01-01&end=2026-06-30", lambda a, d, o: "2026-01-01" <= d <= "2026-06-30"),
    ("organisation=shk", lambda a, d, o: o == "shk"),
    ("target_group=none", lambda a, d, o: not a.get("target_groups")),
])
def test_filters_against_an_independent_computation(app, survey, coordinator, query, predicate):
    from coordinator.service import aggregate_data, read_filters
    from werkzeug.datastructures import MultiDict

    expected = independent(app, survey, predicate)
    with app.app_context():  # a service: no request
        data = aggregate_data(of_app(app, "en"), read_filters(MultiDict([p.split("=") for p in query.split("&") if p])),
                              False)
    assert data["companies"] == len(expected)
    if expected:
        assert float(data["index_text"].replace(",", "")) == pytest.approx(
            statistics.fmean(r.index for r in expected.values()), abs=0.5)
        for area in data["areas"]:
            levels = [r.area(area["id"]).level for r in expected.values() if r.area(area["id"]).level is not None]
            assert area["level"] == pytest.approx(statistics.fmean(levels)) if levels else area["level"] is None
        bands = {b["id"]: b["count"] for b in data["bands"]}
        method = app.extensions["surveys"].method(survey)
        for band in method.bands:
            assert bands[band.id] == sum(1 for r in expected.values() if r.band_id == band.id)
    html = coordinator.get(f"/koordinaattori/?{query}").get_data(as_text=True)
    assert f"{len(expected)} compan" in html or f"{len(expected)} yritys" in html


def _hostile_company(walker):
    token = walker.start()
    walker.walk(token, overrides={"company_name": HOSTILE[0], "biggest_challenge": HOSTILE[1], "goals_12m": HOSTILE[2],
                                  "help_wanted": HOSTILE[3], "contact_role": "\tTAB", "business_id": "0737546-2"})


def test_csv_export(app, coordinator, walker):
    _hostile_company(walker)
    response = coordinator.get("/koordinaattori/vienti.csv?yhteystiedot=1")
    assert response.data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(body) == 121 and "contact_email" in header and "level_website" in header
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    mine = next(r for r in body if r[header.index("business_id")] == "0737546-2")
    assert mine[header.index("company_name")] == "'" + HOSTILE[0]
    assert mine[header.index("biggest_challenge")] == "'" + HOSTILE[1]
    comma = coordinator.get("/koordinaattori/vienti.csv?erotin=,").data.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(comma)))
    assert "contact_email" not in header and "company_name" not in header and "industry" in header


def test_xlsx_export_has_no_formulas_and_a_codebook(app, coordinator, walker):
    _hostile_company(walker)
    response = coordinator.get("/koordinaattori/vienti.xlsx?yhteystiedot=1&municipality=507")
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook["responses"]
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    for row in rows[1:]:
        for cell in row:
            assert cell.data_type != "f", cell.value
    mine = next(r for r in rows[1:] if r[header.index("business_id")].value == "0737546-2")
    assert mine[header.index("company_name")].value == HOSTILE[0]  # a string cell: no apostrophe needed
    assert all(r[header.index("municipality")].value == "507" for r in rows[1:])
    codebook = [[c.value for c in r] for r in workbook["codebook"].iter_rows()]
    assert ["tp1", 2, "website_state", "single", "website"] == codebook[next(
        n for n, r in enumerate(codebook) if r[2] == "website_state")][:5]
    assert any(r[2] == "level_website" for r in codebook)


def test_json_export_and_audit(app, coordinator):
    data = json.loads(coordinator.get("/koordinaattori/vienti.json?municipality=491").data)
    assert data["survey"] == {"id": "tp1", "version": 2, "versions": [1, 2]}
    assert all(r["municipality"] == "491" for r in data["responses"]) and "contact_email" not in data["columns"]
    coordinator.get("/koordinaattori/vienti.csv?yhteystiedot=1")
    actions = [r["action"] for r in connect(app.config["DATABASE"]).query("SELECT action FROM audit_log")]
    assert "export_json" in actions and "export_csv_with_contacts" in actions


@pytest.mark.parametrize("cells, hidden", [
    ([10, 3, 20], [True, True, False]),  # one small cell -> the next smallest is hidden too
    ([10, 3, 2, 20], [False, True, True, False]),
    ([10, 7, 20], [False, False, False]),
    ([0, 3, 8], [False, True, True]),
    ([4], [True]),
])
def test_suppression(cells, hidden):
    assert suppress(cells, 5) == hidden


def test_publication_pdf_hides_small_groups(app, coordinator):
    response = coordinator.get("/koordinaattori/raportti.pdf?julkaisu=1&lang=fi")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Julkaisuversio" in text and "< 5" in text
    # no company name or open answer in a publication
    db = connect(app.config["DATABASE"])
    for row in db.query("SELECT name FROM companies LIMIT 30"):
        assert row["name"] not in text
    assert "Avovastaukset" not in text
    internal = coordinator.get("/koordinaattori/raportti.pdf?lang=en")
    assert "Internal version" in "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(internal.data)).pages)


def test_no_suppressed_number_can_be_recovered(app, survey, coordinator):
    from coordinator.service import aggregate_data

    with app.app_context():
        data = aggregate_data(of_app(app, "fi"), {"industry": "C"}, True)
    total = data["companies"]
    assert total >= 5
    for breakdown in data["breakdowns"]:
        rows = breakdown["rows"]
        hidden = [r for r in rows if r["hidden"]]
        assert len(hidden) != 1, breakdown["id"]  # one hidden cell = total minus the others
        assert all(r["count_text"] == ("< 5" if r["count"] < 5 else "–") for r in hidden)
        assert all(r["count"] >= 5 or r["count"] == 0 or r["hidden"] for r in rows)
        if hidden:  # what can be recovered is the sum of several hidden cells, never one of them
            assert total - sum(r["count"] for r in rows if not r["hidden"]) == sum(r["count"] for r in hidden)
    bands = data["bands"]
    assert sum(1 for b in bands if b["hidden"]) != 1


def test_whole_selection_under_five_shows_nothing(app, coordinator):
    from coordinator.service import aggregate_data

    with app.app_context():
        data = aggregate_data(of_app(app, "en"), {"municipality": "046", "industry": "B"}, True)
    assert data["companies"] < 5 and data["index"] is None
    assert all(b["count_text"] == "< 5" or b["count"] == 0 for b in data["bands"])


def test_advisors_cannot_open_coordinator_pages(app, coordinator):
    advisor = login(app, "anna@miksei.test")
    anonymous = app.test_client()
    for path in ("/koordinaattori/", "/koordinaattori/vienti.csv", "/koordinaattori/vienti.xlsx",
                 "/koordinaattori/vienti.json", "/koordinaattori/raportti.pdf"):
        assert advisor.get(path).status_code == 403, path
        assert anonymous.get(path).status_code == 302, path
        assert coordinator.get(path).status_code == 200, path


def test_cli_export_and_aggregate(app, coordinator, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "x.xlsx"
    result = runner.invoke(args=["export", "--format", "xlsx", "--municipality", "491", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out)["responses"].max_row > 1
    pdf = tmp_path / "p.pdf"
    result = runner.invoke(args=["report", "aggregate", "--publication", "--lang", "en", "-o", str(pdf)])
    from storage.db import connect

    agreed = connect(app.config["DATABASE"]).execute(  # only the companies that agreed to publication
        "SELECT count(*) FROM scores s JOIN responses r ON r.id = s.response_id WHERE s.is_latest = 1 "
        "AND json_extract(r.answers, '$.consent_publication')").fetchone()[0]
    assert 0 < agreed < 120
    assert result.exit_code == 0 and f"publication report of {agreed} companies" in result.output
    assert "Publication version" in PdfReader(str(pdf)).pages[0].extract_text()
