"""Language selection: Finnish by default, English on request (?lang=en or the switcher)."""

from __future__ import annotations

from flask import current_app, request, session
from flask_babel import Babel, get_locale

babel = Babel()


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    wanted = request.args.get("lang")
    if wanted in languages:
        session["lang"] = wanted
        return wanted
    stored = session.get("lang")
    if stored in languages:
        return stored
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["current_language"] = current_language
