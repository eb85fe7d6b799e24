"""The coordinator's dashboard, exports and the aggregate results report."""

from flask import Blueprint

from accounts.auth import COORDINATOR, protect

bp = protect(Blueprint("coordinator", __name__, url_prefix="/koordinaattori"), COORDINATOR)

from . import events, followup_views, funder_views, mail_views, views  # noqa: E402,F401  (registers the routes)
