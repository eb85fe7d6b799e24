"""Schema migrations (sqlite-utils Migrations). Append new ones; never edit an applied one."""

from sqlite_utils.migrations import Migrations

migrations = Migrations("digianalyysi")


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
