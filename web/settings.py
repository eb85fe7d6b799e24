"""Every setting's type and allowed values, checked when the application is created.

A setting that is wrong refuses the start with one line naming it (``ConfigError``), instead of
starting and failing later: ``DEPLOYMENT=prod`` silently switching the production checks off,
``DRAFT_START_LIMIT=abc`` turning every new analysis into a 500, ``PROJECT_END=31.8.2027``
failing in the nightly cron job. No Flask, no I/O beyond looking at the paths a setting names.
"""

from __future__ import annotations

import ipaddress

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEPLOYMENTS = ("production", "local", "test")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
# Read by gunicorn.conf.py from the same DIGIANALYYSI_* environment (not application settings).
GUNICORN_SETTINGS = ("BIND", "WORKERS", "CONTROL_SOCKET", "ACCESS_LOG")


class ConfigError(RuntimeError):
    """A setting that prevents a safe start; the message is one line naming the setting."""


@dataclass(frozen=True)
class Rule:
    check: Callable[[Any], str | None]  # None when the value is fine, else what is wrong
    text: bool = False  # a text setting: an environment value is taken as typed (never parsed as JSON)


def _integer(low: int | None = None, high: int | None = None) -> Callable[[Any], str | None]:
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number, not {value!r}"
        if low is not None and value < low or high is not None and value > high:
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            return f"must be {bounds}, not {value}"
        return None
    return check


def _number(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return f"must be a positive number of seconds, not {value!r}"
    return None


def _boolean(value) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {value!r}"


def _text(optional: bool = False) -> Callable[[Any], str | None]:
    def check(value):
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            return f"must be a non-empty text, not {value!r}"
        return None
    return check


def _choice(*allowed: str) -> Callable[[Any], str | None]:
    def check(value):
        if value in allowed:
            return None
        return f"must be exactly one of {', '.join(allowed)} (lower case), not {value!r}"
    return check


def _iso_date(value) -> str | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return None
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return f"must be an ISO date such as 2027-08-31, not {value!r}"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        return f"must be an ISO date such as 2027-08-31, not {value!r}"
    return None


def _iso_moment(value) -> str | None:
    if value is None or isinstance(value, datetime):
        return None
    try:
        datetime.fromisoformat(str(value))
    except ValueError:
        return f"must be an ISO moment such as 2026-11-23T10:00:00+02:00, not {value!r}"
    return None


def _time_zone(value) -> str | None:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        return f"must be a time zone name such as Europe/Helsinki, not {value!r}"
    return None


def _email(optional: bool) -> Callable[[Any], str | None]:
    def check(value):
        if value is None and optional:
            return None
        if not isinstance(value, str) or not EMAIL.match(value):
            return f"must be an email address, not {value!r}"
        return None
    return check


def _url(value) -> str | None:
    if value is None:
        return None
    parts = urlsplit(str(value))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"must be an http(s) address, not {value!r}"
    return None


def _hosts(value) -> str | None:
    if isinstance(value, (list, tuple)) and all(isinstance(h, str) and h for h in value):
        return None
    return f'must be a list of host names (e.g. ["intra.example"]), not {value!r}'


def _networks(value) -> str | None:
    message = f'must be a list of IP networks (e.g. ["127.0.0.0/8", "10.0.0.5/32"]), not {value!r}'
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        return message
    try:
        for item in value:
            ipaddress.ip_network(item, strict=False)
    except ValueError:
        return message
    return None


def _path(kind: str) -> Callable[[Any], str | None]:
    def check(value):
        if value is None:
            return None
        path = Path(str(value))
        exists = path.is_dir() if kind == "directory" else path.is_file()
        return None if exists else f"must name an existing {kind}, not {value!r}"
    return check


def _languages(value) -> str | None:
    if isinstance(value, (list, tuple)) and value and all(v in ("fi", "en") for v in value):
        return None
    return f'must list languages among "fi" and "en", not {value!r}'


RULES: dict[str, Rule] = {
    "SECRET_KEY": Rule(_text(), text=True),
    "DEPLOYMENT": Rule(_choice(*DEPLOYMENTS), text=True),
    "PROXY_COUNT": Rule(_integer(0, 5)),
    "DATABASE": Rule(_text(), text=True),
    "AUTO_MIGRATE": Rule(_boolean),
    "ACTIVE_SURVEY": Rule(_text(), text=True),
    "SURVEY_DEFINITIONS_DIR": Rule(_path("directory"), text=True),
    "SURVEY_METHOD_DIR": Rule(_path("directory"), text=True),
    "LANGUAGES": Rule(_languages),
    "BABEL_DEFAULT_LOCALE": Rule(_choice("fi", "en"), text=True),
    "WTF_CSRF_TIME_LIMIT": Rule(_integer(60)),
    "SESSION_COOKIE_SECURE": Rule(_boolean),
    "MAX_CONTENT_LENGTH": Rule(_integer(1024)),
    "MAIL_SERVER": Rule(_text(optional=True), text=True),
    "MAIL_PORT": Rule(_integer(1, 65535)),
    "MAIL_USE_TLS": Rule(_boolean),
    "MAIL_USERNAME": Rule(_text(optional=True), text=True),
    "MAIL_PASSWORD": Rule(_text(optional=True), text=True),
    "MAIL_SENDER": Rule(_email(optional=False), text=True),
    "MAIL_TIMEOUT": Rule(_number),
    "MAIL_MAX_ATTEMPTS": Rule(_integer(1, 50)),
    "MAIL_SENDER_THREAD": Rule(_boolean),
    "PROJECT_END": Rule(_iso_date, text=True),
    "RETENTION_MONTHS_AFTER_END": Rule(_integer(0, 240)),
    "DRAFT_RETENTION_DAYS": Rule(_integer(1)),
    "DRAFT_START_LIMIT": Rule(_integer(1)),
    "DRAFT_START_WINDOW": Rule(_integer(1)),
    "SERVICE_OWNER": Rule(_text(optional=True), text=True),
    "CONTACT_EMAIL": Rule(_email(optional=True), text=True),
    "LOG_RETENTION_DAYS": Rule(_integer(1, 3650)),
    "ERASURE_LEDGER": Rule(_text(optional=True), text=True),
    "HEALTH_MIN_FREE_MB": Rule(_integer(0)),
    "HEALTH_DETAIL_FROM": Rule(_networks),
    "WEBSITE_CHECK_ALLOWED_HOSTS": Rule(_hosts),
    "WEBSITE_CHECK_TIMEOUT": Rule(_number),
    "WEBSITE_CHECK_CONCURRENCY": Rule(_integer(1, 64)),
    "WEBSITE_CHECK_CA_FILE": Rule(_path("file"), text=True),
    "AI_BASE_URL": Rule(_url, text=True),
    "PUBLIC_BASE_URL": Rule(_text(optional=True), text=True),  # its form: web.config.check_public_base_url
    "AI_MODEL": Rule(_text(optional=True), text=True),
    "AI_API_KEY": Rule(_text(optional=True), text=True),
    "AI_TIMEOUT": Rule(_number),
    "TRAININGS_CATALOGUE": Rule(_path("file"), text=True),
    "EXPOSE_WORKER_PID": Rule(_boolean),
    "TIME_ZONE": Rule(_time_zone, text=True),
    "FROZEN_NOW": Rule(_iso_moment, text=True),
}


def text_settings() -> tuple[str, ...]:
    return tuple(name for name, rule in RULES.items() if rule.text)


def problems(config) -> list[str]:
    """What is wrong with the settings, one phrase per setting (empty: all fine)."""
    found = []
    for name, rule in RULES.items():
        if name not in config:
            continue
        message = rule.check(config[name])
        if message:
            found.append(f"{name} {message}")
    return found


def unknown(names, config) -> list[str]:
    """``DIGIANALYYSI_*`` names that match no setting (a typo would otherwise be ignored)."""
    return sorted(name for name in names if name not in config and name not in GUNICORN_SETTINGS)
