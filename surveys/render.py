"""HTML of the question inputs, from the definition and the current value.

The questionnaire pages are the hottest path of the application: rendering some sixty options
with WTForms widgets, attribute by attribute, was most of a page's time. Here the static parts
are escaped once per (question, language) and only the value-dependent flags are added per
request. WTForms still parses and validates every POST (surveys.forms); the markup is the same.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .forms import blank_choice
from .model import Question

INPUT_TYPES = {"email": "email", "phone": "tel"}
_parts_cache: dict[tuple[int, str], tuple] = {}


def _option_parts(question: Question, lang: str) -> tuple[tuple[str, str, str], ...]:
    key = (id(question), lang)
    parts = _parts_cache.get(key)
    if parts is None:
        if question.type in ("select", "municipality"):
            parts = (("", '<option value=""', f">{escape(blank_choice(lang))}</option>"),) + tuple(
                (o.code, f'<option value="{escape(o.code)}"', f">{escape(o.label.get(lang))}</option>")
                for o in question.options)
        else:
            kind = "checkbox" if question.type == "multi" else "radio"
            parts = tuple(
                (o.code,
                 f'<div class="choice"><input type="{kind}" id="{question.id}-{n}" name="{question.id}" '
                 f'value="{escape(o.code)}"',
                 f'><label for="{question.id}-{n}">{escape(o.label.get(lang))}</label></div>')
                for n, o in enumerate(question.options))
        parts = _parts_cache.setdefault(key, parts)
    return parts


def choices_html(question: Question, value, has_error: bool, lang: str) -> Markup:
    """The radio or checkbox inputs of an option question."""
    selected = set(value or ()) if question.type == "multi" else {value}
    invalid = ' aria-invalid="true"' if has_error else ""
    return Markup("\n".join(
        f'{head}{" checked" if code in selected else ""}{invalid}{tail}'
        for code, head, tail in _option_parts(question, lang)
    ))


def input_attrs(question: Question, describedby: str, has_error: bool) -> dict:
    """Attributes of a text input, text area or drop-down.

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


def input_html(question: Question, value, describedby: str, has_error: bool, lang: str) -> Markup:
    """The input of a text, long-text or drop-down question."""
    attrs = "".join(f' {name}="{escape(v)}"' for name, v in input_attrs(question, describedby, has_error).items())
    common = f'id="{question.id}" name="{question.id}"{attrs}'
    if question.type == "textarea":
        return Markup(f'<textarea {common} rows="5">\n{escape(value or "")}</textarea>')
    if question.type in ("select", "municipality"):
        current = value or ""
        options = "".join(f'{head}{" selected" if code == current else ""}{tail}'
                          for code, head, tail in _option_parts(question, lang))
        return Markup(f"<select {common}>{options}</select>")
    kind = INPUT_TYPES.get(question.type, "text")
    return Markup(f'<input type="{kind}" {common} value="{escape(value or "")}">')


def checkbox_html(question: Question, value, describedby: str, has_error: bool) -> Markup:
    attrs = f' aria-describedby="{describedby}"' if describedby else ""
    attrs += ' aria-invalid="true"' if has_error else ""
    checked = " checked" if value else ""
    return Markup(f'<input type="checkbox" id="{question.id}" name="{question.id}" value="y"{checked}{attrs}>')
