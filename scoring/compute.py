"""Area levels, competence, the digital maturity index, priorities and strengths."""

from __future__ import annotations

from dataclasses import dataclass

from surveys.method import Method
from surveys.model import Survey


@dataclass(frozen=True)
class AreaResult:
    area_id: str
    level: float | None  # 0-100; None when no ladder item applies
    applicable_items: int
    competence: float | None  # 0-100 from the 1-5 self-rating
    importance: int | None  # 1-5
    priority: float | None  # importance x (100 - level)
    wants_training: bool


@dataclass(frozen=True)
class Result:
    index: float | None  # weighted mean of the area levels, 0-100
    band_id: str | None
    areas: tuple[AreaResult, ...]
    priorities: tuple[str, ...]  # up to three area ids, most urgent first
    strengths: tuple[str, ...]  # up to three area ids, strongest first

    def area(self, area_id: str) -> AreaResult:
        return next(a for a in self.areas if a.area_id == area_id)


def competence_score(rating) -> float | None:
    """Self-rating 1-5 -> 0, 25, 50, 75, 100."""
    try:
        value = int(rating)
    except (TypeError, ValueError):
        return None
    return (value - 1) / 4 * 100 if 1 <= value <= 5 else None


def _rating(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 5 else None


def area_level(survey: Survey, area_id: str, answers: dict) -> tuple[float | None, int]:
    """Weighted mean of (option score / highest score) x 100 over the applicable ladder items."""
    total = weights = 0.0
    count = 0
    for question in survey.area_questions(area_id, "level"):
        option = question.option(answers.get(question.id)) if answers.get(question.id) is not None else None
        if option is None or option.not_applicable or option.score is None:
            continue
        total += question.weight * option.score / question.max_score
        weights += question.weight
        count += 1
    return ((total / weights * 100) if weights else None), count


def score(survey: Survey, method: Method, answers: dict) -> Result:
    areas = []
    for area in survey.areas:
        level, count = area_level(survey, area.id, answers)
        competence = next((competence_score(answers.get(q.id)) for q in survey.area_questions(area.id, "competence")),
                          None)
        importance = next((_rating(answers.get(q.id)) for q in survey.area_questions(area.id, "importance")), None)
        training = any(bool(answers.get(q.id)) for q in survey.area_questions(area.id, "training"))
        priority = importance * (100 - level) if level is not None and importance is not None else None
        areas.append(AreaResult(area.id, level, count, competence, importance, priority, training))

    weighted = [(survey.area(a.area_id).weight, a.level) for a in areas if a.level is not None]
    index = sum(w * v for w, v in weighted) / sum(w for w, _ in weighted) if weighted else None
    order = {a.id: n for n, a in enumerate(survey.areas)}

    candidates = [a for a in areas if a.priority is not None and a.priority > 0]
    candidates.sort(key=lambda a: (-a.priority, -a.importance, a.level, order[a.area_id]))
    priorities = tuple(a.area_id for a in candidates[:3])
    # An area is never both: a priority (important and improvable) is not listed as a strength.
    strong = [a for a in areas if a.level is not None and a.level >= method.strength_min_level
              and a.area_id not in priorities]
    strong.sort(key=lambda a: (-a.level, -(a.competence if a.competence is not None else -1), order[a.area_id]))
    return Result(
        index=index,
        band_id=method.band_for(index).id if index is not None else None,
        areas=tuple(areas),
        priorities=priorities,
        strengths=tuple(a.area_id for a in strong[:3]),
    )


def group_code(survey: Survey, question_id: str, answers: dict) -> str:
    """The peer-group code of a response for one grouping question.

    A multiple choice (target groups) gives its first ticked option in survey order; an
    unanswered question gives "none".
    """
    value = answers.get(question_id)
    if isinstance(value, list):
        ticked = set(value)
        for option in survey.question(question_id).options:
            if option.code in ticked:
                return option.code
        return "none"
    return str(value) if value not in (None, "") else "none"
