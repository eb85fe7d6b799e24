"""Questionnaire definitions as data files, plus their loader, model and form builder."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .loader import DEFINITIONS_DIR, LISTS_DIR, SurveyError, load_all
from .method import METHOD_DIR, Method, load_method
from .model import Survey


class SurveyCatalog:
    """Every loaded survey version; new responses use the newest version of a survey id."""

    def __init__(self, surveys: dict[tuple[str, int], Survey], methods: dict[tuple[str, int], Method]):
        self._surveys = dict(surveys)
        self._methods = dict(methods)
        self._merged: dict = {}

    @classmethod
    def load(cls, definitions_dir: Path = DEFINITIONS_DIR, lists_dir: Path = LISTS_DIR,
             method_dir: Path = METHOD_DIR) -> "SurveyCatalog":
        surveys = load_all(definitions_dir, lists_dir)
        methods = {key: load_method(survey, method_dir) for key, survey in surveys.items() if not survey.is_followup}
        _check_fee_tier(surveys, methods)
        return cls(surveys, methods)

    def method(self, survey: Survey) -> Method:
        """The scoring method, referral rules and offers of a survey version (a follow-up uses
        the method of the newest baseline version it is comparable with)."""
        if survey.is_followup:
            return self._methods[(survey.baseline, max(survey.baseline_versions))]
        return self._methods[(survey.id, survey.version)]

    def followups(self, baseline_id: str) -> list[Survey]:
        """Follow-up survey versions of a baseline analysis, newest first."""
        found = [s for s in self._surveys.values() if s.is_followup and s.baseline == baseline_id]
        return sorted(found, key=lambda s: (s.id, s.version), reverse=True)

    def get(self, survey_id: str, version: int) -> Survey | None:
        return self._surveys.get((survey_id, version))

    def current(self, survey_id: str) -> Survey:
        versions = [s for (sid, _), s in self._surveys.items() if sid == survey_id]
        if not versions:
            raise SurveyError(f"no definition for survey '{survey_id}'")
        return max(versions, key=lambda s: s.version)

    def comparable_versions(self, survey: Survey) -> tuple[int, ...]:
        """The versions of an analysis whose areas and ladder items are those of ``survey`` (same
        ids, areas, option codes and scores; other questions may differ), oldest first: their area
        levels and index mean the same, so the coordinator's figures count them together."""
        ladders = _ladders(survey)
        return tuple(sorted(v.version for (sid, _), v in self._surveys.items()
                            if sid == survey.id and not v.is_followup and _ladders(v) == ladders))

    def with_older_options(self, survey: Survey) -> Survey:
        """``survey`` whose choice questions also carry the options of its older comparable
        versions that it dropped (v1's personnel "50+" in v2), appended after its own: labels
        and filters for figures that span the versions. Never used to show a form."""
        cached = self._merged.get((survey.id, survey.version))
        if cached is not None:
            return cached
        older = [self._surveys[(survey.id, v)] for v in reversed(self.comparable_versions(survey))
                 if v != survey.version]
        pages = []
        for page in survey.pages:
            questions = []
            for question in page.questions:
                extra = []
                for version in older:
                    for option in _options_of(version, question.id):
                        if question.option(option.code) is None and option.code not in {o.code for o in extra}:
                            extra.append(option)
                questions.append(replace(question, options=question.options + tuple(extra)) if extra else question)
            pages.append(replace(page, questions=tuple(questions)))
        merged = replace(survey, pages=tuple(pages))
        self._merged[(survey.id, survey.version)] = merged
        return merged

    def __iter__(self):
        return iter(self._surveys.values())


def _options_of(survey: Survey, question_id: str) -> tuple:
    try:
        return survey.question(question_id).options
    except KeyError:
        return ()


def _ladders(survey: Survey) -> dict:
    return {(q.id, q.area): tuple((o.code, o.score) for o in q.options) for q in survey.questions if q.role == "level"}


def _check_fee_tier(surveys: dict, methods: dict) -> None:
    """In every version of a questionnaire, the turnover classes ``offers.toml`` charges the higher
    fee for are all the classes from the threshold up: a larger class left off the list (a class
    added in a new version, a typo) would be charged less."""
    for method in methods.values():
        tier = method.fee_tier
        for survey in surveys.values():
            if survey.id != method.survey_id or survey.is_followup:
                continue
            codes = [o.code for o in _options_of(survey, tier.question)]
            high = [code in tier.high_codes for code in codes]
            if True in high and False in high[high.index(True):]:
                missing = codes[high.index(True) + high[high.index(True):].index(False)]
                raise SurveyError(f"offers.toml: [fee_tier]: high_codes: '{missing}' of '{tier.question}' in "
                                  f"{survey.source} is above the threshold but not listed (list every class above it)")
