"""The coordinator's dashboard, exports and the aggregate results report."""

from flask import Blueprint

bp = Blueprint("coordinator", __name__, url_prefix="/koordinaattori")

from . import followup_views, views  # noqa: E402,F401  (registers the routes)
