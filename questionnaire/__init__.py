"""The entrepreneur's questionnaire: start, page-by-page drafts, resume link, submission."""

from flask import Blueprint

from surveys.forms import input_attrs

bp = Blueprint("questionnaire", __name__)
bp.add_app_template_global(input_attrs, "input_attrs")

from . import views  # noqa: E402,F401  (registers the routes)
