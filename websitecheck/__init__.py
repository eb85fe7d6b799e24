"""Website quick check for the advisory interview: safe fetching, checks with evidence, the
comparison with the self-assessment, the optional AI draft, the command line and the pages."""

from flask import Blueprint

from accounts.auth import COORDINATOR, protect

bp = protect(Blueprint("websitecheck", __name__, url_prefix="/neuvoja/verkkosivut"))
coordinator_bp = protect(Blueprint("websitecheck_coordinator", __name__,
                                   url_prefix="/koordinaattori/verkkonakyvyys"), COORDINATOR)

from . import views  # noqa: E402,F401  (registers the routes)

