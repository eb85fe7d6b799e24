"""Every count of the training records, defined once: the dashboard, the aggregate PDF, the funder
summary and its exports all call these on the same facts (``trainings.storage.counts.facts``).
Pure functions: no Flask, no database, no I/O.

Definitions (a *held* session is one on or before today; dates are local dates, ISO):

- **referred**: referred to a training or path by an advisor in a final interview held in the
  period.
- **funnel** (nested by construction: each stage is a subset of the one before): of the page's
  selection of companies (analysed in the period, of the chosen groups and organisation), those
  **referred** (by an advisor in a final interview, or signed up: any enrolment or application),
  of them **enrolled** (holds a seat), of them **attended** (present at a held session), of them
  **certified** (holds a certificate) – each to date.
- **enrolled**: holds a seat (status enrolled) in a course that runs in the period.
- **attended** / **tp2_companies** / **path_companies**: present at one or more held sessions in
  the period (of any training / of a TP2 workshop / of a path) – counted from attendance, never
  from seats or referrals.
- **certificates**: certificates issued in the period; **certified**: companies holding one.
- **sessions** (**tp2_sessions**): held workshop sessions in the period, by the course's
  organiser; **webinar_reach**: attendees counted at held webinar sessions in the period.
- **webinar_signups**: live (not cancelled) sign-ups from the open calendar to webinars that start
  in the period, by the course's organiser – people who said they would come, a figure of its own:
  never part of ``webinar_reach`` (the trainer's counts) nor of any company count.
- **invoiced**: enrolments marked invoiced in the period.
- **supported** (the funder's RCO01 and RCO04): a company is supported from the first day on
  which its services since the project start meet one of the ways of the counting rule
  (``SupportWay``: a confirmed analysis, a final advisory interview, N sessions or H hours of
  held training sessions attended, a certificate – all of a way's conditions); it counts once, in
  the period of that day (``supported``) and in every cumulative value from then on. Its EU size
  class comes from its latest analysis up to that day (``sizes``, ``scoring.size_class``).

Filters (``Scope``): the period (inclusive ISO dates); the organisation (the company's effective
organisation for company counts, the course's organiser for session and webinar counts); a set
of companies (the group filters and the publication consent). Session and webinar figures are
not about companies: a company set does not narrow them (``NOT_BY_COMPANY``), and pages say so.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from scoring.size_class import SizeClass, SizeRule, breakdown, classify

FUNNEL = ("referred", "enrolled", "attended", "certified")
NOT_BY_COMPANY = ("tp2_sessions", "webinar_reach", "webinar_signups")  # figures a company selection cannot narrow


@dataclass(frozen=True)
class Scope:
    start: str | None = None
    end: str | None = None
    organisation: str | None = None
    companies: frozenset | None = None  # None: every company

    def in_period(self, day: str | None) -> bool:
        return bool(day) and (not self.start or day >= self.start) and (not self.end or day <= self.end)

    def overlaps(self, first: str, last: str) -> bool:
        return (not self.start or last >= self.start) and (not self.end or first <= self.end)

    def counts_company(self, company: int, organisation: str | None) -> bool:
        return ((self.companies is None or company in self.companies)
                and (not self.organisation or organisation == self.organisation))


@dataclass(frozen=True)
class Facts:
    """The training records reduced to what the counts read (``trainings.storage.counts.facts``).

    ``kinds``: offer id -> workshop / path / webinar; ``org``: company -> effective organisation;
    ``enrolments``: (company, offer, status, first local day of the enrolment record, course
    start, course end); ``presence``: (company, offer) -> sorted local days of held sessions
    attended; ``referrals``: (company, interview day); ``certificates``: (company, offer – None for a
    work package's –, package, issued day); ``sessions``: (course, offer, organiser, day, hours,
    attendees per group) of held sessions; ``invoiced``: (company, offer, invoiced day, fee);
    ``attendance``: (company, offer, session, day, hours) of each held session a company was present
    at; ``analyses``: (company, day, survey version, {question: answer code}) of confirmed analyses,
    by day; ``interviews``: (company, day) of final advisory interviews;
    ``signups``: (course, offer, organiser, course start) of each live webinar sign-up."""

    kinds: dict
    org: dict
    enrolments: tuple = ()
    presence: dict = field(default_factory=dict)
    referrals: tuple = ()
    certificates: tuple = ()
    sessions: tuple = ()
    invoiced: tuple = ()
    attendance: tuple = ()
    analyses: tuple = ()
    interviews: tuple = ()
    signups: tuple = ()

    def kind(self, offer: str | None) -> str | None:
        return self.kinds.get(offer)


def _trained(kind: str | None) -> bool:
    return kind in ("workshop", "path")


def _present_in(days: tuple, scope: Scope) -> bool:
    """Any attended day in the period (``days`` sorted)."""
    if not days:
        return False
    at = bisect.bisect_left(days, scope.start) if scope.start else 0
    return at < len(days) and (not scope.end or days[at] <= scope.end)


def attended(facts: Facts, scope: Scope, kinds=("workshop", "path")) -> set[int]:
    """Companies present at one or more held sessions of the given kinds in the period."""
    return {company for (company, offer), days in facts.presence.items()
            if facts.kind(offer) in kinds and scope.counts_company(company, facts.org.get(company))
            and _present_in(days, scope)}


def enrolled(facts: Facts, scope: Scope, kinds=("workshop", "path"), offers=None) -> set[int]:
    """Companies holding a seat in a course of the given kinds (or ``offers``) that runs in the period."""
    return {company for company, offer, status, _day, first, last in facts.enrolments
            if status == "enrolled" and (offer in offers if offers else facts.kind(offer) in kinds)
            and scope.overlaps(first, last) and scope.counts_company(company, facts.org.get(company))}


def referred(facts: Facts, scope: Scope) -> set[int]:
    return {company for company, day in facts.referrals
            if scope.in_period(day) and scope.counts_company(company, facts.org.get(company))}


def certified(facts: Facts, scope: Scope) -> set[int]:
    return {company for company, _offer, _package, day in facts.certificates
            if scope.in_period(day) and scope.counts_company(company, facts.org.get(company))}


def certificates(facts: Facts, scope: Scope) -> int:
    return sum(1 for company, _offer, _package, day in facts.certificates
               if scope.in_period(day) and scope.counts_company(company, facts.org.get(company)))


def funnel(facts: Facts, selection) -> dict[str, set[int]]:
    """The companies of a selection (the page's: analysed in the period, of the chosen groups and
    organisation) at each stage to date, each stage a subset of the one before: **referred** (by
    an advisor in a final interview, or signed up: any enrolment or application to a training or
    path), **enrolled** (holds a seat), **attended** (present at a held session), **certified**
    (holds a certificate). ``selection`` None: every company."""
    ever = Scope()
    signed_up = {company for company, offer, *_rest in facts.enrolments if _trained(facts.kind(offer))}
    cohort = referred(facts, ever) | signed_up
    if selection is not None:
        cohort &= set(selection)
    seated = cohort & enrolled(facts, ever)
    present = seated & attended(facts, ever)
    holding = present & certified(facts, ever)
    return {"referred": cohort, "enrolled": seated, "attended": present, "certified": holding}


def sessions_held(facts: Facts, scope: Scope, kind: str = "workshop") -> int:
    return sum(1 for _course, offer, organiser, day, _hours, _audience in facts.sessions
               if facts.kind(offer) == kind and scope.in_period(day)
               and (not scope.organisation or organiser == scope.organisation))


def webinar_reach(facts: Facts, scope: Scope, offer_id: str | None = None) -> dict[str, int]:
    """Attendees counted at held webinar sessions in the period, per audience group."""
    totals: dict[str, int] = {}
    for _course, offer, organiser, day, _hours, audience in facts.sessions:
        if facts.kind(offer) != "webinar" or (offer_id and offer != offer_id) or not scope.in_period(day):
            continue
        if scope.organisation and organiser != scope.organisation:
            continue
        for group, count in audience.items():
            totals[group] = totals.get(group, 0) + int(count)
    return totals


def webinar_signups(facts: Facts, scope: Scope, offer_id: str | None = None) -> int:
    """Live sign-ups from the open calendar to webinars starting in the period, by the organiser
    (not attendance: ``webinar_reach`` stays the trainer's counts)."""
    return sum(1 for _course, offer, organiser, day in facts.signups
               if facts.kind(offer) == "webinar" and (not offer_id or offer == offer_id) and scope.in_period(day)
               and (not scope.organisation or organiser == scope.organisation))


def invoiced(facts: Facts, scope: Scope) -> tuple[int, int]:
    """(rows, euros) marked invoiced in the period."""
    rows = [fee for company, _offer, day, fee in facts.invoiced
            if scope.in_period(day) and scope.counts_company(company, facts.org.get(company))]
    return len(rows), sum(rows)


def dashboard(facts: Facts, scope: Scope, selection=None) -> dict:
    """Every training figure of the dashboard and the aggregate report: the activity in the
    ``scope`` (period, organisation, companies of the chosen groups) and the funnel of the page's
    ``selection`` of companies."""
    stages = funnel(facts, selection)
    reach = webinar_reach(facts, scope)
    return {
        "tp2_companies": len(attended(facts, scope, ("workshop",))),
        "path_companies": len(attended(facts, scope, ("path",))),
        "tp2_sessions": sessions_held(facts, scope),
        "trained_companies": len(attended(facts, scope)),
        "enrolled_companies": len(enrolled(facts, scope)),
        "referred_companies": len(referred(facts, scope)),
        "certificates": certificates(facts, scope),
        "certified_companies": len(certified(facts, scope)),
        "webinar_reach": sum(reach.values()),
        "reach_by_group": reach,
        "webinar_signups": webinar_signups(facts, scope),
        "funnel": [(stage, len(stages[stage])) for stage in FUNNEL],
    }


def by_offer(facts: Facts, scope: Scope, offer_ids) -> list[dict]:
    """The funder summary: per offer, courses with a held session in the period, held sessions,
    hours, enrolled companies, companies present, certificates of its courses and webinar
    attendees (a work package's certificates at project end: ``package_certificates``)."""
    rows = []
    for offer in offer_ids:
        held = [(course, hours) for course, o, organiser, day, hours, _a in facts.sessions
                if o == offer and scope.in_period(day) and (not scope.organisation or organiser == scope.organisation)]
        rows.append({
            "offer_id": offer, "courses": len({course for course, _h in held}), "sessions": len(held),
            "hours": sum(h for _c, h in held), "companies": len(enrolled(facts, scope, offers=(offer,))),
            "participants": len({c for (c, o), days in facts.presence.items() if o == offer
                                 and scope.counts_company(c, facts.org.get(c)) and _present_in(days, scope)}),
            "certificates": sum(1 for c, o, _p, day in facts.certificates if o == offer and scope.in_period(day)
                                and scope.counts_company(c, facts.org.get(c))),
            "webinar": sum(webinar_reach(facts, scope, offer).values()),
        })
    return rows


def package_certificates(facts: Facts, scope: Scope) -> dict[str, int]:
    """Certificates of a whole work package (TP2's at project end) issued in the period."""
    totals: dict[str, int] = {}
    for company, offer, package, day in facts.certificates:
        if offer is None and scope.in_period(day) and scope.counts_company(company, facts.org.get(company)):
            totals[package] = totals.get(package, 0) + 1
    return totals


@dataclass(frozen=True)
class SupportWay:
    """One way of being supported (``projectdata/indicators.toml``): every condition set must hold."""

    id: str
    analysis: bool = False
    final_interview: bool = False
    sessions: int = 0
    hours: float = 0
    certificate: bool = False


def _first_days(rows, since: str) -> dict[int, str]:
    """Company -> its first day on or after ``since`` of ``rows`` ((company, day) pairs)."""
    first: dict[int, str] = {}
    for company, day in rows:
        if day and day >= since and (company not in first or day < first[company]):
            first[company] = day
    return first


def _sessions(facts: Facts, since: str) -> dict[int, list]:
    """Company -> the (day, hours) of held workshop and path sessions it attended, in time order."""
    found: dict[int, list] = {}
    for company, offer, _session, day, hours in facts.attendance:
        if day >= since and _trained(facts.kind(offer)):
            found.setdefault(company, []).append((day, float(hours or 0)))
    for attended in found.values():
        attended.sort()
    return found


def _nth(attended: list, count: int) -> str | None:
    return attended[count - 1][0] if len(attended) >= count else None


def _hours(attended: list, wanted: float) -> str | None:
    total = 0.0
    for day, hours in attended:
        total += hours
        if total >= wanted:
            return day
    return None


def _met_on(way: SupportWay, firsts: dict, sessions: dict) -> dict[int, str]:
    """Company -> the first day on which its services meet every condition of ``way``."""
    conditions = [firsts[key] for wanted, key in ((way.analysis, "analysis"), (way.final_interview, "interview"),
                                                  (way.certificate, "certificate")) if wanted]
    if way.sessions:
        conditions.append({c: d for c, attended in sessions.items() if (d := _nth(attended, way.sessions))})
    if way.hours:
        conditions.append({c: d for c, attended in sessions.items() if (d := _hours(attended, way.hours))})
    if not conditions:
        return {}
    companies = set(conditions[0]).intersection(*conditions[1:])
    return {company: max(days[company] for days in conditions) for company in companies}


def first_support(facts: Facts, ways, project_start: str) -> dict[int, str]:
    """Company -> the first day it met one of the ``ways`` (counting services from the project start)."""
    firsts = {"analysis": _first_days(((c, d) for c, d, *_rest in facts.analyses), project_start),
              "interview": _first_days(facts.interviews, project_start),
              "certificate": _first_days(((c, d) for c, _o, _p, d in facts.certificates), project_start)}
    sessions = _sessions(facts, project_start) if any(w.sessions or w.hours for w in ways) else {}
    found: dict[int, str] = {}
    for way in ways:
        for company, day in _met_on(way, firsts, sessions).items():
            if company not in found or day < found[company]:
                found[company] = day
    return found


def _in_scope(first: dict[int, str], facts: Facts, scope: Scope, project_start: str) -> dict[int, str]:
    period = Scope(max(scope.start or project_start, project_start), scope.end, scope.organisation, scope.companies)
    return {company: day for company, day in first.items()
            if period.in_period(day) and period.counts_company(company, facts.org.get(company))}


def supported(facts: Facts, scope: Scope, ways, project_start: str) -> dict[int, str]:
    """Companies first supported in the period (from the project start when the period has no
    start) -> that day: each company counts once, in one period, however many services it had."""
    return _in_scope(first_support(facts, ways, project_start), facts, scope, project_start)


def sizes(facts: Facts, rule: SizeRule, until=None, companies=None) -> dict[int, tuple[SizeClass, tuple | None]]:
    """Company -> (its EU size class, the analysis it comes from: (day, survey version)): from its
    latest analysis up to ``until`` (a day, or company -> day: the day it was first supported, so
    that its class never changes once it is counted), else its first analysis; ``companies``: only
    these (None: all)."""
    chosen: dict[int, tuple] = {}
    for company, day, version, answers in facts.analyses:  # in time order
        if companies is not None and company not in companies:
            continue
        limit = until.get(company) if isinstance(until, dict) else until
        if company not in chosen or not limit or day <= limit:
            chosen[company] = (day, version, answers)
    classes: dict = {}
    found = {}
    for company, (day, version, answers) in chosen.items():
        codes = (answers.get(rule.persons_question), answers.get(rule.turnover_question))
        if codes not in classes:
            classes[codes] = classify(rule, *codes)
        found[company] = (classes[codes], (day, version))
    return found


def indicators(facts: Facts, scope: Scope, ways, project_start: str, rule: SizeRule) -> dict:
    """The funder's indicator values: companies first supported in the period and cumulatively (from
    the project start to the period's end), each broken down by EU size class as of the day it was
    first supported (the classes add up to the total, and successive periods add up to the
    cumulative value class by class); ``companies``: company -> first support day, ``sizes``."""
    first = first_support(facts, ways, project_start)
    period = _in_scope(first, facts, scope, project_start)
    cumulative = _in_scope(first, facts, Scope(None, scope.end, scope.organisation, scope.companies), project_start)
    classes = sizes(facts, rule, cumulative, cumulative)

    def size(company):
        return classes[company][0].size if company in classes else "unknown"
    return {
        "period": breakdown(size(c) for c in period), "cumulative": breakdown(size(c) for c in cumulative),
        "companies": {"period": period, "cumulative": cumulative}, "sizes": classes,
    }


def services(facts: Facts, scope: Scope, companies) -> dict[int, dict]:
    """What each of ``companies`` received in the period (the funder's company list): analyses
    (confirmed), final advisory interviews, held sessions attended and their hours, certificates."""
    wanted = set(companies)
    found = {company: {"analyses": 0, "interviews": 0, "sessions": 0, "hours": 0.0, "certificates": 0}
             for company in wanted}
    for company, day, *_rest in facts.analyses:
        if company in wanted and scope.in_period(day):
            found[company]["analyses"] += 1
    for company, day in facts.interviews:
        if company in wanted and scope.in_period(day):
            found[company]["interviews"] += 1
    for company, offer, _session, day, hours in facts.attendance:
        if company in wanted and _trained(facts.kind(offer)) and scope.in_period(day):
            found[company]["sessions"] += 1
            found[company]["hours"] += float(hours or 0)
    for company, _offer, _package, day in facts.certificates:
        if company in wanted and scope.in_period(day):
            found[company]["certificates"] += 1
    return found
