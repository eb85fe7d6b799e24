"""The funder's report on the demo project (300 companies, interviews, trainings, a follow-up): its
figures equal the dashboard's for the same period and a recount from the raw rows; the CSV reads
back in Finnish Excel with numbers as numbers, the XLSX has typed cells, the PDF is one page; bad
periods, access and the audit log; the dashboard counts both questionnaire versions."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app import create_app
from demo.generate import generate
from questionnaire.flow import score_row
from storage import connect
from storage import demo as demo_store
from tests.helpers import FROZEN_NOW, set_today
from tests.test_advisor import PASSWORD, login
from tests.test_exports_excel import finnish_excel_reads

HELSINKI = ZoneInfo("Europe/Helsinki")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
HOSTILE = "=HYPERLINK(\"http://x\")<b>Oy</b> \u202eAB"
BREAKDOWN = ["total", "micro", "small", "medium", "large", "unknown"]
PERIODS = [("2026-01-01", "2026-06-30"), ("2025-09-01", "2026-11-23"), ("2026-07-01", "2026-11-23")]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The demo project with v1 analyses of 12 more companies (before v2), a coordinator and an advisor."""
    path = tmp_path_factory.mktemp("funder") / "demo.db"
    app = create_app({"SECRET_KEY": "test-secret-key-not-for-production", "DATABASE": str(path),
                      "SESSION_COOKIE_SECURE": False, "TESTING": True, "FROZEN_NOW": FROZEN_NOW})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "ensure"]).exit_code == 0
    with app.app_context():
        v1 = app.extensions["surveys"].get("tp1", 1)
        method = app.extensions["surveys"].method(v1)
        items = generate(v1, count=12, seed=99, start=datetime(2025, 6, 1, 9, tzinfo=ZoneInfo("UTC")))
        items[0] = replace(items[0], submitted_at="2026-01-15T10:00:00+00:00", created_at="2026-01-15T09:40:00+00:00")
        items[0].answers.update({"personnel": "50+", "turnover": "under_100k"})
        items[1].answers.update({"personnel": "10-49", "turnover": "700k_2m"})
        db = connect(str(path))
        demo_store.load_responses(db, v1, items, lambda answers: score_row(v1, method, answers),
                                  app.extensions["projectdata"].assign)
        company = next(db.query("SELECT id FROM companies WHERE business_id = ?", [items[0].answers["business_id"]]))
        # the v1 company with 50 or more persons was interviewed: supported, its class unknown
        db.execute("INSERT INTO interviews (company_id, advisor_id, status, held_on, data, created_at, updated_at, "
                   "organisation) VALUES (?, 1, 'final', '2026-02-10', '{}', '2026-02-10', '2026-02-10', 'xamk')",
                   [company["id"]])
        db.execute("UPDATE companies SET name = ? WHERE id = ?", [HOSTILE, company["id"]])
    for email, role, org in [("kaisa@xamk.test", "coordinator", None), ("anna@miksei.test", "advisor", "miksei")]:
        args = ["users", "create", email, "--name", email.split("@")[0].title(), "--role", role, "--password",
                PASSWORD]
        assert runner.invoke(args=args + (["--organisation", org] if org else [])).exit_code == 0
    return app, connect(str(path)), items


@pytest.fixture(scope="module")
def coordinator(project):
    return login(project[0], "kaisa@xamk.test")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def dashboard_indicators(coordinator, start, end) -> dict:
    """The dashboard's EU indicator table as {code: {"period": [...], "cumulative": [...]}}."""
    html = coordinator.get(f"/koordinaattori/?start={start}&end={end}&lang=en").get_data(as_text=True)
    table = html[html.index('id="indicators-caption"'):html.index("</table>", html.index('id="indicators-caption"'))]
    found = {}
    for block in table.split("<tbody>")[1:]:
        code = re.search(r'<span class="code">(\w+)</span>', block).group(1)
        rows = re.findall(r"<tr>(.*?)</tr>", block, re.S)
        found[code] = {key: [int(n) for n in re.findall(r'<td class="number">(\d+)</td>', row)]
                       for key, row in zip(("period", "cumulative"), rows)}
    targets = re.search(r'id="targets-caption".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    done = {_text(name).strip(): value for name, value in
            re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', targets)}
    impact = re.search(r"Digital maturity index: ([\d.]+) → ([\d.]+),\s*mean change\s*<strong>([^<]+)</strong>",
                       html)
    return {"indicators": found, "targets": done, "impact": impact.groups() if impact else None}


def workbook(coordinator, start, end, contacts=False, lang="en"):
    query = f"start={start}&end={end}&lang={lang}" + ("&yhteystiedot=1" if contacts else "")
    response = coordinator.get(f"/koordinaattori/rahoittaja.xlsx?{query}")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.data))


@pytest.mark.parametrize("start, end", PERIODS)
def test_the_report_equals_the_dashboard_for_the_same_period(project, coordinator, start, end):
    dashboard = dashboard_indicators(coordinator, start, end)
    sheet = workbook(coordinator, start, end)["Indicators"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    for code in ("RCO01", "RCO04"):
        mine = [r for r in rows if r[0] == code]
        assert [r[2] for r in mine] == BREAKDOWN
        assert [r[3] for r in mine] == dashboard["indicators"][code]["period"]
        assert [r[4] for r in mine] == dashboard["indicators"][code]["cumulative"]
    page = coordinator.get(f"/koordinaattori/rahoittaja?start={start}&end={end}&lang=en").get_data(as_text=True)
    targets = re.search(r'id="targets-caption".*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    in_period = {_text(name).strip(): value for name, value in
                 re.findall(r'<th scope="row">(.*?)</th><td class="number">(.*?)</td>', targets)}
    assert in_period == dashboard["targets"] and len(in_period) == 5
    if dashboard["impact"]:
        before, after, change = dashboard["impact"]
        assert f"{before} → {after}, a change of {change} points" in _text(page)
    csv_rows = list(csv.reader(io.StringIO(coordinator.get(
        f"/koordinaattori/rahoittaja.csv?start={start}&end={end}").data.decode("utf-8-sig")), delimiter=";"))
    assert [int(r[2]) for r in csv_rows[1:7]] == dashboard["indicators"]["RCO01"]["period"]


def _recount(db, catalogue, start: str, end: str) -> tuple[set, set]:
    """RCO01 counted again from the raw rows, as docs/reporting.md states the rule: supported on the
    first day with (an analysis and a final interview) or a held workshop or path session, from
    the project start 2025-09-01; (first supported in the period, since the start to the end)."""
    kinds = {o.id: o.kind for o in catalogue.offers}
    first: dict[int, dict] = {}

    def note(company, key, day):
        if day >= "2025-09-01" and (key not in first.setdefault(company, {}) or day < first[company][key]):
            first[company][key] = day
    for row in db.query("SELECT company_id, submitted_at FROM responses WHERE kind = 'analysis' AND status = "
                        "'submitted' AND company_id IS NOT NULL AND coalesce(claim, 'confirmed') = 'confirmed'"):
        note(row["company_id"], "analysis",
             datetime.fromisoformat(row["submitted_at"]).astimezone(HELSINKI).date().isoformat())
    for row in db.query("SELECT company_id, held_on FROM interviews WHERE status = 'final' "
                        "AND held_on <= '2026-11-23'"):
        note(row["company_id"], "interview", row["held_on"])
    for row in db.query("SELECT e.company_id, t.offer_id, a.on_date FROM training_attendance a JOIN "
                        "training_enrolments e ON e.id = a.enrolment_id JOIN training_courses t ON t.id = e.course_id "
                        "WHERE a.status = 'present' AND a.on_date <= '2026-11-23'"):
        if kinds.get(row["offer_id"]) in ("workshop", "path"):
            note(row["company_id"], "session", row["on_date"])
    supported = {}
    for company, days in first.items():
        ways = [max(days["analysis"], days["interview"])] if {"analysis", "interview"} <= set(days) else []
        ways += [days["session"]] if "session" in days else []
        if ways:
            supported[company] = min(ways)
    return ({c for c, d in supported.items() if start <= d <= end}, {c for c, d in supported.items() if d <= end})


@pytest.mark.parametrize("start, end", PERIODS)
def test_the_companies_sheet_is_a_recount_from_the_raw_rows(project, coordinator, start, end):
    app, db, _items = project
    in_period, cumulative = _recount(db, app.extensions["trainings"], start, end)
    book = workbook(coordinator, start, end)
    companies = list(book["Companies"].iter_rows(values_only=True))
    header, body = companies[0], companies[1:]
    business = {row["business_id"]: row["id"] for row in db.query("SELECT id, business_id FROM companies")}
    listed = {business[row[0]] for row in body}
    counted = {business[row[0]] for row in body if row[header.index("Counted in the period")] == "yes"}
    assert listed == cumulative and counted == in_period
    indicators = list(book["Indicators"].iter_rows(min_row=2, values_only=True))
    assert (indicators[0][3], indicators[0][4]) == (len(in_period), len(cumulative))
    sizes = {name: sum(1 for row in body if row[header.index("EU size class")] == name)
             for name in ("micro", "small", "medium", "large", "unknown")}
    assert [indicators[n][4] for n in range(1, 6)] == list(sizes.values())
    assert len(in_period) > 10 and len(cumulative) >= len(in_period)


def test_a_v1_answer_that_cannot_be_classified_is_unknown(project, coordinator):
    app, db, items = project
    body = list(workbook(coordinator, "2026-01-01", "2026-06-30")["Companies"].iter_rows(values_only=True))
    header = body[0]
    row = next(r for r in body if r[0] == items[0].answers["business_id"])
    assert row[header.index("EU size class")] == "unknown"
    assert row[header.index("How the size class was derived")].startswith(
        "medium or large: the questionnaire's classes do not tell them apart; personnel 50 or more, turnover under "
        "€100,000 (questionnaire v1, analysis")
    assert row[header.index("Company")] == HOSTILE  # a string cell, never a formula
    assert row[header.index("First supported")] == datetime(2026, 2, 10)
    rules = dict(workbook(coordinator, "2026-01-01", "2026-06-30")["Rules"].iter_rows(min_row=2, values_only=True))
    assert "version 1: companies 1, version 2: companies " in rules["Questionnaire versions"]


def test_the_csv_reads_back_in_finnish_excel_with_numbers_as_numbers(coordinator):
    response = coordinator.get("/koordinaattori/rahoittaja.csv?start=2025-09-01&end=2026-11-23")
    assert response.mimetype == "text/csv" and response.data.startswith(b"\xef\xbb\xbf")
    assert 'filename="indikaattorit-2025-09-01-2026-11-23.csv"' in response.headers["Content-Disposition"]
    lines = response.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "indicator;breakdown;value"
    rows = [line.split(";") for line in lines[1:]]
    assert [(r[0], r[1]) for r in rows] == [(code, b) for code in ("RCO01", "RCO04") for b in BREAKDOWN]
    for code, breakdown, value in rows:
        assert finnish_excel_reads(code) == ("text", code)
        assert finnish_excel_reads(breakdown) == ("text", breakdown)
        assert finnish_excel_reads(value)[0] == "number", value
    values = [finnish_excel_reads(r[2])[1] for r in rows]
    assert values[0] == sum(values[1:6]) and values[0] > 100  # the classes add up to the total
    assert values[:6] == values[6:]  # all support is non-financial: RCO04 = RCO01


def test_the_xlsx_has_typed_cells_and_contacts_only_when_ticked(project, coordinator):
    app, db, _items = project
    book = workbook(coordinator, "2026-01-01", "2026-06-30", lang="fi")
    assert book.sheetnames == ["Indikaattorit", "Yritykset", "Säännöt"]
    indicators = book["Indikaattorit"]
    assert [c.value for c in indicators[1]] == ["Koodi", "Indikaattori", "Erittely", "Jakson arvo",
                                               "Arvo hankkeen alusta"]
    assert all(isinstance(indicators.cell(r, c).value, int) and indicators.cell(r, c).data_type == "n"
               for r in range(2, 14) for c in (4, 5))
    companies = book["Yritykset"]
    header = [c.value for c in companies[1]]
    assert "Sähköposti" not in header and companies.freeze_panes == "A2" and companies.auto_filter.ref
    row = [c for c in companies[2]]
    first = row[header.index("Tuettu ensi kerran")]
    assert isinstance(first.value, datetime) and first.is_date and first.number_format == "d.m.yyyy"
    assert row[header.index("Y-tunnus")].data_type == "s"
    assert isinstance(row[header.index("Koulutustunnit jaksolla")].value, (int, float))
    assert row[header.index("Laskettu jaksolle")].value == "kyllä"
    contacts = workbook(coordinator, "2026-01-01", "2026-06-30", contacts=True)["Companies"]
    assert [c.value for c in contacts[1]][-3:] == ["Contact person", "Email", "Phone"]
    actions = [r["action"] for r in db.query("SELECT action FROM audit_log ORDER BY id DESC LIMIT 2")]
    assert actions == ["funder_report_xlsx_with_contacts", "funder_report_xlsx"]


@pytest.mark.parametrize("lang, words", [("fi", ["Raportti rahoittajalle", "Raportointijakso 1.1.2026 – 30.6.2026",
                                                 "RCO01 jaksolla", "Hankkeen tavoitteet", "Laskentasäännöt",
                                                 "Indikaattori Yhteensä Mikro Pienet"]),
                                        ("en", ["Report to the funder", "Reporting period 1 Jan 2026 – 30 Jun 2026",
                                                "RCO01 in the period", "The project's targets", "Counting rules",
                                                "Indicator Total Micro Small"])])
def test_the_steering_groups_pdf_is_one_page(project, coordinator, lang, words):
    response = coordinator.get(f"/koordinaattori/rahoittaja.pdf?start=2026-01-01&end=2026-06-30&lang={lang}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    text = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    for word in words:
        assert word in text, word
    total = dashboard_indicators(coordinator, "2026-01-01", "2026-06-30")["indicators"]["RCO01"]["period"][0]
    assert f"{words[2]} {total} " in text  # the indicator's row: its total first
    # rendered to an image for review (test-artifacts/), as a person would look at it
    ARTIFACTS.mkdir(exist_ok=True)
    image = pdfium.PdfDocument(response.data)[0].render(scale=1.5).to_pil()
    image.save(ARTIFACTS / f"funder-report-{lang}.png")
    assert image.size[1] > image.size[0]  # A4 portrait


def test_the_page_in_both_languages_and_the_default_period(project, coordinator):
    app = project[0]
    page = _text(coordinator.get("/koordinaattori/rahoittaja?lang=fi").get_data(as_text=True))
    assert "Raportointijakso 1.1.2026 – 30.6.2026" in page and "Rahoittajaraportti" in page
    assert "Tuetut yritykset" in page and "Muuta kuin rahoitustukea saavat yritykset" in page
    english = _text(coordinator.get("/koordinaattori/rahoittaja?lang=en").get_data(as_text=True))
    assert "Reporting period 1 Jan 2026 – 30 Jun 2026" in english and "Enterprises supported" in english
    set_today(app, "2027-01-05")
    try:
        later = _text(coordinator.get("/koordinaattori/rahoittaja?lang=en").get_data(as_text=True))
        assert "Reporting period 1 Jul 2026 – 31 Dec 2026" in later
    finally:
        set_today(app, "2026-11-23")


@pytest.mark.parametrize("query, message", [
    ("start=2026-07-01&end=2026-06-30", "The reporting period ends before it starts: check the days."),
    ("start=2026-02-30&end=2026-06-30", "Give the days of the reporting period as dates"),
    ("start=&end=2026-06-30", "Give both the first and the last day of the reporting period."),
    ("start=%3Cb%3Ex%3C%2Fb%3E&end=2026-06-30", "Give the days of the reporting period as dates"),
])
def test_a_bad_period_is_a_clear_message_that_keeps_what_was_typed(coordinator, query, message):
    for path in ("/koordinaattori/rahoittaja", "/koordinaattori/rahoittaja.xlsx", "/koordinaattori/rahoittaja.pdf"):
        response = coordinator.get(f"{path}?{query}&lang=en")
        assert response.status_code == 400, path
        html = response.get_data(as_text=True)
        assert message in html and "<b>x</b>" not in html
    if "%3Cb" in query:  # shown literally in the field, to be corrected
        assert 'value="&lt;b&gt;x&lt;/b&gt;"' in coordinator.get(f"/koordinaattori/rahoittaja?{query}").get_data(
            as_text=True)


def test_a_finnish_date_is_understood(coordinator):
    page = _text(coordinator.get("/koordinaattori/rahoittaja?start=1.1.2026&end=30.6.2026&lang=en").get_data(
        as_text=True))
    assert "Reporting period 1 Jan 2026 – 30 Jun 2026" in page


def test_only_coordinators_get_the_report(project):
    app = project[0]
    advisor = login(app, "anna@miksei.test")
    anonymous = app.test_client()
    for path in ("/koordinaattori/rahoittaja", "/koordinaattori/rahoittaja.xlsx", "/koordinaattori/rahoittaja.csv",
                 "/koordinaattori/rahoittaja.pdf"):
        assert advisor.get(path).status_code == 403, path
        response = anonymous.get(path)
        assert response.status_code == 302 and "/kirjaudu" in response.location, path
    assert login(app, "kaisa@xamk.test").get("/koordinaattori/rahoittaja.json").status_code == 404


@pytest.mark.parametrize("args, line", [
    (["--from", "2026-07-01", "--to", "2026-06-30"], "Error: bad period: the period ends before it starts"),
    (["--from", "2026-13-01", "--to", "2026-06-30"], "Error: bad period: --from and --to must be dates"),
])
def test_the_command_line_refuses_a_bad_period_in_one_line(project, tmp_path, args, line):
    result = project[0].test_cli_runner().invoke(args=["report", "indicators", *args, "-o", str(tmp_path / "x")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()  # the database it used (every data command says it), then the error
    assert lines[0].startswith("Database: ") and lines[1].startswith(line) and len(lines) == 2
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "pdf"])
def test_the_command_line_writes_the_same_report(project, coordinator, tmp_path, fmt):
    app, db, _items = project
    output = tmp_path / f"report.{fmt}"
    result = app.test_cli_runner().invoke(args=["report", "indicators", "--from", "2026-01-01", "--to", "2026-06-30",
                                                "--format", fmt, "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert next(db.query("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"))["action"] == \
        f"cli_funder_report_{fmt}"
    total = dashboard_indicators(coordinator, "2026-01-01", "2026-06-30")["indicators"]["RCO01"]
    assert f"RCO01 {total['period'][0]} in 2026-01-01 – 2026-06-30, {total['cumulative'][0]} since" in result.output
    if fmt == "csv":
        assert output.read_bytes() == coordinator.get(
            "/koordinaattori/rahoittaja.csv?start=2026-01-01&end=2026-06-30").data
    if fmt == "xlsx":
        rows = list(load_workbook(output)["Indikaattorit"].iter_rows(min_row=2, max_row=7, values_only=True))
        assert [r[3] for r in rows] == total["period"]


def test_the_dashboard_counts_both_questionnaire_versions(project, coordinator):
    app, db, items = project
    analysed = db.execute("SELECT count(DISTINCT company_id) FROM responses WHERE kind = 'analysis' AND status = "
                          "'submitted' AND company_id IS NOT NULL").fetchone()[0]
    versions = dict(db.execute("SELECT survey_version, count(*) FROM responses WHERE kind = 'analysis' "
                               "AND status = 'submitted' GROUP BY survey_version").fetchall())
    assert versions[1] == 12 and versions[2] >= 300
    page = coordinator.get("/koordinaattori/?lang=fi").get_data(as_text=True)
    assert re.search(rf"Digiliiketoiminnan analyysit</th><td>{analysed}</td>", page)
    assert '<option value="50+">50 tai enemmän</option>' in page and '<option value="250+">250 tai enemmän</option>' \
        in page
    only = coordinator.get("/koordinaattori/?size=50%2B&lang=fi").get_data(as_text=True)
    assert re.search(r"Digiliiketoiminnan analyysit</th><td>1</td>", only)
    exported = coordinator.get("/koordinaattori/vienti.json").get_json()
    assert exported["survey"]["versions"] == [1, 2]
    assert {r["survey_version"] for r in exported["responses"]} == {1, 2}
