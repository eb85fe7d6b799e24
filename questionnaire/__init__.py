"""The entrepreneur's questionnaire: start, page-by-page drafts, resume link, submission."""

from flask import Blueprint

from surveys.render import checkbox_html, choices_html, input_html

bp = Blueprint("questionnaire", __name__)
bp.add_app_template_global(input_html, "input_html")
bp.add_app_template_global(choices_html, "choices_html")
bp.add_app_template_global(checkbox_html, "checkbox_html")

from . import events, lost_link, results, views  # noqa: E402,F401  (registers the routes)
