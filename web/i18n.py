"""Language selection: Finnish by default, English on request (?lang=en or the switcher)."""

from __future__ import annotations

from flask import current_app, g, has_request_context, request, session
from flask_babel import Babel, get_locale, refresh

babel = Babel()


def select_locale() -> str:
    """The request's language; outside a request (a command, a job) the default unless the code
    says which (``force_locale``)."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    wanted = request.args.get("lang")
    if wanted in languages:
        session["lang"] = wanted
        return wanted
    # A private link (resume, results) opens in the language stored with the draft, on any device.
    drafted = g.get("draft_language")
    if drafted in languages:
        return drafted
    stored = session.get("lang")
    if stored in languages:
        return stored
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def follow_draft_language(language: str | None) -> None:
    """Use the language stored with a draft for this request, unless this browser has chosen one
    (?lang= now or earlier in the session)."""
    languages = current_app.config["LANGUAGES"]
    if request.args.get("lang") in languages or session.get("lang") in languages or language not in languages:
        return  # a language chosen in this browser wins; a new browser follows the draft
    g.draft_language = language
    session["lang"] = language
    refresh()


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["current_language"] = current_language
