"""The comparability mapping of follow-up (T1) surveys, checked when the definitions load.

A follow-up ladder item declares ``compares_to``: the baseline (T0) item it repeats. For every
baseline version the follow-up lists, that item must exist, be a ladder item of the same area and
have the same option codes with the same scores (the wording may be edited). So a later baseline
version that changes or drops an item cannot silently corrupt a comparison: the follow-up must
then list only the versions it is still comparable with, and the loader says which item differs.
"""

from __future__ import annotations

from .model import Question, Survey
from .parsing import SurveyError


def _fail(followup: Survey, where: str, message: str):
    return SurveyError(f"{followup.source}: {where}: {message}")


def _scored(question: Question) -> dict[str, int]:
    return {o.code: o.score for o in question.options if not o.not_applicable}


def check_mapping(followup: Survey, baseline: Survey) -> None:
    """Raise SurveyError naming the follow-up file and item when an item is not comparable."""
    baseline_areas = {a.id for a in baseline.areas}
    for area in followup.areas:
        if area.id not in baseline_areas:
            raise _fail(followup, f"area '{area.id}'",
                        f"is not an area of {baseline.id} version {baseline.version} ({baseline.source})")
    for question in followup.questions:
        if question.compares_to is None:
            continue
        where = f"question '{question.id}'"
        try:
            original = baseline.question(question.compares_to)
        except KeyError:
            raise _fail(followup, where, f"compares_to '{question.compares_to}' is not a question of "
                                         f"{baseline.id} version {baseline.version} ({baseline.source})") from None
        if original.role != "level":
            raise _fail(followup, where, f"compares_to '{original.id}' is not a ladder item in {baseline.source}")
        if original.area != question.area:
            raise _fail(followup, where, f"is in area '{question.area}' but '{original.id}' is in area "
                                         f"'{original.area}' in {baseline.source}")
        if _scored(original) != _scored(question):
            raise _fail(followup, where, f"its options and scores differ from '{original.id}' in {baseline.source}; "
                                         "only identical ladders can be compared")


def check_followups(surveys: dict) -> None:
    """Check every follow-up against each baseline version it declares (all must be loaded)."""
    for followup in surveys.values():
        if not followup.is_followup:
            continue
        for version in followup.baseline_versions:
            baseline = surveys.get((followup.baseline, version))
            if baseline is None:
                raise _fail(followup, "[followup]", f"baseline {followup.baseline} version {version} is not defined")
            if baseline.is_followup:
                raise _fail(followup, "[followup]", f"baseline {followup.baseline} is itself a follow-up survey")
            check_mapping(followup, baseline)


def comparable(followup: Survey, baseline_id: str, baseline_version: int) -> bool:
    """Whether answers given in this baseline version can be compared with this follow-up."""
    return followup.is_followup and followup.baseline == baseline_id and baseline_version in followup.baseline_versions
