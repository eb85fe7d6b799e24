"""What the PDF reports look like to their readers: no internal figures, wrapped labels, headings
kept with what follows, changes computed from the printed (rounded) numbers, cover logos as data."""

import io
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from projectdata.branding import BrandingError, cover_logos, load_branding
from reports.pdf.company import render_company_pdf
from reports.data.followup import build_comparison_data
from reports.pdf.charts import wrap_label
from tests.prepared import prepared
from tests.test_company_report import _data, _submitted, body_text, pdf_text, squash

ROOT = Path(__file__).resolve().parents[1]


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_company_report_shows_no_internal_figures(app, walker, lang):
    data = _data(app, _submitted(walker), lang)
    text = pdf_text(render_company_pdf(data))
    assert not re.search(r"(prioriteetti|priority) \d", text)
    for internal in ("tp1 v2", "(tp1", " v2)"):
        assert internal not in text
    assert ("versio 2" if lang == "fi" else "version 2") in text
    for header in ("Muita yrityksiäRyhmän", "Other companiesGroup"):
        assert header not in text.replace("\n", "")
    word = "Osaaminen" if lang == "fi" else "Competence"
    assert re.search(rf"\b{word}\b", text) and f"{word[:-1]}\n{word[-1]}" not in text  # never split mid-word


def test_long_area_names_wrap_in_the_chart():
    name = "Liidit, sähköpostimarkkinointi ja asiakkuudet (CRM)"
    lines = wrap_label(name, 0.42 * 170 * 72 / 25.4 - 4)
    assert " ".join(lines) == name and all("…" not in line for line in lines)


def test_company_report_chart_prints_whole_area_names(app, walker):
    data = _data(app, _submitted(walker), "fi")
    text = squash(body_text(render_company_pdf(data)))
    assert "…" not in text
    for area in data["areas"]:
        assert squash(area["name"]) in text


def test_headings_are_never_last_on_a_page(app, walker):
    data = _data(app, _submitted(walker), "fi")
    headings = {"Vahvuudet", "Kehityskohteet", "Suositellut koulutukset ja valmennuspolut",
                "Vertailu samankaltaisiin yrityksiin", "Yrittäjän avovastaukset", "Avovastauksesi",
                "Neuvontahaastattelu", "Menetelmä"}
    for page in _pages(render_company_pdf(data)):
        lines = [line for line in page.splitlines() if line.strip() and not line.startswith(("sivu ", "DigiFocus"))]
        assert lines[-1].strip() not in headings, lines[-3:]


def _comparison(app, before: dict, after: dict, index=(12.4, 24.6)):
    catalog = app.extensions["surveys"]
    followup = catalog.current("tp1_followup")
    row = {"levels_before": before, "levels_after": after, "index_before": index[0], "index_after": index[1],
           "round_name": "Syksy", "analysed_at": "2026-01-10T10:00:00+00:00",
           "submitted_at": "2026-09-10T10:00:00+00:00",
           "outcome": {}}
    return build_comparison_data(followup, catalog.method(followup), row, "fi")


@pytest.mark.parametrize("before, after, printed", [
    (12.4, 24.6, ("12", "25", "+13")),  # 12.2 would print "+12" beside 12 and 25
    (50.5, 50.4, ("50", "50", "0")),
    (33.3, 16.7, ("33", "17", "\u221216")),
])
def test_change_is_computed_from_the_printed_numbers(app, before, after, printed):
    data = _comparison(app, {"website": before}, {"website": after}, (before, after))
    area = next(a for a in data["areas"] if a["id"] == "website")
    assert (area["before_text"], area["after_text"], area["change_text"]) == printed
    assert (data["index_before_text"], data["index_after_text"], data["index_change_text"]) == printed


def test_branding_loads_and_leaves_out_missing_files(tmp_path):
    (tmp_path / "logo.png").write_bytes((ROOT / "projectdata/branding/digifocus.png").read_bytes())
    (tmp_path / "branding.toml").write_text(
        '[[logos]]\nid = "project"\nfile = "logo.png"\nalt = { fi = "Hanke", en = "Project" }\n\n'
        '[[logos]]\nid = "funder"\nfile = "missing.png"\nheight_mm = 10\nalt = "Rahoittaja"\n', encoding="utf-8")
    logos = load_branding(tmp_path / "branding.toml")
    assert [logo.id for logo in logos] == ["project", "funder"]
    assert [(item["id"], item["alt"]) for item in cover_logos(logos, "en")] == [("project", "Project")]
    assert load_branding(tmp_path / "absent.toml") == ()


@pytest.mark.parametrize("body, message", [
    ('[[logos]]\nfile = "a.png"\nalt = "x"\n', "logo 1: 'id'"),
    ('[[logos]]\nid = "a"\nfile = "a.gif"\nalt = "x"\n', "PNG or JPEG"),
    ('[[logos]]\nid = "a"\nfile = "a.png"\nalt = { fi = "x" }\n', "'alt'"),
    ('[[logos]]\nid = "a"\nfile = "a.png"\nalt = "x"\nheight_mm = 100\n', "height_mm"),
])
def test_branding_errors_name_the_file_and_the_logo(tmp_path, body, message):
    path = tmp_path / "branding.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(BrandingError, match=message) as error:
        load_branding(path)
    assert "branding.toml" in str(error.value)


def test_project_branding_ships_neutral_defaults(app):
    project = app.extensions["projectdata"]
    shown = {item["id"] for item in cover_logos(project.logos, "fi")}
    assert {"project", "eu"} <= shown  # the funder's logo waits for its file (README)


def test_cover_carries_the_logos(app, walker):
    data = _data(app, _submitted(walker), "fi")
    assert data["branding"]
    reader = PdfReader(io.BytesIO(render_company_pdf(data)))
    assert len(reader.pages[0]["/Resources"]["/XObject"]) == len(data["branding"])
    assert "/XObject" not in str(reader.pages[1].get("/Resources"))


@pytest.fixture
def coordinator_with_followups(app):
    from tests.test_advisor import PASSWORD, login

    def build(app):
        runner = app.test_cli_runner()
        result = runner.invoke(args=["demo", "load", "--companies", "80", "--drafts", "0", "--followup-share", "0.6"])
        assert result.exit_code == 0, result.output
        args = ["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role", "coordinator", "--password",
                PASSWORD]
        assert runner.invoke(args=args).exit_code == 0

    prepared(app, "80 companies with follow-ups and a coordinator", build)
    return login(app, "kaisa@xamk.test")


def test_aggregate_report_groups_open_answers_and_keeps_headings(app, coordinator_with_followups):
    pdf = coordinator_with_followups.get("/koordinaattori/raportti.pdf?lang=fi").data
    pages = _pages(pdf)
    text = "\n".join(pages)
    survey = app.extensions["surveys"].current("tp1")
    questions = [q.label.get("fi") for q in survey.questions if q.type == "textarea"]
    answered = [q for q in questions if q in text]
    assert answered, "no open answers in the report"
    for question in answered:
        assert text.count(question) == 1, question  # each question printed once, its answers below it
    headings = {"Kypsyystasojen jakauma", "Osa-alueiden keskiarvot", "Ryhmittäin", "Indeksin muutos ryhmittäin",
                "Avovastaukset", "Menetelmä", "Kehitys ensimmäisestä analyysistä seurantaan (T0 → T1)"}
    for page in pages:
        lines = [line.strip() for line in page.splitlines()
                 if line.strip() and not line.startswith(("sivu ", "DigiFocus", "Digiliiketoiminnan analyysit –"))]
        assert lines[-1] not in headings, lines[-3:]
    # the two new charts: the level distribution's axis unit and the change chart's axis
    assert "yrityksiä" in pages[0] and "Keskimääräinen muutos pisteinä ja sen 95 %:n luottamusväli" in text
    # the figures count both questionnaire versions (the same areas and ladder items)
    assert "tp1 v" not in text and "Digiliiketoiminnan analyysi, versiot 1, 2" in text
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages[0]["/Resources"]["/XObject"]) >= 1  # the logos; the charts are vector drawings
    assert all("/XObject" not in str(page.get("/Resources")) for page in reader.pages[1:])


def test_publication_report_has_no_open_answers(app, coordinator_with_followups):
    text = "\n".join(_pages(coordinator_with_followups.get("/koordinaattori/raportti.pdf?lang=en&julkaisu=1").data))
    assert "Open answers" not in text and "Mean change in points" in text
    assert "Compani\nes" not in text  # header cells wide enough for their words


def test_logos_are_scaled_to_print_resolution_once(tmp_path):
    """A logo far larger than its printed size goes into the PDF at 450 dpi (the certificates of a
    ZIP each embed it), made once per file version; a changed file is read again."""
    from PIL import Image as PILImage

    from reports.pdf import branding

    path = tmp_path / "logo.png"
    PILImage.new("RGB", (4000, 1000), "navy").save(path)
    logo = {"id": "x", "path": str(path), "alt": "X", "height_mm": 12}
    data, width, height = branding.print_ready_logo(logo)
    assert (width, height) == (852, 213) and data[:2] == b"\xff\xd8"  # 12 mm at 450 dpi, JPEG
    assert branding.print_ready_logo(logo)[0] is data  # cached
    PILImage.new("RGBA", (400, 100), (0, 0, 0, 0)).save(path)
    os.utime(path, (1, 1))
    data, width, height = branding.print_ready_logo(logo)
    assert (width, height) == (400, 100) and data[:4] == b"\x89PNG"  # small enough; transparency kept


def test_an_open_answer_is_never_separated_from_its_question(app, walker):
    """Issue: "Millaista apua tai tukea toivotte?" last on page 4, its answer on page 5. Answers of
    many lengths push the questions to every position on the page; none is ever left last."""
    data = _data(app, _submitted(walker, "fi", {"help_wanted": "Apua."}), "fi")
    questions = {item["question"] for item in data["open_answers"]}
    for lines in range(0, 60, 3):
        data["open_answers"][0]["answer"] = "\n".join(["Pitkä vastaus, joka jatkuu rivi riviltä."] * (lines + 1))
        for page in _pages(render_company_pdf(data))[:-1]:
            body = [line.strip() for line in page.splitlines()
                    if line.strip() and not line.startswith(("sivu ", "DigiFocus"))]
            assert body[-1] not in questions, (lines, body[-3:])


@pytest.mark.parametrize("lang, rated, advisor_words", [("fi", "1/5", "keskustelunaihe haastattelussa"),
                                                        ("en", "1/5", "a good topic for the interview")])
def test_competence_in_the_entrepreneurs_copy_is_the_rating_itself(app, walker, lang, rated, advisor_words):
    """Issue: a self-rating of 1/5 printed as "0", and the entrepreneur's copy spoke to the advisor."""
    token = _submitted(walker, lang, {"website_competence": "1"})
    data = _data(app, token, lang)
    text = squash(pdf_text(render_company_pdf(data)))
    website = data["areas"][0]["name"]
    assert squash(f"{website} 50 {rated}") in text, text[:3000]
    assert squash(advisor_words) not in text
    data["audience"] = "advisor"  # the advisor's copy: the 0–100 score with the rating, and the gap
    advisor = squash(pdf_text(render_company_pdf(data)))
    assert squash(f"{website} 50 0 ({rated}) −50") in advisor and squash(advisor_words) in advisor


def test_the_value_label_is_never_under_the_peer_marker():
    """Issue: in the follow-up chart the marker covered the value label where before = after."""
    from reportlab.graphics.shapes import Polygon, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from reports.pdf.charts import area_levels
    from reports.pdf.kit import FAMILY, register_fonts

    register_fonts()
    rows = [{"name": f"Alue {v}", "level": v, "peer_mean": p}
            for v, p in [(50, 50), (50, 52), (25, 25), (0, 0), (100, 100), (95, 95), (62.5, 60), (40, 80)]]
    drawing = area_levels(rows, 480, "Nyt", "Ennen")
    labels = [s for s in drawing.contents if isinstance(s, String) and s.text.isdigit() and s.fontSize == 7
              and s.textAnchor == "end" and s.x == 480]  # the value column right of the plot
    diamonds = [p for p in drawing.contents if isinstance(p, Polygon)][1:]  # the first is the legend's
    assert len(labels) == len(rows) == len(diamonds)
    for label, diamond in zip(labels, diamonds):
        xs = diamond.points[0::2]
        left, right = label.x, label.x + stringWidth(label.text, FAMILY, 7)
        assert right < min(xs) or left > max(xs), (label.text, left, right, min(xs), max(xs))


def test_an_unchanged_maturity_level_is_named_once(app, walker):
    """"Kypsyystaso: Kehittyvä → Kehittyvä" read like a change; it names the level once."""
    from reports.pdf.followup import comparison_story
    from reports.pdf.kit import start

    styles, _ = start()
    cmp = _comparison(app, {"website": 50}, {"website": 55}, index=(50, 52))
    text = " ".join(getattr(f, "text", "") for f in comparison_story(cmp, "fi", styles, 480))
    assert "Kypsyystaso: Kehittyvä" in text and "Kehittyvä → Kehittyvä" not in text
    moved = _comparison(app, {"website": 30}, {"website": 55}, index=(30, 52))
    text = " ".join(getattr(f, "text", "") for f in comparison_story(moved, "fi", styles, 480))
    assert "Kypsyystaso: Perustaso → Kehittyvä" in text


def test_a_heading_with_a_lead_note_goes_with_its_table():
    """A heading, its small note ("lead") and a short table: wherever the page ends, the heading
    is on the table's page (the advisor's report once left "Suositellut koulutukset" and its note
    alone at a page end, the table on the next page)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    from reports.pdf.kit import WIDTH, build_pdf, start, table

    st = start()[0]  # the fonts registered
    rows = [["Koulutus", "Hinta"]] + [[f"Rivi {n}", "150 €"] for n in range(1, 6)]
    for filler in range(170, 252, 4):  # the section starts lower and lower on the first page
        story = [Spacer(1, filler * mm), Paragraph("Otsikko", st["h2"]),
                 Paragraph("Yrityksen omia koulutuksia ei suositella uudelleen.", st["lead"]),
                 table(rows, [WIDTH - 30 * mm, 30 * mm])]
        pdf = build_pdf(story, "t", "t", {"page": "sivu {page} / {pages}", "project": "p"}, "fi")
        pages = ["\n".join(p.extract_text().splitlines()) for p in PdfReader(io.BytesIO(pdf)).pages]
        heading = next(n for n, text in enumerate(pages) if "Otsikko" in text)
        assert "Rivi 1" in pages[heading], (filler, pages)
