"""No markup in what the user reads: every page, in both languages, with and without errors.

Each page is parsed with html.parser, scripts and styles dropped, the visible text (and the
attributes a user sees or hears: alt, title, placeholder, aria-label, button values) unescaped
once – as a browser does – and then searched for leftovers: tags (`<span`), entities that were
escaped twice (`&lt;`, `&amp;`), template syntax (`{{`, `{%`). This once caught every required
question's label showing `<span class="req">(pakollinen)</span>` as text. A second test checks
that every HTML page of the app is visited, so a new page cannot slip past.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from werkzeug.exceptions import HTTPException

from app import create_app
from storage import followups
from storage.db import connect
from tests.helpers import FROZEN_NOW, Walker, cancel, csrf_of

PASSWORD = "oikein-hyva-salasana"
LANGS = ("fi", "en")
# endpoints that answer with something else than an HTML page
NOT_HTML = {"static", "health", "pages.favicon", "questionnaire.report_pdf", "advisor.report_pdf",
            "trainings.course_zip", "trainings.certificate_pdf", "trainings.workshops_zip", "trainings.course_calendar",
            "trainings.invoicing_export", "trainings.funder_export", "trainings_public.open_calendar_feed",
            "trainings_public.open_course_file", "trainings_public.own_file", "trainings_public.offer_calendar",
            "trainings_public.webinar_file",
            "company_admin.company_data_export", "coordinator.links_csv", "coordinator.results_export",
            "coordinator.export", "coordinator.aggregate_pdf", "coordinator.funder_download"}
LEFTOVER = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]{0,40}|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
                      r"|\{\{|\}\}|\{%|%\}|\{#|#\}")
SPOKEN_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
HIDDEN_ELEMENTS = {"script", "style", "template"}


class VisibleText(HTMLParser):
    """Text a user sees or hears; character references are resolved once (convert_charrefs)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        attributes = dict(attrs)
        self.parts += [attributes[name] for name in SPOKEN_ATTRIBUTES if attributes.get(name)]
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset") and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def leftovers(html: str) -> list[str]:
    text = visible_text(html)
    return [text[max(0, m.start() - 30):m.end() + 30] for m in LEFTOVER.finditer(text)]


@pytest.mark.parametrize("html, bad", [
    ('<label>Yrityksen nimi &lt;span class=&#34;req&#34;&gt;(pakollinen)&lt;/span&gt;</label>', True),
    ("<p>Tom &amp;amp; Jerry</p>", True),
    ("<p>{{ _('Start') }}</p>", True),
    ("<p>{% if x %}</p>", True),
    ('<img alt="&lt;b&gt;logo&lt;/b&gt;" src="x.png">', True),
    ("<p>AT&amp;T, &lt; 5 yritystä, 3 &gt; 2, 50 %</p>", False),
    ("<script>if (a < b && c) {{}}</script><style>a{}</style><p>ok</p>", False),
    ('<label>Nimi <span class="req">(pakollinen)</span></label>', False),
])
def test_leftover_detection(html, bad):
    assert bool(leftovers(html)) is bad, visible_text(html)


class Site:
    """Visits pages with test clients and keeps what each one returned."""

    def __init__(self, app):
        self.app = app
        self.pages: list[tuple[str, str, str]] = []  # (what, endpoint, html)
        self.adapter = app.url_map.bind("localhost")

    def visit(self, client, what, path, method="GET", data=None, statuses=(200,)):
        response = client.open(path, method=method, data=data, follow_redirects=True)
        assert response.status_code in statuses, (what, path, response.status_code)
        try:
            endpoint = self.adapter.match(response.request.path, method="GET")[0]
        except HTTPException:
            endpoint = "not found"
        if response.mimetype == "text/html":
            self.pages.append((what, endpoint, response.get_data(as_text=True)))
        return response.get_data(as_text=True)

    def post_form(self, client, what, path, data, statuses=(200, 400)):
        token = csrf_of(client.get(path).get_data(as_text=True))
        return self.visit(client, what, path, "POST", {"csrf_token": token, **data}, statuses)

    def login(self, email, lang):
        client = self.app.test_client()
        client.get(f"/kirjaudu?lang={lang}")
        self.post_form(client, f"login {lang}", "/kirjaudu", {"email": email, "password": PASSWORD})
        return client


def walk_questionnaire(site, client, survey, token, lang, what):
    walker = Walker(client, survey)
    for page in survey.pages:
        url = walker.url(token, page)
        nav = "submit" if page is survey.pages[-1] else "next"
        site.visit(client, f"{what} {lang} {page.id}", url)
        site.post_form(client, f"{what} {lang} {page.id} empty", url, {"nav": nav})
        if page is survey.pages[0] and survey.id == "tp1":
            site.post_form(client, f"{what} {lang} {page.id} invalid", url, {
                "nav": nav, "company_name": "x" * 500, "business_id": "1234567-8", "contact_email": "tiina@",
                "contact_phone": "12", "website_url": "http://", "consent_processing": "y"})
        site.post_form(client, f"{what} {lang} {page.id} expired session", url, {"nav": nav, "csrf_token": "x"},
                       statuses=(200, 400))
        if page is survey.pages[-1]:
            walker.post(token, page, nav="review")
            site.visit(client, f"{what} {lang} review", f"/a/{token}/tarkista")
        assert walker.post(token, page, nav=nav).status_code == 302, (what, page.id)
    site.visit(client, f"{what} {lang} done", f"/a/{token}/valmis")
    site.visit(client, f"{what} {lang} results", f"/a/{token}/tulokset")
    site.visit(client, f"{what} {lang} resume after sending", f"/a/{token}")


def apply_to_a_path(site, client, token, lang):
    """The results page's application to an open path (the demo's TP3 and TP5 courses): invalid, then
    sent. The English walk's analysis waits for confirmation (same business ID): no form there."""
    results = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    actions = re.findall(r'action="(/a/[^"#]+/koulutushaku/(\d+))(?:#[^"]*)?"', results)
    assert actions or lang == "en", "the demo calendar has paths open for application"
    for action, course_id in actions[:1]:
        data = {"csrf_token": csrf_of(results), f"c{course_id}-participant": "", f"c{course_id}-email": "x@"}
        site.visit(client, f"apply {lang} invalid", action, "POST", data, statuses=(400,))
        data.update({f"c{course_id}-participant": "Tiina Testaaja", f"c{course_id}-email": "tiina@example.com",
                     f"c{course_id}-motivation": "Haluamme mukaan."})  # no markup: it would read as a leftover
        site.visit(client, f"apply {lang} sent", action, "POST", data)
        site.visit(client, f"apply {lang} withdraw asked", f"{action}/peru", "POST", {"csrf_token": csrf_of(results)})
        site.visit(client, f"apply {lang} withdrawn", f"{action}/peru", "POST",
                   {"csrf_token": csrf_of(results), "vahvista": "1"})
        site.visit(client, f"apply {lang} sent again", action, "POST", data)


def open_calendar(site, db, client, token, lang):
    """The open calendar, a course's page of each kind, a webinar sign-up (invalid, sent, its own page
    and the cancel confirmation), a pasted link, and a company's own calendar and sign-up pages."""
    from trainings.storage import webinar_signups

    courses = {row["offer_id"][:3]: row["id"] for row in db.query(
        "SELECT offer_id, min(id) AS id FROM training_courses WHERE starts_on > ? GROUP BY substr(offer_id, 1, 3)",
        [FROZEN_NOW[:10]])}
    anonymous = site.app.test_client()
    anonymous.get(f"/?lang={lang}")
    for path in ("/koulutuskalenteri", "/koulutuskalenteri?laji=webinar", "/koulutuskalenteri?laji=path",
                 *(f"/koulutuskalenteri/{course}" for course in courses.values())):
        site.visit(anonymous, f"calendar {lang} {path}", path)
    webinar, workshop = courses["web"], courses["tp2"]
    form = csrf_of(anonymous.get("/").get_data(as_text=True))
    site.visit(anonymous, f"calendar {lang} webinar invalid", f"/koulutuskalenteri/{webinar}/webinaari", "POST",
               {"csrf_token": form, "name": "", "email": "x@"}, statuses=(400,))
    site.visit(anonymous, f"calendar {lang} webinar sent", f"/koulutuskalenteri/{webinar}/webinaari", "POST",
               {"csrf_token": form, "name": "Olli Opiskelija", "email": f"olli.{lang}@example.com"})
    signup = webinar_signups.sign_up(db, webinar, "Outi Osallistuja", f"outi.{lang}@example.com", lang, 500)
    site.visit(anonymous, f"calendar {lang} webinar page", f"/webinaari/{signup['token']}")
    page = anonymous.get(f"/webinaari/{signup['token']}").get_data(as_text=True)
    site.visit(anonymous, f"calendar {lang} webinar cancel asked", f"/webinaari/{signup['token']}/peru", "POST",
               {"csrf_token": csrf_of(page)})
    site.visit(anonymous, f"calendar {lang} pasted link invalid", f"/koulutuskalenteri/{workshop}/oma-linkki", "POST",
               {"csrf_token": csrf_of(page), "link": "ei linkki"}, statuses=(400,))
    site.visit(client, f"own calendar {lang}", f"/a/{token}/koulutuskalenteri")
    for course in courses.values():
        site.visit(client, f"sign-up page {lang} {course}", f"/a/{token}/koulutus/{course}")
    own = client.get("/").get_data(as_text=True)  # the session's CSRF token (the English analysis has no form)
    site.visit(client, f"sign-up {lang} invalid", f"/a/{token}/koulutus/{workshop}", "POST",
               {"csrf_token": csrf_of(own), "participant": "", "email": "x@"}, statuses=(400,))
    site.visit(client, f"sign-up {lang} sent", f"/a/{token}/koulutus/{workshop}", "POST",
               {"csrf_token": csrf_of(own), "participant": "Tiina Testaaja", "email": "tiina@example.com"},
               statuses=(200, 400))
    site.visit(client, f"sign-up {lang} cancel asked", f"/a/{token}/koulutus/{workshop}/peru", "POST",
               {"csrf_token": csrf_of(own)})


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = create_app({"SECRET_KEY": "visible-text-secret", "SESSION_COOKIE_SECURE": False, "TESTING": True,
                      "DATABASE": str(tmp_path_factory.mktemp("visible") / "site.db"), "FROZEN_NOW": FROZEN_NOW})
    runner = app.test_cli_runner()
    loaded = runner.invoke(args=["demo", "load", "--companies", "40", "--drafts", "0", "--followup-share", "0.5"])
    assert loaded.exit_code == 0, loaded.output
    calendar = runner.invoke(args=["demo", "trainings"])
    assert calendar.exit_code == 0, calendar.output
    for email, role, org in [("anna@miksei.test", "advisor", "miksei"), ("kaisa@xamk.test", "coordinator", None)]:
        args = ["users", "create", email, "--name", email.split("@")[0].title(), "--role", role, "--password", PASSWORD]
        assert runner.invoke(args=args + (["--organisation", org] if org else [])).exit_code == 0
    site = Site(app)
    catalog = app.extensions["surveys"]
    db = connect(app.config["DATABASE"])
    round_id = followups.rounds(db)[0]["id"]
    unanswered = [row for row in followups.invitations(db, round_id) if not row["started"]]
    company = next(db.query("SELECT id FROM companies WHERE organisation = 'miksei' ORDER BY id"))["id"]
    course_id = next(db.query("SELECT min(course_id) AS id FROM training_sessions"))["id"]
    session_id = next(db.query("SELECT min(id) AS id FROM training_sessions WHERE course_id = ?", [course_id]))["id"]
    certificate = next(db.query("SELECT code FROM training_certificates LIMIT 1"), {"code": "ABCD-EFGH"})["code"]
    offer_token = _seat_offer(db)
    event_token = _event_link(app, db)
    for n, lang in enumerate(LANGS):
        anonymous = app.test_client()
        for path in ("/", "/tietosuoja", "/saavutettavuus", "/kirjaudu", "/ei-tallaista-sivua",
                     "/a/doesnotexistdoesnotexistdoesnotexist12", "/seuranta/doesnotexistdoesnotexistdoesnotexist1234"):
            site.visit(anonymous, f"static {lang} {path}", f"{path}?lang={lang}", statuses=(200, 404))
        site.post_form(anonymous, f"login {lang} wrong password", "/kirjaudu",
                       {"email": "anna@miksei.test", "password": "väärin-väärin-väärin"}, statuses=(200, 401))
        app.config["MAIL_SERVER"] = "smtp.invalid"  # the link form exists only with SMTP; nothing is sent here
        site.visit(anonymous, f"lost link {lang}", f"/linkki?lang={lang}")
        app.config["MAIL_SERVER"] = None
        site.visit(anonymous, f"lost link {lang} without mail", f"/linkki?lang={lang}")
        site.visit(anonymous, f"event link {lang}", f"/tilaisuus/{event_token}?lang={lang}")
        entrepreneur = app.test_client()
        token = Walker(entrepreneur, catalog.current("tp1")).start(lang)
        walk_questionnaire(site, entrepreneur, catalog.current("tp1"), token, lang, "analysis")
        apply_to_a_path(site, entrepreneur, token, lang)
        open_calendar(site, db, entrepreneur, token, lang)

        respondent = app.test_client()
        respondent.get(f"/?lang={lang}")
        link = followups.link_token(app.config["SECRET_KEY"], unanswered[n]["nonce"])
        site.visit(respondent, f"follow-up {lang} invitation", f"/seuranta/{link}")
        walk_questionnaire(site, respondent, catalog.current("tp1_followup"), link, lang, "follow-up")

        offered = app.test_client()
        site.visit(offered, f"seat offer {lang}", f"/koulutuspaikka/{offer_token}?lang={lang}")
        if lang == LANGS[-1]:
            page = offered.get(f"/koulutuspaikka/{offer_token}").get_data(as_text=True)
            site.visit(offered, f"seat offer {lang} decline asked", f"/koulutuspaikka/{offer_token}", "POST",
                       {"csrf_token": csrf_of(page), "vastaus": "decline"})
            site.visit(offered, f"seat offer {lang} accepted", f"/koulutuspaikka/{offer_token}", "POST",
                       {"csrf_token": csrf_of(page), "vastaus": "accept"})
            site.visit(offered, f"seat offer {lang} answered", f"/koulutuspaikka/{offer_token}")
        site.visit(offered, f"seat offer {lang} unknown", f"/koulutuspaikka/{'A' * 32}", statuses=(404,))

        advisor = site.login("anna@miksei.test", lang)
        for path in ("/neuvoja/", "/neuvoja/?q=oy&tila=analysed", "/neuvoja/odottavat", f"/neuvoja/yritys/{company}",
                     f"/neuvoja/yritys/{company}/raportti", f"/neuvoja/yritys/{company}/haastattelu"):
            site.visit(advisor, f"advisor {lang} {path}", path)
        interview = f"/neuvoja/yritys/{company}/haastattelu"
        site.post_form(advisor, f"advisor {lang} interview invalid", interview,
                       {"held_on": "ei päivä", "rating_website": "999", "tallenna": "final"})
        site.post_form(advisor, f"advisor {lang} interview saved", interview,
                       {"held_on": "2026-11-20", "participants": "Anna, yrittäjä", "action_1_what": "Uutiskirje",
                        "tallenna": "draft"})
        site.visit(advisor, f"advisor {lang} website check", f"/neuvoja/verkkosivut/yritys/{company}")
        check_page = advisor.get(f"/neuvoja/verkkosivut/yritys/{company}").get_data(as_text=True)
        site.visit(advisor, f"advisor {lang} website check refused", f"/neuvoja/verkkosivut/yritys/{company}/tarkista",
                   "POST", {"csrf_token": csrf_of(check_page), "osoite": "http://127.0.0.1/"})
        # a follow-up recorded by interview: a page with errors, the last step with a bad day
        by_interview = next(r for r in unanswered[2:] if r["organisation"] == "miksei")
        base = f"/neuvoja/yritys/{by_interview['company_id']}/seuranta/{by_interview['id']}"
        site.visit(advisor, f"advisor {lang} follow-up by interview", f"{base}/sivu/areas-1")
        site.post_form(advisor, f"advisor {lang} follow-up by interview empty", f"{base}/sivu/areas-1", {"nav": "next"})
        site.post_form(advisor, f"advisor {lang} follow-up by interview record invalid", f"{base}/tallenna",
                       {"held_on": "2099-01-01"})
        interview_id = next(db.query("SELECT max(id) AS id FROM interviews"))["id"]
        for path in (f"/neuvoja/haastattelu/{interview_id}", f"/neuvoja/haastattelu/{interview_id}/historia"):
            site.visit(advisor, f"advisor {lang} {path}", path)

        coordinator = site.login("kaisa@xamk.test", lang)
        for path in ("/neuvoja/kayttajat", "/neuvoja/loki", "/koordinaattori/", "/koordinaattori/?industry=C",
                     "/koordinaattori/?julkaisu=1", "/koordinaattori/seuranta/", f"/koordinaattori/seuranta/{round_id}",
                     "/koordinaattori/verkkonakyvyys/", "/koordinaattori/verkkonakyvyys/?ryhma=size",
                     "/koordinaattori/rahoittaja", "/koordinaattori/rahoittaja?start=2026-07-01&end=2026-06-30",
                     "/koulutukset/", "/koulutukset/kurssi/uusi", f"/koulutukset/kurssi/{course_id}",
                     f"/koulutukset/istunto/{session_id}/nimenhuuto", "/koulutukset/laskutus?org=xamk",
                     f"/todistus/{certificate}", "/todistus", "/todistus/ABCDE-FGH23", "/koulutukset/menneet",
                     "/koulutukset/menneet?paketti=TP2&from=2026-01-01", "/koulutukset/todistukset/tyopajat",
                     f"/koulutukset/kurssi/{course_id}/muokkaa", f"/koulutukset/istunto/{session_id}/muokkaa",
                     "/neuvoja/loki?mita=trainings&kuka=ei", "/neuvoja/?jarjestys=name&sivu=1",
                     "/koordinaattori/tilaisuudet", "/koordinaattori/sahkopostit"):
            site.visit(coordinator, f"coordinator {lang} {path}", path,
                       statuses=(400,) if "end=2026-06-30" in path else (200, 404))
        pending = db.execute("SELECT id FROM responses WHERE claim = 'pending' LIMIT 1").fetchone()
        if pending:  # the English walk's analysis waits for confirmation
            site.visit(coordinator, f"coordinator {lang} waiting analysis", f"/neuvoja/vastaus/{pending[0]}")
        site.post_form(coordinator, f"coordinator {lang} course edit invalid",
                       f"/koulutukset/kurssi/{course_id}/muokkaa", {"name": "", "seats": "0", "starts_on": "x"})
        site.post_form(coordinator, f"coordinator {lang} session edit invalid",
                       f"/koulutukset/istunto/{session_id}/muokkaa", {"on_date": "", "hours": "lots"})
        rollcall = f"/koulutukset/istunto/{session_id}/nimenhuuto"
        listing = "2. Participants\nName\tEmail\nTuntematon Vieras\tx@example.com\n".encode("utf-16")
        site.visit(coordinator, f"coordinator {lang} import preview", f"/koulutukset/istunto/{session_id}/tuonti",
                   "POST", {"csrf_token": csrf_of(coordinator.get(rollcall).get_data(as_text=True)),
                            "tiedosto": (io.BytesIO(listing), "teams.csv")})
        site.post_form(coordinator, f"coordinator {lang} user invalid", "/neuvoja/kayttajat",
                       {"email": "x@", "name": "", "role": "advisor", "organisation": "miksei", "password": "lyhyt"})
        site.post_form(coordinator, f"coordinator {lang} round invalid", "/koordinaattori/seuranta/",
                       {"name": "", "opens_on": "2027-03-01", "closes_on": "2027-02-01"})
        site.post_form(coordinator, f"coordinator {lang} event link invalid", "/koordinaattori/tilaisuudet",
                       {"name": "", "valid_from": "2027-03-01T10:00", "valid_until": "2027-02-01T10:00", "cap": "0"})
    return site


def _event_link(app, db) -> str:
    """An event link open at the site's frozen time."""
    from storage import event_links

    clock = app.extensions["clock"]
    link_id = event_links.create(db, "Infotilaisuus Juva", clock.day_start(clock.today()),
                                 clock.day_end(clock.today()), 50, None, app.config["SECRET_KEY"], clock.stamp())
    return event_links.link_token(app.config["SECRET_KEY"], event_links.get(db, link_id)["nonce"])


def _seat_offer(db) -> str:
    """A seat offered to a waiting company (a course a month ahead, one seat, one cancellation)."""
    from datetime import date, timedelta

    from trainings.storage import courses as training_store

    today = date.fromisoformat(FROZEN_NOW[:10])  # the site's frozen clock
    start = today + timedelta(days=30)
    course = training_store.create_course(db, {"offer_id": "tp4-1", "name": "Verkkokauppapolku syksy",
                                               "organiser": "miksei", "seats": 1, "starts_on": start.isoformat(),
                                               "ends_on": start.isoformat()}, None)
    companies = [r["id"] for r in db.query("SELECT id FROM companies WHERE organisation = 'miksei' ORDER BY id "
                                           "LIMIT 2")]
    seated = training_store.enrol(db, course, companies[0], 250, "base")
    training_store.enrol(db, course, companies[1], 250, "base")
    return cancel(db, seated["id"], today.isoformat())[0]["token"]


def test_no_markup_or_template_syntax_in_visible_text(site):
    found = {what: bad for what, _, html in site.pages if (bad := leftovers(html))}
    assert not found, "\n".join(f"{what}: {bad[:3]}" for what, bad in found.items())


def test_required_marker_is_text_in_a_span(site):
    page = next(html for what, _, html in site.pages if what == "analysis fi company")
    assert '<span class="req">(pakollinen)</span>' in page
    assert "Yrityksen nimi (pakollinen)" in visible_text(page)
    followup = [html for what, _, html in site.pages if what.startswith("follow-up en") and 'class="req"' in html]
    assert followup and all("(required)" in visible_text(html) for html in followup)


def test_errors_were_shown(site):
    with_errors = [what for what, _, html in site.pages if "error-message" in html or "error-summary" in html]
    for what in ("analysis fi company empty", "analysis en company invalid", "coordinator fi round invalid",
                 "apply fi invalid", "coordinator en event link invalid", "advisor fi follow-up by interview empty",
                 "advisor en follow-up by interview record invalid",
                 "advisor en interview invalid", "coordinator en user invalid"):
        assert what in with_errors


def test_every_html_page_is_visited(site):
    routes = {rule.endpoint for rule in site.app.url_map.iter_rules() if "GET" in rule.methods}
    visited = {endpoint for _, endpoint, _ in site.pages}
    assert routes - NOT_HTML - visited == set()
