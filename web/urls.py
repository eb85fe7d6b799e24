"""Absolute links for emails, printed documents (certificates' QR codes) and mail merge.

Every such link starts with ``PUBLIC_BASE_URL``, never with the request's ``Host`` header: a
client chooses that header, so a link built from it could send an entrepreneur's private token
to a stranger's server. In local development and tests without ``PUBLIC_BASE_URL`` the base is
``SERVER_NAME`` when set, else ``http://127.0.0.1:5000`` (``make run`` passes its address);
elsewhere ``web.config.check_public_base_url`` refuses to start with mail on and no base.
The same function serves views and command-line commands: no request is needed.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import current_app

LOCAL_BASE_URL = "http://127.0.0.1:5000"


def public_base(config) -> str:
    """The absolute base (scheme, host, optional path prefix) of every link the app hands out."""
    base = str(config.get("PUBLIC_BASE_URL") or "").strip()
    if base:
        return base.rstrip("/")
    if config.get("SERVER_NAME"):
        return f"{config.get('PREFERRED_URL_SCHEME') or 'http'}://{config['SERVER_NAME']}"
    return LOCAL_BASE_URL


def public_url(endpoint: str, **values) -> str:
    """An absolute link to ``endpoint`` under ``public_base``, the same in a request and in the CLI."""
    return url_under(public_base(current_app.config), endpoint, **values)


def url_under(base: str, endpoint: str, **values) -> str:
    """An absolute link to ``endpoint`` under ``base`` (a service's public base URL); needs the
    app (its routes), not a request."""
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    url = adapter.build(endpoint, values, force_external=True)
    return url + "#" + quote(anchor, safe="") if anchor else url
