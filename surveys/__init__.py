"""Questionnaire definitions as data files, plus their loader, model and form builder."""

from __future__ import annotations

from pathlib import Path

from .loader import DEFINITIONS_DIR, LISTS_DIR, SurveyError, load_all
from .model import Survey


class SurveyCatalog:
    """Every loaded survey version; new responses use the newest version of a survey id."""

    def __init__(self, surveys: dict[tuple[str, int], Survey]):
        self._surveys = dict(surveys)

    @classmethod
    def load(cls, definitions_dir: Path = DEFINITIONS_DIR, lists_dir: Path = LISTS_DIR) -> "SurveyCatalog":
        return cls(load_all(definitions_dir, lists_dir))

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
