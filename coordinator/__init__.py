"""The coordinator's dashboard, exports and the aggregate results report."""

from flask import Blueprint

from accounts.auth import coordinator_required

bp = Blueprint("coordinator", __name__, url_prefix="/koordinaattori")
bp.before_request(coordinator_required)

from . import events, followup_views, funder_views, mail_views, views  # noqa: E402,F401  (registers the routes)
