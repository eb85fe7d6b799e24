"""The trainings' two blueprints: the staff's (``/koulutukset``, behind the login; a
coordinator's routes marked ``coordinator_only``) and the public one (the open calendar, a
company's own pages by its private link, offers, webinars, certificate verification)."""

from flask import Blueprint

from accounts.auth import protect

bp = protect(Blueprint("trainings", "trainings", url_prefix="/koulutukset"))  # staff; routes marked coordinator_only
public_bp = Blueprint("trainings_public", "trainings")
