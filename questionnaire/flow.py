"""Where a respondent is in the survey, whether it is complete, and what submitting stores
(no Flask, no database)."""

from __future__ import annotations

from scoring import own_groups, recommend, score
from scoring.change import compare
from surveys.model import Page, Survey


def is_answered(value) -> bool:
    return value not in (None, "", [], False)


def missing_on_page(survey: Survey, page: Page, answers: dict) -> list[str]:
    return [q.id for q in page.questions if survey.needs_answer(q, answers) and not is_answered(answers.get(q.id))]


def first_incomplete_page(survey: Survey, answers: dict) -> Page | None:
    for page in survey.pages:
        if missing_on_page(survey, page, answers):
            return page
    return None


def neighbours(survey: Survey, page: Page) -> tuple[Page | None, Page | None]:
    index = survey.page_number(page.id) - 1
    previous = survey.pages[index - 1] if index > 0 else None
    following = survey.pages[index + 1] if index + 1 < len(survey.pages) else None
    return previous, following


def resume_page(survey: Survey, answers: dict, last_page: str | None) -> Page:
    """Where a returning respondent continues: the last page they saved, else the first page."""
    if last_page and survey.page(last_page):
        page = survey.page(last_page)
        _, following = neighbours(survey, page)
        if following and not missing_on_page(survey, page, answers):
            return following
        return page
    return survey.pages[0]


def company_fields(answers: dict, organisation: str | None = None) -> dict:
    return {
        "business_id": answers.get("business_id"),
        "name": answers.get("company_name"),
        "municipality": answers.get("municipality"),
        "organisation": organisation,
    }


def score_row(survey: Survey, method, answers: dict) -> dict:
    """What is stored for benchmarks: the index, the area levels and the peer-group codes."""
    result = score(survey, method, answers)
    return {
        "index": result.index,
        "levels": {a.area_id: a.level for a in result.areas},
        "groups": own_groups(survey, method, answers),
        "extras": {
            "competence": {a.area_id: a.competence for a in result.areas},
            "importance": {a.area_id: a.importance for a in result.areas},
            "training": [a.area_id for a in result.areas if a.wants_training],
            "referrals": [r.offer_id for r in recommend(method, answers, result)],
        },
    }


def finalizer(survey: Survey, method, assign_organisation=lambda answers: None):
    """The check ``storage.responses.submit`` runs inside its transaction; the company gets the
    organisation that serves it (``projectdata`` assignment rules)."""

    def finalize(answers: dict):
        page = first_incomplete_page(survey, answers)
        if page is not None:
            return page.id, None, None
        return None, company_fields(answers, assign_organisation(answers)), score_row(survey, method, answers)

    return finalize


def followup_finalizer(survey: Survey, baseline_survey):
    """The check ``storage.followups.submit`` runs in its transaction: the follow-up is complete,
    then the comparison with the company's T0 answers over the comparable items only.
    ``baseline_survey(id, version)`` returns the definition the T0 answers were given in."""

    def finalize(answers: dict, baseline: dict):
        page = first_incomplete_page(survey, answers)
        if page is not None:
            return page.id, None
        comparison = compare(baseline_survey(baseline["survey_id"], baseline["survey_version"]), survey,
                             baseline["answers"], answers)
        attended = survey.question_with_role("attended")
        satisfaction = survey.question_with_role("satisfaction")
        return None, {
            "index_before": comparison.index_before,
            "index_after": comparison.index_after,
            "levels_before": {a.area_id: a.before for a in comparison.areas},
            "levels_after": {a.area_id: a.after for a in comparison.areas},
            "outcome": {
                "attended": list(answers.get(attended.id) or []) if attended else [],
                "satisfaction": int(answers[satisfaction.id])
                                if satisfaction and answers.get(satisfaction.id) else None,
            },
        }

    return finalize


def latest_answers(followup: Survey, baseline_answers: dict, followup_answers: dict) -> dict:
    """The company's latest answers in the terms of its first analysis: the first analysis's
    answers with every ladder item the follow-up asked again replaced by its follow-up answer
    (``compares_to``). What the follow-up did not ask (ratings, background) stays as first given."""
    latest = dict(baseline_answers)
    for question in followup.questions:
        if question.compares_to and followup_answers.get(question.id) is not None:
            latest[question.compares_to] = followup_answers[question.id]
    return latest


def review(survey: Survey, answers: dict) -> list[dict]:
    """What the review page lists before the irreversible submit, page by page: required answers
    still missing, questions left unanswered and ladder items answered "does not apply"."""
    pages = []
    for page in survey.pages:
        missing, unanswered, not_applicable = [], [], []
        for question in page.questions:
            value = answers.get(question.id)
            if question.type == "checkbox" and not question.required:
                continue  # an unticked box is an answer ("no")
            if not is_answered(value):
                if survey.needs_answer(question, answers):
                    missing.append(question)
                elif not question.required:
                    unanswered.append(question)
            elif question.options and not isinstance(value, list):
                option = question.option(value)
                if option is not None and option.not_applicable:
                    not_applicable.append(question)
        if missing or unanswered or not_applicable:
            pages.append({"page": page, "missing": missing, "unanswered": unanswered, "not_applicable": not_applicable})
    return pages
