"""Every setting is checked when the app is created: a wrong one refuses the start with one line
naming it; `flask --help` works without any configuration; the command line says which database
it uses (issue 27: items 7, 10, 12, 14)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from web.settings import ConfigError

ROOT = Path(__file__).resolve().parents[1]
GOOD = {"DIGIANALYYSI_SECRET_KEY": "s" * 40, "DIGIANALYYSI_DEPLOYMENT": "production",
        "DIGIANALYYSI_SESSION_COOKIE_SECURE": "true", "DIGIANALYYSI_CONTACT_EMAIL": "tietosuoja@example.fi",
        "DIGIANALYYSI_PUBLIC_BASE_URL": "https://digianalyysi.example.fi"}


@pytest.fixture
def environment(tmp_path, monkeypatch):
    for key in [k for k in os.environ if k.startswith("DIGIANALYYSI_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("DIGIANALYYSI_DATABASE", str(tmp_path / "s.db"))
    for key, value in GOOD.items():
        monkeypatch.setenv(key, value)
    return monkeypatch


@pytest.mark.parametrize("name, value, message", [
    ("DEPLOYMENT", "prod", "DEPLOYMENT must be exactly one of production, local, test (lower case), not 'prod'"),
    ("DEPLOYMENT", "Production", "DEPLOYMENT must be exactly one of"),
    ("DRAFT_START_LIMIT", "abc", "DRAFT_START_LIMIT must be a whole number, not 'abc'"),
    ("DRAFT_START_LIMIT", "0", "DRAFT_START_LIMIT must be at least 1, not 0"),
    ("MAIL_PORT", "abc", "MAIL_PORT must be a whole number"),
    ("MAIL_PORT", "70000", "MAIL_PORT must be between 1 and 65535, not 70000"),
    ("PROJECT_END", "31.8.2027", "PROJECT_END must be an ISO date such as 2027-08-31, not '31.8.2027'"),
    ("PROXY_COUNT", "yes", "PROXY_COUNT must be a whole number"),
    ("SESSION_COOKIE_SECURE", "yes", "SESSION_COOKIE_SECURE must be true or false, not 'yes'"),
    ("MAIL_TIMEOUT", "-1", "MAIL_TIMEOUT must be a positive number of seconds"),
    ("CONTACT_EMAIL", "nobody", "CONTACT_EMAIL must be an email address, not 'nobody'"),
    ("TIME_ZONE", "Mars/Olympus", "TIME_ZONE must be a time zone name"),
    ("FROZEN_NOW", "yesterday", "FROZEN_NOW must be an ISO moment"),
    ("WEBSITE_CHECK_CA_FILE", "/no/such/file.pem", "WEBSITE_CHECK_CA_FILE must name an existing file"),
    ("AI_BASE_URL", "ftp://x", "AI_BASE_URL must be an http(s) address"),
    ("DATABSE", "x.db", "unknown setting DIGIANALYYSI_DATABSE"),
    ("HEALTH_DETAIL_FROM", '["10.0.0.0/33"]', "HEALTH_DETAIL_FROM must be a list of IP networks"),
    ("HEALTH_DETAIL_FROM", '"127.0.0.1"', "HEALTH_DETAIL_FROM must be a list of IP networks"),
])
def test_a_wrong_setting_refuses_the_start_naming_it(environment, name, value, message):
    environment.setenv(f"DIGIANALYYSI_{name}", value)
    with pytest.raises(ConfigError) as caught:
        create_app()
    text = str(caught.value)
    assert message in text and "\n" not in text


@pytest.mark.parametrize("name, value, setting", [
    ("CONTACT_EMAIL", "", "CONTACT_EMAIL is not set: the privacy notice must name the controller's contact"),
    ("SECRET_KEY", "k" * 20, "SECRET_KEY is shorter than 32 characters"),
    ("PUBLIC_BASE_URL", "", "PUBLIC_BASE_URL is not set: certificates' QR codes"),  # even with mail off
    ("FROZEN_NOW", "2026-11-23T10:00:00+02:00", "FROZEN_NOW is set"),
])
def test_production_refuses_what_only_tests_and_demos_may_use(environment, name, value, setting):
    environment.setenv(f"DIGIANALYYSI_{name}", value)
    with pytest.raises(ConfigError, match="Refusing to start in production") as caught:
        create_app()
    assert setting in str(caught.value)
    environment.setenv("DIGIANALYYSI_DEPLOYMENT", "local")
    environment.setenv("DIGIANALYYSI_SECRET_KEY", "s" * 40)
    assert create_app().config["DEPLOYMENT"] == "local"


def test_text_settings_are_taken_as_typed(environment):
    """A numeric password or key stays text (the environment's JSON parsing would make it a number)."""
    environment.setenv("DIGIANALYYSI_MAIL_PASSWORD", "123456")
    environment.setenv("DIGIANALYYSI_SECRET_KEY", "1" * 40)
    environment.setenv("DIGIANALYYSI_MAIL_PORT", "2525")
    config = create_app().config
    assert config["MAIL_PASSWORD"] == "123456" and config["SECRET_KEY"] == "1" * 40 and config["MAIL_PORT"] == 2525


def flask(tmp_path, *args, **env):
    """`flask --app app ...` in a separate process from another directory, with only the given settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DIGIANALYYSI_", "FLASK_"))}
    clean.update(PYTHONPATH=str(ROOT), **{f"DIGIANALYYSI_{k}": v for k, v in env.items()})
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=tmp_path, env=clean,
                          capture_output=True, text=True, timeout=120)


def command(*args, **env):
    """The same `flask` command line, in this process (faster): FlaskGroup loads the app as the
    real command does, with these DIGIANALYYSI_* settings only."""
    from click.testing import CliRunner
    from flask.cli import cli

    settings = {k: None for k in os.environ if k.startswith("DIGIANALYYSI_")}
    settings.update({f"DIGIANALYYSI_{k}": v for k, v in env.items()})
    return CliRunner().invoke(cli, ["--app", "app", *args], env=settings)


def local(tmp_path, **extra):
    return {"SECRET_KEY": "s" * 40, "DEPLOYMENT": "local", "SESSION_COOKIE_SECURE": "false",
            "DATABASE": str(tmp_path / "data" / "d.db"), **extra}


def test_help_works_without_configuration(tmp_path):
    helped = flask(tmp_path, "--help", SECRET_KEY="")
    assert helped.returncode == 0 and "Traceback" not in helped.stderr
    for name in ("backup", "restore", "db", "retention", "users", "mail", "training", "init-db"):
        assert f"\n  {name} " in helped.stdout, name
    refused = flask(tmp_path, "users", "list", SECRET_KEY="")
    assert refused.returncode == 1 and refused.stderr.strip().splitlines() == [
        "Error: SECRET_KEY is not set: run `make run` (writes instance/config.py for local use) or set "
        "DIGIANALYYSI_SECRET_KEY in production."]


def test_each_refusal_is_one_line(tmp_path):
    for args, env, line in [
        (["users", "list"], local(tmp_path, DATABASE="/etc/passwd"),
         "Error: DATABASE: database /etc/passwd is not an SQLite database"),
        (["backup", "x.db"], local(tmp_path, DATABASE="/etc/passwd/x.db"),
         "Error: DATABASE: database /etc/passwd/x.db: /etc/passwd is a file, not a directory"),
        (["retention"], local(tmp_path, DEPLOYMENT="prod"), "Error: Refusing to start: DEPLOYMENT must be exactly"),
        (["mail", "send"], local(tmp_path, MAIL_PORT="abc"), "Error: Refusing to start: MAIL_PORT must be a whole"),
    ]:
        result = command(*args, **env)
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(line), result.output
    assert "Usage:" in command("backup", "--help", SECRET_KEY="").output  # a command's own help too


def test_commands_print_their_database_and_refuse_an_uninitialised_one(tmp_path):
    """A cron job without DIGIANALYYSI_DATABASE backed up an empty default database and exited 0."""
    env = local(tmp_path)
    database = env["DATABASE"]
    (tmp_path / "b").mkdir()
    for args in (["backup", str(tmp_path / "b" / "x.db")], ["retention"], ["users", "list"]):
        result = command(*args, **env)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith(f"Database: {database}\n"), result.stderr
        assert "never been initialised" in result.stderr or "has not been initialised" in result.stderr
    assert not Path(database).exists() and not (tmp_path / "b" / "x.db").exists()
    upgraded = command("db", "upgrade", **env)
    assert upgraded.exit_code == 0 and "applied m001_companies_and_responses" in upgraded.stdout
    assert "is current" in upgraded.stdout
    retention = command("retention", **env)
    assert retention.exit_code == 0 and retention.stderr.startswith(f"Database: {database}")


def test_the_privacy_notice_names_the_logs_and_their_retention(app, client):
    from tests.test_visible_text import visible_text

    app.config.update(LOG_RETENTION_DAYS=21, CONTACT_EMAIL="tietosuoja@example.fi")
    fi = visible_text(client.get("/tietosuoja?lang=fi").get_data(as_text=True))
    en = visible_text(client.get("/tietosuoja?lang=en").get_data(as_text=True))
    assert "Lokit ja IP-osoitteet" in fi and "poistetaan 21 päivän kuluttua" in fi and "tietosuoja@example.fi" in fi
    assert "Logs and IP addresses" in en and "deleted after 21 days" in en and "tietosuoja@example.fi" in en
