"""Build a WTForms form class for one questionnaire page from the survey definition.

One mapping from question type to field factory (indico's ``make_survey_form`` is the model);
the class is made with ``type()`` once per (survey, page, language) and cached.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from . import validators as v
from .model import Page, Question, Survey

INVALID_CHOICE = _l("Choose one of the options shown.")


class PageForm(FlaskForm):
    """Base class of every generated page form (CSRF comes from FlaskForm)."""

    def answers(self, page: Page) -> dict:
        """The page's answers, normalised, keyed by question id (None for unanswered)."""
        result = {}
        for question in page.questions:
            data = self[question.id].data
            if isinstance(data, str):
                data = data or None
            if question.type == "multi":
                data = list(data or [])
            if question.type == "checkbox":
                data = bool(data)
            result[question.id] = data
        return result

    def typed_error_fields(self) -> list[str]:
        """Fields whose error concerns something the user typed (not just a missing answer)."""
        return [name for name, field in self._fields.items() if field.errors and _has_input(field)]


def _has_input(field) -> bool:
    raw = field.raw_data or []
    return any(isinstance(item, str) and item.strip() for item in raw)


def _validators(question: Question, *extra) -> list:
    chain = [v.Required(_l("Please answer this question.")) if question.required else v.Optional()]
    if question.max_length and question.is_text:
        chain.append(v.MaxLength(question.max_length))
    chain.extend(extra)
    return chain


def _choices(question: Question, lang: str) -> list[SelectChoice]:
    return [SelectChoice(opt.code, opt.label.get(lang)) for opt in question.options]


def _radio(question, lang, **kw):
    return RadioField(choices=_choices(question, lang), invalid_choice_message=INVALID_CHOICE,
                      validators=_validators(question), **kw)


def _select(question, lang, **kw):
    blank = SelectChoice("", "— " + ("choose" if lang == "en" else "valitse") + " —")
    return SelectField(choices=[blank, *_choices(question, lang)], invalid_choice_message=INVALID_CHOICE,
                       validators=_validators(question), default="", **kw)


def _multi(question, lang, **kw):
    return SelectMultipleField(choices=_choices(question, lang), invalid_choice_message=INVALID_CHOICE,
                               validators=_validators(question), widget=ListWidget(prefix_label=False),
                               option_widget=CheckboxInput(), **kw)


def _checkbox(question, lang, **kw):
    validators = [v.Required(_l("This consent is needed to send the analysis."))] if question.required else []
    return BooleanField(validators=validators, **kw)


def _string(*extra):
    def factory(question, lang, **kw):
        return StringField(filters=[v.clean_text], validators=_validators(question, *extra), **kw)
    return factory


def _textarea(question, lang, **kw):
    return TextAreaField(filters=[v.clean_text], validators=_validators(question), **kw)


FIELD_FACTORIES = {
    "single": _radio,
    "likert": _radio,
    "multi": _multi,
    "select": _select,
    "municipality": _select,
    "checkbox": _checkbox,
    "text": _string(),
    "textarea": _textarea,
    "email": _string(v.Email()),
    "phone": _string(v.Phone()),
    "url": _string(v.Url()),
    "business_id": _string(v.BusinessId()),
}


@lru_cache(maxsize=256)
def page_form_class(survey: Survey, page_id: str, lang: str) -> type[PageForm]:
    """The form class of one page in one language (cached: definitions never change at run time)."""
    page = survey.page(page_id)
    if page is None:
        raise KeyError(page_id)
    attrs = {}
    for question in page.questions:
        attrs[question.id] = FIELD_FACTORIES[question.type](
            question,
            lang,
            label=question.label.get(lang),
            description=question.help.get(lang) if question.help else "",
        )
    form_class = type(f"{survey.id}_v{survey.version}_{page_id}_{lang}".replace("-", "_"), (PageForm,), attrs)
    form_class.choice_parts = {
        q.id: _choice_parts(q, lang) for q in page.questions if q.type in ("single", "likert", "multi")
    }
    return form_class


def _choice_parts(question: Question, lang: str) -> tuple[tuple[str, str, str], ...]:
    """Pre-escaped HTML around each option's 'checked' flag, built once per form class."""
    kind = "checkbox" if question.type == "multi" else "radio"
    parts = []
    for index, option in enumerate(question.options):
        input_id = f"{question.id}-{index}"
        head = (f'<div class="choice"><input type="{kind}" id="{input_id}" name="{question.id}" '
                f'value="{escape(option.code)}"')
        tail = f'><label for="{input_id}">{escape(option.label.get(lang))}</label></div>'
        parts.append((option.code, head, tail))
    return tuple(parts)


def choices_html(form: PageForm, question: Question, has_error: bool) -> Markup:
    """The radio or checkbox inputs of one option question (templates/macros/fields.html).

    Same markup a WTForms widget would write, but from cached pre-escaped parts: an area page
    has some sixty options, and rendering them one by one was most of the page's time.
    """
    data = form[question.id].data
    selected = set(data or ()) if question.type == "multi" else {data}
    invalid = ' aria-invalid="true"' if has_error else ""
    return Markup("\n".join(
        f'{head}{" checked" if value in selected else ""}{invalid}{tail}'
        for value, head, tail in form.choice_parts[question.id]
    ))


INPUT_TYPES = {"email": "email", "phone": "tel"}


def input_attrs(question: Question, describedby: str, has_error: bool) -> dict:
    """HTML attributes of a text input, text area or drop-down.

    No ``required`` or ``maxlength``: the server validates and explains in the user's language,
    and a browser-side limit would silently cut pasted text.
    """
    attrs = {}
    if describedby:
        attrs["aria-describedby"] = describedby
    if has_error:
        attrs["aria-invalid"] = "true"
    if question.required:
        attrs["aria-required"] = "true"
    if question.autocomplete:
        attrs["autocomplete"] = question.autocomplete
    if question.type == "url":
        attrs.update({"inputmode": "url", "spellcheck": "false"})
    return attrs


def input_html(form: PageForm, question: Question, describedby: str, has_error: bool) -> Markup:
    """The input of a text, long-text or drop-down question (templates/macros/fields.html)."""
    field = form[question.id]
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in input_attrs(question, describedby, has_error).items())
    common = f'id="{question.id}" name="{question.id}"{attrs}'
    if question.type == "textarea":
        return Markup(f'<textarea {common} rows="5">\n{escape(field.data or "")}</textarea>')
    if question.type in ("select", "municipality"):
        options = "".join(
            f'<option value="{escape(choice.value)}"{" selected" if choice.value == field.data else ""}>'
            f"{escape(choice.label)}</option>"
            for choice in field.choices
        )
        return Markup(f"<select {common}>{options}</select>")
    kind = INPUT_TYPES.get(question.type, "text")
    return Markup(f'<input type="{kind}" {common} value="{escape(field.data or "")}">')


def build_page_form(survey: Survey, page: Page, lang: str, formdata=None, data: dict | None = None) -> PageForm:
    """An instance for a request: from the posted form data, or pre-filled from the saved draft."""
    form_class = page_form_class(survey, page.id, lang)
    if formdata is not None:
        return form_class(formdata=formdata)
    return form_class(formdata=None, data={q.id: (data or {}).get(q.id) for q in page.questions})


__all__ = ["FIELD_FACTORIES", "PageForm", "build_page_form", "choices_html", "input_html", "page_form_class"]
