"""Company list, company page, the advisory report (HTML and PDF) and interview records."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.auth import company_or_404, may_see_interview, visible_organisation
from reports.pdf.company import render_company_pdf
from reports.data.contact import build_contact
from storage import audit, get_db, immediate
from storage import claims as claim_store
from storage import companies as company_store
from storage import followups as followup_store
from storage import interviews as interview_store
from web.charts import comparison_chart
from web.i18n import current_language
from web.params import query_int

from . import bp
from .claims import waiting_for_company
from .forms import ACTION_ROWS, ReopenForm, interview_form_class
from .history import readable
from .report import advisor_report_data, followup_data, interview_data


def _catalog():
    return current_app.extensions["surveys"]


PAGE_SIZE = 100


@bp.get("/")
def companies():
    survey = _catalog().current(current_app.config["ACTIVE_SURVEY"])
    lang = current_language()
    text = (request.args.get("q") or "").strip()[:100]
    status = request.args.get("tila", "")
    status = status if status in company_store.STATUSES else ""
    order = request.args.get("jarjestys") if request.args.get("jarjestys") in company_store.ORDERS else "newest"
    municipalities = [o.code for o in survey.question("municipality").options
                      if text and text.lower() in o.label.get(lang).lower()]
    total = company_store.count(get_db(), visible_organisation(), text, status, municipalities)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(query_int("sivu") or 1, pages)
    rows = company_store.search(get_db(), visible_organisation(), text, status, municipalities, PAGE_SIZE,
                                (page - 1) * PAGE_SIZE, order)
    names = {o.code: o.label.get(lang) for o in survey.question("municipality").options}
    keep = {k: v for k, v in (("q", text), ("tila", status), ("jarjestys", order if order != "newest" else ""))
            if v}  # the filters and the sort, kept on every page's link
    return render_template("advisor/companies.html", rows=rows, q=text, status=status, municipalities=names,
                           projectdata=current_app.extensions["projectdata"], lang=lang, order=order, keep=keep,
                           total=total, page=page, pages=pages, first=(page - 1) * PAGE_SIZE + 1,
                           waiting=claim_store.count_pending(get_db(), visible_organisation()))


@bp.get("/yritys/<int:company_id>")
def company(company_id):
    company = company_or_404(company_id)
    db = get_db()
    audit.record(db, current_user.id, "company_opened", "company", company_id)
    lang = current_language()
    comparison = followup_data(company_id, lang)
    analyses = [{**a, "questionnaire": _questionnaire_name(a, lang)} for a in company_store.analyses(db, company_id)]
    contact = None
    if analyses:
        survey = _catalog().get(analyses[0]["survey_id"], analyses[0]["survey_version"])
        confirmed = {**analyses[0]["answers"], **company_store.contact(db, company_id)}
        contact = build_contact(survey, confirmed) if survey else None
    return render_template(
        "advisor/company.html", company=company, analyses=analyses, contact=contact,
        interviews=interview_store.for_company(db, company_id, visible_organisation()),
        projectdata=current_app.extensions["projectdata"], waiting=waiting_for_company(company, lang),
        lang=lang, cmp=comparison, chart=comparison_chart(comparison) if comparison else None,
        followup_rounds=followup_store.company_invitations(db, company_id),
    )


def _questionnaire_name(analysis: dict, lang: str) -> str:
    """The questionnaire's title and version in words (not its internal id)."""
    survey = _catalog().get(analysis["survey_id"], analysis["survey_version"])
    title = survey.title.get(lang) if survey else analysis["survey_id"]
    return _("%(title)s, version %(version)s", title=title, version=analysis["survey_version"])


def _analysis(company_id: int):
    """The analysis a report is about: ?vastaus=<response id> of this company, else the latest."""
    analyses = company_store.analyses(get_db(), company_id)
    if not analyses:
        abort(404)
    wanted = query_int("vastaus")
    chosen = next((a for a in analyses if a["id"] == wanted), None) if wanted else analyses[0]
    if chosen is None:
        abort(404)
    return chosen


def _report_data(company_id: int, lang: str):
    analysis = _analysis(company_id)
    survey = _catalog().get(analysis["survey_id"], analysis["survey_version"])
    interview = interview_store.latest_final(get_db(), company_id, visible_organisation())
    return survey, advisor_report_data(survey, analysis, interview, lang)


@bp.get("/yritys/<int:company_id>/raportti")
def report(company_id):
    company = company_or_404(company_id)
    lang = request.args.get("lang") or current_language()
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    survey, data = _report_data(company_id, lang)
    audit.record(get_db(), current_user.id, "report_viewed", "company", company_id)
    return render_template("advisor/report.html", company=company, data=data, lang=lang)


@bp.get("/yritys/<int:company_id>/raportti.pdf")
def report_pdf(company_id):
    company_or_404(company_id)
    lang = request.args.get("lang") or current_language()
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    survey, data = _report_data(company_id, lang)
    audit.record(get_db(), current_user.id, "report_pdf", "company", company_id)
    filename = f"digianalyysi-{data['company']['business_id']}-{lang}.pdf"
    return Response(render_company_pdf(data), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _interview_form(survey, interview=None):
    lang = current_language()
    form_class = interview_form_class(survey, lang)
    project = current_app.extensions["projectdata"]
    method = _catalog().method(survey)
    if interview is not None and request.method == "GET":
        form = form_class(data=_form_data(interview))
    else:
        fresh = interview is None and request.method == "GET"
        form = form_class(data={"held_on": current_app.extensions["clock"].today()} if fresh else None)
    form.marketing_level.choices = [("", "–")] + [(o.code, o.label.get(lang)) for o in project.marketing_levels]
    form.tools.choices = [(o.code, o.label.get(lang)) for o in project.tools]
    form.referrals.choices = [(o.id, f"{o.package}: {o.name.get(lang)}") for o in method.offers]
    return form


def _form_data(interview: dict) -> dict:
    data = dict(interview["data"])
    values = {k: v for k, v in data.items() if not k.startswith("rating") and k not in ("actions", "ratings")}
    for key in ("held_on", "follow_up_on"):
        value = interview["held_on"] if key == "held_on" else data.get(key)
        values[key] = date.fromisoformat(value) if value else None
    for area_id, rating in (data.get("ratings") or {}).items():
        values[f"rating_{area_id}"] = rating
    for n, action in enumerate(data.get("actions") or [], start=1):
        values[f"action_{n}_what"], values[f"action_{n}_who"] = action.get("what"), action.get("who")
        values[f"action_{n}_by"] = date.fromisoformat(action["by"]) if action.get("by") else None
    return values


def _form_to_record(survey, form) -> dict:
    actions = []
    for n in range(1, ACTION_ROWS + 1):
        what, who, by = form[f"action_{n}_what"].data, form[f"action_{n}_who"].data, form[f"action_{n}_by"].data
        if what or who or by:
            actions.append({"what": what, "who": who, "by": by.isoformat() if by else None})
    return {
        "participants": form.participants.data or None,
        "field_of_operations": form.field_of_operations.data or None,
        "marketing_level": form.marketing_level.data or None,
        "ratings": {a.id: form[f"rating_{a.id}"].data for a in survey.areas if form[f"rating_{a.id}"].data},
        "tools": list(form.tools.data or []),
        "tools_other": form.tools_other.data or None,
        "website_notes": form.website_notes.data or None,
        "actions": actions,
        "referrals": list(form.referrals.data or []),
        "referrals_other": form.referrals_other.data or None,
        "notes": form.notes.data or None,
        "follow_up_on": form.follow_up_on.data.isoformat() if form.follow_up_on.data else None,
    }


def _interview_analysis(company_id: int, interview: dict | None) -> dict:
    """The analysis an interview is about: its own (also after a later one was confirmed); for a
    new interview the report's (?vastaus=, else the latest)."""
    if interview is not None and interview["response_id"]:
        own = [a for a in company_store.analyses(get_db(), company_id) if a["id"] == interview["response_id"]]
        if own:
            return own[0]
    return _analysis(company_id)


def _edit(company: dict, interview: dict | None):
    if interview is not None and interview["status"] == "final" and request.method == "GET":
        return _final_page(company, interview, ReopenForm())
    analysis = _interview_analysis(company["id"], interview)
    survey = _catalog().get(analysis["survey_id"], analysis["survey_version"])
    form = _interview_form(survey, interview)
    status = 200 if request.method == "GET" else 400
    if form.validate_on_submit():
        final = request.form.get("tallenna") == "final"
        try:
            with immediate(get_db()):  # the interview and its audit row, together
                interview_id = interview_store.save(
                    get_db(), current_user.id, company["id"], analysis["id"], "final" if final else "draft",
                    form.held_on.data.isoformat(), _form_to_record(survey, form),
                    interview["id"] if interview else None,
                    organisation=current_user.organisation or company["organisation"])
                audit.record(get_db(), current_user.id, "interview_saved", "interview", interview_id)
        except interview_store.InterviewFinal:  # made final meanwhile (another tab): nothing typed is lost
            flash(_("This interview is final and was not changed. Reopen it as a draft to change it."), "error")
            status = 409
        else:
            flash(_("The interview was saved as final.") if final else _("The interview was saved as a draft."),
                  "info")
            return redirect(url_for("advisor.company", company_id=company["id"]))
    scores = advisor_report_data(survey, analysis, None, current_language())["areas"]
    return render_template("advisor/interview.html", form=form, company=company, interview=interview, survey=survey,
                           scores={a["id"]: a for a in scores}, lang=current_language(),
                           action_rows=ACTION_ROWS), status


def _final_page(company: dict, interview: dict, form, status: int = 200):
    """A final interview as it stands in the report, with the form that reopens it."""
    analysis = _interview_analysis(company["id"], interview)
    survey = _catalog().get(analysis["survey_id"], analysis["survey_version"])
    record = interview_data(survey, interview, {}, current_language())
    return render_template("advisor/interview_final.html", company=company, interview=interview, iv=record,
                           form=form, viewing=None), status


@bp.route("/yritys/<int:company_id>/haastattelu", methods=["GET", "POST"])
def interview_new(company_id):
    return _edit(company_or_404(company_id), None)


def _interview_or_404(interview_id: int) -> tuple[dict, dict]:
    interview = interview_store.get(get_db(), interview_id)
    if interview is None or not may_see_interview(interview):
        abort(404)
    return company_or_404(interview["company_id"]), interview


@bp.route("/haastattelu/<int:interview_id>", methods=["GET", "POST"])
def interview_edit(interview_id):
    company, interview = _interview_or_404(interview_id)
    return _edit(company, interview)


@bp.post("/haastattelu/<int:interview_id>/avaa")
def interview_reopen(interview_id):
    """Reopen a final interview as a draft: advisors of the organisation that recorded it and
    coordinators may, with a reason; who, when and why go to its history and the audit log."""
    company, interview = _interview_or_404(interview_id)
    if interview["status"] != "final":
        return redirect(url_for("advisor.interview_edit", interview_id=interview_id))
    form = ReopenForm()
    if not form.validate_on_submit():
        return _final_page(company, interview, form, 400)
    with immediate(get_db()):
        reopened = interview_store.reopen(get_db(), current_user.id, interview_id, form.reason.data)
        if reopened:
            audit.record(get_db(), current_user.id, "interview_reopened", "interview", interview_id)
    if reopened:
        flash(_("The interview was reopened as a draft. Make it final again when it is ready."), "info")
    return redirect(url_for("advisor.interview_edit", interview_id=interview_id))


@bp.get("/haastattelu/<int:interview_id>/historia")
def interview_history(interview_id):
    company, interview = _interview_or_404(interview_id)
    analysis = _interview_analysis(company["id"], interview)
    survey = _catalog().get(analysis["survey_id"], analysis["survey_version"])
    history = readable(interview_store.history(get_db(), interview_id), _interview_form(survey), survey,
                       current_language())
    return render_template("advisor/history.html", company=company, interview=interview, history=history)
