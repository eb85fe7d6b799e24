"""Turn stored-style answers into the form data a browser would post for one page.

Used by the benchmarks to walk the questionnaire with generated answers.
"""

from __future__ import annotations

from surveys.model import Page


def page_formdata(page: Page, answers: dict) -> list[tuple[str, str]]:
    pairs = []
    for question in page.questions:
        value = answers.get(question.id)
        if value in (None, "", [], False):
            continue
        if question.type == "checkbox":
            pairs.append((question.id, "y"))
        elif isinstance(value, list):
            pairs.extend((question.id, item) for item in value)
        else:
            pairs.append((question.id, str(value)))
    return pairs
