"""Project data (organisations and their assignment rules, interview choices), loaded and
validated at start-up; errors name the file and the item."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


from surveys.method import answers_match, parse_answer_in
from surveys.model import Option, Survey, Text
from surveys.parsing import Context, read_text

from .branding import load_branding
from .contacts import Contact, read_contact
from .indicators import Indicators, load_indicators

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Organisation:
    id: str
    name: Text
    contact: Contact | None = None  # whom its companies contact (organisations.toml)


@dataclass(frozen=True, eq=False)
class ProjectData:
    organisations: tuple[Organisation, ...]
    rules: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]
    default_organisation: str
    marketing_levels: tuple[Option, ...]
    tools: tuple[Option, ...]
    targets: tuple[tuple[str, int, Text], ...] = ()
    logos: tuple = ()  # projectdata.branding.Logo, the report covers' logos
    contact: Text | None = None  # how to sign up for a training (contact.toml)
    help: Text | None = None  # whom to ask for help, e.g. with a lost private link (contact.toml)
    service: Contact | None = None  # the service's own contact: privacy notice, accessibility (contact.toml)
    indicators: Indicators | None = None  # the funder's indicators (indicators.toml)

    def contact_line(self, lang: str) -> str | None:
        return self.contact.get(lang) if self.contact else None

    def help_text(self, lang: str) -> str | None:
        return self.help.get(lang) if self.help else None

    def contact_of(self, org_id: str | None) -> Contact | None:
        """The contact of an organisation (its companies' advisors), else the service's."""
        found = self.organisation(org_id)
        return found.contact if found and found.contact else self.service

    def organisation(self, org_id: str | None) -> Organisation | None:
        return next((o for o in self.organisations if o.id == org_id), None)

    def assign(self, answers: dict) -> str:
        """The organisation that serves a company, from its answers (first matching rule)."""
        for org_id, conditions in self.rules:
            if answers_match(answers, conditions):
                return org_id
        return self.default_organisation


def _options(ctx, where, raw) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        raise ctx.fail(where, "must be a non-empty array")
    return tuple(Option(code=item["code"],
                        label=read_text(ctx, f"{where} '{item.get('code')}'", item, "label", flat=True))
                 for item in raw)


def load(survey: Survey, folder: Path = HERE, versions=()) -> ProjectData:
    """``versions``: every version of the analysis questionnaire (default: ``survey`` alone)."""
    path = folder / "organisations.toml"
    ctx = Context(path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    organisations = []
    for number, raw in enumerate(data.get("organisations", []), start=1):
        if not isinstance(raw.get("id"), str) or raw["id"] in {o.id for o in organisations}:
            raise ctx.fail(f"organisation {number}", "'id' must be a unique string")
        where = f"organisation '{raw['id']}'"
        organisations.append(Organisation(raw["id"], read_text(ctx, where, raw, "name"),
                                          read_contact(ctx, where, raw.get("contact"))))
    ids = {o.id for o in organisations}
    rules = []
    for number, raw in enumerate(data.get("assign", []), start=1):
        where = f"assign {number}"
        if raw.get("organisation") not in ids:
            raise ctx.fail(where, f"unknown organisation {raw.get('organisation')!r}")
        rules.append((raw["organisation"], parse_answer_in(ctx, where, survey, raw.get("answer_in", {}))))
    default = data.get("default", {}).get("organisation")
    if default not in ids:
        raise ctx.fail("[default]", f"unknown organisation {default!r}")
    ipath = folder / "interview.toml"
    ictx = Context(ipath)
    idata = tomllib.loads(ipath.read_text(encoding="utf-8"))
    tpath = folder / "targets.toml"
    tctx = Context(tpath)
    targets = []
    for number, raw in enumerate(tomllib.loads(tpath.read_text(encoding="utf-8")).get("targets", []), start=1):
        if not isinstance(raw.get("target"), int) or raw["target"] <= 0:
            raise tctx.fail(f"target {number}", "'target' must be a positive whole number")
        targets.append((raw.get("id"), raw["target"], read_text(tctx, f"target {number}", raw, "name")))
    cpath = folder / "contact.toml"
    cdata = tomllib.loads(cpath.read_text(encoding="utf-8"))
    contact = read_text(Context(cpath), "signup", cdata, "signup")
    help_text = read_text(Context(cpath), "help", cdata, "help")
    service = read_contact(Context(cpath), "[service]", cdata.get("service"))
    return ProjectData(tuple(organisations), tuple(rules), default,
                       _options(ictx, "marketing_levels", idata.get("marketing_levels")),
                       _options(ictx, "tools", idata.get("tools")), tuple(targets),
                       load_branding(folder / "branding.toml"), contact, help_text, service,
                       load_indicators(tuple(versions) or (survey,), folder / "indicators.toml"))
