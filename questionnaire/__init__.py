"""The entrepreneur's questionnaire: start, page-by-page drafts, resume link, submission."""

from flask import Blueprint

from surveys.forms import choices_html, input_html

bp = Blueprint("questionnaire", __name__)
bp.add_app_template_global(input_html, "input_html")
bp.add_app_template_global(choices_html, "choices_html")

from . import views  # noqa: E402,F401  (registers the routes)
