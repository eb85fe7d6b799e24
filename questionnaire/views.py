"""Routes of the questionnaire. Storage goes through ``storage.responses``; no SQL here."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from storage import get_db, immediate
from storage import responses as store
from mailer.queue import mail_enabled
from storage.draft_limits import TooManyDrafts
from surveys.forms import build_page_form
from web.dates import moment
from web.errors import csrf_recovery
from web.i18n import current_language
from web.urls import public_url

from . import bp, drafts, flow, followup
from .loading import TOKEN_RE
from .loading import load as _load
from .mail import queue_resume_link


def resume_url(token: str) -> str:
    return public_url("questionnaire.resume", token=token)


@bp.post("/analyysi/aloita")
def start():
    """Nothing is stored yet: the draft is created when the first page is saved."""
    survey = current_app.extensions["surveys"].current(current_app.config["ACTIVE_SURVEY"])
    token = drafts.start_token()
    return redirect(url_for("questionnaire.page", token=token, page_id=survey.pages[0].id, new=1))


@bp.get("/a/<token>")
def resume(token):
    response, survey = _load(token, unsaved_ok=True)
    if response is None:
        return redirect(url_for("questionnaire.page", token=token, page_id=survey.pages[0].id))
    if response.submitted:
        return redirect(url_for("questionnaire.done", token=token))
    page = flow.resume_page(survey, response.answers, response.last_page)
    return redirect(url_for("questionnaire.page", token=token, page_id=page.id))


@bp.route("/a/<token>/sivu/<page_id>", methods=["GET", "POST"])
def page(token, page_id):
    response, survey = _load(token, unsaved_ok=True)
    page = survey.page(page_id) or abort(404)
    if response is not None and response.submitted:
        if request.method == "POST":
            flash(_("Your answers have already been sent. Thank you!"), "info")
        return redirect(url_for("questionnaire.done", token=token))
    lang = current_language()
    if request.method == "GET":
        return _render(token, survey, page, response, response.answers if response else {})

    form = build_page_form(survey, page, lang, formdata=request.form)
    nav = request.form.get("nav", "next")
    valid = form.validate()
    forward = nav in ("next", "submit")
    if (forward and not valid) or (not forward and form.typed_error_fields()):
        # Going back or switching language never drops what was typed either: fix it first.
        return _render_posted(token, survey, page, response, form, show_errors=True)

    answers = form.answers(page)
    try:
        if response is None:
            response = store.create_draft(get_db(), token, survey, lang, answers, page.id,
                                          drafts.address_key(), drafts.limit(), drafts.event_link())
        else:
            response = store.save_answers(get_db(), token, answers, page.id, lang)
    except store.AlreadySubmitted:
        return redirect(url_for("questionnaire.done", token=token))
    except TooManyDrafts:
        notice = _("Too many new questionnaires have been started from your network within the last hour (for example at an event where everyone uses the same network), so this one could not be saved yet. Your answers are still here. At an event, ask the organiser for the event link, open it in this browser, then come back here and press the button again. Otherwise press the button again in a while.")  # noqa: E501
        return _render_posted(token, survey, page, response, form, notice=notice, status=429)
    _email_link_if_new(token, survey, response, lang)

    previous, following = flow.neighbours(survey, page)
    if nav.startswith("lang-"):
        return redirect(url_for("questionnaire.page", token=token, page_id=page.id, lang=nav[5:]))
    if nav == "prev" and previous:
        return redirect(url_for("questionnaire.page", token=token, page_id=previous.id))
    if following:
        return redirect(url_for("questionnaire.page", token=token, page_id=following.id))
    if nav == "submit":  # a page rendered before the review step existed still sends directly
        return _submit(token, survey)
    return redirect(url_for("questionnaire.review", token=token))


@bp.route("/a/<token>/tarkista", methods=["GET", "POST"])
def review(token):
    """The last step before the irreversible submit: what is unanswered or "does not apply",
    with links back to the pages; the button here sends the answers."""
    response, survey = _load(token)
    if response.submitted:
        return redirect(url_for("questionnaire.done", token=token))
    if request.method == "POST":
        return _submit(token, survey)
    items = flow.review(survey, response.answers)
    return render_template("questionnaire/review.html", survey=survey, token=token, items=items,
                           lang=current_language(), missing=any(i["missing"] for i in items),
                           last_page=survey.pages[-1])


def _submit(token, survey):
    try:
        if survey.is_followup:
            followup.submit(token, survey)
        else:
            store.submit(get_db(), token, flow.finalizer(survey, current_app.extensions["surveys"].method(survey),
                                                          current_app.extensions["projectdata"].assign))
    except store.Incomplete as exc:
        flash(_("Some required answers are still missing on this page. Please answer them and continue."), "error")
        return redirect(url_for("questionnaire.page", token=token, page_id=exc.args[0]))
    return redirect(url_for("questionnaire.done", token=token))


@bp.get("/a/<token>/valmis")
def done(token):
    response, survey = _load(token)
    if not response.submitted:
        return redirect(url_for("questionnaire.resume", token=token))
    submitted = moment(response.submitted_at)
    if survey.is_followup:
        return followup.done_page(token, survey, response, current_language(), resume_url(token), submitted)
    return render_template(
        "questionnaire/done.html", survey=survey, response=response, link=resume_url(token), token=token,
        lang=current_language(), submitted=submitted,
    )


def _email_link_if_new(token, survey, response, lang):
    question = survey.question_with_role("contact_email")
    address = response.answers.get(question.id) if question else None
    if not address or address == response.resume_link_sent_to or not mail_enabled():
        return
    with immediate(get_db()):  # the mail is queued with the change that records it, or neither
        queue_resume_link(address, resume_url(token), lang)
        store.mark_resume_link_sent(get_db(), token, address)
    flash(_("Your private link is on its way to %(address)s.", address=address), "info")


def _render(token, survey, page, response, values, errors=None, notice=None, status=200):
    """The page with the given answers; ``errors`` maps question ids to messages."""
    previous, following = flow.neighbours(survey, page)
    return render_template(
        "questionnaire/page.html",
        survey=survey,
        page=page,
        token=token,
        number=survey.page_number(page.id),
        total=len(survey.pages),
        previous=previous,
        following=following,
        values=values,
        errors=errors or {},
        notice=notice,
        link=resume_url(token),
        is_new=request.args.get("new") == "1",
        lang=current_language(),
    ), status


def _render_posted(token, survey, page, response, form, show_errors=False, notice=None, status=200):
    """Re-show a posted page with everything that was typed (and its errors)."""
    values = {q.id: form[q.id].data for q in page.questions}
    errors = {}
    if show_errors:
        errors = {q.id: form[q.id].errors for q in page.questions if form[q.id].errors}
        if form.csrf_token.errors and not notice:
            notice = _("Your session had expired. Your answers are still here: check them and press the button again.")
    return _render(token, survey, page, response, values, errors, notice, status)


def recover_posted_page(exc):
    """An expired or missing CSRF token: nothing typed is lost.

    The questionnaire page is shown again with everything that was posted and a fresh token; the
    user presses the button again (web.errors calls this for "questionnaire.page").
    """
    token, page_id = request.view_args["token"], request.view_args["page_id"]
    response, survey = _load(token, unsaved_ok=True)
    page = survey.page(page_id) or abort(404)
    if response is not None and response.submitted:
        return redirect(url_for("questionnaire.done", token=token))
    form = build_page_form(survey, page, current_language(), formdata=request.form)
    # one literal (E501): the .pot check in tests/test_app_setup.py reads each msgid whole
    notice = _("Your session had expired, so nothing was saved yet. Your answers are still here: check them and press the button again.")  # noqa: E501
    return _render_posted(token, survey, page, response, form, notice=notice, status=400)


def recover_review(exc):
    """Nothing is typed on the review page: show it again with a fresh token (an unknown link
    stays a 404)."""
    token = request.view_args["token"]
    if not TOKEN_RE.match(token) or store.get_by_token(get_db(), token) is None:
        return render_template("errors/error.html", status=404), 404
    flash(_("Your session had expired, so nothing was sent yet. Press the button again."), "error")
    return redirect(url_for("questionnaire.review", token=token))


csrf_recovery(bp, "questionnaire.page", recover_posted_page)
csrf_recovery(bp, "questionnaire.review", recover_review)
