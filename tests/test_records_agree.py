"""On the same demo database, the dashboard, the aggregate PDF, the funder summary and the
invoicing basis agree: they read the same counts, so a funder comparing them finds no
contradiction."""

from __future__ import annotations

import csv
import io
import re

import pytest
from pypdf import PdfReader

from trainings.rules.invoicing import billing
from trainings.storage import records as records
from storage.db import connect
from tests.helpers import set_today
from tests.test_records import STAGE_ROW
from tests.test_advisor import PASSWORD, login


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from app import create_app
    from tests.helpers import FROZEN_NOW

    app = create_app({"SECRET_KEY": "agree", "DATABASE": str(tmp_path_factory.mktemp("agree") / "d.db"),
                      "TESTING": True, "SESSION_COOKIE_SECURE": False, "FROZEN_NOW": FROZEN_NOW})
    runner = app.test_cli_runner()
    for args in (["demo", "ensure"], ["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role", "coordinator",
                                      "--password", PASSWORD]):  # the demo `make run` loads
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    set_today(app, FROZEN_NOW[:10])
    return app, login(app, "kaisa@xamk.test")


def _csv(client, path):
    return list(csv.reader(io.StringIO(client.get(path).get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))


def _dashboard(client, query=""):
    html = client.get(f"/koordinaattori/?lang=en{query}").get_data(as_text=True)
    targets = dict(re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td><td>\d+</td>', html))
    funnel = dict(re.findall(STAGE_ROW, html))
    extra = dict(re.findall(r"(Certificates issued in the period|Webinar attendees in the period): (\d+)", html))
    return {**targets, **funnel, **extra}


def _pdf_figures(client, query=""):
    pdf = client.get(f"/koordinaattori/raportti.pdf?lang=en{query}")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    names = ("Digital business analyses", "Advisory interviews", "Companies that attended a TP2 training",
             "Companies in TP3–TP6 paths", "TP2 training sessions held", "Referred or signed up", "Holds a seat",
             "Attended", "Certified")
    found = {name: re.search(rf"^{re.escape(name)}[ \n](\d+)$", text, re.M) for name in names}
    extra = dict(re.findall(r"(Certificates issued in the period|Webinar attendees in the period): (\d+)", text))
    return {name: m.group(1) for name, m in found.items() if m} | extra


@pytest.mark.parametrize("query", ["", "&organisation=miksei", "&start=2026-06-01&end=2026-11-30"])
def test_the_dashboard_and_the_aggregate_pdf_show_the_same_figures(demo, query):
    _app, coordinator = demo
    page, pdf = _dashboard(coordinator, query), _pdf_figures(coordinator, query)
    pairs = [("Digital business analyses", "Digital business analyses"), ("Advisory interviews", "Advisory interviews"),
             ("Companies that attended a TP2 training", "Companies that attended a TP2 training"),
             ("Companies in TP3–TP6 paths", "Companies in TP3–TP6 paths"),
             ("TP2 training sessions held", "TP2 training sessions held"),
             ("Referred or signed up", "Referred or signed up"),  # the same stage names on the page and in the PDF
             ("Holds a seat", "Holds a seat"), ("Attended", "Attended"), ("Certified", "Certified"),
             ("Certificates issued in the period", "Certificates issued in the period"),
             ("Webinar attendees in the period", "Webinar attendees in the period")]
    assert [(a, page[a]) for a, _b in pairs] == [(a, pdf[b]) for a, b in pairs]
    stages = [int(page[s]) for s in ("Referred or signed up", "Holds a seat", "Attended", "Certified")]
    assert stages == sorted(stages, reverse=True) and stages[-1] > 0


def test_the_funder_summary_adds_up_to_the_dashboard(demo):
    app, coordinator = demo
    page = _dashboard(coordinator)
    summary = _csv(coordinator, "/koulutukset/rahoittaja.csv?lang=en")
    header, rows = summary[0], summary[1:]
    column = {name: n for n, name in enumerate(header)}
    number = lambda value: int(value or 0)  # noqa: E731
    certificates = sum(number(r[column["Certificates"]]) for r in rows)
    assert certificates == int(page["Certificates issued in the period"]) > 0
    workshops = {o.name.get("en") for o in app.extensions["trainings"].offers if o.kind == "workshop"}
    tp2 = [r for r in rows if r[0] in workshops and r[column["Sessions"]]]
    assert sum(number(r[column["Sessions"]]) for r in tp2) == int(page["TP2 training sessions held"])
    webinar = sum(number(r[column["Webinar attendees"]]) for r in rows)
    assert webinar == int(page["Webinar attendees in the period"]) > 0
    db = connect(app.config["DATABASE"])
    for row in rows:  # per offer, the companies present equal a recount from the attendance rows
        if not row[column["Courses"]]:
            continue
        offers = _offers_named(app, row[0])
        present = db.execute(
            "SELECT count(DISTINCT e.company_id) FROM training_attendance a JOIN training_enrolments e "
            "ON e.id = a.enrolment_id JOIN training_courses t ON t.id = e.course_id JOIN training_sessions s "
            f"ON s.id = a.session_id WHERE a.status = 'present' AND s.on_date <= ? AND t.offer_id IN "
            f"({', '.join('?' * len(offers))})", [app.extensions["clock"].today_iso(), *offers]).fetchone()[0]
        assert number(row[column["Companies that took part"]]) == present, row[0]


def _offers_named(app, name: str) -> list[str]:
    return [o.id for o in app.extensions["trainings"].offers if o.name.get("en") == name] or ["-"]


def test_the_invoicing_basis_lists_every_seat_once_with_the_billing_rule(demo):
    app, coordinator = demo
    db = connect(app.config["DATABASE"])
    catalogue = app.extensions["trainings"]
    all_rows = records.billing_rows(db, [o.id for o in catalogue.offers])
    states = billing(all_rows, catalogue.free_cancel_days, catalogue.basis_key)
    shown = {}
    for org in ("xamk", "miksei", "proagria", "shk"):
        for row in _csv(coordinator, f"/koulutukset/laskutus.csv?org={org}&lang=en")[1:]:
            assert int(row[-1]) not in shown  # each row on one organisation's basis, once
            shown[int(row[-1])] = row[0]
    words = {"to_invoice": "to invoice", "invoiced": "invoiced", "no_fee": "no fee",
             "included": "included in a fee already charged"}
    assert shown == {row_id: words[state] for row_id, state in states.items()}
    seated = {r[0] for r in db.execute("SELECT id FROM training_enrolments WHERE status = 'enrolled'")}
    assert seated <= set(shown)  # every seat is on a basis
