"""The survey definition as immutable objects.

A definition is read from a data file by :mod:`surveys.loader`; everything else (form builder,
views, scoring, reports) works on these objects and never on the raw file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

LANGUAGES = ("fi", "en")

#: Question types a definition may use, and whether the type takes options.
QUESTION_TYPES = {
    "single": True,  # one choice of anchored options (radio group); options may carry scores
    "likert": True,  # 1-5 rating; options come from a named scale
    "multi": True,  # several choices (checkbox group)
    "select": True,  # one choice from a long list (drop-down), usually from a list file
    "municipality": True,  # select from the municipalities list
    "checkbox": False,  # a single yes/no tick, e.g. a consent
    "text": False,
    "textarea": False,
    "email": False,
    "phone": False,
    "url": False,
    "business_id": False,  # Finnish Y-tunnus, check digit validated
}

#: What a question tells the scoring about its area.
ROLES = ("level", "competence", "importance", "training", "contact_email", "attended", "satisfaction")

#: An analysis (T0) stands alone; a follow-up (T1) repeats ladder items of a baseline analysis.
KINDS = ("analysis", "followup")


@dataclass(frozen=True)
class Text:
    """A string in every supported language."""

    fi: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fi


NO_ANSWER = Text(fi="(ei vastausta)", en="(no answer)")
YES = Text(fi="Kyllä", en="Yes")
NO = Text(fi="Ei", en="No")


@dataclass(frozen=True)
class Option:
    code: str
    label: Text
    score: int | None = None
    not_applicable: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: Text
    page_id: str
    required: bool = False
    help: Text | None = None
    options: tuple[Option, ...] = ()
    max_length: int | None = None
    area: str | None = None
    role: str | None = None
    weight: float = 1.0
    link: str | None = None  # a named public page shown next to the question (e.g. privacy)
    autocomplete: str | None = None  # HTML autocomplete token for the respondent's own details
    compares_to: str | None = None  # follow-up ladder item: the baseline item it repeats

    @property
    def has_options(self) -> bool:
        return QUESTION_TYPES[self.type]

    @property
    def is_text(self) -> bool:
        return self.type in ("text", "textarea", "email", "phone", "url", "business_id")

    def option(self, code: str) -> Option | None:
        for opt in self.options:
            if opt.code == code:
                return opt
        return None

    @property
    def max_score(self) -> int | None:
        scores = [o.score for o in self.options if o.score is not None]
        return max(scores) if scores else None

    def answer_text(self, value, lang: str) -> str:
        """A stored answer as the respondent would read it."""
        if value in (None, "", []):
            return NO_ANSWER.get(lang)
        if self.type == "checkbox":
            return (YES if value else NO).get(lang)
        if self.options:
            codes = value if isinstance(value, list) else [value]
            labels = [(self.option(code).label.get(lang) if self.option(code) else str(code)) for code in codes]
            return "; ".join(labels)
        return str(value)


@dataclass(frozen=True)
class Area:
    id: str
    name: Text
    weight: float
    description: Text | None = None


@dataclass(frozen=True)
class Page:
    id: str
    title: Text
    questions: tuple[Question, ...]
    intro: Text | None = None
    areas: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Survey:
    """One version of one questionnaire. Hashable by identity (it is loaded once)."""

    id: str
    version: int
    title: Text
    source: str
    pages: tuple[Page, ...]
    areas: tuple[Area, ...]
    estimated_minutes: int = 15
    intro: Text | None = None
    #: classification versions of the lists used (e.g. industry -> "TOL 2008")
    classifications: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    kind: str = "analysis"
    #: a follow-up's baseline analysis: survey id and the versions its items are comparable with
    baseline: str | None = None
    baseline_versions: tuple[int, ...] = ()

    @property
    def is_followup(self) -> bool:
        return self.kind == "followup"

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for page in self.pages for q in page.questions)

    def question(self, question_id: str) -> Question:
        return self._index()[question_id]

    def page(self, page_id: str) -> Page | None:
        for page in self.pages:
            if page.id == page_id:
                return page
        return None

    def page_number(self, page_id: str) -> int:
        """1-based position of a page."""
        for number, page in enumerate(self.pages, start=1):
            if page.id == page_id:
                return number
        raise KeyError(page_id)

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def area_questions(self, area_id: str, role: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.area == area_id and q.role == role)

    def not_applicable_when(self, question: Question) -> tuple[tuple[str, frozenset], ...]:
        """For an area's competence and importance rating: the area's ladder items with their "does
        not apply" codes. When every one of them is answered "does not apply", the rating is not
        needed (the area is out of the index); for other questions ()."""
        if question.area is None or question.role not in ("competence", "importance"):
            return ()
        items = tuple((q.id, frozenset(o.code for o in q.options if o.not_applicable))
                      for q in self.area_questions(question.area, "level"))
        return items if items and all(codes for _, codes in items) else ()

    def needs_answer(self, question: Question, answers: dict) -> bool:
        """Whether a required question must be answered given the other answers."""
        if not question.required:
            return False
        items = self.not_applicable_when(question)
        return not (items and all(answers.get(qid) in codes for qid, codes in items))

    def question_with_role(self, role: str) -> Question | None:
        for q in self.questions:
            if q.role == role:
                return q
        return None

    def _index(self) -> dict[str, Question]:
        index = self.__dict__.get("_question_index")
        if index is None:
            index = {q.id: q for q in self.questions}
            object.__setattr__(self, "_question_index", index)
        return index
