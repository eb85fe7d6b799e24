"""Advisory interviews for the demo: about half of the analysed companies met their
organisation's demo advisor a few weeks after the analysis. Most interviews are final, with
ratings near the scored levels, agreed actions and referrals to the recommended trainings, so
that the dashboard's funnel starts from real referrals. Seeded; only through the storage
functions (no SQL here)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from storage import demo as demo_store
from storage import interviews as interview_store

RATINGS = (0, 25, 50, 75, 100)
ACTIONS = (
    ("Päivitetään verkkosivujen yhteystiedot, hinnasto ja aukioloajat", "Yrittäjä"),
    ("Otetaan Google-yritysprofiili käyttöön ja pyydetään arvosteluja", "Yrittäjä"),
    ("Kokeillaan kuukauden ajan kohdennettua somemainontaa", "Markkinointivastaava"),
    ("Selvitetään verkkokaupan vaihtoehdot ja kustannukset", "Yrittäjä ja neuvoja"),
    ("Otetaan varmuuskopiointi ja kaksivaiheinen tunnistautuminen käyttöön", "Yrittäjä"),
    ("Aloitetaan asiakasrekisteri ja uutiskirje", "Myynti"),
    ("Tehdään sisältökalenteri seuraavalle kvartaalille", "Yrittäjä"),
)


def _rating(level: float, rng: random.Random) -> str:
    """The advisor's rating: the scored level rounded to the scale, now and then a step off."""
    nearest = min(range(len(RATINGS)), key=lambda i: abs(RATINGS[i] - level))
    step = nearest + rng.choice((-1, 0, 0, 0, 1))
    return str(RATINGS[max(0, min(step, len(RATINGS) - 1))])


def _record(row: dict, held: date, project, rng: random.Random) -> dict:
    recommended = list(row["extras"].get("referrals") or [])
    actions = [{"what": what, "who": who, "by": (held + timedelta(days=rng.randint(30, 120))).isoformat()}
               for what, who in rng.sample(ACTIONS, rng.randint(1, 3))]
    return {
        "participants": "Yrittäjä ja digineuvoja",
        "field_of_operations": None,
        "marketing_level": rng.choice(project.marketing_levels).code if project.marketing_levels else None,
        "ratings": {area: _rating(level, rng) for area, level in row["levels"].items() if level is not None},
        "tools": [o.code for o in rng.sample(project.tools, min(len(project.tools), rng.randint(1, 3)))],
        "tools_other": None,
        "website_notes": None,
        "actions": actions,
        "referrals": recommended[:rng.randint(1, 2)] if recommended else [],
        "referrals_other": None,
        "notes": None,
        "follow_up_on": (held + timedelta(days=180)).isoformat(),
    }


def load_interviews(db, project, advisor_of: dict[str, int], today: date, seed: int, share: float = 0.45) -> int:
    """Interviews for about ``share`` of the analysed companies whose organisation has a demo
    advisor (``advisor_of``: organisation -> user id); returns how many were recorded."""
    rng = random.Random(seed)
    count = 0
    for row in demo_store.analysed_companies(db):
        advisor = advisor_of.get(row["organisation"])
        if advisor is None or rng.random() > share:
            continue
        analysed = date.fromisoformat(row["submitted_at"][:10])
        held = min(analysed + timedelta(days=rng.randint(5, 45)), today - timedelta(days=1))
        if held < analysed:
            continue
        status = "final" if rng.random() < 0.85 else "draft"
        interview_store.save(db, advisor, row["company_id"], row["response_id"], status, held.isoformat(),
                             _record(row, held, project, rng), organisation=row["organisation"])
        count += 1
    return count
