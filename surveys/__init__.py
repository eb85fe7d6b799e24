"""Questionnaire definitions as data files, plus their loader, model and form builder."""

from __future__ import annotations

from pathlib import Path

from .loader import DEFINITIONS_DIR, LISTS_DIR, SurveyError, load_all
from .method import METHOD_DIR, Method, load_method
from .model import Survey


class SurveyCatalog:
    """Every loaded survey version; new responses use the newest version of a survey id."""

    def __init__(self, surveys: dict[tuple[str, int], Survey], methods: dict[tuple[str, int], Method]):
        self._surveys = dict(surveys)
        self._methods = dict(methods)

    @classmethod
    def load(cls, definitions_dir: Path = DEFINITIONS_DIR, lists_dir: Path = LISTS_DIR,
             method_dir: Path = METHOD_DIR) -> "SurveyCatalog":
        surveys = load_all(definitions_dir, lists_dir)
        return cls(surveys, {key: load_method(survey, method_dir) for key, survey in surveys.items()
                             if not survey.is_followup})

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

    def __iter__(self):
        return iter(self._surveys.values())


__all__ = ["Survey", "SurveyCatalog", "SurveyError"]
