"""Operations on one company or on every row: a company's data export and erasure (GDPR), the
erasure ledger's re-application after a restore, and the retention rule. The CLI
(commands/operations.py) and the coordinator's company page call these; backups and restore are
``storage.backups``."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import clock

from . import interviews
from . import scores as score_store
from .db import checkpoint, immediate, stamp as clock_stamp
from .erasures import Ledger
from .personal_data import EXPIRING


CONTACT_FIELDS = ("contact_name", "contact_role", "contact_email", "contact_phone")
# webinar sign-ups' names and emails are cleared this many days after the webinar
WEBINAR_SIGNUP_DAYS = 30


def company_data(db, company_id: int) -> dict | None:
    """Everything stored about one company, as JSON-ready data (the right of access): its own
    analyses (the first one and those an advisor confirmed), never an analysis someone else sent
    under its business ID that waits for confirmation or was rejected (that is the sender's data)."""
    rows = list(db.query("SELECT * FROM companies WHERE id = ?", [company_id]))
    if not rows:
        return None
    company = rows[0]
    responses = [{**r, "answers": json.loads(r["answers"]), "classifications": json.loads(r["classifications"])}
                 for r in db.query("SELECT id, survey_id, survey_version, status, language, answers, classifications, "
                                   "created_at, updated_at, submitted_at, claim FROM responses "
                                   "WHERE company_id = ? ORDER BY id", [company_id])]
    interviews = [{**i, "data": json.loads(i["data"]), "snapshot": json.loads(i["snapshot"] or "null"), "history": [
        {**h, "changes": json.loads(h["changes"])} for h in db.query(
            "SELECT user_id, changed_at, changes FROM interview_history WHERE interview_id = ? ORDER BY id",
            [i["id"]])]}
        for i in db.query("SELECT * FROM interviews WHERE company_id = ? ORDER BY id", [company_id])]
    scores = [{**s, "levels": json.loads(s["levels"]), "groups": json.loads(s["groups"]),
               "extras": json.loads(s["extras"])}
              for s in db.query("SELECT * FROM scores WHERE company_id = ? AND response_id IN "
                                "(SELECT id FROM responses WHERE company_id = ?) ORDER BY response_id",
                                [company_id, company_id])]
    audit = list(db.query("SELECT at, user_id, action FROM audit_log WHERE object_type = 'company' AND object_id = ?",
                          [company_id]))
    followups = [{**f, **{k: json.loads(f[k]) if f[k] else None for k in ("levels_before", "levels_after", "outcome")}}
                 for f in db.query("SELECT round_id, baseline_response_id, response_id, created_at, emailed_at, "
                                   "reminded_at, submitted_at, index_before, index_after, levels_before, levels_after, "
                                   "outcome "
                                   "FROM followup_invitations WHERE company_id = ? ORDER BY id", [company_id])]
    checks = [{**c, **{k: json.loads(c[k]) for k in ("findings", "pages", "selected")}}
              for c in db.query("SELECT * FROM website_checks WHERE company_id = ? ORDER BY id", [company_id])]
    return {"exported_at": clock_stamp(db), "company": company, "responses": responses, "scores": scores,
            "interviews": interviews, "followups": followups, "website_checks": checks, "access_log": audit}


def erase_company(db, company_id: int, user_id: int | None, ledger: Ledger | None = None) -> dict:
    """Erase a company: its own analyses, scores, interviews, trainings and contact data. The audit
    log keeps only that an erasure happened. An analysis someone else sent under its business ID
    (waiting for confirmation or rejected) is the sender's: it is kept, unlinked from the erased
    company for good (``claim`` 'rejected', no ``claimed_company_id``; its peer-score row, which
    named the company, goes), and its sender still opens the results with the private link.
    Unsent drafts typed with its business ID are deleted (they may hold the company's contacts).
    The ledger (when given) records the erasure first, so that a restore of an older backup erases
    it again (``reapply_erasures``)."""
    if ledger is not None:
        rows = list(db.query("SELECT business_id FROM companies WHERE id = ?", [company_id]))
        if rows:
            ledger.record(rows[0]["business_id"], clock_stamp(db))
    with immediate(db):
        rows = list(db.query("SELECT business_id FROM companies WHERE id = ?", [company_id]))
        if not rows:
            raise LookupError("no such company")
        business_id = rows[0]["business_id"]
        db.execute("UPDATE companies SET contact_response_id = NULL WHERE id = ?", [company_id])
        counts = {
            "interviews": db.execute("DELETE FROM interviews WHERE company_id = ?", [company_id]).rowcount,
            "scores": db.execute("DELETE FROM scores WHERE company_id = ?", [company_id]).rowcount,
        }
        db.execute("DELETE FROM interview_history WHERE interview_id NOT IN (SELECT id FROM interviews)")
        counts["followups"] = db.execute("DELETE FROM followup_invitations WHERE company_id = ?", [company_id]).rowcount
        counts["website_checks"] = db.execute("DELETE FROM website_checks WHERE company_id = ?", [company_id]).rowcount
        # emails to the company's own addresses that are still queued go too
        db.execute("DELETE FROM outbox WHERE recipient != '' AND lower(recipient) IN ("
                   "SELECT lower(json_extract(answers, '$.contact_email')) FROM responses WHERE company_id = ? "
                   "UNION SELECT lower(email) FROM training_enrolments WHERE company_id = ?)",
                   [company_id, company_id])
        counts["responses"] = db.execute("DELETE FROM responses WHERE company_id = ?", [company_id]).rowcount
        counts["unlinked"] = db.execute(
            "UPDATE responses SET claimed_company_id = NULL, claim = 'rejected' "
            "WHERE claimed_company_id = ? AND company_id IS NULL", [company_id]).rowcount
        counts["drafts"] = db.execute(
            "DELETE FROM responses WHERE status = 'draft' AND json_extract(answers, '$.business_id') = ?", [business_id]
        ).rowcount
        db.execute("UPDATE audit_log SET object_id = NULL WHERE object_type = 'company' AND object_id = ?",
                   [company_id])
        db.execute("DELETE FROM companies WHERE id = ?", [company_id])
        # its enrolments, attendance and certificates went with it: the training counts recount (the
        # generation ``trainings.storage.seats.bump`` moves; the shared core does not import a feature)
        db.execute("UPDATE training_generation SET generation = generation + 1 WHERE id = 1")
        score_store.company_erased(db, company_id)  # it leaves the peers (and the caches keyed by them)
        db.execute("INSERT INTO audit_log (at, user_id, action, object_type, object_id) "
                   "VALUES (?, ?, 'company_erased', NULL, NULL)",
                   [clock_stamp(db), user_id])
    checkpoint(db)
    return counts


def reapply_erasures(db, ledger: Ledger) -> dict:
    """After a restore: erase again every company (and every unsent draft typed with its business
    ID, as the erasure does) that the ledger says was erased. Returns {"companies": n, "drafts": n, "other_key": n}."""
    wanted, other_key = ledger.entries()
    companies = drafts = 0
    for row in list(db.query("SELECT id, business_id FROM companies")):
        if ledger.digest(row["business_id"]) in wanted:
            erase_company(db, row["id"], None)
            companies += 1
    with immediate(db):
        for row in list(db.query("SELECT id, json_extract(answers, '$.business_id') AS business_id FROM responses "
                                 "WHERE status = 'draft' AND company_id IS NULL AND "
                                 "json_extract(answers, '$.business_id') IS NOT NULL")):
            if ledger.digest(str(row["business_id"])) in wanted:
                db.execute("UPDATE followup_invitations SET response_id = NULL WHERE response_id = ?", [row["id"]])
                db.execute("DELETE FROM responses WHERE id = ?", [row["id"]])
                drafts += 1
    checkpoint(db)
    return {"companies": companies, "drafts": drafts, "other_key": other_key}


def apply_retention(db, anonymise_before: str | None, draft_days: int, today: datetime | None = None) -> dict:
    """The retention rule, idempotent: once ``anonymise_before`` (ISO date; None = not yet) is set,
    remove contact data and resume-link addresses from analyses submitted before it, people's
    names from interviews recorded before it and participants' names and emails from trainings
    that ended before it; clear webinar sign-ups' names and emails ``WEBINAR_SIGNUP_DAYS`` after
    the webinar (or before ``anonymise_before``, whichever is later); delete drafts untouched for ``draft_days`` and
    expired throttling, session and known-address rows (``personal_data.EXPIRING``). Returns what it did."""
    today = today or clock.of(db).now()
    anonymised = interviews_cleared = 0
    with immediate(db):
        if anonymise_before:
            anonymised = _clear_contacts(db, anonymise_before)
            interviews_cleared = interviews.clear_names(db, anonymise_before)
            # Public page text and the AI prompt built from it may name people: cleared with the contacts.
            db.execute("UPDATE website_checks SET page_text = '', ai_prompt = NULL WHERE checked_at < ?",
                       [anonymise_before])
            # Participants' names, emails and applicants' own words of trainings that ended before it.
            db.execute("UPDATE training_enrolments SET participant = NULL, email = NULL, motivation = NULL "
                       "WHERE (participant IS NOT NULL OR email IS NOT NULL OR motivation IS NOT NULL) "
                       "AND course_id IN "
                       "(SELECT id FROM training_courses WHERE ends_on < ?)", [anonymise_before])
        # Webinar sign-ups serve only the webinar: names and emails go WEBINAR_SIGNUP_DAYS after it.
        webinar_cutoff = (clock.of(db).local_date(today) - timedelta(days=WEBINAR_SIGNUP_DAYS)).isoformat()
        db.execute("UPDATE webinar_signups SET name = NULL, email = NULL, email_key = NULL "
                   "WHERE email IS NOT NULL AND course_id IN (SELECT id FROM training_courses WHERE ends_on < ?)",
                   [max(webinar_cutoff, anonymise_before or "")])
        cutoff = (today - timedelta(days=draft_days)).isoformat(timespec="seconds")
        # An expired follow-up draft is started again (empty) when its invitation link is opened.
        db.execute("UPDATE followup_invitations SET response_id = NULL WHERE response_id IN "
                   "(SELECT id FROM responses WHERE status = 'draft' AND updated_at < ?)", [cutoff])
        drafts = db.execute("DELETE FROM responses WHERE status = 'draft' AND updated_at < ?", [cutoff]).rowcount
        for table, (column, max_age) in EXPIRING.items():
            db.execute(f'DELETE FROM "{table}" WHERE "{column}" < ?', [today.timestamp() - max_age])
        if anonymised or interviews_cleared or drafts:
            db.execute("INSERT INTO audit_log (at, user_id, action) VALUES (?, NULL, 'retention_applied')",
                       [clock_stamp(db)])
    checkpoint(db)
    return {"anonymised": anonymised, "interviews_cleared": interviews_cleared, "drafts_deleted": drafts}


def _clear_contacts(db, before: str) -> int:
    """Contact fields of the answers and the resume-link address of responses submitted before."""
    changed = 0
    for row in list(db.query("SELECT id, answers, resume_link_sent_to FROM responses "
                             "WHERE status = 'submitted' AND submitted_at < ?", [before])):
        answers = json.loads(row["answers"])
        if any(answers.get(field) for field in CONTACT_FIELDS) or row["resume_link_sent_to"]:
            answers.update({field: None for field in CONTACT_FIELDS})
            db.execute("UPDATE responses SET answers = ?, resume_link_sent_to = NULL WHERE id = ?",
                       [json.dumps(answers, ensure_ascii=False), row["id"]])
            changed += 1
    return changed
