"""The supported companies' identity for the funder's report: business ID, confirmed name and
municipality, organisation, the industry of the latest confirmed analysis and the confirmed contact
(used only when the coordinator ticks "include contact details")."""

from __future__ import annotations

import json


def company_rows(db, company_ids) -> dict[int, dict]:
    """Company id -> its identity (``industry``: the TOL section code, ``classification``: the
    industry list's version, e.g. "TOL 2008")."""
    ids = sorted(set(company_ids))
    found: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        batch = ids[start:start + 500]
        for row in db.query(
                "SELECT c.id, c.business_id, c.name, c.municipality, o.organisation, "
                "json_extract(r.answers, '$.industry') AS industry, r.classifications, "
                "k.contact_name, k.contact_email, k.contact_phone "
                "FROM companies c JOIN company_org o ON o.company_id = c.id "
                "JOIN company_latest_analysis l ON l.company_id = c.id LEFT JOIN responses r ON r.id = l.response_id "
                "JOIN company_contact k ON k.company_id = c.id "
                f"WHERE c.id IN ({', '.join('?' * len(batch))})", batch):
            classifications = json.loads(row.pop("classifications") or "{}")
            found[row["id"]] = {**row, "classification": classifications.get("industries")}
    return found
