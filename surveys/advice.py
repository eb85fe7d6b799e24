"""The development-plan texts (``surveys/method/advice.toml``): for every area and every
area-level step, what the level means and two or three concrete next steps, in every language.

Validated at load against the survey's areas; errors name the file and the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import LANGUAGES, Survey, Text
from .parsing import Context, SurveyError, read_text, read_toml

MIN_STEPS, MAX_STEPS = 2, 3


@dataclass(frozen=True)
class AdviceLevel:
    id: str
    start: float
    name: Text


@dataclass(frozen=True)
class Advice:
    meaning: Text
    steps: dict  # language -> tuple of step texts


@dataclass(frozen=True, eq=False)
class AdviceBook:
    levels: tuple[AdviceLevel, ...]
    texts: dict  # (area id, level id) -> Advice

    def level_for(self, value: float) -> AdviceLevel:
        chosen = self.levels[0]
        for level in self.levels:
            if value >= level.start:
                chosen = level
        return chosen

    def next_level(self, level: AdviceLevel) -> AdviceLevel | None:
        index = self.levels.index(level)
        return self.levels[index + 1] if index + 1 < len(self.levels) else None

    def advice(self, area_id: str, level_id: str) -> Advice:
        return self.texts[(area_id, level_id)]


def _levels(ctx: Context, raw) -> tuple[AdviceLevel, ...]:
    if not isinstance(raw, list) or not raw:
        raise ctx.fail("[[levels]]", "at least one level is required")
    levels: list[AdviceLevel] = []
    for number, item in enumerate(raw, start=1):
        where = f"level {number}" + (f" '{item.get('id')}'" if isinstance(item, dict) and item.get("id") else "")
        start = item.get("from") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or item["id"] in {lv.id for lv in levels}:
            raise ctx.fail(where, "'id' must be a unique string")
        if not isinstance(start, (int, float)) or not 0 <= start < 100 or (levels and start <= levels[-1].start):
            raise ctx.fail(where, "'from' must be 0-100 and increase from level to level")
        levels.append(AdviceLevel(item["id"], float(start), read_text(ctx, where, item, "name")))
    if levels[0].start != 0:
        raise ctx.fail("level 1", "the first level must start from 0")
    return tuple(levels)


def _steps(ctx: Context, where: str, raw) -> dict:
    if not isinstance(raw, dict):
        raise ctx.fail(where, f"'steps' must be a table with {' and '.join(LANGUAGES)}")
    steps = {}
    for lang in LANGUAGES:
        items = raw.get(lang)
        if not isinstance(items, list) or not MIN_STEPS <= len(items) <= MAX_STEPS \
                or not all(isinstance(s, str) and s.strip() for s in items):
            raise ctx.fail(where, f"'steps.{lang}' must list {MIN_STEPS}-{MAX_STEPS} non-empty steps")
        steps[lang] = tuple(s.strip() for s in items)
    return steps


def load_advice(path: Path, survey: Survey) -> AdviceBook:
    """Read and check the advice file: every area of ``survey`` has every level, in every language."""
    ctx = Context(path)
    if not path.is_file():
        raise SurveyError(f"{path.name}: development-plan texts not found in {path.parent}")
    data = read_toml(path)
    levels = _levels(ctx, data.get("levels"))
    area_ids = {a.id for a in survey.areas}
    for key in data:
        if key != "levels" and key not in area_ids:
            raise ctx.fail(f"[{key}]", f"unknown area '{key}' (not in {survey.source})")
    texts = {}
    for area in survey.areas:
        for level in levels:
            where = f"[{area.id}.{level.id}]"
            raw = (data.get(area.id) or {}).get(level.id)
            if not isinstance(raw, dict):
                raise ctx.fail(where, f"missing: area '{area.id}' needs texts for level '{level.id}'")
            texts[(area.id, level.id)] = Advice(read_text(ctx, where, raw, "meaning"),
                                                _steps(ctx, where, raw.get("steps")))
    return AdviceBook(levels, texts)
