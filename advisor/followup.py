"""Follow-up by interview (seed 004: "kyselyn tai haastattelun avulla"): an advisor of the company's
organisation, or a coordinator, records the company's follow-up answers given in a phone or
on-site interview – the same follow-up questionnaire, page by page, with the same validation and
drafts as the company's private link (the draft is the same response). Recorded, it closes the
company's invitation in the round, marked "by interview" with the advisor and the day, and counts
in the measured change; the company's private link then shows the recorded answers."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.auth import company_or_404
from questionnaire import flow
from storage import audit, followups, get_db, immediate
from storage import responses as store
from surveys.forms import build_page_form
from web.errors import csrf_recovery
from web.i18n import current_language

from . import bp


def _found(company_id: int, invitation_id: int):
    """The company (if this user may see it), its invitation and the round's questionnaire; 404 else."""
    company = company_or_404(company_id)
    found = followups.invitation(get_db(), invitation_id)
    if found is None or found["company_id"] != company["id"]:
        abort(404)
    survey = current_app.extensions["surveys"].get(found["survey_id"], found["survey_version"]) or abort(404)
    return company, found, survey


def _token(found: dict) -> str:
    """The invitation's private link token (derived, never stored): the draft is the company's own."""
    return followups.link_token(current_app.config["SECRET_KEY"], found["nonce"])


def _response(found: dict):
    """The invitation's follow-up response, started (as the private link would) if it was not."""
    token = _token(found)
    if followups.open_link(get_db(), token, current_app.extensions["surveys"].get) is None:
        abort(404)
    return token, store.get_by_token(get_db(), token)


def _answered(company: dict):
    flash(_("This follow-up has already been answered; its answers are shown below."), "info")
    return redirect(url_for("advisor.company", company_id=company["id"]) + "#followup-heading")


@bp.post("/yritys/<int:company_id>/seuranta/<int:invitation_id>/aloita")
def followup_start(company_id, invitation_id):
    company, found, survey = _found(company_id, invitation_id)
    if found["submitted_at"]:
        return _answered(company)
    with immediate(get_db()):  # the response started and its audit row, together
        _, response = _response(found)
        audit.record(get_db(), current_user.id, "followup_interview_started", "company", company_id)
    page = flow.resume_page(survey, response.answers, response.last_page)
    return redirect(url_for("advisor.followup_page", company_id=company_id, invitation_id=invitation_id,
                            page_id=page.id))


@bp.route("/yritys/<int:company_id>/seuranta/<int:invitation_id>/sivu/<page_id>", methods=["GET", "POST"])
def followup_page(company_id, invitation_id, page_id):
    company, found, survey = _found(company_id, invitation_id)
    page = survey.page(page_id) or abort(404)
    if found["submitted_at"]:
        return _answered(company)
    token, response = _response(found)
    if request.method == "GET":
        return _render(company, found, survey, page, response.answers)
    form = build_page_form(survey, page, current_language(), formdata=request.form)
    nav = request.form.get("nav", "next")
    forward = nav in ("next", "review")
    if (not form.validate() and forward) or (not forward and form.typed_error_fields()):
        return _render_posted(company, found, survey, page, form)
    try:
        store.save_answers(get_db(), token, form.answers(page), page.id, response.language)
    except store.AlreadySubmitted:
        return _answered(company)
    previous, following = flow.neighbours(survey, page)
    args = {"company_id": company_id, "invitation_id": invitation_id}
    if nav == "prev" and previous:
        return redirect(url_for("advisor.followup_page", page_id=previous.id, **args))
    if following and nav != "review":
        return redirect(url_for("advisor.followup_page", page_id=following.id, **args))
    return redirect(url_for("advisor.followup_record", **args))


def _render(company, found, survey, page, values, errors=None, notice=None, status=200):
    previous, following = flow.neighbours(survey, page)
    return render_template("advisor/followup_page.html", company=company, invitation=found, survey=survey, page=page,
                           number=survey.page_number(page.id), total=len(survey.pages), previous=previous,
                           following=following, values=values, errors=errors or {}, notice=notice,
                           lang=current_language()), status


def _render_posted(company, found, survey, page, form, notice=None, status=200):
    """The posted page again with everything typed and its errors."""
    values = {q.id: form[q.id].data for q in page.questions}
    errors = {q.id: form[q.id].errors for q in page.questions if form[q.id].errors}
    if form.csrf_token.errors and not notice:
        notice = _("Your session had expired. The answers are still here: check them and press the button again.")
    return _render(company, found, survey, page, values, errors, notice, status)


def _held_on(text: str | None, today: date) -> tuple[str | None, str | None]:
    """The interview's day from the form: (ISO day, None) or (None, the message)."""
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        return None, _("Give the day of the interview, for example %(day)s.", day=today.isoformat())
    if day > today:
        return None, _("The interview cannot be in the future.")
    return day.isoformat(), None


@bp.route("/yritys/<int:company_id>/seuranta/<int:invitation_id>/tallenna", methods=["GET", "POST"])
def followup_record(company_id, invitation_id):
    """The last step: what is still unanswered, the interview's day, and recording the answers."""
    company, found, survey = _found(company_id, invitation_id)
    if found["submitted_at"]:
        return _answered(company)
    token, response = _response(found)
    today = current_app.extensions["clock"].today()
    held_on, error = request.form.get("held_on", today.isoformat()), None
    if request.method == "POST":
        day, error = _held_on(held_on, today)
        if day is not None:
            finalize = flow.followup_finalizer(survey, current_app.extensions["surveys"].get)
            try:
                with immediate(get_db()):  # the answers and their audit row, together
                    followups.submit(get_db(), token, finalize,
                                     interview={"user_id": current_user.id, "held_on": day})
                    audit.record(get_db(), current_user.id, "followup_recorded_by_interview", "company", company_id)
            except store.Incomplete as exc:
                flash(_("Some required answers are still missing on this page."), "error")
                return redirect(url_for("advisor.followup_page", company_id=company_id, invitation_id=invitation_id,
                                        page_id=exc.args[0]))
            flash(_("The follow-up answers were recorded as given in an interview."), "info")
            return redirect(url_for("advisor.company", company_id=company_id) + "#followup-heading")
    items = flow.review(survey, response.answers)
    return render_template("advisor/followup_record.html", company=company, invitation=found, survey=survey,
                           items=items, missing=any(i["missing"] for i in items), held_on=held_on, error=error,
                           today=today.isoformat(), lang=current_language()), 400 if error else 200


def recover_posted_page(exc):
    """An expired CSRF token on a page: nothing typed is lost (shown again with a fresh token)."""
    args = request.view_args
    company, found, survey = _found(args["company_id"], args["invitation_id"])
    page = survey.page(args["page_id"]) or abort(404)
    form = build_page_form(survey, page, current_language(), formdata=request.form)
    notice = _("Your session had expired, so nothing was saved yet. The answers are still here: check them and press the button again.")  # noqa: E501
    return _render_posted(company, found, survey, page, form, notice=notice, status=400)


csrf_recovery(bp, "advisor.followup_page", recover_posted_page)
