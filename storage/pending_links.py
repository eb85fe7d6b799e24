"""Reissued private links that have not been opened yet ("email me my link").

Anyone who knows an entrepreneur's email address can ask for the link to be mailed, so asking
must not take the working link away: a reissued link waits here and the analysis' current link
keeps working. The first time a reissued link is opened it becomes the analysis' link; the old
link is retired (kept as a hash in ``retired_tokens`` so that it stays a 404) together with the
other links still waiting. At most ``KEEP`` links wait per analysis (older ones are dropped).
Only SHA-256 hashes are stored. ``responses._fetch`` calls ``promote``.
"""

from __future__ import annotations

from .db import immediate, stamp as clock_stamp

KEEP = 3


def add(db, response_id: int, token_hash: str) -> None:
    """A new waiting link for the analysis (run inside ``immediate()``)."""
    db.execute("INSERT INTO pending_links (token_hash, response_id, created_at) VALUES (?, ?, ?)",
               [token_hash, response_id, clock_stamp(db)])
    db.execute("DELETE FROM pending_links WHERE response_id = ? AND token_hash NOT IN (SELECT token_hash FROM "
               "pending_links WHERE response_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?)",
               [response_id, response_id, KEEP])


def _promote(db, token_hash: str) -> bool:
    row = db.execute("SELECT response_id FROM pending_links WHERE token_hash = ?", [token_hash]).fetchone()
    if row is None:
        return False
    response_id = row[0]
    db.execute("INSERT OR IGNORE INTO retired_tokens (token_hash, retired_at) "
               "SELECT token_hash, ? FROM responses WHERE id = ?", [clock_stamp(db), response_id])
    db.execute("UPDATE responses SET token_hash = ? WHERE id = ?", [token_hash, response_id])
    db.execute("DELETE FROM pending_links WHERE response_id = ?", [response_id])
    return True


def promote(db, token_hash: str) -> bool:
    """When ``token_hash`` is a waiting link, make it the analysis' link (retiring the old one and
    the other waiting links); True when it was. Joins an open write transaction, else opens one."""
    if db.execute("SELECT 1 FROM pending_links WHERE token_hash = ?", [token_hash]).fetchone() is None:
        return False
    if db.conn.in_transaction:
        return _promote(db, token_hash)
    with immediate(db):
        return _promote(db, token_hash)
