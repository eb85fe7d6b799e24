"""The per-company advisory report: data (JSON snapshot) and PDF (text read back with pypdf)."""

import io
import json
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from questionnaire.results_service import company_results
from web.context import of_app
from reports.data.company import build_company_data
from reports.pdf.company import render_company_pdf
from reports.pdf.kit import FAMILY, para, register_fonts
from reports.texts import LABELS
from scoring import metric_names
from storage import scores as score_store
from storage.db import connect
from storage.responses import get_by_token, latest_submitted
from tests.prepared import demo_load

SNAPSHOT = Path(__file__).parent / "snapshots" / "company_report_fi.json"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
HOSTILE = ['<b>Äkäslompolo & Co</b>', '<img src="/etc/passwd"/>', '<font color="red">punainen</font>', "a < b", "</i>"]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def body_text(pdf: bytes) -> str:
    """The text without the running header and footer (so that text across a page break joins)."""
    lines = pdf_text(pdf).splitlines()
    return "\n".join(line for line in lines
                     if not line.startswith("DigiFocus · Digianalyysi")
                     and not re.match(r"^(sivu|page) \d+ / \d+$", line))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_labels_complete_in_both_languages():
    assert set(LABELS["fi"]) == set(LABELS["en"])
    assert all(LABELS[lang][key] for lang in LABELS for key in LABELS[lang])


def test_fonts_registered_once():
    from reportlab.pdfbase import pdfmetrics

    assert register_fonts() == register_fonts() == FAMILY
    names = pdfmetrics.getRegisteredFontNames()
    assert {FAMILY, f"{FAMILY}-Bold", f"{FAMILY}-Oblique", f"{FAMILY}-BoldOblique"} <= set(names)


@pytest.mark.parametrize("text, markup", [
    ("<b>Äkäslompolo & Co</b>", "&lt;b&gt;Äkäslompolo &amp; Co&lt;/b&gt;"),
    ('<img src="/etc/passwd"/>', '&lt;img src="/etc/passwd"/&gt;'),
    ("a < b", "a &lt; b"),
    ("</i>", "&lt;/i&gt;"),
    ("rivi 1\nrivi 2\r\nrivi 3", "rivi 1<br/>rivi 2<br/>rivi 3"),
    ("Ma\u0308ntyharju", "Mäntyharju"),
    (None, ""),
])
def test_para_escapes(text, markup):
    assert para(text) == markup


def _submitted(walker, lang="fi", overrides=None):
    token = walker.start(lang)
    walker.walk(token, overrides=overrides)
    return token


def _data(app, token, lang):
    db = connect(app.config["DATABASE"])
    response = get_by_token(db, token)
    with app.app_context():  # a service: no request
        return company_results(of_app(app, lang), app.extensions["surveys"].current("tp1"), response)


@pytest.mark.parametrize("lang, words", [
    ("fi", ["Digiliiketoiminnan neuvontaraportti", "Y-tunnus", "Kehittyvä", "Sinulle sopivat koulutukset",
            "Verkkokauppapolku 1: Verkkokaupan aloittaminen", "250 €", "Kehityssuunnitelma",
            "Sovittu digiyritysneuvojan kanssa", "Seuraava taso: Edistynyt (alkaen 60)", "sivu 1 /"]),
    ("en", ["Digital business advisory report", "Business ID", "Developing", "Trainings that suit you",
            "E-commerce path 1: Starting a web shop", "250 €", "Development plan",
            "Agreed with your digital advisor", "Next level: Advanced (from 60)", "page 1 /"]),
])
def test_pdf_text_in_the_right_language(app, walker, survey, lang, words):
    data = _data(app, _submitted(walker, lang), lang)
    text = pdf_text(render_company_pdf(data))
    for word in words + ["Mäntyharjun Testi Oy", "2077474-0", "50 / 100"]:
        assert word in text, word
    # the entrepreneur's copy: no work-package codes and no blank interview form before the interview
    assert "TP2" not in text and "TP4" not in text
    for field in LABELS[lang]["interview_fields"]:
        assert field not in text, field
    for area in survey.areas:
        assert squash(area.name.get(lang)) in squash(text), area.id


def test_hostile_strings_come_out_literally(app, walker, survey):
    url = "https://www.example.fi/" + "x" * 280
    token = _submitted(walker, overrides={"company_name": HOSTILE[0], "biggest_challenge": "\n".join(HOSTILE),
                                          "goals_12m": url})
    data = _data(app, token, "fi")
    pdf = render_company_pdf(data)
    text = body_text(pdf)
    for hostile in HOSTILE:
        assert squash(hostile) in squash(text), hostile
    assert squash(url) in squash(text)  # the long address wraps instead of running off the page
    # no image was fetched: the cover holds exactly the configured logos
    images = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"].get("/XObject") or {}
    assert len(images) == len(data["branding"])
    data["branding"] = []
    assert "/XObject" not in str(PdfReader(io.BytesIO(render_company_pdf(data))).pages[0].get("/Resources"))


def test_long_open_answers_paginate(app, walker):
    long_text = ("Tämä on pitkä avovastaus, jossa on paljon sanoja ja ääkkösiä. " * 31)[:2000]
    token = _submitted(walker,
                       overrides={"biggest_challenge": long_text, "goals_12m": long_text, "help_wanted": long_text})
    pdf = render_company_pdf(_data(app, token, "fi"))
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert total >= 5
    for number, page in enumerate(reader.pages, start=1):
        assert f"sivu {number} / {total}" in page.extract_text()
    assert squash(long_text) in squash(body_text(pdf))


def _demo_company(app):
    result = demo_load(app, "--companies", "30", "--drafts", "0")
    assert result.exit_code == 0, result.output
    db = connect(app.config["DATABASE"])
    business_id, response = latest_submitted(db)[0]
    return db, business_id, response


def test_report_data_snapshot(app, survey):
    db, business_id, response = _demo_company(app)
    method = app.extensions["surveys"].method(survey)
    peers = score_store.peer_table(db, app.config["DATABASE"], survey.id, survey.version, metric_names(survey))
    data = build_company_data(survey, method, response.answers, response.company_id, peers, "fi",
                              submitted_at=response.submitted_at, today=datetime(2026, 11, 22))
    dumped = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    assert json.loads(dumped) == data  # plain data, nothing lost in JSON
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":  # after an intended change: rewrite, then read the diff
        SNAPSHOT.write_text(dumped, encoding="utf-8")
    assert dumped == SNAPSHOT.read_text(encoding="utf-8")


def test_page_one_rendered_to_png(app, survey):
    """The first two pages rendered to PNG (pypdfium2, no system tools) for review in test-artifacts/."""
    db, business_id, response = _demo_company(app)
    with app.app_context():
        data = company_results(of_app(app, "fi"), survey, response)
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = pdfium.PdfDocument(render_company_pdf(data))
    assert len(pdf) >= 2
    for number in range(2):
        image = pdf[number].render(scale=80 / 72).to_pil()
        path = ARTIFACTS / f"company-report-fi-{number + 1}.png"
        image.save(path)
        assert image.width > 600 and path.stat().st_size > 10_000
        assert image.convert("L").getextrema()[0] < 100  # something dark is printed on the page


def test_entrepreneur_downloads_own_report(app, client, walker):
    token = _submitted(walker, "en")
    response = client.get(f"/a/{token}/raportti.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="digianalyysi-2077474-0-en.pdf"' in response.headers["Content-Disposition"]
    assert "Digital business advisory report" in pdf_text(response.data)
    finnish = client.get(f"/a/{token}/raportti.pdf?lang=fi")
    assert "Digiliiketoiminnan neuvontaraportti" in pdf_text(finnish.data)
    assert client.get(f"/a/{token}/raportti.pdf?lang=sv").status_code == 404
    assert f"/a/{token}/raportti.pdf" in client.get(f"/a/{token}/tulokset").get_data(as_text=True)


def test_no_report_for_a_draft_or_a_bad_token(client, walker):
    token = walker.start()
    assert client.get(f"/a/{token}/raportti.pdf").status_code == 302
    assert client.get("/a/doesnotexistdoesnotexistdoesnotexist12/raportti.pdf").status_code == 404


def test_cli_report_company_and_all(app, tmp_path):
    db, business_id, response = _demo_company(app)
    runner = app.test_cli_runner()
    out = tmp_path / "one.pdf"
    result = runner.invoke(args=["report", "company", business_id.replace("-", ""), "--lang", "en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Digital business advisory report" in pdf_text(out.read_bytes())
    bad = runner.invoke(args=["report", "company", "1234567-2"])
    assert bad.exit_code != 0 and "not a valid business ID" in bad.output
    unknown = runner.invoke(args=["report", "company", "2077474-0"])
    assert unknown.exit_code != 0 and "no submitted analysis" in unknown.output
    archive = tmp_path / "all.zip"
    result = runner.invoke(args=["report", "all", "-o", str(archive), "--workers", "2"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        assert len(names) == 30 and f"digianalyysi-{business_id}-fi.pdf" in names
        assert zipped.read(names[0])[:5] == b"%PDF-"
