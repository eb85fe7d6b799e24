"""Loads and validates the website check's data files: check texts and contradiction rules."""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

from . import checks

DATA = Path(__file__).parent / "data"
LANGS = ("fi", "en")
CHECK_IDS = ("https", "http_redirect", "certificate", "hsts", "cookie_consent", "viewport", "title", "description",
             "lang", "language_versions", "contact_phone", "contact_email", "address", "business_id",
             "opening_hours", "structured_data", "open_graph", "social_links", "webshop", "booking", "analytics",
             "ads_pixel", "img_alt", "form_labels", "heading_order", "page_weight", "response_time")
ERRORS = ("empty", "malformed", "scheme", "port", "dns", "private", "redirects", "timeout", "unreachable",
          "not_html", "http_error", "encoding", "too_large", "failed")
# The only details shown beside an error's plain reason: a category that cannot carry internal
# addresses, DNS answers or exception text (the status, the content type, the port, the scheme).
SAFE_DETAILS = {"http_error": re.compile(r"HTTP [0-9]{3}"), "port": re.compile(r"[0-9]{1,5}"),
                "not_html": re.compile(r"[a-z0-9.+-]{1,40}/[a-z0-9.+-]{1,60}"),
                "scheme": re.compile(r"[a-z][a-z0-9+.-]{0,19}")}


class DataError(ValueError):
    pass


def _bilingual(value, where: str) -> dict:
    if not isinstance(value, dict) or any(not isinstance(value.get(lang), str) or not value[lang].strip()
                                          for lang in LANGS):
        raise DataError(f"{where}: needs non-empty texts in {' and '.join(LANGS)}")
    return value


def _read(name: str) -> dict:
    path = DATA / name
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{name}: {exc}") from None


def validate_checks(data: dict, name: str = "checks.toml") -> dict:
    table = data.get("checks", {})
    for check_id in CHECK_IDS:
        if check_id not in table:
            raise DataError(f"{name}: check {check_id!r} is missing")
    for check_id, entry in table.items():
        if check_id not in CHECK_IDS:
            raise DataError(f"{name}: unknown check {check_id!r}")
        if not isinstance(entry.get("area"), str):
            raise DataError(f"{name}: checks.{check_id}: 'area' is missing")
        for key in ("name", "advice"):
            _bilingual(entry.get(key), f"{name}: checks.{check_id}.{key}")
        if "unknown" in entry:  # why the check can end "unknown": shown with that status
            _bilingual(entry["unknown"], f"{name}: checks.{check_id}.unknown")
    for status in checks.STATUSES:
        _bilingual(data.get("statuses", {}).get(status), f"{name}: statuses.{status}")
    for code in ERRORS:
        _bilingual(data.get("errors", {}).get(code), f"{name}: errors.{code}")
    return data


def validate_rules(data: dict, name: str = "contradictions.toml") -> list[dict]:
    rules = data.get("rules", [])
    for index, rule in enumerate(rules):
        where = f"{name}: rules[{index}] ({rule.get('id', '?')})"
        if rule.get("check") not in CHECK_IDS:
            raise DataError(f"{where}: unknown check {rule.get('check')!r}")
        if not set(rule.get("statuses", [])) <= set(checks.STATUSES) or not rule.get("statuses"):
            raise DataError(f"{where}: 'statuses' must list some of {', '.join(checks.STATUSES)}")
        if not isinstance(rule.get("question"), str):
            raise DataError(f"{where}: 'question' is missing")
        if ("min_score" in rule) == ("any_of" in rule):
            raise DataError(f"{where}: give either 'min_score' (ladder item) or 'any_of' (choice codes)")
        _bilingual(rule.get("text"), f"{where}.text")
    return rules


@functools.lru_cache(maxsize=1)
def load() -> tuple[dict, list[dict]]:
    return validate_checks(_read("checks.toml")), validate_rules(_read("contradictions.toml"))


def check_area(check_id: str) -> str:
    return load()[0]["checks"][check_id]["area"]


def check_text(check_id: str, key: str, lang: str) -> str:
    return load()[0]["checks"][check_id][key][lang]


def unknown_reason(check_id: str, lang: str) -> str:
    """Why a check can end "unknown" (data/checks.toml), or empty."""
    entry = load()[0]["checks"][check_id].get("unknown")
    return entry[lang] if entry else ""


def status_text(status: str, lang: str) -> str:
    return load()[0]["statuses"][status][lang]


def error_text(code: str | None, lang: str) -> str:
    errors = load()[0]["errors"]
    return errors.get(code or "unreachable", errors["unreachable"])[lang]


def safe_detail(code: str | None, detail: str | None) -> str:
    """The detail of an error when it is a harmless category for its code, else empty."""
    pattern = SAFE_DETAILS.get(code or "")
    text = (detail or "").strip().lower() if code == "not_html" else (detail or "").strip()
    return text if pattern is not None and pattern.fullmatch(text) else ""
