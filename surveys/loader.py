"""Read survey definitions (TOML) and validate them completely at load.

Every error names the file and the item (question id, area id, option) so that whoever edits the
data file can fix it without reading code. The format is documented in docs/survey-format.md.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from .followup import check_followups
from .model import KINDS, QUESTION_TYPES, ROLES, Area, Option, Page, Question, Survey, Text
from .parsing import Context, SurveyError, read_text, read_toml

HERE = Path(__file__).parent
DEFINITIONS_DIR = HERE / "definitions"
LISTS_DIR = HERE / "lists"

DEFAULT_MAX_LENGTH = {
    "text": 200,
    "textarea": 4000,
    "email": 254,
    "phone": 40,
    "url": 500,
    "business_id": 20,
}
LINKS = ("privacy", "accessibility")
NOT_APPLICABLE_LABEL = Text(fi="Ei koske meitä", en="Does not apply to us")

QUESTION_KEYS = {
    "id", "type", "label", "help", "required", "options", "options_from", "scale",
    "max_length", "area", "role", "weight", "link", "not_applicable", "autocomplete", "compares_to",
}


def load_list(name: str, lists_dir: Path = LISTS_DIR) -> tuple[str, tuple[Option, ...]]:
    """Load a choice list file; returns (classification version, options)."""
    path = lists_dir / f"{name}.toml"
    ctx = Context(path)
    if not path.is_file():
        raise SurveyError(f"{path.name}: list '{name}' not found in {lists_dir}")
    data = read_toml(path)
    classification = data.get("classification")
    if not isinstance(classification, str) or not classification.strip():
        raise ctx.fail("list", "'classification' (name and version of the list) is required")
    items = data.get("items")
    if not isinstance(items, list) or not items:
        raise ctx.fail("list", "'items' must be a non-empty array of tables")
    options, seen = [], set()
    for number, item in enumerate(items, start=1):
        code = item.get("code") if isinstance(item, dict) else None
        where = f"item {number}" + (f" ('{code}')" if code else "")
        if not isinstance(code, str) or not code:
            raise ctx.fail(where, "'code' must be a non-empty string")
        if code in seen:
            raise ctx.fail(where, f"duplicate code '{code}'")
        seen.add(code)
        options.append(Option(code=code, label=read_text(ctx, where, item, "label", flat=True)))
    return classification, tuple(options)


def load_survey(path: Path, lists_dir: Path = LISTS_DIR) -> Survey:
    """Load and validate one survey definition file."""
    path = Path(path)
    ctx = Context(path)
    data = read_toml(path)
    head = data.get("survey")
    if not isinstance(head, dict):
        raise ctx.fail("[survey]", "the [survey] table is missing")
    survey_id = head.get("id")
    version = head.get("version")
    if not isinstance(survey_id, str) or not survey_id.isidentifier():
        raise ctx.fail("[survey]", "'id' must be an identifier such as 'tp1'")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ctx.fail("[survey]", "'version' must be a positive integer")

    kind, baseline, baseline_versions = _kind(ctx, head, data.get("followup"))
    scales = _scales(ctx, data.get("scales", {}))
    areas, area_items = _areas(ctx, data.get("areas", []))
    area_template = data.get("area_questions", [])
    if not isinstance(area_template, list):
        raise ctx.fail("[[area_questions]]", "must be an array of tables")

    lists: dict[str, tuple[str, tuple[Option, ...]]] = {}
    pages, used_areas = _pages(ctx, data, scales, areas, area_items, area_template, lists, lists_dir)
    _check_compares_to(ctx, kind, pages)
    unused = [a for a in areas if a not in used_areas]
    if unused:
        raise ctx.fail(f"area '{unused[0]}'", "is not placed on any page")
    return Survey(
        id=survey_id,
        version=version,
        title=read_text(ctx, "[survey]", head, "title"),
        intro=read_text(ctx, "[survey]", head, "intro", optional=True),
        estimated_minutes=int(head.get("estimated_minutes", 15)),
        source=path.name,
        pages=tuple(pages),
        areas=tuple(areas.values()),
        classifications=MappingProxyType({name: value[0] for name, value in lists.items()}),
        kind=kind,
        baseline=baseline,
        baseline_versions=baseline_versions,
    )


def _pages(ctx: Context, data: dict, scales: dict, areas: dict, area_items: dict, area_template: list, lists: dict,
           lists_dir: Path) -> tuple[list[Page], set[str]]:
    """The pages with their questions (areas expanded from the template); fills ``lists``."""
    pages, seen_ids, used_areas = [], set(), set()
    raw_pages = data.get("pages")
    if not isinstance(raw_pages, list) or not raw_pages:
        raise ctx.fail("[[pages]]", "at least one page is required")
    seen_pages = set()
    for number, raw in enumerate(raw_pages, start=1):
        page_id = raw.get("id")
        where = f"page {number}" + (f" '{page_id}'" if page_id else "")
        if not isinstance(page_id, str) or not page_id:
            raise ctx.fail(where, "'id' is required")
        if page_id in seen_pages:
            raise ctx.fail(where, f"duplicate page id '{page_id}'")
        seen_pages.add(page_id)
        page_areas = tuple(raw.get("areas", ()))
        raw_questions = list(raw.get("questions", []))
        for area_id in page_areas:
            if area_id not in area_items:
                raise ctx.fail(where, f"unknown area '{area_id}'")
            if area_id in used_areas:
                raise ctx.fail(where, f"area '{area_id}' is already on another page")
            used_areas.add(area_id)
            raw_questions.extend(_expand_area(ctx, area_id, areas[area_id], area_items[area_id], area_template))
        if not raw_questions:
            raise ctx.fail(where, "a page needs questions or areas")
        questions = []
        for raw_q in raw_questions:
            question = _question(ctx, raw_q, page_id, scales, areas, lists, lists_dir)
            if question.id in seen_ids:
                raise ctx.fail(f"question '{question.id}'", "duplicate question id")
            seen_ids.add(question.id)
            questions.append(question)
        pages.append(Page(
            id=page_id,
            title=read_text(ctx, where, raw, "title"),
            intro=read_text(ctx, where, raw, "intro", optional=True),
            questions=tuple(questions),
            areas=page_areas,
        ))
    return pages, used_areas


def _check_compares_to(ctx: Context, kind: str, pages: list[Page]) -> None:
    for question in (q for page in pages for q in page.questions):
        if kind == "followup" and question.role == "level" and not question.compares_to:
            raise ctx.fail(f"question '{question.id}'",
                           "a follow-up ladder item needs 'compares_to' (the baseline item it repeats)")
        if kind != "followup" and question.compares_to:
            raise ctx.fail(f"question '{question.id}'",
                           "'compares_to' is only for follow-up surveys (kind = \"followup\")")


def _kind(ctx: Context, head: dict, followup) -> tuple[str, str | None, tuple[int, ...]]:
    kind = head.get("kind", "analysis")
    if kind not in KINDS:
        raise ctx.fail("[survey]", f"unknown kind {kind!r}; known kinds: {', '.join(KINDS)}")
    if kind == "analysis":
        if followup is not None:
            raise ctx.fail("[followup]", "only a survey with kind = \"followup\" has a [followup] table")
        return kind, None, ()
    if not isinstance(followup, dict):
        raise ctx.fail("[followup]",
                       "a follow-up survey needs a [followup] table with 'baseline' and 'baseline_versions'")
    baseline, versions = followup.get("baseline"), followup.get("baseline_versions")
    if not isinstance(baseline, str) or not baseline.isidentifier():
        raise ctx.fail("[followup]", "'baseline' must be the id of the analysis survey it follows, such as 'tp1'")
    if (not isinstance(versions, list) or not versions
            or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in versions)):
        raise ctx.fail("[followup]", "'baseline_versions' must be a non-empty array of baseline versions, such as [1]")
    return kind, baseline, tuple(versions)


def load_all(definitions_dir: Path = DEFINITIONS_DIR, lists_dir: Path = LISTS_DIR) -> dict[tuple[str, int], Survey]:
    """Load every ``*.toml`` definition in a folder, keyed by (survey id, version); follow-up
    surveys are checked against the baseline versions they declare (``surveys.followup``)."""
    surveys: dict[tuple[str, int], Survey] = {}
    for path in sorted(Path(definitions_dir).glob("*.toml")):
        survey = load_survey(path, lists_dir)
        key = (survey.id, survey.version)
        if key in surveys:
            raise SurveyError(f"{path.name}: survey {survey.id} version {survey.version} is also defined in "
                              f"{surveys[key].source}")
        surveys[key] = survey
    if not surveys:
        raise SurveyError(f"no survey definitions (*.toml) in {definitions_dir}")
    check_followups(surveys)
    return surveys


def _scales(ctx: Context, raw: dict) -> dict[str, tuple[Option, ...]]:
    scales = {}
    for name, scale in raw.items():
        where = f"scale '{name}'"
        options = scale.get("options") if isinstance(scale, dict) else None
        if not isinstance(options, list) or not options:
            raise ctx.fail(where, "'options' must be a non-empty array")
        scales[name] = _options(ctx, where, options, scored=True)
    return scales


def _options(ctx: Context, where: str, raw: list, scored: bool) -> tuple[Option, ...]:
    options, codes = [], set()
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise ctx.fail(where, f"option {number} must be a table")
        score = item.get("score")
        code = item.get("code", str(score) if score is not None else None)
        owhere = f"{where}, option {number}"
        if not isinstance(code, str) or not code:
            raise ctx.fail(owhere, "'code' is required (or a 'score' to derive it from)")
        if code in codes:
            raise ctx.fail(owhere, f"duplicate option code '{code}'")
        codes.add(code)
        if scored and (not isinstance(score, int) or isinstance(score, bool) or score < 0):
            raise ctx.fail(owhere, "option without a score (a non-negative integer 'score' is needed)")
        options.append(Option(code=code, label=read_text(ctx, owhere, item, "label", flat=True), score=score))
    return tuple(options)


def _areas(ctx: Context, raw: list) -> tuple[dict[str, Area], dict[str, list]]:
    areas, items = {}, {}
    if not isinstance(raw, list):
        raise ctx.fail("[[areas]]", "must be an array of tables")
    for number, area in enumerate(raw, start=1):
        area_id = area.get("id")
        where = f"area {number}" + (f" '{area_id}'" if area_id else "")
        if not isinstance(area_id, str) or not area_id.isidentifier():
            raise ctx.fail(where, "'id' must be an identifier")
        if area_id in areas:
            raise ctx.fail(where, f"duplicate area id '{area_id}'")
        weight = area.get("weight", 1)
        if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight <= 0:
            raise ctx.fail(where, "'weight' must be a positive number")
        ladder = area.get("items", [])
        if not ladder:
            raise ctx.fail(where, "an area needs at least one ladder item ([[areas.items]])")
        areas[area_id] = Area(
            id=area_id,
            name=read_text(ctx, where, area, "name"),
            description=read_text(ctx, where, area, "description", optional=True),
            weight=float(weight),
        )
        items[area_id] = ladder
    return areas, items


def _expand_area(ctx: Context, area_id: str, area: Area, ladder: list, template: list) -> list[dict]:
    """The ladder items of an area, then the per-area questions of [[area_questions]]."""
    questions = []
    for item in ladder:
        questions.append({"type": "single", "role": "level", "required": True, **item, "area": area_id})
    for number, common in enumerate(template, start=1):
        suffix = common.get("suffix")
        if not isinstance(suffix, str) or not suffix:
            raise ctx.fail(f"area_questions {number}", "'suffix' is required")
        question = {k: v for k, v in common.items() if k != "suffix"}
        question["id"] = f"{area_id}_{suffix}"
        question["area"] = area_id
        for key in ("label", "help"):
            if isinstance(question.get(key), dict):
                question[key] = {
                    lang: text.replace("{area}", area.name.get(lang)) for lang, text in question[key].items()
                }
        questions.append(question)
    return questions


def _question(ctx, raw: dict, page_id: str, scales: dict, areas: dict, lists: dict, lists_dir: Path) -> Question:
    qid = raw.get("id")
    if not isinstance(qid, str) or not qid.isidentifier():
        raise ctx.fail(f"page '{page_id}'", f"question id {qid!r} must be an identifier (letters, digits, _)")
    where = f"question '{qid}'"
    unknown = set(raw) - QUESTION_KEYS
    if unknown:
        raise ctx.fail(where, f"unknown key(s): {', '.join(sorted(unknown))}")
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        raise ctx.fail(where, f"unknown type {qtype!r}; known types: {', '.join(QUESTION_TYPES)}")
    role = raw.get("role")
    if role is not None and role not in ROLES:
        raise ctx.fail(where, f"unknown role {role!r}; known roles: {', '.join(ROLES)}")
    area = raw.get("area")
    if area is not None and area not in areas:
        raise ctx.fail(where, f"unknown area '{area}'")
    if role in ("level", "competence", "importance", "training") and area is None:
        raise ctx.fail(where, f"a question with role '{role}' needs an 'area'")
    required = raw.get("required", False)
    if not isinstance(required, bool):
        raise ctx.fail(where, "'required' must be true or false")

    options: tuple[Option, ...] = ()
    if QUESTION_TYPES[qtype]:
        options = _question_options(ctx, where, raw, qtype, role, scales, lists, lists_dir)
    elif any(k in raw for k in ("options", "options_from", "scale")):
        raise ctx.fail(where, f"type '{qtype}' takes no options")

    max_length = raw.get("max_length", DEFAULT_MAX_LENGTH.get(qtype))
    if max_length is not None and (not isinstance(max_length, int) or max_length < 1):
        raise ctx.fail(where, "'max_length' must be a positive integer")
    weight = raw.get("weight", 1)
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight <= 0:
        raise ctx.fail(where, "'weight' must be a positive number")
    link = raw.get("link")
    if link is not None and link not in LINKS:
        raise ctx.fail(where, f"unknown link {link!r}; known: {', '.join(LINKS)}")
    return Question(
        id=qid,
        type=qtype,
        label=read_text(ctx, where, raw, "label"),
        help=read_text(ctx, where, raw, "help", optional=True),
        page_id=page_id,
        required=required,
        options=options,
        max_length=max_length,
        area=area,
        role=role,
        weight=float(weight),
        link=link,
        autocomplete=raw.get("autocomplete"),
        compares_to=_compares_to(ctx, where, raw, role),
    )


def _compares_to(ctx: Context, where: str, raw: dict, role: str | None) -> str | None:
    value = raw.get("compares_to")
    if value is None:
        return None
    if not isinstance(value, str) or not value.isidentifier():
        raise ctx.fail(where, "'compares_to' must be the id of a baseline question")
    if role != "level":
        raise ctx.fail(where, "only ladder items (role 'level') can be compared with the baseline")
    return value


def _question_options(ctx, where, raw, qtype, role, scales, lists, lists_dir) -> tuple[Option, ...]:
    sources = [k for k in ("options", "options_from", "scale") if k in raw]
    if qtype == "municipality":
        if sources:
            raise ctx.fail(where, "type 'municipality' always uses the municipalities list")
        sources, raw = ["options_from"], {**raw, "options_from": "municipalities"}
    if len(sources) != 1:
        raise ctx.fail(where, f"type '{qtype}' needs exactly one of 'options', 'options_from' or 'scale'")
    source = sources[0]
    if source == "scale":
        if raw["scale"] not in scales:
            raise ctx.fail(where, f"unknown scale '{raw['scale']}'")
        options = scales[raw["scale"]]
    elif source == "options_from":
        name = raw["options_from"]
        if name not in lists:
            try:
                lists[name] = load_list(name, lists_dir)
            except SurveyError as exc:
                raise ctx.fail(where, str(exc)) from exc
        options = lists[name][1]
    else:
        if not isinstance(raw["options"], list) or not raw["options"]:
            raise ctx.fail(where, "'options' must be a non-empty array")
        options = _options(ctx, where, raw["options"], scored=role == "level")
    if raw.get("not_applicable"):
        if qtype != "single":
            raise ctx.fail(where, "'not_applicable' is only for type 'single'")
        options = options + (Option(code="na", label=NOT_APPLICABLE_LABEL, not_applicable=True),)
    return options
