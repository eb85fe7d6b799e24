"""Accounts: logins, sessions and their limits, login throttling, users and the audit log. Each staff
blueprint installs the one login and role check, ``auth.protect(bp)`` (``role="coordinator"``, or
``auth.coordinator_only`` on a route); the SQL is in storage.users, storage.logins (throttling),
storage.sessions and storage.audit."""

from . import admin, auth


def init_app(app) -> None:
    auth.login_manager.init_app(app)
    app.register_blueprint(auth.login_bp)
    app.register_blueprint(admin.bp)
