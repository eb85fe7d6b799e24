"""The follow-up's introduction page, the "Change" column's Finnish and the note on a large drop."""

import re

from reports.data.followup import build_comparison_data
from tests.test_followup_flow import analyse, answer_followup, followup, open_round  # noqa: F401 (fixture)


def test_introduction_names_the_company_the_first_analysis_and_the_time(app, client, walker, followup):
    analyse(app, walker, name="<i>Äkäs & Co</i>")
    _, _, links = open_round(app, followup)
    link = links["2077474-0"]
    html = client.get(f"/seuranta/{link}").get_data(as_text=True)
    assert "<h1>Digiliiketoiminnan seuranta-analyysi</h1>" in html
    assert "Miten yrityksen &lt;i&gt;Äkäs &amp; Co&lt;/i&gt; digitaalinen liiketoiminta on kehittynyt" in html
    assert re.search(r"Ensimmäinen analyysisi: \d{1,2}\.\d{1,2}\.\d{4}", html)
    assert "Vastaaminen vie noin 8 minuuttia" in html
    assert f'href="/a/{link}/sivu/{followup.pages[0].id}"' in html
    english = client.get(f"/seuranta/{link}?lang=en").get_data(as_text=True)
    assert "Answering takes about 8 minutes" in english and "Your first analysis:" in english
    # once answering has started the link goes straight back to the questions
    answer_followup(client, followup, link)
    assert client.get(f"/seuranta/{link}").status_code == 302


def test_change_column_reads_muutos(app, client, walker, followup):
    analyse(app, walker)
    _, _, links = open_round(app, followup)
    answer_followup(client, followup, links["2077474-0"])
    page = client.get(f"/a/{links['2077474-0']}/valmis").get_data(as_text=True)
    assert '<th scope="col">Muutos</th>' in page and "Vaihda" not in page


def _row(before, after):
    return {"levels_before": {"website": before}, "levels_after": {"website": after}, "index_before": before,
            "index_after": after, "analysed_at": "2026-01-01T10:00:00+00:00",
            "submitted_at": "2026-11-01T10:00:00+00:00"}


def test_a_large_drop_is_explained(app, followup):
    method = app.extensions["surveys"].method(followup)
    assert method.drop_note_from == 10
    # the change is taken between the rounded figures the page shows (60 → 51 is −9, 60 → 50.4 shows 50: −10)
    table = [(60, 50, True), (60, 50.6, False), (60, 50.4, True), (60, 40, True), (50, 55, False), (None, 40, False)]
    for before, after, noted in table:
        assert build_comparison_data(followup, method, _row(before, after), "fi")["drop_note"] is noted, (before, after)


def test_drop_note_on_the_page(app, client, walker, followup):
    analyse(app, walker)  # website 25, the rest 50
    _, _, links = open_round(app, followup)
    low = {q.id: "0" for q in followup.questions if q.role == "level"}
    answer_followup(client, followup, links["2077474-0"], overrides=low)
    page = client.get(f"/a/{links['2077474-0']}/valmis").get_data(as_text=True)
    assert "Indeksisi laski. Se on tavallista: kun osaaminen kasvaa" in page
