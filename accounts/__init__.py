"""Accounts: logins, sessions and their limits, login throttling, users and the audit log. Used
by the advisor and coordinator blueprints (``auth.enforce_session_limits``,
``auth.coordinator_required``); the SQL is in storage.users and storage.audit."""

from . import admin, auth


def init_app(app) -> None:
    auth.login_manager.init_app(app)
    app.register_blueprint(auth.login_bp)
    app.register_blueprint(admin.bp)
