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
        return cls(surveys, {key: load_method(survey, method_dir) for key, survey in surveys.items()})

    def method(self, survey: Survey) -> Method:
        """The scoring method, referral rules and offers of a survey version."""
        return self._methods[(survey.id, survey.version)]

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
