"""Event links (issue 23, item 14): at an event behind one network the per-address limit on new
drafts turned the 41st entrepreneur away. A coordinator opens an event link; drafts started
through it while it is open do not count against the address's limit, up to the link's cap; the
refusal says what to do instead. Times are relative to the app's (frozen) clock."""

import multiprocessing
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from app import create_app
from storage import event_links
from storage.db import connect
from tests.helpers import FROZEN_NOW, Walker, csrf_of

HELSINKI = ZoneInfo("Europe/Helsinki")
ADDRESS = "203.0.113.40"  # everyone at the event


@pytest.fixture
def limited(tmp_path):
    app = create_app({"SECRET_KEY": "test-secret-key-not-for-production", "DATABASE": str(tmp_path / "e.db"),
                      "SESSION_COOKIE_SECURE": False, "TESTING": True, "DRAFT_START_LIMIT": 3,
                      "FROZEN_NOW": FROZEN_NOW})
    runner = app.test_cli_runner()
    for email, role, org in [("kaisa@xamk.test", "coordinator", None), ("anna@miksei.test", "advisor", "miksei"),
                             ("sami@shk.test", "advisor", "shk")]:
        args = ["users", "create", email, "--name", email.split("@")[0], "--role", role,
                "--password", "oikein-hyva-salasana"]
        assert runner.invoke(args=args + (["--organisation", org] if org else [])).exit_code == 0
    return app


def _stamp(app, delta: timedelta) -> str:
    return (app.extensions["clock"].now() + delta).isoformat(timespec="seconds")


def _link(app, hours_from=-1, hours_until=2, cap=4, name="Infotilaisuus") -> tuple[int, str]:
    db = connect(app.config["DATABASE"])
    secret = app.config["SECRET_KEY"]
    link_id = event_links.create(db, name, _stamp(app, timedelta(hours=hours_from)),
                                 _stamp(app, timedelta(hours=hours_until)), cap, None, secret, _stamp(app, timedelta()))
    return link_id, event_links.link_token(secret, event_links.get(db, link_id)["nonce"])


def _participant(app, token=None, lang="fi"):
    """A browser at the event: opens the event link (when given) and starts the analysis."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ADDRESS
    if token:
        page = client.get(f"/tilaisuus/{token}?lang={lang}")
        assert page.status_code == 200
    walker = Walker(client, app.extensions["surveys"].current("tp1"))
    return walker, walker.start(lang)


def _save_first_page(app, token=None, lang="fi"):
    walker, draft = _participant(app, token, lang)
    return walker.post(draft, walker.survey.pages[0]), walker, draft


def _started(app, link_id):
    return event_links.get(connect(app.config["DATABASE"]), link_id)["started"]


def _drafts(app):
    return connect(app.config["DATABASE"]).execute("SELECT count(*) FROM responses").fetchone()[0]


def _login(app, email):
    from tests.test_advisor import login

    return login(app, email)


def test_an_open_event_link_lifts_the_address_limit_up_to_its_cap(limited):
    for _ in range(3):
        assert _save_first_page(limited)[0].status_code == 302
    refused = _save_first_page(limited)[0]
    assert refused.status_code == 429  # the 4th from the shared network, without the link
    link_id, token = _link(limited, cap=4)
    for _ in range(4):
        assert _save_first_page(limited, token)[0].status_code == 302
    assert _started(limited, link_id) == 4 and _drafts(limited) == 7
    # the cap is reached: the link lifts nothing more, the address's limit applies again
    assert _save_first_page(limited, token)[0].status_code == 429
    assert _started(limited, link_id) == 4 and _drafts(limited) == 7
    page = _participant(limited, token)[0].client.get(f"/tilaisuus/{token}").get_data(as_text=True)
    assert "ei ole enää käytössä" in page  # the link says it is used up


@pytest.mark.parametrize("lang, says", [
    ("fi", ["liian monta uutta kyselyä", "pyydä järjestäjältä tilaisuuslinkki", "hetken kuluttua"]),
    ("en", ["Too many new questionnaires", "ask the organiser for the event link", "in a while"]),
])
def test_the_refusal_says_what_to_do_and_the_link_then_saves_what_was_typed(limited, lang, says):
    for _ in range(3):
        _save_first_page(limited)
    walker, draft = _participant(limited, lang=lang)
    refused = walker.post(draft, walker.survey.pages[0], overrides={"company_name": "<b>Tapahtuma</b> Oy"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429 and all(text in html for text in says), html[:3000]
    assert 'value="&lt;b&gt;Tapahtuma&lt;/b&gt; Oy"' in html  # nothing typed is lost
    # the participant opens the organiser's link in the same browser and presses the button again
    link_id, token = _link(limited)
    assert walker.client.get(f"/tilaisuus/{token}").status_code == 200
    again = walker.post(draft, walker.survey.pages[0], overrides={"company_name": "<b>Tapahtuma</b> Oy"})
    assert again.status_code == 302 and _started(limited, link_id) == 1


@pytest.mark.parametrize("hours_from, hours_until, closed, text", [
    (1, 3, False, "avautuu"),  # not open yet
    (-3, -1, False, "ei ole enää käytössä"),  # its period is over
    (-1, 2, True, "ei ole enää käytössä"),  # the coordinator closed it
])
def test_a_link_that_is_not_open_lifts_nothing_and_says_so(limited, hours_from, hours_until, closed, text):
    link_id, token = _link(limited, hours_from, hours_until)
    if closed:
        event_links.close(connect(limited.config["DATABASE"]), link_id, _stamp(limited, timedelta()))
    for _ in range(3):
        assert _save_first_page(limited, token)[0].status_code == 302  # the address's own allowance
    response, walker, _draft = _save_first_page(limited, token)
    assert response.status_code == 429 and _started(limited, link_id) == 0
    page = walker.client.get(f"/tilaisuus/{token}").get_data(as_text=True)
    assert text in page and "Aloita analyysi" in page  # what to do instead: start as usual, later


def test_unknown_or_malformed_event_links_are_404(client):
    for token in ("A" * 43, "ei-linkki", "A" * 200, "%3Cscript%3E"):
        assert client.get(f"/tilaisuus/{token}").status_code == 404


def _form(client, app, **fields):
    html = client.get("/koordinaattori/tilaisuudet").get_data(as_text=True)
    now = app.extensions["clock"].now().astimezone(HELSINKI)
    data = {"csrf_token": csrf_of(html), "name": "Hakupäivä, Mikkeli", "cap": "60",
            "valid_from": now.strftime("%Y-%m-%dT%H:%M"),
            "valid_until": (now + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M")}
    data.update(fields)
    return client.post("/koordinaattori/tilaisuudet", data=data)


HOSTILE = '<script>alert(1)</script> =1+1 ‮kaam‬ ' + "e\u0301" * 3


def test_the_coordinator_opens_shows_and_closes_an_event_link(limited):
    coordinator = _login(limited, "kaisa@xamk.test")
    created = _form(coordinator, limited, name=HOSTILE)
    assert created.status_code == 302
    page = coordinator.get(created.location).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; =1+1" in page and "<script>alert" not in page
    token = re.search(r"/tilaisuus/([A-Za-z0-9_-]{43})", page).group(1)
    assert 'src="data:image/svg+xml' in page and "Linkin kautta aloitettuja analyysejä: 0 / enintään 60." in page
    assert re.search(r"\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2} – ", page)  # Finnish time, Finnish style
    db = connect(limited.config["DATABASE"])
    link = event_links.by_token(db, token)
    assert link["name"] == HOSTILE.strip() or link["name"].startswith("<script>")
    assert [r["action"] for r in db.query("SELECT action FROM audit_log")][-1] == "event_link_opened"
    public = limited.test_client().get(f"/tilaisuus/{token}").get_data(as_text=True)
    assert "&lt;script&gt;" in public and "<script>alert" not in public and "auki" in public
    html = coordinator.get("/koordinaattori/tilaisuudet").get_data(as_text=True)
    closed = coordinator.post(f"/koordinaattori/tilaisuudet/{link['id']}/sulje", data={"csrf_token": csrf_of(html)})
    assert closed.status_code == 302 and event_links.get(db, link["id"])["closed_at"]
    assert "päättynyt" in coordinator.get("/koordinaattori/tilaisuudet").get_data(as_text=True)


@pytest.mark.parametrize("fields, message", [
    ({"name": ""}, "Vastaa tähän kysymykseen."),
    ({"cap": "0"}, "Anna luku väliltä 1–1000."),
    ({"cap": "5000"}, "Anna luku väliltä 1–1000."),
    ({"valid_until": "2020-01-01T10:00"}, "Lopun pitää olla alun jälkeen."),
    ({"valid_from": "2027-01-01T10:00", "valid_until": "2027-01-20T10:00"}, "voimassa enintään 14 päivää"),
    ({"valid_from": "huomenna"}, "Ei ole kelvollinen päivämäärä ja aika"),
])
def test_bad_input_is_explained_and_keeps_what_was_typed(limited, fields, message):
    coordinator = _login(limited, "kaisa@xamk.test")
    response = _form(coordinator, limited, **{"name": "Infotilaisuus Juva", **fields})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html, html[-3000:]
    if fields.get("name", "x"):
        assert 'value="Infotilaisuus Juva"' in html
    assert not event_links.all_links(connect(limited.config["DATABASE"]))


def test_access_matrix_of_the_event_link_routes(limited):
    link_id, _token = _link(limited)
    actors = {"anonymous": limited.test_client(), "advisor": _login(limited, "anna@miksei.test"),
              "other_org_advisor": _login(limited, "sami@shk.test"), "coordinator": _login(limited, "kaisa@xamk.test")}
    want_get = {"anonymous": 302, "advisor": 403, "other_org_advisor": 403, "coordinator": 200}
    want_post = {"anonymous": 302, "advisor": 403, "other_org_advisor": 403, "coordinator": 302}
    for actor, client in actors.items():
        assert client.get("/koordinaattori/tilaisuudet").status_code == want_get[actor], actor
        token = csrf_of(client.get("/kirjaudu").get_data(as_text=True)) if actor == "anonymous" else \
            csrf_of(client.get("/neuvoja/").get_data(as_text=True))
        for path in ("/koordinaattori/tilaisuudet", f"/koordinaattori/tilaisuudet/{link_id}/sulje"):
            status = client.post(path, data={"csrf_token": token, "name": "x", "cap": "5"}).status_code
            expected = want_post[actor] if not (actor == "coordinator" and path.endswith("tilaisuudet")) else 400
            assert status == expected, (actor, path, status)
    assert event_links.get(connect(limited.config["DATABASE"]), link_id)["closed_at"]  # only the coordinator
    assert actors["coordinator"].post("/koordinaattori/tilaisuudet/999999/sulje",
                                      data={"csrf_token": token}).status_code == 404


def _start_drafts(path, link_id, attempts, results):
    from storage import responses as store
    from storage.draft_limits import TooManyDrafts
    from surveys import SurveyCatalog

    import clock

    survey = SurveyCatalog.load().current("tp1")
    db = connect(path)
    db.clock = clock.FrozenClock(FROZEN_NOW)  # the app's time, as the test app has it
    taken = 0
    for n in range(attempts):
        try:
            store.create_draft(db, f"t{multiprocessing.current_process().pid}x{n}" + "A" * 40, survey, "fi", {},
                               survey.pages[0].id, "same-address", (0, 3600), link_id)
            taken += 1
        except TooManyDrafts:
            pass
    results.put(taken)


def test_drafts_started_at_once_on_several_workers_never_exceed_the_cap(limited):
    """Four processes start 12 drafts each through one link with a cap of 17 (the address itself
    may start none): exactly 17 are stored and counted."""
    link_id, _token = _link(limited, cap=17)
    results = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_start_drafts, args=(limited.config["DATABASE"], link_id, 12, results))
             for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert all(p.exitcode == 0 for p in procs)
    assert sum(results.get(timeout=5) for _ in procs) == 17
    assert _started(limited, link_id) == 17 and _drafts(limited) == 17
