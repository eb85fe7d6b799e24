"""The advisor workspace: logins, the company list, company pages, interviews, reports, and
the coordinator's user management and audit log."""

from flask import Blueprint

bp = Blueprint("advisor", __name__, url_prefix="/neuvoja")

from . import admin, auth, claims, views  # noqa: E402,F401  (registers the routes)


def init_app(app) -> None:
    from questionnaire.results import chart_data_uri

    auth.login_manager.init_app(app)
    app.add_template_global(chart_data_uri, "chart_data_uri")
    app.register_blueprint(bp)
    app.register_blueprint(auth.login_bp)
    import coordinator

    app.register_blueprint(coordinator.bp)
