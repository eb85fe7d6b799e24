"""Configuration: defaults here, then ``instance/config.py``, then ``DIGIANALYYSI_*`` variables."""

from __future__ import annotations

import os
from datetime import timedelta
from urllib.parse import urlsplit

from . import settings
from .settings import ConfigError

PREFIX = "DIGIANALYYSI_"


class Defaults:
    # Never set here: `make run` writes a random one to instance/config.py for local use, and
    # production sets DIGIANALYYSI_SECRET_KEY. create_app() refuses to start without one.
    SECRET_KEY = None
    # "production" (default) refuses to start with a weak secret key or insecure cookies;
    # `make run` writes DEPLOYMENT = "local" for http on 127.0.0.1.
    DEPLOYMENT = "production"
    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto/-Host (0 = no proxy).
    PROXY_COUNT = 0
    DATABASE = None  # default: <instance>/digianalyysi.db
    ACTIVE_SURVEY = "tp1"
    SURVEY_DEFINITIONS_DIR = None  # default: surveys/definitions
    SURVEY_METHOD_DIR = None  # default: surveys/method (scoring method, referral rules, offers)

    BABEL_DEFAULT_LOCALE = "fi"
    # The project's time zone: "today", the date of a timestamp and the times shown (clock package).
    TIME_ZONE = "Europe/Helsinki"
    # Freezes the app's clock at this moment (ISO 8601; without an offset it is TIME_ZONE time).
    # For tests and demos only: refused in production.
    FROZEN_NOW = None
    LANGUAGES = ("fi", "en")

    # A slow respondent may leave a page open for hours; an expired token re-shows the page with
    # everything typed (see questionnaire.views.recover_posted_page), so this only bounds how long a token is valid.
    WTF_CSRF_TIME_LIMIT = 24 * 3600
    WTF_CSRF_SSL_STRICT = True

    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # The cookie is sent only when the session changes: a stylesheet or favicon fetched in parallel
    # with a page must not write back the session it started with (a language chosen meanwhile
    # was reverted that way). The server-side session's own idle and age limits end a login.
    SESSION_REFRESH_EACH_REQUEST = False
    MAX_CONTENT_LENGTH = 1024 * 1024

    # Email for resume links; nothing is sent while MAIL_SERVER is empty.
    MAIL_SERVER = None
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_SENDER = "digianalyysi@localhost"
    MAIL_TIMEOUT = 10

    # Retention: contact details are removed RETENTION_MONTHS_AFTER_END months after PROJECT_END
    # (ISO date; unset = kept) and unsent drafts after DRAFT_RETENTION_DAYS, by `flask retention`.
    PROJECT_END = None
    RETENTION_MONTHS_AFTER_END = 12
    DRAFT_RETENTION_DAYS = 365

    # New questionnaire drafts one client address may start (the draft is stored when its first
    # page is saved) within DRAFT_START_WINDOW seconds; a course room behind one NAT fits in it.
    DRAFT_START_LIMIT = 40
    DRAFT_START_WINDOW = 3600

    # The controller's name and email in the privacy notice and accessibility statement: None uses
    # the service contact of projectdata/contact.toml ([service]); a value here overrides it.
    SERVICE_OWNER = None
    CONTACT_EMAIL = None

    # Public sign-ups from the open training calendar (webinars, "open with my link") one client
    # address may make per hour; an email address may sign up 5 times an hour.
    SIGNUP_LIMIT = 30

    # Website quick check (docs/website-check.md): hosts allowed even when they resolve to
    # non-global addresses ("host" or "host:port"; tests and intranets), the one deadline of a
    # check in seconds (fetching and parsing; at most 45, below gunicorn's 60 s worker timeout),
    # the memory a check's process may add (bytes), concurrent checks of `flask website-check
    # --all`, an extra CA file.
    WEBSITE_CHECK_ALLOWED_HOSTS = ()
    WEBSITE_CHECK_TIMEOUT = 15
    WEBSITE_CHECK_MEMORY = 256 * 1024 * 1024
    WEBSITE_CHECK_CONCURRENCY = 8
    WEBSITE_CHECK_CA_FILE = None
    # Optional AI draft: an OpenAI-compatible endpoint (base URL ending before /chat/completions),
    # the model and key. Off while AI_BASE_URL or AI_MODEL is empty.
    AI_BASE_URL = None
    AI_MODEL = None
    AI_API_KEY = None
    AI_TIMEOUT = 30

    # Tests of multi-worker behaviour: each response names the worker process that answered.
    EXPOSE_WORKER_PID = False

    # Absolute base of every link in emails, certificates and mail merges (e.g.
    # https://digianalyysi.example.fi), never taken from a request (web/urls.py). Required outside
    # local development and tests when MAIL_SERVER is set (check_public_base_url).
    PUBLIC_BASE_URL = None

    # Operations (docs/operations.md). The schema is changed only by `flask db upgrade` (or
    # `flask init-db`); AUTO_MIGRATE lets create_app() apply pending migrations itself (tests).
    AUTO_MIGRATE = False
    # Outbox (storage/outbox.py): attempts per message before it is given up (shown to the
    # coordinator), and whether each web worker drains the outbox in a background thread (else
    # `flask mail send` from cron).
    MAIL_MAX_ATTEMPTS = 8
    MAIL_SENDER_THREAD = True
    # Access logs hold client IP addresses: how long the operator keeps them (logrotate), stated in
    # the privacy notice.
    LOG_RETENTION_DAYS = 14
    # The erasure ledger (storage/erasures.py): keyed hashes of erased companies' business IDs,
    # re-applied by `flask restore`. Keep it with the backups; default: next to the database.
    ERASURE_LEDGER = None
    # /terveys reports an error when the database's file system has less free space than this.
    HEALTH_MIN_FREE_MB = 200
    # who sees what /terveys found (the upgrade procedure's curl on the host); others get the status only
    HEALTH_DETAIL_FROM = ["127.0.0.0/8", "::1/128"]


def load(app, test_config: dict | None = None) -> None:
    """Defaults, then instance/config.py, then DIGIANALYYSI_* variables (or a test's dict), then
    every setting checked: a wrong one raises ``ConfigError`` with one line naming it."""
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        known = set(app.config)
        app.config.from_prefixed_env("DIGIANALYYSI")
        _texts_as_typed(app.config)
        names = [key[len(PREFIX):] for key in os.environ if key.startswith(PREFIX)]
        typos = settings.unknown(names, known)
        if typos:
            raise ConfigError(f"unknown setting {PREFIX}{typos[0]}: no setting of that name (see README, "
                              "Configuration)")
    else:
        # A test configuration is not a production deployment unless it says so (the default
        # protects real deployments, which never pass test_config); its fresh database gets the schema.
        app.config["DEPLOYMENT"] = "test"
        app.config["AUTO_MIGRATE"] = True
        app.config.update(test_config)
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIME_ZONE"]  # pages show times in the same zone
    if not app.config.get("DATABASE"):
        app.config["DATABASE"] = os.path.join(app.instance_path, "digianalyysi.db")
    if not app.config.get("SECRET_KEY"):
        raise ConfigError(
            "SECRET_KEY is not set: run `make run` (writes instance/config.py for local use) or set "
            "DIGIANALYYSI_SECRET_KEY in production."
        )
    wrong = settings.problems(app.config)
    if wrong:
        raise ConfigError("Refusing to start: " + "; ".join(wrong) + ".")
    check_public_base_url(app.config)
    if test_config is None and app.config["DEPLOYMENT"] == "production":
        check_production(app.config)


def _texts_as_typed(config) -> None:
    """``from_prefixed_env`` parses values as JSON: a numeric password or key would become a
    number. Text settings take the variable exactly as typed."""
    for name in settings.text_settings():
        raw = os.environ.get(PREFIX + name)
        if raw is not None:
            config[name] = raw if raw != "" else None


LOCAL_DEPLOYMENTS = ("local", "test")


def check_public_base_url(config) -> None:
    """Links in emails must not depend on the request's Host header (a client sets it): with mail
    on outside local development and tests, PUBLIC_BASE_URL is required; when given, it must be an
    http(s) address without user, query or fragment. Raises ConfigError with one line."""
    base = str(config.get("PUBLIC_BASE_URL") or "").strip()
    if not base:
        if config.get("MAIL_SERVER") and config.get("DEPLOYMENT") not in LOCAL_DEPLOYMENTS:
            raise ConfigError("Refusing to start: MAIL_SERVER is set but PUBLIC_BASE_URL is not; emailed links "
                              "need the site's public address, e.g. "
                              "DIGIANALYYSI_PUBLIC_BASE_URL=https://digianalyysi.example.fi")
        return
    try:
        parts = urlsplit(base)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.username
            or parts.password or parts.query or parts.fragment or any(ch.isspace() for ch in base)):
        raise ConfigError(f"Refusing to start: PUBLIC_BASE_URL {base!r} is not an http(s) address such as "
                          "https://digianalyysi.example.fi")


def check_production(config) -> None:
    """Refuse to serve real users with settings that would expose them."""
    problems = []
    if len(str(config["SECRET_KEY"])) < 32:
        problems.append("SECRET_KEY is shorter than 32 characters (use e.g. `python -c 'import secrets; "
                        "print(secrets.token_hex(32))'`)")
    if not config.get("SESSION_COOKIE_SECURE"):
        problems.append("SESSION_COOKIE_SECURE is off: session cookies would travel over plain http")
    if not config.get("CONTACT_EMAIL"):
        problems.append("CONTACT_EMAIL is not set: the privacy notice must name the controller's contact "
                        "(e.g. DIGIANALYYSI_CONTACT_EMAIL=tietosuoja@example.fi)")
    if not str(config.get("PUBLIC_BASE_URL") or "").strip():
        problems.append("PUBLIC_BASE_URL is not set: certificates' QR codes, the follow-up links of a mail merge "
                        "and every emailed link need the site's public address "
                        "(e.g. DIGIANALYYSI_PUBLIC_BASE_URL=https://digianalyysi.example.fi)")
    if config.get("FROZEN_NOW"):
        problems.append("FROZEN_NOW is set: the clock would stand still (it is for tests and demos only)")
    if problems:
        raise ConfigError("Refusing to start in production: " + "; ".join(problems)
                          + ". For local use set DEPLOYMENT = \"local\" (make run does).")
