"""A lost private link: find a respondent's analyses by the email address they gave, issue each a
fresh link, and rate-limit the requests across workers. Only token hashes are stored, so the old
link cannot be re-sent; the fresh link waits (``pending_links``) and the old one keeps working
until the fresh one is first opened: whoever asks cannot retire the owner's working link."""

from __future__ import annotations

import hashlib
import time

from . import pending_links
from .db import immediate
from .responses import hash_token, new_token

WINDOW_S = 60 * 60
PER_ADDRESS = 3
PER_CLIENT = 10


def _address_hash(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()


def allow_request(db, address: str, client: str) -> bool:
    """Record one request; False when the address or the client has asked too often this hour."""
    cutoff = time.time() - WINDOW_S
    key = _address_hash(address)
    with immediate(db):
        counts = next(db.query(
            "SELECT (SELECT count(*) FROM link_requests WHERE address_hash = ? AND at > ?) AS by_address, "
            "(SELECT count(*) FROM link_requests WHERE client = ? AND at > ?) AS by_client",
            [key, cutoff, client, cutoff]))
        db.execute("DELETE FROM link_requests WHERE at < ?", [cutoff])
        if counts["by_address"] >= PER_ADDRESS or counts["by_client"] >= PER_CLIENT:
            return False
        db.execute("INSERT INTO link_requests (at, address_hash, client) VALUES (?, ?, ?)", [time.time(), key, client])
    return True


def reissue_links(db, address: str, email_fields: list[str]) -> list[dict]:
    """New tokens for every analysis (draft or submitted) whose contact email is ``address``.

    ``email_fields``: the question ids that hold the contact email in the survey versions.
    Returns ``[{"token", "company", "status"}]``. The current links keep working until a new one is
    first opened (``pending_links.promote``)."""
    wanted = address.strip().lower()
    found = []
    with immediate(db):
        for field in sorted(set(email_fields)):
            rows = db.query(
                "SELECT id, status, json_extract(answers, ?) AS company FROM responses WHERE kind = 'analysis' "
                "AND lower(trim(json_extract(answers, ?))) = ? ORDER BY created_at",
                ["$.company_name", f"$.{field}", wanted])
            for row in list(rows):
                if any(f["id"] == row["id"] for f in found):
                    continue
                token = new_token()
                pending_links.add(db, row["id"], hash_token(token))
                found.append({"id": row["id"], "token": token, "company": row["company"], "status": row["status"]})
    return [{k: v for k, v in f.items() if k != "id"} for f in found]


def is_retired(db, token: str) -> bool:
    """Whether ``token`` is an old link replaced by a reissued one (it must stay a 404)."""
    return db.execute("SELECT 1 FROM retired_tokens WHERE token_hash = ?", [hash_token(token)]).fetchone() is not None
