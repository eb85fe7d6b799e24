"""A demo follow-up round: part of the demo companies answer the follow-up, so that `make run`
shows measured impact out of the box. Deterministic for a seed; goes through the same storage
functions as the real flow (invitation, draft, submission with the comparison)."""

from __future__ import annotations

import random

from questionnaire.flow import followup_finalizer
from storage import followups
from storage import responses as store

CHANGES = [
    "Uudistimme verkkosivut ja lisäsimme ajanvarauksen.",
    "Aloitimme uutiskirjeen ja kokoamme asiakastiedot yhteen paikkaan.",
    "Teemme somejulkaisut suunnitelman mukaan ja seuraamme tuloksia.",
    "Otimme tekoälyn käyttöön tekstien luonnosteluun.",
    "Avasimme verkkokaupan.",
    "Ei vielä suuria muutoksia, aikaa on ollut vähän.",
]
NEXT = ["Mainonnan mittaaminen.", "Verkkokaupan kehittäminen.", "Tietoturvan parantaminen.", ""]


def followup_answers(rng: random.Random, baseline, followup, t0: dict, attended: list[str]) -> dict:
    """T1 answers: each repeated ladder item moves from its T0 answer; taking part in trainings
    makes a step up likelier (a plausible, not a promised, effect)."""
    up = 0.3 if attended else 0.15
    answers = {}
    for question in followup.questions:
        if question.role != "level":
            continue
        before = t0.get(question.compares_to)
        if before in (None, "na"):
            answers[question.id] = before or "na"
            continue
        step = rng.choices([-1, 0, 1, 2], weights=[0.1, 0.85 - up, up, 0.05])[0]
        answers[question.id] = str(max(0, min(question.max_score, int(before) + step)))
    answers.update({
        "changes_made": rng.choice(CHANGES),
        "trainings_attended": attended,
        "trainings_helped": attended[:1],
        "satisfaction": str(rng.choices([3, 4, 5], weights=[2, 5, 3])[0] if attended else rng.choice([3, 3, 4])),
        "next_steps": rng.choice(NEXT) or None,
    })
    return answers


def load_followup_round(db, catalog, baseline, secret: str, seed: int = 2025, share: float = 0.5,
                        name: str = "Seuranta syksy 2026", name_en: str | None = "Follow-up autumn 2026",
                        ) -> tuple[int, int]:
    """Open a round for every demo company and answer it for about ``share`` of them, named in both
    languages as a coordinator names one. Returns (round id, how many answered)."""
    surveys = catalog.followups(baseline.id)
    if not surveys:
        return 0, 0
    followup = surveys[0]
    rng = random.Random(seed + 1)
    round_id, _ = followups.create_round(db, name, followup, "2026-10-01", "2026-12-31", None, secret,
                                        name_en=name_en)
    finalize = followup_finalizer(followup, catalog.get)
    offers = [o.code for o in followup.question_with_role("attended").options if o.code != "other"]
    answered = 0
    for row in followups.invitations(db, round_id):
        token = followups.link_token(secret, row["nonce"])
        if rng.random() >= share:
            continue
        followups.open_link(db, token, catalog.get)
        t0 = store.get_by_id(db, row["baseline_response_id"])
        attended = rng.sample(offers, rng.choice([1, 1, 2])) if rng.random() < 0.45 else []
        answers = followup_answers(rng, baseline, followup, t0.answers, attended)
        store.save_answers(db, token, answers, followup.pages[-1].id, "fi")
        followups.submit(db, token, finalize)
        answered += 1
    return round_id, answered
