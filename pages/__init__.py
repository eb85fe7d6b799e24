"""Public information pages: landing, privacy notice and accessibility statement."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, send_from_directory

from web.i18n import current_language

bp = Blueprint("pages", __name__)


def _survey():
    return current_app.extensions["surveys"].current(current_app.config["ACTIVE_SURVEY"])


@bp.get("/")
def index():
    return render_template("pages/index.html", survey=_survey())


def service_contact() -> dict | None:
    """The service's contact for the privacy notice and the accessibility statement: the data's
    (projectdata/contact.toml, [service]), the settings SERVICE_OWNER and CONTACT_EMAIL overriding
    its name and email."""
    contact = current_app.extensions["projectdata"].service
    lang = current_language()
    name = current_app.config.get("SERVICE_OWNER") or (contact.name.get(lang) if contact else None)
    email = current_app.config.get("CONTACT_EMAIL") or (contact.email if contact else None)
    if not (name or email):
        return None
    return {"name": name, "email": email, "phone": contact.phone if contact else None,
            "tel": contact.tel if contact else None}


@bp.get("/tietosuoja")
def privacy():
    return render_template("pages/privacy.html", contact=service_contact())


@bp.get("/saavutettavuus")
def accessibility():
    return render_template("pages/accessibility.html", contact=service_contact())


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on every site whatever the page links to."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=86400)
