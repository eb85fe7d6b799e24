"""Friendly error pages in the user's language (never a bare 500 text), and the CSRF-error handler."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def _page(status: int):
    return render_template("errors/error.html", status=status), status


def csrf_recovery(bp, endpoint: str, recover) -> None:
    """Let a blueprint recover from an expired CSRF token on one of its endpoints (e.g. show the
    posted page again with everything typed) instead of the generic page."""
    def register(state):
        state.app.extensions.setdefault("csrf_recovery", {})[endpoint] = recover
    bp.record_once(register)


def handle_csrf_error(exc):
    """An expired or missing CSRF token: nothing typed is lost where a blueprint can recover;
    elsewhere a friendly page explains what happened."""
    recover = current_app.extensions.get("csrf_recovery", {}).get(request.endpoint)
    if recover is not None and request.view_args:
        return recover(exc)
    return render_template("errors/csrf.html"), 400


def init_app(app) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)

    @app.errorhandler(HTTPException)
    def http_error(exc):
        if exc.code in (400, 403, 404, 405, 413, 429):
            return _page(exc.code)
        return exc

    @app.errorhandler(500)
    def server_error(exc):
        return _page(500)
