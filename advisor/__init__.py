"""The advisor workspace: the company list, company pages, interviews, reports, and the
coordinator-only actions on a company (``company_admin``). Logins and users are in accounts/."""

from flask import Blueprint

from accounts.auth import protect

bp = protect(Blueprint("advisor", __name__, url_prefix="/neuvoja"))

from . import claims, followup, views  # noqa: E402,F401  (registers the routes)
from .company_admin import company_admin  # noqa: E402,F401  (re-exported: app.py registers advisor.company_admin)
