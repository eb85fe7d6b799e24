"""CSRF protection on every POST, and response headers that keep tokens and pages safe."""

from __future__ import annotations

import logging
import os

from flask import request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix


csrf = CSRFProtect()
log = logging.getLogger(__name__)
_warned = {"proxy": False}


def init_app(app) -> None:
    csrf.init_app(app)
    if app.config.get("PROXY_COUNT"):
        hops = int(app.config["PROXY_COUNT"])
        # X-Forwarded-Host is never trusted (x_host=0): the host comes from the proxy's Host header,
        # and no absolute link is built from either (web/urls.py uses PUBLIC_BASE_URL).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)
    else:
        app.before_request(warn_unconfigured_proxy)
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
        if request.endpoint != "static":
            # Pages, PDFs, exports, JSON and CSV may hold personal data (logged-in users, private
            # links): no browser or proxy may keep a copy. Only the static files are cacheable.
            response.headers["Cache-Control"] = "no-store"
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if expose_pid:
            response.headers["X-Worker-Pid"] = str(os.getpid())
        return response


def warn_unconfigured_proxy() -> None:
    """Behind a proxy without PROXY_COUNT every client has the proxy's address, so the login and
    draft limits apply to everyone together: said once per worker in the log (never the address)."""
    if _warned["proxy"] or "X-Forwarded-For" not in request.headers:
        return
    _warned["proxy"] = True
    log.warning("requests carry X-Forwarded-For but PROXY_COUNT is 0: every client gets the proxy's address, so "
                "the login and draft limits apply to all users together. Behind one reverse proxy set "
                "DIGIANALYYSI_PROXY_COUNT=1 (docs/operations.md, Deployment).")
