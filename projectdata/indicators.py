"""The funder's indicators (``projectdata/indicators.toml``): the project's start, the rule that says
when a company counts as supported, the indicators reported and the EU size classes with what each
answer code means. Validated at start-up against every version of the questionnaire; errors name
the file and the item (docs/reporting.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scoring.size_class import Ceiling, SizeRule
from trainings.rules.counts import SupportWay
from surveys.model import Text
from surveys.parsing import Context, read_text, read_toml

HERE = Path(__file__).parent
SUPPORTS = ("any", "non_financial")  # which support an indicator counts (all of this project's is non-financial)
CONDITIONS = {"analysis": bool, "final_interview": bool, "sessions": int, "hours": (int, float), "certificate": bool}
CLASS_NAMES = ("micro", "small", "medium")


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Text
    support: str


@dataclass(frozen=True)
class SupportRuleText:
    id: str
    name: Text


@dataclass(frozen=True, eq=False)
class Indicators:
    project_start: str
    ways: tuple[SupportWay, ...]
    way_names: tuple[SupportRuleText, ...]
    indicators: tuple[Indicator, ...]
    size_rule: SizeRule
    source: str = "indicators.toml"


def _way(ctx: Context, number: int, raw) -> tuple[SupportWay, SupportRuleText]:
    where = f"supported {number}" + (f" '{raw.get('id')}'" if isinstance(raw, dict) and raw.get("id") else "")
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
        raise ctx.fail(where, "'id' is required")
    unknown = set(raw) - {"id", "name", *CONDITIONS}
    if unknown:
        raise ctx.fail(where, f"unknown condition(s): {', '.join(sorted(unknown))}; known: {', '.join(CONDITIONS)}")
    values = {}
    for key, kind in CONDITIONS.items():
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
            raise ctx.fail(where, f"'{key}' must be {'true or false' if kind is bool else 'a number'}")
        if kind is not bool and (value <= 0 or not math.isfinite(value)):
            raise ctx.fail(where, f"'{key}' must be greater than zero")
        values[key] = value
    if not any(values.values()):
        raise ctx.fail(where, f"a way needs at least one condition ({', '.join(CONDITIONS)})")
    return SupportWay(raw["id"], **values), SupportRuleText(raw["id"], read_text(ctx, where, raw, "name"))


def _ranges(ctx: Context, where: str, raw, codes: set[str], sources: str) -> dict:
    if not isinstance(raw, dict) or not raw:
        raise ctx.fail(where, "must be a table of answer code = [low, high] (or [low] for an open class)")
    ranges = {}
    for code, value in raw.items():
        if (not isinstance(value, list) or len(value) not in (1, 2)
                or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
                or (len(value) == 2 and value[0] > value[1])):
            raise ctx.fail(f"{where} '{code}'", "must be [low, high] (whole numbers, low <= high) or [low]")
        ranges[code] = (value[0], value[1] if len(value) == 2 else None)  # a code no version has is unused
    missing = sorted(codes - set(ranges))
    if missing:
        raise ctx.fail(where, f"no range for option '{missing[0]}' (every option of {sources} needs one)")
    return ranges


def _size_rule(ctx: Context, raw, surveys) -> SizeRule:
    where = "[size_classes]"
    if not isinstance(raw, dict):
        raise ctx.fail(where, "the [size_classes] table is missing")
    ceilings = []
    for name in CLASS_NAMES:
        item = raw.get(name)
        if (not isinstance(item, dict) or set(item) != {"persons_below", "turnover_max"}
                or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in item.values())):
            raise ctx.fail(f"{where} {name}", "needs persons_below and turnover_max (positive whole numbers)")
        if ceilings and (item["persons_below"] <= ceilings[-1].persons_below
                         or item["turnover_max"] <= ceilings[-1].turnover_max):
            raise ctx.fail(f"{where} {name}", "ceilings must grow from micro to small to medium")
        ceilings.append(Ceiling(name, item["persons_below"], item["turnover_max"]))
    questions = {}
    for key in ("persons_question", "turnover_question"):
        question_id = raw.get(key)
        codes = set()
        for survey in surveys:
            try:
                codes |= {o.code for o in survey.question(question_id).options}
            except (KeyError, TypeError):
                raise ctx.fail(f"{where} {key}", f"unknown question {question_id!r} in {survey.source}") from None
        questions[key] = (question_id, codes)
    sources = ", ".join(s.source for s in surveys)
    return SizeRule(questions["persons_question"][0], questions["turnover_question"][0], tuple(ceilings),
                    _ranges(ctx, f"{where}.persons", raw.get("persons"), questions["persons_question"][1], sources),
                    _ranges(ctx, f"{where}.turnover", raw.get("turnover"), questions["turnover_question"][1], sources))


def _indicators(ctx: Context, raw) -> tuple[Indicator, ...]:
    found = []
    for number, item in enumerate(raw if isinstance(raw, list) else [], start=1):
        code = item.get("code") if isinstance(item, dict) else None
        where = f"indicator {number}" + (f" '{code}'" if code else "")
        if not isinstance(code, str) or not code or code in {i.code for i in found}:
            raise ctx.fail(where, "'code' must be a unique text such as 'RCO01'")
        if item.get("support") not in SUPPORTS:
            raise ctx.fail(where, f"'support' must be one of: {', '.join(SUPPORTS)}")
        found.append(Indicator(code, read_text(ctx, where, item, "name"), item["support"]))
    if not found:
        raise ctx.fail("[[indicators]]", "at least one indicator is required")
    return tuple(found)


def load_indicators(surveys, path: Path | None = None) -> Indicators:
    """``surveys``: every version of the analysis questionnaire (each answer code needs a range)."""
    path = path or HERE / "indicators.toml"
    ctx = Context(path)
    data = read_toml(path)
    try:
        start = date.fromisoformat(str((data.get("project") or {}).get("start"))).isoformat()
    except ValueError:
        raise ctx.fail("[project]", "'start' must be a date YYYY-MM-DD") from None
    raw_ways = data.get("supported")
    if not isinstance(raw_ways, list) or not raw_ways:
        raise ctx.fail("[[supported]]", "at least one way of being supported is required")
    ways = [_way(ctx, number, raw) for number, raw in enumerate(raw_ways, start=1)]
    if len({way.id for way, _ in ways}) != len(ways):
        raise ctx.fail("[[supported]]", "every way needs its own 'id'")
    return Indicators(start, tuple(w for w, _ in ways), tuple(t for _, t in ways),
                      _indicators(ctx, data.get("indicators")), _size_rule(ctx, data.get("size_classes"), surveys),
                      path.name)
