"""Anonymous drafts: nothing is stored until the first page is saved, and one address can start
only DRAFT_START_LIMIT drafts per window (counted in SQLite, so every worker sees the same)."""

import pytest

from app import create_app
from storage.db import connect
from tests.helpers import FROZEN_NOW, Walker


def count(app, table="responses"):
    return connect(app.config["DATABASE"]).execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def limited(tmp_path):
    return create_app({"SECRET_KEY": "test-secret-key-not-for-production", "DATABASE": str(tmp_path / "d.db"),
                       "SESSION_COOKIE_SECURE": False, "TESTING": True, "DRAFT_START_LIMIT": 3,
                       "FROZEN_NOW": FROZEN_NOW})


def test_start_and_looking_store_nothing(app, walker, survey):
    for _ in range(20):
        token = walker.start()
        html = walker.get(token, survey.pages[0]).get_data(as_text=True)
        assert '<span class="req">(pakollinen)</span>' in html and "&lt;span" not in html
        assert walker.client.get(f"/a/{token}").status_code == 302
    assert count(app) == 0
    assert walker.post(token, survey.pages[0]).status_code == 302
    assert count(app) == 1


def test_forged_token_is_404(client, survey):
    token = "A" * 48
    assert client.get(f"/a/{token}/sivu/{survey.pages[0].id}").status_code == 404


def start_and_save(app, survey, address, lang="fi", overrides=None):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    walker = Walker(client, survey)
    token = walker.start(lang)
    return walker.post(token, survey.pages[0], overrides=overrides), token


def test_draft_creation_is_limited_per_address(limited):
    survey = limited.extensions["surveys"].current("tp1")
    for _ in range(3):
        assert start_and_save(limited, survey, "203.0.113.5")[0].status_code == 302
    refused, token = start_and_save(limited, survey, "203.0.113.5",
                                    overrides={"company_name": "<b>Ylimääräinen</b> Oy"})
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "liian monta uutta kyselyä" in html
    assert 'value="&lt;b&gt;Ylimääräinen&lt;/b&gt; Oy"' in html  # nothing typed is lost, shown literally
    assert count(limited) == 3
    # another address is not affected; the refused one keeps its token and answers in English too
    assert start_and_save(limited, survey, "198.51.100.7")[0].status_code == 302
    english = start_and_save(limited, survey, "203.0.113.5", lang="en")[0]
    assert english.status_code == 429 and "Too many new questionnaires" in english.get_data(as_text=True)
    # saving again a draft that exists is never refused
    client = limited.test_client()
    client.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    walker = Walker(client, survey)
    token = walker.start()
    assert walker.post(token, survey.pages[0]).status_code == 302
    for page in survey.pages[1:3]:
        assert walker.post(token, page).status_code == 302
    assert count(limited) == 5
    # the addresses are stored only as keyed hashes
    stored = [r[0] for r in connect(limited.config["DATABASE"]).execute("SELECT address FROM draft_starts")]
    assert stored and not any("203.0.113" in a or "198.51" in a for a in stored)


def test_limit_window_passes(limited, monkeypatch):
    survey = limited.extensions["surveys"].current("tp1")
    for _ in range(3):
        start_and_save(limited, survey, "203.0.113.9")
    import storage.draft_limits as limits
    real = limits.clock
    monkeypatch.setattr(limits, "clock", lambda: real() + 3601)
    assert start_and_save(limited, survey, "203.0.113.9")[0].status_code == 302
