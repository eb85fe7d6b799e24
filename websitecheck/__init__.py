"""Website quick check for the advisory interview: safe fetching, checks with evidence, the
comparison with the self-assessment, the optional AI draft, the command line and the pages."""

from flask import Blueprint

from accounts.auth import coordinator_required, enforce_session_limits

bp = Blueprint("websitecheck", __name__, url_prefix="/neuvoja/verkkosivut")
bp.before_request(enforce_session_limits)
coordinator_bp = Blueprint("websitecheck_coordinator", __name__, url_prefix="/koordinaattori/verkkonakyvyys")
coordinator_bp.before_request(coordinator_required)

from . import views  # noqa: E402,F401  (registers the routes)

