"""Logins (Flask-Login), server-side sessions (storage.sessions), throttling (storage.logins), the
one login and role check of the workspace (``protect``, installed on each staff blueprint; a
coordinator-only route of a shared blueprint is marked ``coordinator_only``), and who may see
which company (``may_see``, ``company_or_404``)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from storage import audit, get_db, immediate, logins
from storage import companies as company_store
from storage import sessions as session_store
from storage import users as user_store
from web.clients import request_client
from web.redirects import safe_next

from .forms import LoginForm

login_manager = LoginManager()
login_manager.login_view = "login.login"
login_manager.login_message = _l("Please log in.")
login_manager.session_protection = "basic"
login_bp = Blueprint("login", __name__)


class LoginUser(UserMixin):
    def __init__(self, user: user_store.User):
        self.user = user

    def get_id(self) -> str:
        # The session version is part of the id: disabling a user or changing the password ends
        # every session of the user at once, in every worker.
        return f"{self.user.id}:{self.user.session_version}"

    def __getattr__(self, name):
        return getattr(self.user, name)


@login_manager.user_loader
def load_user(user_id: str):
    try:
        uid, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    user = user_store.by_id(get_db(), uid)
    if user is None or not user.active or user.session_version != version:
        return None
    # the server-side session of this login: gone after logout, idle 30 min or 12 h old
    state = session_store.check(get_db(), session.get("sid"), uid)
    if state != session_store.OK:
        g.session_expired = state == session_store.EXPIRED
        return None
    return LoginUser(user)


def enforce_session_limits():
    """Every workspace page needs a live server-side session (see load_user)."""
    if current_user.is_authenticated:
        return None
    if g.pop("session_expired", False):
        clear_session()
        flash(_("Your session has expired. Please log in again."), "info")
        return redirect(url_for("login.login", next=request.full_path))
    return login_manager.unauthorized()


STAFF, COORDINATOR = "staff", "coordinator"


def protect(bp: Blueprint, role: str = STAFF) -> Blueprint:
    """The login and role check of every route of ``bp`` (the only way the workspace checks
    them): a live login (``enforce_session_limits``) and, for ``role="coordinator"`` or a route
    marked ``coordinator_only``, the coordinator role (403 otherwise)."""
    if role not in (STAFF, COORDINATOR):
        raise ValueError(f"unknown role {role!r}")

    def check():
        response = enforce_session_limits()
        if response is not None:
            return response
        view = current_app.view_functions.get(request.endpoint)
        if (role == COORDINATOR or getattr(view, "coordinator_only", False)) and not current_user.is_coordinator:
            abort(403)
        return None

    check.protects = role  # tests read it: every staff blueprint is protected
    bp.before_request(check)
    return bp


def coordinator_only(view):
    """Marks a route of a staff blueprint as the coordinator's; ``protect`` enforces it."""
    view.coordinator_only = True
    return view


def visible_organisation() -> str | None:
    """The organisation whose companies this user sees (None: every organisation)."""
    return None if current_user.is_coordinator else current_user.organisation


def may_see(company: dict | None) -> bool:
    if company is None:
        return False
    return current_user.is_coordinator or company["organisation"] == current_user.organisation


def company_or_404(company_id: int) -> dict:
    """The company, if this user may see it; else 404 (the same answer whether it exists in
    another organisation or not at all)."""
    company = company_store.get(get_db(), company_id)
    if not may_see(company):
        abort(404)
    return company


def may_see_interview(interview: dict) -> bool:
    """Interview notes stay with the organisation that recorded them (coordinators see all)."""
    return current_user.is_coordinator or interview["organisation"] == current_user.organisation


def client_address() -> str:
    return request_client()


@login_bp.route("/kirjaudu", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        result = logins.authenticate(get_db(), form.email.data, form.password.data, client_address())
        if result.throttled:
            # The same answer whether the account exists or not; no wait is longer than 15 minutes.
            error = _("Too many failed attempts. Wait 15 minutes and try again.")
            return render_template("advisor/login.html", form=form, error=error), 429, {
                "Retry-After": str(result.retry_after)}
        if result.user is None:
            error, status = _("The email address or password is wrong, or the account is not in use."), 401
        else:
            start_session(result.user)
            return redirect(safe_next(request.args.get("next")) or url_for("advisor.companies"))
    return render_template("advisor/login.html", form=form, error=error), status


def clear_session() -> None:
    """Forget everything of the browser's session but the language it chose (not a secret, and
    an English-speaking advisor should not be switched to Finnish by logging in or out)."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def start_session(user: user_store.User) -> None:
    clear_session()
    with immediate(get_db()):  # the server-side session and its audit row, together
        session["sid"] = session_store.start(get_db(), user.id)
        audit.record(get_db(), user.id, "login")
    login_user(LoginUser(user))
    session.permanent = True


@login_bp.post("/ulos")
def logout():
    with immediate(get_db()):
        if current_user.is_authenticated:
            audit.record(get_db(), current_user.id, "logout")
        session_store.end(get_db(), session.get("sid"))
    logout_user()
    clear_session()
    flash(_("You have logged out."), "info")
    return redirect(url_for("login.login"))
