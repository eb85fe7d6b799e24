"""Build a WTForms form class for one questionnaire page from the survey definition.

One mapping from question type to field factory (indico's ``make_survey_form`` is the model);
the class is made with ``type()`` once per (survey, page, language) and cached.
"""

from __future__ import annotations

from functools import lru_cache

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
from wtforms.validators import StopValidation
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
        return [name for name, field in self._fields.items()
                if name != "csrf_token" and field.errors and _has_input(field)]


def _has_input(field) -> bool:
    raw = field.raw_data or []
    return any(isinstance(item, str) and item.strip() for item in raw)


class NotNeededWhenNotApplicable:
    """First in the chain of an area's competence or importance rating: when every ladder item of
    the area on this page is answered "does not apply", the rating is not needed (the area is out
    of the index), so an empty answer passes."""

    def __init__(self, items: tuple[tuple[str, frozenset], ...]):
        self.items = items

    def __call__(self, form, field):
        empty = field.data in (None, "", [])
        if empty and all(qid in form and form[qid].data in codes for qid, codes in self.items):
            field.errors[:] = []
            raise StopValidation()


def _validators(question: Question, *extra, skip_when=()) -> list:
    chain = [NotNeededWhenNotApplicable(skip_when)] if skip_when else []
    chain.append(v.Required(_l("Please answer this question.")) if question.required else v.Optional())
    if question.max_length and question.is_text:
        chain.append(v.MaxLength(question.max_length))
    chain.extend(extra)
    return chain


def _choices(question: Question, lang: str) -> list[SelectChoice]:
    return [SelectChoice(opt.code, opt.label.get(lang)) for opt in question.options]


def _radio(question, lang, skip_when=(), **kw):
    return RadioField(choices=_choices(question, lang), invalid_choice_message=INVALID_CHOICE,
                      validators=_validators(question, skip_when=skip_when), **kw)


def blank_choice(lang: str) -> str:
    return "— " + ("choose" if lang == "en" else "valitse") + " —"


def _select(question, lang, **kw):
    return SelectField(choices=[SelectChoice("", blank_choice(lang)), *_choices(question, lang)],
                       invalid_choice_message=INVALID_CHOICE,
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
        extra = {"skip_when": survey.not_applicable_when(question)} if survey.not_applicable_when(question) else {}
        attrs[question.id] = FIELD_FACTORIES[question.type](
            question,
            lang,
            label=question.label.get(lang),
            description=question.help.get(lang) if question.help else "",
            **extra,
        )
    return type(f"{survey.id}_v{survey.version}_{page_id}_{lang}".replace("-", "_"), (PageForm,), attrs)


def build_page_form(survey: Survey, page: Page, lang: str, formdata=None) -> PageForm:
    """A form instance for one request, from the posted form data."""
    return page_form_class(survey, page.id, lang)(formdata=formdata)


__all__ = ["FIELD_FACTORIES", "PageForm", "blank_choice", "build_page_form", "page_form_class"]
