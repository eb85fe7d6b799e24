"""The audit log's events in words (in the page's language) and the groups the log is filtered by.

The log stores short codes (``company_opened``, ``enrolment_cancelled``); people read "Opened the
company page", "Cancelled an enrolment". A code this version does not know is shown as "Other
event" with its code, so that nothing is hidden."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

EVENTS = {
    "login": _l("Logged in"), "logout": _l("Logged out"),
    "company_opened": _l("Opened the company page"), "report_viewed": _l("Viewed the advisory report"),
    "report_pdf": _l("Downloaded the advisory report (PDF)"),
    "analysis_confirmed": _l("Confirmed a waiting analysis"), "analysis_rejected": _l("Rejected a waiting analysis"),
    "waiting_analysis_viewed": _l("Opened a waiting analysis"),
    "organisation_changed": _l("Changed the company's organisation"),
    "company_data_exported": _l("Exported all data of a company"), "company_erased": _l("Erased a company's data"),
    "retention_applied": _l("Removed data past its retention time"),
    "interview_saved": _l("Saved an advisory interview"), "interview_reopened": _l("Reopened a final interview"),
    "user_created": _l("Created a user"), "user_enabled": _l("Enabled a user"),
    "user_disabled": _l("Disabled a user"),
    "course_created": _l("Created a course"), "course_edited": _l("Edited a course"),
    "course_deleted": _l("Removed a course"), "session_added": _l("Added a session"),
    "session_edited": _l("Edited a session"), "session_deleted": _l("Removed a session"),
    "schedule_change_emailed": _l("Emailed a schedule change to the enrolled companies"),
    "enrolled": _l("Enrolled a company"), "enrol_repeated": _l("Enrolled a company again (no change)"),
    "enrolment_cancelled": _l("Cancelled an enrolment"), "enrolment_accepted": _l("Accepted an application"),
    "enrolment_declined": _l("Declined an application"), "enrolment_offered": _l("Offered a freed seat"),
    "company_applied_via_link": _l("The company applied to a path"),
    "company_withdrew_application": _l("The company withdrew its application"),
    "attendance_saved": _l("Saved a roll call"), "attendance_imported": _l("Imported a participant list"),
    "audience_saved": _l("Saved a webinar's attendee counts"),
    "certificates_issued": _l("Issued a course's certificates"),
    "certificates_workshops_issued": _l("Issued the workshop certificates"),
    "certificate_pdf": _l("Downloaded a certificate (PDF)"),
    "certificates_zip": _l("Downloaded a course's certificates"),
    "certificates_workshops_zip": _l("Downloaded the workshop certificates"),
    "invoiced": _l("Marked rows invoiced"), "invoicing_csv": _l("Downloaded the invoicing basis (CSV)"),
    "invoicing_xlsx": _l("Downloaded the invoicing basis (XLSX)"),
    "funder_summary_csv": _l("Downloaded the funder summary (CSV)"),
    "funder_summary_xlsx": _l("Downloaded the funder summary (XLSX)"),
    "export_csv": _l("Exported answers (CSV)"), "export_xlsx": _l("Exported answers (XLSX)"),
    "export_json": _l("Exported answers (JSON)"),
    "export_csv_with_contacts": _l("Exported answers with contact details (CSV)"),
    "export_xlsx_with_contacts": _l("Exported answers with contact details (XLSX)"),
    "export_json_with_contacts": _l("Exported answers with contact details (JSON)"),
    "aggregate_pdf": _l("Downloaded the internal summary (PDF)"),
    "aggregate_pdf_publication": _l("Downloaded the results report for publication (PDF)"),
    "followup_round_opened": _l("Opened a follow-up round"), "followup_links_sent": _l("Emailed follow-up links"),
    "followup_reminders_sent": _l("Emailed follow-up reminders"),
    "followup_links_export": _l("Downloaded the follow-up links"),
    "followup_export_csv": _l("Downloaded follow-up results (CSV)"),
    "followup_export_xlsx": _l("Downloaded follow-up results (XLSX)"),
    "website_checked": _l("Checked a website"), "website_findings_chosen": _l("Chose website findings for the report"),
    "website_draft_created": _l("Drafted website advice"), "website_draft_saved": _l("Saved website advice"),
    "funder_report_viewed": _l("Opened the funder report"),
    "funder_report_xlsx": _l("Downloaded the funder report (XLSX)"),
    "funder_report_xlsx_with_contacts": _l("Downloaded the funder report with contact details (XLSX)"),
    "funder_report_csv": _l("Downloaded the funder report (CSV)"),
    "funder_report_pdf": _l("Downloaded the funder report (PDF)"),
    "cli_funder_report_xlsx": _l("Produced the funder report on the command line (XLSX)"),
    "cli_funder_report_xlsx_with_contacts": _l(
        "Produced the funder report with contact details on the command line (XLSX)"),
    "cli_funder_report_csv": _l("Produced the funder report on the command line (CSV)"),
    "cli_funder_report_pdf": _l("Produced the funder report on the command line (PDF)"),
    "cli_company_report": _l("Produced a company's advisory report on the command line (PDF)"),
    "cli_company_reports_all": _l("Produced every company's advisory report on the command line"),
    "cli_company_data_exported": _l("Exported all data of a company on the command line"),
    "company_signed_up_via_link": _l("The company signed up for a training"),
    "company_cancelled_via_link": _l("The company cancelled its sign-up"),
    "webinar_signed_up": _l("Someone signed up for a webinar"),
    "webinar_signup_cancelled": _l("A webinar sign-up was cancelled"),
    "event_link_opened": _l("Opened an event link"), "event_link_closed": _l("Closed an event link"),
    "followup_interview_started": _l("Started recording follow-up answers in an interview"),
    "followup_recorded_by_interview": _l("Recorded follow-up answers from an interview"),
    "mail_retried": _l("Sent the failed emails again"),
    "schema_upgraded": _l("Upgraded the database"),
}
# an offered seat's answer: by the company's link (offer_<result>) or recorded by staff (…_recorded)
OFFER_RESULTS = {"enrolled": _l("accepted"), "declined": _l("declined"), "already_lapsed": _l("too late: lapsed"),
                 "already_enrolled": _l("already answered"), "already_declined": _l("already answered"),
                 "missing": _l("no such offer")}

# the log's filter "what": each group's event codes as SQL LIKE patterns
GROUPS = {
    "logins": (_l("Logins"), ["login", "logout"]),
    "companies": (_l("Companies and reports"), ["company_opened", "report_%", "analysis_%", "waiting_analysis_%",
                                                "organisation_changed", "cli_company_report%", "event_link_%"]),
    "interviews": (_l("Advisory interviews"), ["interview_%"]),
    "trainings": (_l("Courses, enrolments and attendance"), ["course_%", "session_%", "schedule_change_%", "enrol%",
                                                             "attendance_%", "audience_%", "offer_%",
                                                             "company_applied_%", "company_withdrew_%",
                                                             "company_signed_up_%", "company_cancelled_%",
                                                             "webinar_%"]),
    "certificates": (_l("Certificates"), ["certificate%"]),
    "invoicing": (_l("Invoicing and the funder summary"), ["invoic%", "funder_summary_%", "funder_report_%",
                                                           "cli_funder_report_%"]),
    "exports": (_l("Exports and reports of all companies"), ["export_%", "cli_export_%", "aggregate_pdf%"]),
    "followup": (_l("Follow-up"), ["followup_%"]),
    "website": (_l("Website checks"), ["website_%"]),
    "data": (_l("Users and data protection"), ["user_%", "company_data_exported", "cli_company_data_exported",
                                               "company_erased", "retention_applied", "schema_upgraded",
                                               "mail_retried"]),
}


def event_text(action: str) -> str:
    """An event code in words; an unknown one as "Other event (code)"."""
    if action in EVENTS:
        return str(EVENTS[action])
    if action.startswith("offer_"):
        result = action[len("offer_"):].removesuffix("_recorded")
        answer = OFFER_RESULTS.get(result, result)
        if action.endswith("_recorded"):
            return _("Recorded the company's answer to an offered seat: %(answer)s", answer=answer)
        return _("The company answered an offered seat: %(answer)s", answer=answer)
    if action.startswith("cli_export_"):
        fmt = action[len("cli_export_"):].removesuffix("_with_contacts").upper()
        if action.endswith("_with_contacts"):
            return _("Exported answers with contact details on the command line (%(format)s)", format=fmt)
        return _("Exported answers on the command line (%(format)s)", format=fmt)
    return _("Other event (%(code)s)", code=action)


def _field_names() -> dict:
    return {"name": _("name"), "name_en": _("name in English"), "seats": _("seats"),
            "apply_from": _("application period"),
            "apply_until": _("application period"), "starts_on": _("dates"), "ends_on": _("dates"),
            "on_date": _("date"), "start_time": _("time"), "end_time": _("time"), "place": _("place"),
            "link": _("online link"), "trainer": _("trainer"), "description": _("description"), "hours": _("hours")}


def changed_text(fields) -> str:
    """The fields a change changed, in words ("date, place"), each once (the audit log's details
    and the course and session pages' messages)."""
    names = _field_names()
    return ", ".join(dict.fromkeys(names.get(f, f) for f in fields or []))
