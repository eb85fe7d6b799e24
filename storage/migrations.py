"""Schema migrations (sqlite-utils Migrations). Append new ones; never edit an applied one.

They run in the order of this file, which is also the order of their names (tests check it): a
new one takes the next number after the last one here. Four were once numbered out of order and
were renamed with a letter after the number of the one they follow (``RENAMED``); a database
migrated before that records their old names, which ``storage.db.migrate`` rewrites first.
"""

import json

from sqlite_utils.migrations import Migrations

from . import snapshots

migrations = Migrations("digianalyysi")

# old name -> new name (what the migration does is unchanged; only its name sorts where it runs)
RENAMED = {
    "m011_website_checks": "m006a_website_checks",
    "m012_link_requests": "m008a_link_requests",
    "m016_attendance_dates": "m013a_attendance_dates",
    "m015_waiting_list_offers": "m013b_waiting_list_offers",
}


def current_name(name: str) -> str:
    """The name a migration has now, given the one a database recorded."""
    return RENAMED.get(name, name)


def rename_applied(db) -> list[str]:
    """Rewrite the old names of applied migrations to the new ones (one transaction); returns the
    old names rewritten. Before ``pending``/``apply``, which compare names."""
    if not db["_sqlite_migrations"].exists():
        return []
    old = [row[0] for row in db.execute(
        f"SELECT name FROM _sqlite_migrations WHERE migration_set = ? AND name IN ({', '.join('?' * len(RENAMED))})",
        [migrations.name, *RENAMED]).fetchall()]
    if old:
        with db.atomic():
            for name in old:
                db.execute("UPDATE _sqlite_migrations SET name = ? WHERE migration_set = ? AND name = ?",
                           [RENAMED[name], migrations.name, name])
    return old


@migrations()
def m001_companies_and_responses(db):
    db.execute(
        """
        CREATE TABLE companies (
            id INTEGER PRIMARY KEY,
            business_id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            municipality TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE responses (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            survey_id TEXT NOT NULL,
            survey_version INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
            language TEXT NOT NULL DEFAULT 'fi',
            company_id INTEGER REFERENCES companies(id),
            answers TEXT NOT NULL DEFAULT '{}',
            classifications TEXT NOT NULL DEFAULT '{}',
            last_page TEXT,
            resume_link_sent_to TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            submitted_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX responses_company ON responses(company_id)")
    db.execute("CREATE INDEX responses_survey_status ON responses(survey_id, survey_version, status)")


@migrations()
def m002_scores(db):
    """Scores of each submitted response (computed at submission) for fast peer benchmarks."""
    db.execute(
        """
        CREATE TABLE scores (
            response_id INTEGER PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
            company_id INTEGER NOT NULL REFERENCES companies(id),
            survey_id TEXT NOT NULL,
            survey_version INTEGER NOT NULL,
            submitted_at TEXT NOT NULL,
            is_latest INTEGER NOT NULL DEFAULT 1,
            maturity_index REAL,
            levels TEXT NOT NULL,
            groups TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX scores_latest ON scores(survey_id, survey_version, is_latest)")
    db.execute("CREATE INDEX scores_company ON scores(company_id, survey_id, survey_version)")
    db.execute(
        """
        CREATE TABLE peer_generations (
            survey_id TEXT NOT NULL,
            survey_version INTEGER NOT NULL,
            generation INTEGER NOT NULL,
            PRIMARY KEY (survey_id, survey_version)
        )
        """
    )


@migrations()
def m003_advisor_workspace(db):
    """Users, login throttling, company organisations, interviews with history, audit log."""
    db.execute("ALTER TABLE companies ADD COLUMN organisation TEXT")
    db.execute("ALTER TABLE companies ADD COLUMN organisation_override TEXT")
    db.execute(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('advisor', 'coordinator')),
            organisation TEXT,
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            session_version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE TABLE login_failures (id INTEGER PRIMARY KEY, at REAL NOT NULL, account TEXT NOT NULL, "
               "address TEXT NOT NULL)")
    db.execute("CREATE INDEX login_failures_account ON login_failures(account, at)")
    db.execute("CREATE INDEX login_failures_address ON login_failures(address, at)")
    db.execute(
        """
        CREATE TABLE interviews (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            response_id INTEGER REFERENCES responses(id),
            advisor_id INTEGER NOT NULL REFERENCES users(id),
            status TEXT NOT NULL CHECK (status IN ('draft', 'final')),
            held_on TEXT,
            data TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX interviews_company ON interviews(company_id)")
    db.execute(
        """
        CREATE TABLE interview_history (
            id INTEGER PRIMARY KEY,
            interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(id),
            changed_at TEXT NOT NULL,
            changes TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            action TEXT NOT NULL,
            object_type TEXT,
            object_id INTEGER
        )
        """
    )


@migrations()
def m004_score_extras(db):
    """Competence, importance and training wishes per area, for the coordinator's aggregates."""
    db.execute("ALTER TABLE scores ADD COLUMN extras TEXT NOT NULL DEFAULT '{}'")


@migrations()
def m005_latest_scores_index(db):
    """Index-only, already ordered reads of the latest analyses (open answers, exports)."""
    db.execute(
        "CREATE INDEX scores_latest_by_time ON scores(survey_id, survey_version, is_latest, submitted_at, "
        "response_id, company_id)"
    )


@migrations()
def m006_followup(db):
    """Follow-up rounds (T1): one private invitation per analysed company, linked to its T0
    analysis and, once answered, to its T1 response and the comparison computed at submission."""
    db.execute("ALTER TABLE responses ADD COLUMN kind TEXT NOT NULL DEFAULT 'analysis'")
    db.execute(
        """
        CREATE TABLE followup_rounds (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            survey_id TEXT NOT NULL,
            survey_version INTEGER NOT NULL,
            opens_on TEXT NOT NULL,
            closes_on TEXT NOT NULL,
            created_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE followup_invitations (
            id INTEGER PRIMARY KEY,
            round_id INTEGER NOT NULL REFERENCES followup_rounds(id),
            company_id INTEGER NOT NULL REFERENCES companies(id),
            baseline_response_id INTEGER NOT NULL REFERENCES responses(id),
            nonce TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            emailed_at TEXT,
            reminded_at TEXT,
            reminders INTEGER NOT NULL DEFAULT 0,
            response_id INTEGER REFERENCES responses(id),
            submitted_at TEXT,
            index_before REAL,
            index_after REAL,
            levels_before TEXT,
            levels_after TEXT,
            outcome TEXT,
            UNIQUE (round_id, company_id)
        )
        """
    )
    db.execute("CREATE INDEX followup_invitations_company ON followup_invitations(company_id)")
    db.execute("CREATE INDEX followup_invitations_response ON followup_invitations(response_id)")


@migrations()
def m006a_website_checks(db):
    """Website quick checks: one row per check of a company's site (findings as JSON, the tool
    and dataset versions, which findings the advisor chose for the report, the edited AI draft)."""
    db.execute(
        """
        CREATE TABLE website_checks (
            id INTEGER PRIMARY KEY,
            company_id INTEGER REFERENCES companies(id),
            requested_url TEXT NOT NULL,
            final_url TEXT,
            checked_at TEXT NOT NULL,
            duration_ms INTEGER NOT NULL DEFAULT 0,
            tool_version TEXT NOT NULL,
            dataset_version TEXT NOT NULL DEFAULT '',
            error TEXT,
            error_detail TEXT,
            findings TEXT NOT NULL DEFAULT '[]',
            pages TEXT NOT NULL DEFAULT '[]',
            page_text TEXT NOT NULL DEFAULT '',
            selected TEXT NOT NULL DEFAULT '[]',
            ai_draft TEXT,
            ai_prompt TEXT,
            ai_model TEXT,
            created_by INTEGER REFERENCES users(id)
        )
        """
    )
    db.execute("CREATE INDEX website_checks_company ON website_checks(company_id, checked_at)")


@migrations()
def m007_company_identity(db):
    """An analysis submitted under an existing company's business ID waits for an advisor's
    confirmation (``claim``: pending, confirmed or rejected; ``claimed_company_id`` the company it
    names, ``company_id`` set only once confirmed); a confirmation may keep the earlier contact
    (``companies.contact_response_id``). Interviews keep the organisation that recorded them."""
    db.execute("ALTER TABLE responses ADD COLUMN claimed_company_id INTEGER REFERENCES companies(id)")
    db.execute("ALTER TABLE responses ADD COLUMN claim TEXT CHECK (claim IN ('pending', 'confirmed', 'rejected'))")
    db.execute("CREATE INDEX responses_claim ON responses(claim, claimed_company_id)")
    # The analysis whose contact details are the company's contact (NULL: its latest analysis).
    db.execute("ALTER TABLE companies ADD COLUMN contact_response_id INTEGER REFERENCES responses(id)")
    db.execute("ALTER TABLE interviews ADD COLUMN organisation TEXT")
    db.execute(
        """
        UPDATE interviews SET organisation = coalesce(
            (SELECT u.organisation FROM users u WHERE u.id = interviews.advisor_id),
            (SELECT coalesce(c.organisation_override, c.organisation) FROM companies c"""
        """ WHERE c.id = interviews.company_id))
        """
    )


@migrations()
def m008_login_throttling_and_sessions(db):
    """Server-side login sessions (ended at logout, checked on every request), the addresses each
    user has logged in from (exempt from the account-wide throttle), and an index for pruning
    old login attempts (``login_failures`` rows are now reserved before the password check)."""
    db.execute(
        """
        CREATE TABLE login_sessions (
            id_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            created_at REAL NOT NULL,
            last_seen_at REAL NOT NULL,
            expires_at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX login_sessions_user ON login_sessions(user_id)")
    db.execute("CREATE INDEX login_sessions_expires ON login_sessions(expires_at)")
    db.execute(
        """
        CREATE TABLE login_known_addresses (
            user_id INTEGER NOT NULL REFERENCES users(id),
            address TEXT NOT NULL,
            last_login_at REAL NOT NULL,
            PRIMARY KEY (user_id, address)
        )
        """
    )
    db.execute("CREATE INDEX login_failures_at ON login_failures(at)")
    db.execute("CREATE INDEX login_failures_pair ON login_failures(account, address, at)")


@migrations()
def m008a_link_requests(db):
    # "Email me my link" requests, for rate limiting across workers: the address only as a hash.
    db.execute("CREATE TABLE link_requests (id INTEGER PRIMARY KEY, at REAL NOT NULL, address_hash TEXT NOT NULL, "
               "client TEXT NOT NULL)")
    db.execute("CREATE INDEX link_requests_at ON link_requests(at)")


@migrations()
def m009_draft_starts(db):
    """New anonymous drafts per client address (a keyed hash), for the draft-creation limit;
    rows older than the limit's window are deleted as new ones arrive."""
    db.execute("CREATE TABLE draft_starts (id INTEGER PRIMARY KEY, at REAL NOT NULL, address TEXT NOT NULL)")
    db.execute("CREATE INDEX draft_starts_address ON draft_starts(address, at)")


@migrations()
def m010_trainings(db):
    """Trainings: courses (runs of an offer) and their sessions, enrolments with seats and a
    waiting list, attendance, certificates, and the invoicing marks of each enrolment."""
    db.execute(
        """
        CREATE TABLE training_courses (
            id INTEGER PRIMARY KEY,
            offer_id TEXT NOT NULL,
            name TEXT NOT NULL,
            organiser TEXT NOT NULL,
            seats INTEGER NOT NULL CHECK (seats > 0),
            pool TEXT,
            apply_from TEXT,
            apply_until TEXT,
            starts_on TEXT NOT NULL,
            ends_on TEXT NOT NULL,
            created_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX training_courses_start ON training_courses(starts_on)")
    db.execute("CREATE INDEX training_courses_pool ON training_courses(pool)")
    db.execute(
        """
        CREATE TABLE training_sessions (
            id INTEGER PRIMARY KEY,
            course_id INTEGER NOT NULL REFERENCES training_courses(id),
            on_date TEXT NOT NULL,
            start_time TEXT NOT NULL,
            end_time TEXT NOT NULL,
            place TEXT,
            link TEXT,
            trainer TEXT,
            description TEXT,
            hours REAL NOT NULL,
            audience TEXT NOT NULL DEFAULT '{}'
        )
        """
    )
    db.execute("CREATE INDEX training_sessions_course ON training_sessions(course_id, on_date)")
    db.execute("CREATE INDEX training_sessions_date ON training_sessions(on_date)")
    db.execute(
        """
        CREATE TABLE training_enrolments (
            id INTEGER PRIMARY KEY,
            course_id INTEGER NOT NULL REFERENCES training_courses(id),
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('applied', 'enrolled', 'waiting', 'declined', 'cancelled')),
            position INTEGER,
            participant TEXT,
            email TEXT,
            fee INTEGER NOT NULL DEFAULT 0,
            fee_tier TEXT NOT NULL DEFAULT 'free',
            enrolled_at TEXT NOT NULL,
            seated_at TEXT,
            cancelled_at TEXT,
            invoiced_on TEXT,
            invoice_number TEXT,
            created_by INTEGER REFERENCES users(id),
            UNIQUE (course_id, company_id)
        )
        """
    )
    db.execute("CREATE INDEX training_enrolments_company ON training_enrolments(company_id)")
    db.execute("CREATE INDEX training_enrolments_status ON training_enrolments(course_id, status, position)")
    db.execute(
        """
        CREATE TABLE training_attendance (
            session_id INTEGER NOT NULL REFERENCES training_sessions(id),
            enrolment_id INTEGER NOT NULL REFERENCES training_enrolments(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
            updated_at TEXT NOT NULL,
            updated_by INTEGER REFERENCES users(id),
            PRIMARY KEY (session_id, enrolment_id)
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX training_attendance_enrolment ON training_attendance(enrolment_id, status)")
    db.execute(
        """
        CREATE TABLE training_certificates (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            course_id INTEGER REFERENCES training_courses(id),
            package TEXT,
            issued_on TEXT NOT NULL,
            UNIQUE (company_id, course_id, package)
        )
        """
    )
    # bumped by every write to the training records: the dashboard's counts are cached per
    # worker process until it changes
    db.execute("CREATE TABLE training_generation (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)")
    db.execute("INSERT INTO training_generation (id, generation) VALUES (1, 0)")
    db.execute("CREATE INDEX training_courses_offer ON training_courses(offer_id)")


@migrations()
def m013_retired_tokens(db):
    """Hashes of private links replaced by "email me my link": they stay a 404 (a start-button
    token is otherwise valid by its signature alone until its first page is saved)."""
    db.execute("CREATE TABLE retired_tokens (token_hash TEXT PRIMARY KEY, retired_at TEXT NOT NULL)")


@migrations()
def m013a_attendance_dates(db):
    """The session's date on each attendance row (sessions are never moved), so that "present at
    least once in a held session of the period" is one probe of one index per enrolment."""
    db.execute("ALTER TABLE training_attendance ADD COLUMN on_date TEXT")
    db.execute("UPDATE training_attendance SET on_date = (SELECT s.on_date FROM training_sessions s "
               "WHERE s.id = training_attendance.session_id)")
    db.execute("CREATE INDEX training_attendance_presence ON training_attendance(enrolment_id, status, on_date)")
    db.execute("DROP INDEX training_attendance_enrolment")


_ENROLMENTS_M015 = """
CREATE TABLE training_enrolments_m015 (
    id INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES training_courses(id),
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('applied', 'enrolled', 'waiting', 'declined', 'cancelled',
                                           'offered', 'lapsed')),
    position INTEGER,
    participant TEXT,
    email TEXT,
    fee INTEGER NOT NULL DEFAULT 0,
    fee_tier TEXT NOT NULL DEFAULT 'free',
    enrolled_at TEXT NOT NULL,
    seated_at TEXT,
    cancelled_at TEXT,
    invoiced_on TEXT,
    invoice_number TEXT,
    created_by INTEGER REFERENCES users(id),
    offered_at TEXT,
    offer_until TEXT,
    offer_hash TEXT,
    answered_at TEXT,
    UNIQUE (course_id, company_id)
)
"""


@migrations(transactional=False)
def m013b_waiting_list_offers(db):
    """A freed seat is offered to the first waiting company ('offered' until it answers or the
    deadline passes: 'lapsed'), with the deadline and the hash of the answer link's token.

    SQLite cannot change a CHECK constraint, so the table is rebuilt with foreign keys off (a
    DROP with them on would cascade to the attendance rows) in one transaction."""
    if "offer_hash" in {row[1] for row in db.execute("PRAGMA table_info(training_enrolments)").fetchall()}:
        return
    columns = ", ".join(row[1] for row in db.execute("PRAGMA table_info(training_enrolments)").fetchall())
    db.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            db.conn.execute(_ENROLMENTS_M015)
            _keep_added_columns(db)
            db.conn.execute(f"INSERT INTO training_enrolments_m015 ({columns}) "
                            f"SELECT {columns} FROM training_enrolments")
            db.conn.execute("DROP TABLE training_enrolments")
            db.conn.execute("ALTER TABLE training_enrolments_m015 RENAME TO training_enrolments")
            db.conn.execute("CREATE INDEX training_enrolments_company ON training_enrolments(company_id)")
            db.conn.execute("CREATE INDEX training_enrolments_status "
                            "ON training_enrolments(course_id, status, position)")
            db.conn.execute("CREATE UNIQUE INDEX training_enrolments_offer ON training_enrolments(offer_hash)")
            db.conn.execute("CREATE INDEX training_enrolments_offer_until ON training_enrolments(status, offer_until)")
            if db.conn.execute("PRAGMA foreign_key_check").fetchone():
                raise RuntimeError("m015: foreign key check failed")
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")


def _keep_added_columns(db) -> None:
    """Columns another migration added to training_enrolments before this one ran (m014's, on a
    database that had it first) are carried into the rebuilt table."""
    rebuilt = {row[1] for row in db.conn.execute("PRAGMA table_info(training_enrolments_m015)").fetchall()}
    for _cid, name, kind, *_rest in db.conn.execute("PRAGMA table_info(training_enrolments)").fetchall():
        if name not in rebuilt:
            db.conn.execute(f"ALTER TABLE training_enrolments_m015 ADD COLUMN {name} {kind}")


@migrations()
def m014_company_applications(db):
    """A company applies to a path itself through its private link: who made the enrolment
    (``source`` 'company'; NULL: an advisor, a coordinator or the command line), the applicant's
    short motivation and the language of the analysis (for the decision email)."""
    present = {row[1] for row in db.execute("PRAGMA table_info(training_enrolments)").fetchall()}
    for column in ("source", "motivation", "language"):
        if column not in present:  # (a development database may have had them before m015 rebuilt the table)
            db.execute(f"ALTER TABLE training_enrolments ADD COLUMN {column} TEXT")


# The allowed (before, after) status changes of an enrolment: the pairs of scoring.enrolments.
# TRANSITIONS (tests/test_records.py keeps the two equal; a later change of the rules appends a
# migration that rewrites this table).
_STATUS_CHANGES_M017 = (
    ("applied", "enrolled"), ("applied", "waiting"), ("applied", "declined"), ("applied", "cancelled"),
    ("enrolled", "cancelled"), ("waiting", "cancelled"), ("waiting", "offered"),
    ("offered", "enrolled"), ("offered", "declined"), ("offered", "lapsed"), ("offered", "cancelled"),
    ("cancelled", "enrolled"), ("cancelled", "waiting"), ("cancelled", "applied"),
    ("lapsed", "enrolled"), ("lapsed", "waiting"), ("lapsed", "applied"),
    ("declined", "enrolled"), ("declined", "waiting"), ("declined", "applied"),
)

_CERTIFICATES_M017 = """
CREATE TABLE training_certificates_m017 (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    course_id INTEGER REFERENCES training_courses(id),
    package TEXT,
    issued_on TEXT NOT NULL,
    CHECK ((course_id IS NULL) <> (package IS NULL))
)
"""


@migrations()
def m017_auditable_records(db):
    """Records that cannot contradict themselves (issue: records you can audit).

    - The company's identity defined once, as views: its effective organisation
      (``company_org``), its latest confirmed analysis (``company_latest_analysis``: a pending or
      rejected analysis has no ``company_id``) and its confirmed contact (``company_contact``: the
      analysis an advisor kept when confirming a later one, else the latest).
    - Certificates: at most one per company and course, or company and work package. The old
      UNIQUE (company_id, course_id, package) never held, as one of the columns was always NULL;
      the duplicates it let through are removed (the first code of each is kept: the others were
      made by repeated downloads and never printed), and two partial unique indexes replace it.
    - Enrolments change status only along ``training_status_changes`` (a trigger refuses any
      other change, whatever code path makes it); an invoiced enrolment never changes its status
      or its invoice again; an enrolment with attendance is not cancelled; attendance only for an
      enrolled company; a course never ends before it starts."""
    db.execute("CREATE VIEW company_org AS SELECT id AS company_id, "
               "coalesce(organisation_override, organisation) AS organisation FROM companies")
    db.execute("""
        CREATE VIEW company_latest_analysis AS
        SELECT c.id AS company_id, (
            SELECT r.id FROM responses r WHERE r.company_id = c.id AND r.status = 'submitted'
              AND r.kind = 'analysis' AND coalesce(r.claim, 'confirmed') = 'confirmed'
            ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1) AS response_id
        FROM companies c""")
    db.execute("""
        CREATE VIEW company_contact AS
        SELECT l.company_id, coalesce(c.contact_response_id, l.response_id) AS response_id,
               json_extract(r.answers, '$.contact_name') AS contact_name,
               json_extract(r.answers, '$.contact_role') AS contact_role,
               json_extract(r.answers, '$.contact_email') AS contact_email,
               json_extract(r.answers, '$.contact_phone') AS contact_phone
        FROM company_latest_analysis l JOIN companies c ON c.id = l.company_id
        LEFT JOIN responses r ON r.id = coalesce(c.contact_response_id, l.response_id)""")
    _unique_certificates(db)
    db.execute("CREATE TABLE training_status_changes (before TEXT NOT NULL, after TEXT NOT NULL, "
               "PRIMARY KEY (before, after)) WITHOUT ROWID")
    db.conn.executemany("INSERT INTO training_status_changes (before, after) VALUES (?, ?)", _STATUS_CHANGES_M017)
    _enrolment_triggers(db)


def _unique_certificates(db) -> None:
    db.execute("DELETE FROM training_certificates WHERE id NOT IN (SELECT min(id) FROM training_certificates "
               "GROUP BY company_id, coalesce(course_id, -1), coalesce(package, ''))")
    db.execute(_CERTIFICATES_M017)
    db.execute("INSERT INTO training_certificates_m017 (id, code, company_id, course_id, package, issued_on) "
               "SELECT id, code, company_id, course_id, CASE WHEN course_id IS NULL THEN package END, issued_on "
               "FROM training_certificates")
    db.execute("DROP TABLE training_certificates")
    db.execute("ALTER TABLE training_certificates_m017 RENAME TO training_certificates")
    db.execute("CREATE UNIQUE INDEX training_certificates_course ON training_certificates(company_id, course_id) "
               "WHERE course_id IS NOT NULL")
    db.execute("CREATE UNIQUE INDEX training_certificates_package ON training_certificates(company_id, package) "
               "WHERE course_id IS NULL")
    db.execute("CREATE INDEX training_certificates_issued ON training_certificates(issued_on)")


def _enrolment_triggers(db) -> None:
    db.execute("""
        CREATE TRIGGER training_enrolments_status_change BEFORE UPDATE OF status ON training_enrolments
        WHEN NEW.status IS NOT OLD.status AND NOT EXISTS (
            SELECT 1 FROM training_status_changes WHERE before = OLD.status AND after = NEW.status)
        BEGIN SELECT RAISE(ABORT, 'training_enrolments: this status change is not allowed'); END""")
    db.execute("""
        CREATE TRIGGER training_enrolments_invoiced_stays BEFORE UPDATE OF status, invoiced_on, invoice_number, fee
        ON training_enrolments WHEN OLD.invoiced_on IS NOT NULL AND (NEW.status IS NOT OLD.status
            OR NEW.invoiced_on IS NOT OLD.invoiced_on OR NEW.invoice_number IS NOT OLD.invoice_number
            OR NEW.fee IS NOT OLD.fee)
        BEGIN SELECT RAISE(ABORT, 'training_enrolments: an invoiced enrolment does not change'); END""")
    db.execute("""
        CREATE TRIGGER training_enrolments_attended_stays BEFORE UPDATE OF status ON training_enrolments
        WHEN OLD.status = 'enrolled' AND NEW.status IS NOT 'enrolled' AND EXISTS (
            SELECT 1 FROM training_attendance a WHERE a.enrolment_id = OLD.id AND a.status = 'present')
        BEGIN SELECT RAISE(ABORT, 'training_enrolments: an enrolment with attendance is not cancelled'); END""")
    for action in ("INSERT", "UPDATE"):
        db.execute(f"""
            CREATE TRIGGER training_attendance_enrolled_{action.lower()} BEFORE {action} ON training_attendance
            WHEN (SELECT status FROM training_enrolments WHERE id = NEW.enrolment_id) IS NOT 'enrolled'
            BEGIN SELECT RAISE(ABORT, 'training_attendance: only an enrolled company is marked'); END""")
        db.execute(f"""
            CREATE TRIGGER training_courses_dates_{action.lower()} BEFORE {action} ON training_courses
            WHEN NEW.ends_on < NEW.starts_on
            BEGIN SELECT RAISE(ABORT, 'training_courses: the course ends before it starts'); END""")


@migrations()
def m018_interview_snapshots(db):
    """What a final interview's report shows is kept with it (``snapshot``, JSON, taken when the
    interview is made final, storage/snapshots.py): the self-assessment it was compared with – the
    levels per area, the index and the submission date of the analysis it was based on – and the
    website-check findings the advisor had chosen for the report. Final interviews recorded
    before this get theirs now, from the same stored rows."""
    db.execute("ALTER TABLE interviews ADD COLUMN snapshot TEXT")
    finals = db.execute("SELECT id, company_id, response_id, updated_at FROM interviews WHERE status = 'final'")
    for interview_id, company_id, response_id, updated_at in finals.fetchall():
        db.execute("UPDATE interviews SET snapshot = ? WHERE id = ?",
                   [json.dumps(snapshots.take(db, company_id, response_id, updated_at), ensure_ascii=False),
                    interview_id])


@migrations()
def m019_pending_links(db):
    """Links reissued by "email me my link" wait here until first opened: only then do they
    replace the analysis' link (the old link keeps working until the owner uses the new one, so a
    stranger who knows the address cannot retire it). Only hashes are stored."""
    db.execute("CREATE TABLE pending_links (token_hash TEXT PRIMARY KEY, "
               "response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE, created_at TEXT NOT NULL)")
    db.execute("CREATE INDEX pending_links_response ON pending_links(response_id, created_at)")


@migrations()
def m020_public_lookups(db):
    """Failed look-ups of public codes (certificate verification) per client address, for the
    rate limit shared by every worker; rows older than the window are deleted as they go."""
    db.execute("CREATE TABLE public_lookups (id INTEGER PRIMARY KEY, at REAL NOT NULL, kind TEXT NOT NULL, "
               "client TEXT NOT NULL)")
    db.execute("CREATE INDEX public_lookups_client ON public_lookups(kind, client, at)")


@migrations()
def m021_event_links(db):
    """Event links: at an information event or an application day behind one network, a
    coordinator's link lifts the per-address limit on new drafts for its period, for at most
    ``cap`` drafts. The link is derived from ``nonce`` and the secret key (shown again on the
    coordinator's page); only its SHA-256 is looked up. ``started`` counts the drafts it let in."""
    db.execute(
        "CREATE TABLE event_links (id INTEGER PRIMARY KEY, name TEXT NOT NULL, nonce TEXT NOT NULL UNIQUE, "
        "token_hash TEXT NOT NULL UNIQUE, valid_from TEXT NOT NULL, valid_until TEXT NOT NULL, "
        "cap INTEGER NOT NULL CHECK (cap > 0), started INTEGER NOT NULL DEFAULT 0 CHECK (started BETWEEN 0 AND cap), "
        "created_by INTEGER REFERENCES users(id), created_at TEXT NOT NULL, closed_at TEXT, "
        "CHECK (valid_until > valid_from))")


@migrations()
def m022_mail_outbox(db):
    """Emails are never sent inside a request: the change that causes one queues it here in the
    same transaction, and a sender (a thread per worker, or `flask mail send` from cron) delivers
    it with retries and backoff. Times are epoch seconds. A sent message keeps no address or body."""
    db.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            recipient TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            queued_at REAL NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            claimed_until REAL,
            last_error TEXT,
            sent_at REAL
        )
        """
    )
    db.execute("CREATE INDEX outbox_due ON outbox(status, next_attempt_at)")


@migrations()
def m023_peer_changes(db):
    """Which company's peer row changed, in order (``seq``), so that a worker updates its
    in-memory peers from the changes since it last looked instead of rebuilding them
    (storage.scores.peer_table). ``company_id`` NULL: a bulk change, rebuild. ``stamp`` (random)
    tells a worker that the row it remembers is still the one it saw (not a restored copy)."""
    db.execute("""
        CREATE TABLE peer_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            survey_id TEXT NOT NULL,
            survey_version INTEGER NOT NULL,
            company_id INTEGER,
            stamp INTEGER NOT NULL
        )""")
    db.execute("CREATE INDEX peer_changes_version ON peer_changes(survey_id, survey_version, seq)")
    db.execute("INSERT INTO peer_changes (survey_id, survey_version, company_id, stamp) "
               "SELECT survey_id, survey_version, NULL, random() FROM peer_generations")


@migrations()
def m024_audit_details(db):
    """What an audited change changed, in field names only (never a value: a place, a name or an
    answer stays out of the log), e.g. ``["on_date", "place"]`` for a session moved to another
    day and room."""
    db.execute("ALTER TABLE audit_log ADD COLUMN details TEXT")


@migrations()
def m025_names_in_english(db):
    """A course's and a follow-up round's name in English (``name_en``, optional): pages, emails,
    certificates and reports in English show it, falling back to the Finnish ``name``."""
    db.execute("ALTER TABLE training_courses ADD COLUMN name_en TEXT")
    db.execute("ALTER TABLE followup_rounds ADD COLUMN name_en TEXT")


@migrations()
def m026_webinar_signups(db):
    """Sign-ups to a webinar from the open training calendar: a name and an email, no analysis.
    One live sign-up per course and address (``email_key``: the address in lower case); a
    cancelled one keeps only its dates (the name and email are cleared). ``token_hash``: SHA-256
    of the cancel link's random token, emailed to the address. ``signup_requests``: the per-address
    limit of the public sign-up forms, like ``link_requests``."""
    db.execute("""
        CREATE TABLE webinar_signups (
            id INTEGER PRIMARY KEY,
            course_id INTEGER NOT NULL REFERENCES training_courses(id),
            name TEXT,
            email TEXT,
            email_key TEXT,
            language TEXT,
            token_hash TEXT UNIQUE,
            created_at TEXT NOT NULL,
            cancelled_at TEXT
        )""")
    db.execute("CREATE UNIQUE INDEX webinar_signups_live ON webinar_signups(course_id, email_key) "
               "WHERE cancelled_at IS NULL")
    db.execute("CREATE TABLE signup_requests (id INTEGER PRIMARY KEY, at REAL NOT NULL, client TEXT NOT NULL, "
               "address_hash TEXT)")
    db.execute("CREATE INDEX signup_requests_client ON signup_requests(client, at)")


@migrations()
def m040_followup_by_interview(db):
    """A follow-up may be answered in an interview (seed 004: "kyselyn tai haastattelun avulla"):
    an advisor records the company's answers in the staff pages. ``answered_by`` says how each
    answered follow-up was answered (``self``: with the private link; ``interview``: recorded by
    ``interviewer_id`` in an interview held on ``interviewed_on``); the follow-ups answered before
    this were answered with the link."""
    db.execute("ALTER TABLE followup_invitations ADD COLUMN answered_by TEXT "
               "CHECK (answered_by IN ('self', 'interview'))")
    db.execute("ALTER TABLE followup_invitations ADD COLUMN interviewer_id INTEGER REFERENCES users(id)")
    db.execute("ALTER TABLE followup_invitations ADD COLUMN interviewed_on TEXT")
    db.execute("UPDATE followup_invitations SET answered_by = 'self' WHERE submitted_at IS NOT NULL")
