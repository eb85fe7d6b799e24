"""Every column of every table, with what happens to the personal data it can hold.

tests/test_personal_data.py compares this map with the schema after all migrations: a new column
(also in a new table) without an entry fails the test. Add the column here with one of the rules
below; when it is CLEARED or EXPIRES, make ``storage.maintenance.apply_retention`` remove it and
extend the retention test. docs/operations.md ("Personal data") describes the same rules.
"""

from __future__ import annotations

from .logins import KNOWN_ADDRESS_S
from .lost_links import WINDOW_S as LINK_REQUEST_WINDOW_S
from .outbox import KEEP_S as OUTBOX_KEEP_S
from .sessions import ABSOLUTE_S as SESSION_LIFETIME_S
from .signup_limits import WINDOW_S as SIGNUP_REQUEST_WINDOW_S

NONE = "none"        # no personal data (ids, codes, timestamps, scores, hashes of random tokens)
CLEARED = "cleared"  # personal data removed by the retention rule (`flask retention`) after the project
EXPIRES = "expires"  # short-lived rows, deleted by retention once older than EXPIRING says
KEPT = "kept"        # kept while needed (see why), deleted with the company (erasure) or the account

# (table, column) -> (rule, why)
COLUMNS: dict[tuple[str, str], tuple[str, str]] = {
    ("_sqlite_migrations", "id"): (NONE, ""), ("_sqlite_migrations", "migration_set"): (NONE, ""),
    ("_sqlite_migrations", "name"): (NONE, ""), ("_sqlite_migrations", "applied_at"): (NONE, ""),

    ("companies", "id"): (NONE, ""),
    ("companies", "business_id"): (KEPT, "public business register id; erased with the company"),
    ("companies", "name"): (KEPT, "the company's trade name (business data); erased with the company"),
    ("companies", "municipality"): (NONE, "of the company"),
    ("companies", "created_at"): (NONE, ""), ("companies", "updated_at"): (NONE, ""),
    ("companies", "organisation"): (NONE, ""), ("companies", "organisation_override"): (NONE, ""),

    ("responses", "id"): (NONE, ""), ("responses", "token_hash"): (NONE, "SHA-256 of a random link"),
    ("responses", "survey_id"): (NONE, ""), ("responses", "survey_version"): (NONE, ""),
    ("responses", "status"): (NONE, ""), ("responses", "language"): (NONE, ""),
    ("responses", "company_id"): (NONE, ""),
    ("responses", "answers"): (CLEARED, "contact person's name, role, email and phone (CONTACT_FIELDS)"),
    ("responses", "classifications"): (NONE, ""), ("responses", "last_page"): (NONE, ""),
    ("responses", "resume_link_sent_to"): (CLEARED, "the email address the resume link was sent to"),
    ("responses", "created_at"): (NONE, ""), ("responses", "updated_at"): (NONE, ""),
    ("responses", "submitted_at"): (NONE, ""), ("responses", "kind"): (NONE, ""),

    ("scores", "response_id"): (NONE, ""), ("scores", "company_id"): (NONE, ""),
    ("scores", "survey_id"): (NONE, ""), ("scores", "survey_version"): (NONE, ""),
    ("scores", "submitted_at"): (NONE, ""), ("scores", "is_latest"): (NONE, ""),
    ("scores", "maturity_index"): (NONE, ""), ("scores", "levels"): (NONE, ""),
    ("scores", "groups"): (NONE, ""), ("scores", "extras"): (NONE, ""),

    ("peer_generations", "survey_id"): (NONE, ""), ("peer_generations", "survey_version"): (NONE, ""),
    ("peer_generations", "generation"): (NONE, ""),
    ("peer_changes", "seq"): (NONE, ""), ("peer_changes", "survey_id"): (NONE, ""),
    ("peer_changes", "survey_version"): (NONE, ""), ("peer_changes", "company_id"): (NONE, ""),
    ("peer_changes", "stamp"): (NONE, "random number"),

    ("users", "id"): (NONE, ""),
    ("users", "email"): (KEPT, "staff account of a project organisation, while the account exists"),
    ("users", "name"): (KEPT, "staff account of a project organisation, while the account exists"),
    ("users", "role"): (NONE, ""), ("users", "organisation"): (NONE, ""),
    ("users", "password_hash"): (NONE, "scrypt hash"), ("users", "active"): (NONE, ""),
    ("users", "session_version"): (NONE, ""), ("users", "created_at"): (NONE, ""),

    ("login_failures", "id"): (NONE, ""), ("login_failures", "at"): (NONE, ""),
    ("login_failures", "account"): (EXPIRES, "email typed at login"),
    ("login_failures", "address"): (EXPIRES, "client IP address"),

    ("interviews", "id"): (NONE, ""), ("interviews", "company_id"): (NONE, ""),
    ("interviews", "response_id"): (NONE, ""), ("interviews", "advisor_id"): (NONE, ""),
    ("interviews", "status"): (NONE, ""), ("interviews", "held_on"): (NONE, ""),
    ("interviews", "data"): (CLEARED,
                             "participants' names and who is responsible for each action (INTERVIEW_NAME_FIELDS)"),
    ("interviews", "created_at"): (NONE, ""), ("interviews", "updated_at"): (NONE, ""),

    ("interview_history", "id"): (NONE, ""), ("interview_history", "interview_id"): (NONE, ""),
    ("interview_history", "user_id"): (NONE, ""), ("interview_history", "changed_at"): (NONE, ""),
    ("interview_history", "changes"): (CLEARED, "old and new values of the interview's name fields"),

    ("audit_log", "id"): (NONE, ""), ("audit_log", "at"): (NONE, ""), ("audit_log", "user_id"): (NONE, ""),
    ("audit_log", "action"): (NONE, "never answer content"), ("audit_log", "object_type"): (NONE, ""),
    ("audit_log", "object_id"): (NONE, ""), ("audit_log", "details"): (NONE, "names of the changed fields, no values"),

    ("followup_rounds", "id"): (NONE, ""), ("followup_rounds", "name"): (NONE, "a round's name"),
    ("followup_rounds", "survey_id"): (NONE, ""), ("followup_rounds", "survey_version"): (NONE, ""),
    ("followup_rounds", "opens_on"): (NONE, ""), ("followup_rounds", "closes_on"): (NONE, ""),
    ("followup_rounds", "created_by"): (NONE, ""), ("followup_rounds", "created_at"): (NONE, ""),

    **{("followup_invitations", column): (NONE, "") for column in (
        "id", "round_id", "company_id", "baseline_response_id", "nonce", "token_hash", "created_at", "emailed_at",
        "reminded_at", "reminders", "response_id", "submitted_at", "index_before", "index_after", "levels_before",
        "levels_after", "outcome", "answered_by", "interviewed_on")},
    ("followup_invitations", "interviewer_id"): (NONE, "the staff user who recorded the answers in an interview"),

    **{("website_checks", column): (NONE, "") for column in (
        "id", "company_id", "checked_at", "duration_ms", "tool_version", "dataset_version", "error", "selected",
        "ai_model", "created_by")},
    ("website_checks", "requested_url"): (KEPT, "the company's website address; erased with the company"),
    ("website_checks", "final_url"): (KEPT, "the company's website address; erased with the company"),
    ("website_checks", "error_detail"): (KEPT, "technical detail of a failed fetch; erased with the company"),
    ("website_checks", "findings"): (KEPT, "evidence from the public website; erased with the company"),
    ("website_checks", "pages"): (KEPT, "addresses of the public pages read; erased with the company"),
    ("website_checks", "page_text"): (CLEARED, "public page text, may name people"),
    ("website_checks", "ai_draft"): (KEPT, "the advisor's edited summary; erased with the company"),
    ("website_checks", "ai_prompt"): (CLEARED, "built from the page text, may name people"),

    ("companies", "contact_response_id"): (NONE, "points to the analysis holding the contact"),
    ("interviews", "organisation"): (NONE, ""),
    ("interviews", "snapshot"): (KEPT, "what the final report showed: scores and website evidence from the public "
                                       "website; erased with the company"),
    ("responses", "claimed_company_id"): (NONE, ""), ("responses", "claim"): (NONE, "pending/confirmed/rejected"),

    ("draft_starts", "id"): (NONE, ""), ("draft_starts", "at"): (NONE, ""),
    ("draft_starts", "address"): (EXPIRES, "keyed hash of the client IP address"),

    ("login_sessions", "id_hash"): (EXPIRES, "SHA-256 of a session id, ties a login to its user until it expires"),
    ("login_sessions", "user_id"): (NONE, ""), ("login_sessions", "created_at"): (NONE, ""),
    ("login_sessions", "last_seen_at"): (NONE, ""), ("login_sessions", "expires_at"): (NONE, ""),
    ("login_known_addresses", "user_id"): (NONE, ""), ("login_known_addresses", "last_login_at"): (NONE, ""),
    ("login_known_addresses", "address"): (EXPIRES, "IP address a staff user logged in from"),
    ("link_requests", "id"): (NONE, ""), ("link_requests", "at"): (NONE, ""),
    ("link_requests", "address_hash"): (EXPIRES, "SHA-256 of the email address asked for (guessable, so personal)"),
    ("link_requests", "client"): (EXPIRES, "client IP address"),
    ("retired_tokens", "token_hash"): (NONE, "SHA-256 of a random link replaced by a reissued one"),
    ("retired_tokens", "retired_at"): (NONE, ""),
    ("pending_links", "token_hash"): (NONE, "SHA-256 of a random reissued link not opened yet"),
    ("pending_links", "response_id"): (NONE, ""), ("pending_links", "created_at"): (NONE, ""),
    ("public_lookups", "id"): (NONE, ""), ("public_lookups", "at"): (NONE, ""), ("public_lookups", "kind"): (NONE, ""),
    ("public_lookups", "client"): (EXPIRES, "client IP address of a failed certificate look-up"),
    **{("event_links", column): (NONE, "") for column in (
        "id", "valid_from", "valid_until", "cap", "started", "created_by", "created_at", "closed_at")},
    ("event_links", "name"): (NONE, "the name of an event (not of a person)"),
    ("event_links", "nonce"): (NONE, "random; with the secret key it gives the event link"),
    ("event_links", "token_hash"): (NONE, "SHA-256 of the event link's token"),

    **{("training_courses", column): (NONE, "") for column in (
        "id", "offer_id", "name", "seats", "pool", "apply_from", "apply_until", "starts_on", "ends_on", "created_by",
        "created_at")},
    ("training_courses", "organiser"): (NONE, "an organisation"),
    **{("training_sessions", column): (NONE, "") for column in (
        "id", "course_id", "on_date", "start_time", "end_time", "place", "link", "description", "hours", "audience")},
    ("training_sessions", "trainer"): (KEPT, "the trainer's name as published in the course programme; deleted "
                                              "with the course"),
    **{("training_enrolments", column): (NONE, "") for column in (
        "id", "course_id", "company_id", "status", "position", "enrolled_at", "seated_at", "cancelled_at",
        "created_by", "offered_at", "offer_until", "answered_at", "source", "language")},
    ("training_enrolments", "offer_hash"): (NONE, "SHA-256 of the random token of a seat offer's answer link"),
    ("training_enrolments", "motivation"): (CLEARED, "the applicant's own words (may name people), cleared with the "
                                                     "analyses' contacts"),
    ("training_enrolments", "participant"): (CLEARED, "the participant's name, cleared with the analyses' contacts"),
    ("training_enrolments", "email"): (CLEARED, "the participant's email, cleared with the analyses' contacts"),
    ("training_enrolments", "fee"): (KEPT, "invoicing basis, kept for the accounting records; erased with the company"),
    ("training_enrolments", "fee_tier"): (KEPT, "invoicing basis, kept for the accounting records; erased with the "
                                                "company"),
    ("training_enrolments", "invoiced_on"): (KEPT, "accounting record; erased with the company"),
    ("training_enrolments", "invoice_number"): (KEPT, "accounting record; erased with the company"),
    **{("training_attendance", column): (NONE, "proof of the company's participation for the EU funding")
       for column in ("session_id", "enrolment_id", "status", "updated_at", "updated_by", "on_date")},
    **{("training_status_changes", column): (NONE, "the allowed status changes of an enrolment (rules)")
       for column in ("before", "after")},
    **{("training_certificates", column): (NONE, "proof of the company's participation for the EU funding")
       for column in ("id", "code", "company_id", "course_id", "package", "issued_on")},
    ("training_generation", "id"): (NONE, ""), ("training_generation", "generation"): (NONE, ""),

    ("training_courses", "name_en"): (NONE, "the course's name in English"),
    ("followup_rounds", "name_en"): (NONE, "a round's name in English"),
    **{("webinar_signups", column): (NONE, "") for column in (
        "id", "course_id", "language", "created_at", "cancelled_at")},
    ("webinar_signups", "token_hash"): (NONE, "SHA-256 of the random token of the emailed cancel link"),
    ("webinar_signups", "name"): (CLEARED, "the participant's name: cleared at cancellation and 30 days after the "
                                           "webinar (storage.maintenance.WEBINAR_SIGNUP_DAYS)"),
    ("webinar_signups", "email"): (CLEARED, "the participant's email: cleared at cancellation and 30 days after the "
                                            "webinar"),
    ("webinar_signups", "email_key"): (CLEARED, "the email in lower case (one sign-up per address), cleared with it"),
    ("signup_requests", "id"): (NONE, ""), ("signup_requests", "at"): (NONE, ""),
    ("signup_requests", "client"): (EXPIRES, "client IP address of a public sign-up"),
    ("signup_requests", "address_hash"): (EXPIRES, "SHA-256 of the email address signed up (guessable, so personal)"),
    **{("outbox", column): (NONE, "") for column in (
        "id", "kind", "subject", "queued_at", "status", "attempts", "next_attempt_at", "claimed_until", "last_error",
        "sent_at")},
    ("outbox", "recipient"): (EXPIRES, "the email address; emptied once sent, the row deleted after 30 days"),
    ("outbox", "body"): (EXPIRES, "the message (may hold a private link); emptied once sent, the row deleted "
                                  "after 30 days"),
}

# Tables whose rows expire: table -> (time column holding a Unix timestamp, maximum age in seconds).
EXPIRING = {
    "login_failures": ("at", 24 * 3600),
    "draft_starts": ("at", 24 * 3600),
    "login_sessions": ("created_at", SESSION_LIFETIME_S),
    "login_known_addresses": ("last_login_at", KNOWN_ADDRESS_S),
    "link_requests": ("at", LINK_REQUEST_WINDOW_S),
    "signup_requests": ("at", SIGNUP_REQUEST_WINDOW_S),
    "public_lookups": ("at", 24 * 3600),
    "outbox": ("queued_at", OUTBOX_KEEP_S),
}

# Keys of an interview's data (and of its history's changes) that hold people's names.
INTERVIEW_NAME_FIELDS = ("participants",)
INTERVIEW_ACTION_NAME_FIELDS = ("who",)


def undecided(schema: dict[str, list[str]]) -> list[str]:
    """``table.column`` of every column in ``schema`` (table -> columns) without a rule here."""
    return [f"{table}.{column}" for table, columns in schema.items() for column in columns
            if (table, column) not in COLUMNS]


def schema(db) -> dict[str, list[str]]:
    """Every table and its columns, as the database has them."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: [r[1] for r in db.execute(f'PRAGMA table_info("{t}")')] for t in tables}
