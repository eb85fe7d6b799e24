"""The entrepreneur's follow-up: private invitation link, T1 pages, submission, before/after."""

import re

import pytest

from storage import connect, followups
from storage.followups import link_token
from tests.helpers import Walker, csrf_of

T0_OVERRIDES = {"website_state": "1", "website_mobile": "1"}  # website level 25, everything else 50


@pytest.fixture
def followup(app):
    return app.extensions["surveys"].current("tp1_followup")


def analyse(app, walker, business_id="2077474-0", name="Mäntyharjun Testi Oy"):
    token = walker.start()
    walker.walk(token, overrides={**T0_OVERRIDES, "business_id": business_id, "company_name": name})
    return token


def open_round(app, followup):
    db = connect(app.config["DATABASE"])
    round_id, made = followups.create_round(db, "Syksy 2026", followup, "2026-09-01", "2026-12-31", None,
                                            app.config["SECRET_KEY"])
    links = {row["business_id"]: link_token(app.config["SECRET_KEY"], row["nonce"])
             for row in followups.invitations(db, round_id)}
    return round_id, made, links


def answer_followup(client, followup, link, overrides=None):
    response = client.get(f"/seuranta/{link}")
    assert response.status_code in (200, 302)  # the introduction before the first answer
    walker = Walker(client, followup)
    return walker.walk(link, overrides={"website_state": "3", "website_mobile": "3", "satisfaction": "5",
                                        "trainings_attended": ["tp2-1"], **(overrides or {})})


def test_round_invites_each_analysed_company_once(app, client, walker, followup):
    analyse(app, walker)
    analyse(app, walker)  # a second analysis of the same company
    analyse(app, walker, "0737546-2", "Toinen Oy")
    walker.start()  # an unfinished draft is not a company
    round_id, made, links = open_round(app, followup)
    assert made == 2 and set(links) == {"2077474-0", "0737546-2"}
    db = connect(app.config["DATABASE"])
    assert followups.invite_missing(db, round_id, followup, app.config["SECRET_KEY"]) == 0


def test_followup_pages_are_not_prefilled_and_show_before_after(app, client, walker, followup):
    analyse(app, walker)
    _, _, links = open_round(app, followup)
    link = links["2077474-0"]
    client.get(f"/seuranta/{link}")
    html = client.get(f"/a/{link}/sivu/areas-1").get_data(as_text=True)
    assert "checked" not in html
    last = answer_followup(client, followup, link)
    assert last.location.endswith(f"/a/{link}/valmis")
    page = client.get(f"/a/{link}/valmis").get_data(as_text=True)
    assert "Kehitys ensimmäisen analyysin jälkeen" in page
    # website 25 -> 75 (+50); the index over 12 equal areas 47.9 -> 52.1 (+4)
    assert re.search(r"Verkkosivut ja myyntisivu</th>\s*<td>25</td>\s*<td>75</td>\s*<td>\+50</td>", page)
    assert "48 → 52" in page
    assert client.get(f"/a/{link}/tulokset").status_code == 302


def test_answering_twice_is_idempotent(app, client, walker, followup):
    analyse(app, walker)
    _, _, links = open_round(app, followup)
    link = links["2077474-0"]
    last_page = followup.pages[-1]
    client.get(f"/seuranta/{link}")
    stale = client.get(f"/a/{link}/sivu/{last_page.id}").get_data(as_text=True)  # a second tab, still open
    answer_followup(client, followup, link)
    again = client.post(f"/a/{link}/sivu/{last_page.id}",
                        data={"csrf_token": csrf_of(stale), "nav": "submit", "satisfaction": "1"})
    assert again.location.endswith(f"/a/{link}/valmis")
    db = connect(app.config["DATABASE"])
    rows = list(db.query("SELECT outcome FROM followup_invitations WHERE submitted_at IS NOT NULL"))
    assert len(rows) == 1 and '"satisfaction": 5' in rows[0]["outcome"]
    assert client.get(f"/seuranta/{link}").status_code == 302  # the link keeps opening the result
    assert db.execute("SELECT count(*) FROM responses WHERE kind = 'followup'").fetchone()[0] == 1


def test_links_are_private_per_company(app, client, walker, followup):
    t0_token = analyse(app, walker)
    analyse(app, walker, "0737546-2", "Toinen Oy")
    _, _, links = open_round(app, followup)
    # A company's own T0 link is not a follow-up link, and a guessed or altered link opens nothing.
    assert client.get(f"/seuranta/{t0_token}").status_code == 404
    assert client.get("/seuranta/" + "A" * 43).status_code == 404
    other = links["0737546-2"]
    assert client.get(f"/seuranta/{other[:-1]}{'B' if other[-1] != 'B' else 'C'}").status_code == 404
    # The other company's link shows only that company's follow-up.
    answer_followup(client, followup, other)
    page = client.get(f"/a/{other}/valmis").get_data(as_text=True)
    assert "Toinen" not in page or "Mäntyharjun" not in page
    db = connect(app.config["DATABASE"])
    company = db.execute("SELECT c.business_id FROM responses r JOIN companies c ON c.id = r.company_id "
                         "WHERE r.kind = 'followup'").fetchone()[0]
    assert company == "0737546-2"


def test_a_company_without_an_analysis_gets_no_link(app, client, walker, followup):
    walker.walk(walker.start(), until="consents")  # everything but the last page: not submitted
    _, made, links = open_round(app, followup)
    assert made == 0 and links == {}


def test_missing_required_answer_returns_to_its_page(app, client, walker, followup):
    analyse(app, walker)
    _, _, links = open_round(app, followup)
    link = links["2077474-0"]
    client.get(f"/seuranta/{link}")
    w = Walker(client, followup)
    for page in followup.pages[:-1]:
        w.post(link, page)
    last = w.post(link, followup.pages[-1], nav="submit", overrides={"satisfaction": ""})
    assert last.status_code == 200
    assert "satisfaction" in last.get_data(as_text=True)
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT count(*) FROM followup_invitations WHERE submitted_at IS NOT NULL").fetchone()[0] == 0


def test_before_after_in_the_pdf_and_the_advisor_views(app, client, walker, followup):
    import io

    from pypdf import PdfReader

    from tests.test_advisor import PASSWORD, login

    analyse(app, walker)
    _, _, links = open_round(app, followup)
    link = links["2077474-0"]
    answer_followup(client, followup, link)
    for lang, heading, row in [("fi", "Kehitys ensimmäisen analyysin jälkeen", "Verkkosivut ja myyntisivu 25 75 +50"),
                               ("en", "Development since the first analysis", "Website and sales page 25 75 +50")]:
        pdf = client.get(f"/a/{link}/raportti.pdf?lang={lang}")
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.data)).pages)
        assert heading in text and row in text
        assert ("Digitaalisen kypsyyden indeksi: 48 → 52 (+4)" if lang == "fi"
                else "Digital maturity index: 48 → 52 (+4)") in text
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role", "coordinator",
                               "--password", PASSWORD]).exit_code == 0
    advisor = login(app, "kaisa@xamk.test")
    company_id = connect(app.config["DATABASE"]).execute("SELECT id FROM companies").fetchone()[0]
    for path in (f"/neuvoja/yritys/{company_id}", f"/neuvoja/yritys/{company_id}/raportti"):
        html = advisor.get(path).get_data(as_text=True)
        assert "Kehitys ensimmäisen analyysin jälkeen" in html
        assert re.search(r"Verkkosivut ja myyntisivu</th>\s*<td>25</td>\s*<td>75</td>\s*<td>\+50</td>", html)
    # The company's list of analyses shows the T0 only, not the follow-up.
    html = advisor.get(f"/neuvoja/yritys/{company_id}").get_data(as_text=True)
    assert html.count("tp1_followup") == 0
    pdf = advisor.get(f"/neuvoja/yritys/{company_id}/raportti.pdf?lang=fi")
    assert "Kehitys ensimmäisen analyysin jälkeen" in " ".join(p.extract_text()
                                                               for p in PdfReader(io.BytesIO(pdf.data)).pages)


@pytest.mark.parametrize("lang, strengths, first", [("fi", "Vahvuudet", "Ensimmäinen analyysi"),
                                                    ("en", "Strengths", "First analysis")])
def test_the_pdf_after_a_follow_up_is_built_from_the_latest_answers(app, client, walker, followup, lang,
                                                                     strengths, first):
    """Issue: social media fell 88 → 50 in the comparison, yet the same PDF still listed it as a
    strength at 88. After a follow-up every part of the entrepreneur's PDF uses the latest answers."""
    import io

    from pypdf import PdfReader

    token = walker.start()
    walker.walk(token, overrides={**T0_OVERRIDES, "social_presence": "4", "social_channels": "3"})
    _, _, links = open_round(app, followup)
    link = links["2077474-0"]
    answer_followup(client, followup, link, overrides={"social_presence": "2", "social_channels": "2"})
    pdf = client.get(f"/a/{link}/raportti.pdf?lang={lang}")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.data)).pages)
    social = "Sosiaalinen media" if lang == "fi" else "Social media"
    website = "Verkkosivut ja myyntisivu" if lang == "fi" else "Website and sales page"
    assert f"{social} 88 50 −38" in text  # the comparison
    listed = text[text.index(strengths, text.index("Kehitys" if lang == "fi" else "Development")):]
    assert f"{social} (88)" not in text and f"{website} (75)" in listed  # today's strengths
    assert "52 / 100" in text and "51 / 100" not in text  # the summary is today's index (T0: 51)
    assert first in text  # the cover names both dates


def test_latest_answers_replace_only_what_the_follow_up_asked(followup):
    from questionnaire.flow import latest_answers

    baseline = {"website_state": "1", "website_importance": "5", "company_name": "Oy", "ads_use": "na"}
    latest = latest_answers(followup, baseline, {"website_state": "3", "ads_use": None, "satisfaction": "4"})
    assert latest == {"website_state": "3", "website_importance": "5", "company_name": "Oy", "ads_use": "na"}
    assert baseline["website_state"] == "1"  # the first analysis is not changed
