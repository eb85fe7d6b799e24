"""Public information pages: landing, privacy notice and accessibility statement."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

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
