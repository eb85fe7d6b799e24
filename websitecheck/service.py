"""Running checks for companies and preparing what the pages show: the glue between the checker,
the stored results, the survey and the configuration. No SQL here (storage/website_checks.py)."""

from __future__ import annotations

import time

from reports.data.formatting import date_text

from . import checks, compare, isolation, texts
from .fetch import Fetcher
from .site import Outcome

ORDER = {"fail": 0, "warn": 1, "unknown": 2, "pass": 3}  # what to talk about first


def fetcher(config) -> Fetcher:
    """An in-process fetcher under the configured limits (tests and benchmarks; checks run
    through ``run``)."""
    return isolation.Limits.from_config(config).fetcher(time.monotonic())


def site_address(survey, answers: dict) -> str:
    question = compare.website_question(survey)
    return (answers.get(question.id) or "").strip() if question else ""


def run(config, url: str) -> Outcome:
    """One check under the configured limits, in a child process ended by the deadline (never
    raises for what the site does; see ``isolation``)."""
    return isolation.run(url, isolation.Limits.from_config(config))


def run_many(config, urls: list[str], workers: int, progress=None) -> list[Outcome]:
    """Check many sites with at most ``workers`` checks at a time, in input order."""
    return isolation.run_many(urls, isolation.Limits.from_config(config), workers, progress)


def finding_rows(findings: list[dict], lang: str, contradictions: dict, selected=(), business_id: str | None = None,
                 ) -> list[dict]:
    """The findings as the page shows them: name, status, advice, why an "unknown" is unknown, the
    self-assessment they contradict; with the company's ``business_id``, a business ID on the site
    that is not the company's is a warning that says so."""
    other_ids = checks.business_id_mismatch(findings, business_id)
    rows = []
    for f in findings:
        status = "warn" if f["id"] == "business_id" and other_ids else f["status"]
        rows.append({
            "id": f["id"], "status": status, "evidence": f["evidence"],
            "name": texts.check_text(f["id"], "name", lang),
            "status_text": texts.status_text(status, lang),
            "advice": texts.check_text(f["id"], "advice", lang) if status in ("warn", "fail") else "",
            "reason": texts.unknown_reason(f["id"], lang) if status == "unknown" else "",
            "mismatch": other_ids if f["id"] == "business_id" else [],
            "contradictions": [compare.rule_text(r, lang) for r in contradictions.get(f["id"], [])],
            "selected": f["id"] in selected,
        })
    return rows


def by_area(survey, rows: list[dict], levels: dict, lang: str) -> list[dict]:
    """Findings grouped under the questionnaire's areas, each with the company's own level."""
    groups = []
    for area in survey.areas:
        items = [r for r in rows if texts.check_area(r["id"]) == area.id]
        if items:
            groups.append({"id": area.id, "name": area.name.get(lang), "level": levels.get(area.id), "rows": items})
    return groups


def report_data(stored: dict | None, lang: str) -> dict | None:
    """The findings the advisor ticked for the final report, as plain texts, or None."""
    if not stored or stored.get("error") or not stored["selected"]:
        return None
    rows = finding_rows(stored["findings"], lang, {}, stored["selected"])
    findings = [{"name": r["name"], "status": r["status_text"], "evidence": "; ".join(r["evidence"][:2]),
                 "advice": r["advice"]} for r in rows if r["selected"]]
    return {"checked_on": date_text(stored["checked_at"], lang), "url": stored["final_url"] or stored["requested_url"],
            "findings": findings}
