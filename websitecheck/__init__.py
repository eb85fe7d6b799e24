"""Website quick check for the advisory interview: safe fetching, checks with evidence, the
comparison with the self-assessment, the optional AI draft, the command line and the pages."""

from flask import Blueprint

bp = Blueprint("websitecheck", __name__, url_prefix="/neuvoja/verkkosivut")
coordinator_bp = Blueprint("websitecheck_coordinator", __name__, url_prefix="/koordinaattori/verkkonakyvyys")

from . import views  # noqa: E402,F401  (registers the routes)


def init_app(app) -> None:
    from .cli import website_check_command

    app.register_blueprint(bp)
    app.register_blueprint(coordinator_bp)
    app.cli.add_command(website_check_command)
