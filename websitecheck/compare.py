"""The check next to the self-assessment (contradictions) and against an earlier check (change).

Pure functions over findings, answers and the survey model."""

from __future__ import annotations

from . import texts

RANK = {"fail": 0, "warn": 1, "pass": 2}


def website_question(survey):
    """The questionnaire's website address question (its first ``url`` question), or None."""
    return next((q for q in survey.questions if q.type == "url"), None)


def _score(question, value):
    option = question.option(str(value)) if question and value not in (None, "") else None
    return option.score if option is not None else None


def _rule_fires(rule: dict, finding: dict, answers: dict, survey) -> bool:
    if finding["status"] not in rule["statuses"]:
        return False
    value = answers.get(rule["question"])
    if "any_of" in rule:
        chosen = value if isinstance(value, list) else [value]
        return any(code in chosen for code in rule["any_of"])
    try:
        question = survey.question(rule["question"])
    except KeyError:
        return False
    score = _score(question, value)
    return score is not None and score >= rule["min_score"]


def contradictions(findings: list[dict], answers: dict, survey) -> dict[str, list[str]]:
    """Check id → rule ids whose self-assessment the finding contradicts."""
    _checks, rules = texts.load()
    by_id = {f["id"]: f for f in findings}
    fired: dict[str, list[str]] = {}
    for rule in rules:
        finding = by_id.get(rule["check"])
        if finding and _rule_fires(rule, finding, answers, survey):
            fired.setdefault(rule["check"], []).append(rule["id"])
    return fired


def rule_text(rule_id: str, lang: str) -> str:
    return next(r["text"][lang] for r in texts.load()[1] if r["id"] == rule_id)


def changes(before: list[dict], after: list[dict]) -> list[dict]:
    """Checks whose status changed between two checks: id, before, after, better (True/False/None)."""
    old = {f["id"]: f["status"] for f in before}
    result = []
    for finding in after:
        was = old.get(finding["id"])
        if was is None or was == finding["status"]:
            continue
        better = None
        if was in RANK and finding["status"] in RANK:
            better = RANK[finding["status"]] > RANK[was]
        result.append({"id": finding["id"], "before": was, "after": finding["status"], "better": better})
    return result


def area_summary(findings: list[dict]) -> dict[str, dict[str, int]]:
    """Per questionnaire area, how many findings have each status."""
    summary: dict[str, dict[str, int]] = {}
    for finding in findings:
        area = texts.check_area(finding["id"])
        counts = summary.setdefault(area, {"pass": 0, "warn": 0, "fail": 0, "unknown": 0})
        counts[finding["status"]] += 1
    return summary
