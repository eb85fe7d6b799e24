"""The development-plan texts (``surveys/method/advice.toml``): for every area and every
maturity level of the method, what the level means and two or three concrete next steps, in every
language. The levels are the method's bands (one scale: the same names and limits for the index
and for an area's level); one set of texts may serve several bands.

Validated at load against the survey's areas and the method's bands; errors name the file and the
item.
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
    bands: tuple[str, ...]  # the method's maturity levels these texts serve


@dataclass(frozen=True)
class Advice:
    meaning: Text
    steps: dict  # language -> tuple of step texts


@dataclass(frozen=True, eq=False)
class AdviceBook:
    levels: tuple[AdviceLevel, ...]
    texts: dict  # (area id, level id) -> Advice

    def for_band(self, band_id: str) -> AdviceLevel:
        """The texts that serve one maturity level of the method."""
        return next(level for level in self.levels if band_id in level.bands)

    def advice(self, area_id: str, level_id: str) -> Advice:
        return self.texts[(area_id, level_id)]


def _levels(ctx: Context, raw, band_ids: tuple[str, ...]) -> tuple[AdviceLevel, ...]:
    if not isinstance(raw, list) or not raw:
        raise ctx.fail("[[levels]]", "at least one level is required")
    levels: list[AdviceLevel] = []
    served: list[str] = []
    for number, item in enumerate(raw, start=1):
        where = f"level {number}" + (f" '{item.get('id')}'" if isinstance(item, dict) and item.get("id") else "")
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or item["id"] in {lv.id for lv in levels}:
            raise ctx.fail(where, "'id' must be a unique string")
        bands = item.get("bands")
        if not isinstance(bands, list) or not bands or not all(isinstance(b, str) for b in bands):
            raise ctx.fail(where, "'bands' must list the method's maturity levels these texts serve")
        for band in bands:
            if band not in band_ids:
                raise ctx.fail(where, f"unknown maturity level '{band}' (the method's: {', '.join(band_ids)})")
            if band in served:
                raise ctx.fail(where, f"maturity level '{band}' is already served by another level")
            served.append(band)
        levels.append(AdviceLevel(item["id"], tuple(bands)))
    missing = [b for b in band_ids if b not in served]
    if missing:
        raise ctx.fail("[[levels]]", f"no texts for maturity level(s) {', '.join(missing)}")
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


def load_advice(path: Path, survey: Survey, band_ids: tuple[str, ...]) -> AdviceBook:
    """Read and check the advice file: every area of ``survey`` has texts for every maturity level
    (``band_ids``, the method's bands), in every language."""
    ctx = Context(path)
    if not path.is_file():
        raise SurveyError(f"{path.name}: development-plan texts not found in {path.parent}")
    data = read_toml(path)
    levels = _levels(ctx, data.get("levels"), tuple(band_ids))
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
