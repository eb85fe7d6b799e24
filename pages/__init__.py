"""Public information pages: landing, privacy notice and accessibility statement."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, send_from_directory

bp = Blueprint("pages", __name__)


def _survey():
    return current_app.extensions["surveys"].current(current_app.config["ACTIVE_SURVEY"])


@bp.get("/")
def index():
    return render_template("pages/index.html", survey=_survey())


@bp.get("/tietosuoja")
def privacy():
    return render_template("pages/privacy.html")


@bp.get("/saavutettavuus")
def accessibility():
    return render_template("pages/accessibility.html")


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on every site whatever the page links to."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=86400)
