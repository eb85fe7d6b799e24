"""CSRF protection on every POST, and response headers that keep tokens and pages safe."""

from __future__ import annotations

import os

from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


def init_app(app) -> None:
    csrf.init_app(app)
    # Tests of multi-worker behaviour need to see which worker answered; never on by default.
    expose_pid = bool(app.config.get("EXPOSE_WORKER_PID"))

    @app.after_request
    def headers(response):
        # Resume links carry a private token in the path: never leak it in a Referer header.
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        )
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        if expose_pid:
            response.headers["X-Worker-Pid"] = str(os.getpid())
        return response
