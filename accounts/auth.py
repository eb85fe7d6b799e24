"""Logins (Flask-Login), session expiry, throttling (storage.users.authenticate), the role checks
the workspace blueprints install as ``before_request``, and who may see which company."""

from __future__ import annotations

import time

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from storage import audit, get_db
from storage import users as user_store

from .forms import LoginForm

IDLE_S = 30 * 60
ABSOLUTE_S = 12 * 3600

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
    return LoginUser(user)


def enforce_session_limits():
    """Every workspace page needs a login that is neither idle for 30 min nor older than 12 h."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    now = time.time()
    if now - session.get("login_at", 0) > ABSOLUTE_S or now - session.get("seen_at", 0) > IDLE_S:
        logout_user()
        session.pop("login_at", None)
        flash(_("Your session has expired. Please log in again."), "info")
        return redirect(url_for("login.login", next=request.full_path))
    session["seen_at"] = now
    return None


def coordinator_required():
    """``before_request`` of every coordinator-only blueprint: a live login, and the coordinator role."""
    response = enforce_session_limits()
    if response is not None:
        return response
    if not current_user.is_coordinator:
        abort(403)
    return None


def visible_organisation() -> str | None:
    """The organisation whose companies this user sees (None: every organisation)."""
    return None if current_user.is_coordinator else current_user.organisation


def may_see(company: dict | None) -> bool:
    if company is None:
        return False
    return current_user.is_coordinator or company["organisation"] == current_user.organisation


def client_address() -> str:
    return request.remote_addr or "unknown"


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("advisor.companies")


@login_bp.route("/kirjaudu", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        user, throttled = user_store.authenticate(get_db(), form.email.data, form.password.data, client_address())
        if throttled:
            # The same answer whether the account exists or not.
            error, status = _("Too many failed attempts. Wait 15 minutes and try again."), 429
        elif user is None:
            error, status = _("The email address or password is wrong, or the account is not in use."), 401
        else:
            session.clear()
            login_user(LoginUser(user))
            session["login_at"] = session["seen_at"] = time.time()
            session.permanent = True
            audit.record(get_db(), user.id, "login")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("advisor/login.html", form=form, error=error), status


@login_bp.post("/ulos")
def logout():
    if current_user.is_authenticated:
        audit.record(get_db(), current_user.id, "logout")
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("login.login"))
