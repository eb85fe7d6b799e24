"""Friendly error pages in the user's language (never a bare 500 text)."""

from __future__ import annotations

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def _page(status: int):
    return render_template("errors/error.html", status=status), status


def init_app(app) -> None:
    from questionnaire.views import handle_csrf_error

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return handle_csrf_error(exc)

    @app.errorhandler(HTTPException)
    def http_error(exc):
        if exc.code in (400, 403, 404, 405, 413, 429):
            return _page(exc.code)
        return exc

    @app.errorhandler(500)
    def server_error(exc):
        return _page(500)
