"""Pages: a company's website check (run, findings next to the self-assessment, choices for the
report, the AI draft) and the coordinator's web-presence figures."""

from __future__ import annotations

import json

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.auth import company_or_404
from reports.data.aggregate import code_label
from reports.texts import GROUP_NAMES
from storage import audit, get_db, immediate
from storage import companies as company_store
from storage import scores as score_store
from storage import website_checks as check_store
from web.i18n import current_language

from . import ai, bp, compare, coordinator_bp, figures, service, texts

DRAFT_MAX = 10_000


def _stored(check_id: int) -> tuple[dict, dict]:
    stored = check_store.get(get_db(), check_id)
    if stored is None or stored["company_id"] is None:
        abort(404)
    return stored, company_or_404(stored["company_id"])


def _analysis(company_id: int):
    analyses = company_store.analyses(get_db(), company_id)
    if not analyses:
        return None, None
    analysis = analyses[0]
    return analysis, current_app.extensions["surveys"].get(analysis["survey_id"], analysis["survey_version"])


def _levels(analysis) -> dict:
    if analysis is None:
        return {}
    stored = score_store.for_response(get_db(), analysis["id"])
    levels = (stored or {}).get("levels") or {}
    return json.loads(levels) if isinstance(levels, str) else levels


def _page_data(company: dict, lang: str) -> dict:
    db = get_db()
    analysis, survey = _analysis(company["id"])
    checks = check_store.of_company(db, company["id"])
    latest = checks[0] if checks else None
    data = {"company": company, "latest": latest, "history": checks, "areas": [], "changes": [], "first": None,
            "address": service.site_address(survey, analysis["answers"]) if survey else "",
            "ai_on": ai.Endpoint.from_config(current_app.config) is not None}
    if latest and not latest["error"] and survey:
        found = compare.contradictions(latest["findings"], analysis["answers"], survey)
        rows = service.finding_rows(latest["findings"], lang, found, latest["selected"], company["business_id"])
        data["areas"] = service.by_area(survey, rows, _levels(analysis), lang)
        data["contradictions"] = sum(len(r["contradictions"]) for r in rows)
        earlier = [c for c in checks[1:] if not c["error"]]
        if earlier:
            data["first"] = earlier[-1]
            data["changes"] = [{**c, "name": texts.check_text(c["id"], "name", lang),
                                "before_text": texts.status_text(c["before"], lang),
                                "after_text": texts.status_text(c["after"], lang)}
                               for c in compare.changes(earlier[-1]["findings"], latest["findings"])]
        data["prompt"] = ai.build_prompt(latest["final_url"] or latest["requested_url"], latest["findings"],
                                         latest["page_text"], lang)
    elif latest:
        data["error_text"] = texts.error_text(latest["error"], lang)
        data["error_detail"] = texts.safe_detail(latest["error"], latest["error_detail"])  # also of older rows
    return data


@bp.get("/yritys/<int:company_id>")
def company(company_id):
    company = company_or_404(company_id)
    lang = current_language()
    return render_template("websitecheck/company.html", lang=lang, **_page_data(company, lang))


@bp.post("/yritys/<int:company_id>/tarkista")
def run_check(company_id):
    company = company_or_404(company_id)
    address = (request.form.get("osoite") or "").strip()[:500]
    if not address:
        analysis, survey = _analysis(company_id)
        address = service.site_address(survey, analysis["answers"]) if survey else ""
    outcome = service.run(current_app.config, address)  # no transaction is open while fetching
    db = get_db()
    with immediate(db):  # the check and its audit row, together (after the fetch)
        check_store.insert(db, company["id"], outcome, current_user.id)
        audit.record(db, current_user.id, "website_checked", "company", company_id)
    if outcome.ok:
        flash(_("The website was checked."), "info")
    else:
        flash(texts.error_text(outcome.error, current_language()), "error")
    return redirect(url_for("websitecheck.company", company_id=company_id))


@bp.post("/tarkistus/<int:check_id>/raporttiin")
def choose(check_id):
    stored, company = _stored(check_id)
    known = {f["id"] for f in stored["findings"]}
    chosen = [f for f in request.form.getlist("havainto") if f in known]
    db = get_db()
    with immediate(db):
        check_store.set_selected(db, check_id, chosen)
        audit.record(db, current_user.id, "website_findings_chosen", "company", company["id"])
    flash(_("The findings for the report were saved."), "info")
    return redirect(url_for("websitecheck.company", company_id=company["id"]) + "#raporttiin")


@bp.post("/tarkistus/<int:check_id>/luonnos")
def draft(check_id):
    stored, company = _stored(check_id)
    if stored["error"]:
        abort(404)
    lang = request.form.get("kieli") if request.form.get("kieli") in ("fi", "en") else current_language()
    prompt = ai.build_prompt(stored["final_url"] or stored["requested_url"], stored["findings"], stored["page_text"],
                             lang)
    endpoint = ai.Endpoint.from_config(current_app.config)
    model = None
    try:
        if endpoint is None:
            raise ai.AIError("not configured")
        text, model = ai.request_draft(endpoint, prompt), endpoint.model
    except ai.AIError:
        text = ai.rule_based(stored["findings"], lang)
        if endpoint is not None:
            flash(_("The AI service did not answer; the draft below is built from the findings."), "error")
    db = get_db()
    with immediate(db):  # after the AI service answered
        check_store.set_draft(db, check_id, text, prompt=prompt if model else None, model=model)
        audit.record(db, current_user.id, "website_draft_created", "company", company["id"])
    return redirect(url_for("websitecheck.company", company_id=company["id"]) + "#luonnos")


@bp.post("/tarkistus/<int:check_id>/luonnos/tallenna")
def save_draft(check_id):
    stored, company = _stored(check_id)
    text = request.form.get("luonnos", "")
    if len(text) > DRAFT_MAX:
        flash(_("The draft is too long (at most %(n)s characters); it was not saved.", n=DRAFT_MAX), "error")
        lang = current_language()
        data = _page_data(company, lang)
        data["latest"] = {**data["latest"], "ai_draft": text}
        return render_template("websitecheck/company.html", lang=lang, **data), 400
    db = get_db()
    with immediate(db):
        check_store.set_draft(db, check_id, text)
        audit.record(db, current_user.id, "website_draft_saved", "company", company["id"])
    flash(_("The draft was saved."), "info")
    return redirect(url_for("websitecheck.company", company_id=company["id"]) + "#luonnos")


@coordinator_bp.get("/")
def presence():
    lang = current_language()
    catalog = current_app.extensions["surveys"]
    survey = catalog.current(current_app.config["ACTIVE_SURVEY"])
    method = catalog.method(survey)
    group = request.args.get("ryhma", "")
    if group not in GROUP_NAMES[lang] or group == "none":
        group = ""
    rows = [{"features": figures.has_features(r["findings"]), "groups": r["groups"]}
            for r in check_store.presence_rows(get_db(), survey.id, survey.version)]
    table = figures.breakdown(rows, group or None, method.min_peers)
    project = current_app.extensions["projectdata"]
    for row in table["groups"]:
        row["label"] = code_label(survey, project, group, row["code"], lang)
    return render_template("websitecheck/presence.html", lang=lang, table=table, group=group,
                           groups={k: v for k, v in GROUP_NAMES[lang].items() if k != "none"},
                           features=list(figures.FEATURES), minimum=method.min_peers)
