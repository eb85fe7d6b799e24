"""A seeded generator of realistic synthetic South Savo companies and their analyses.

The same seed always gives the same companies, answers and tokens. Used by `make run` for the
demo database and by the benchmarks (scaled up with ``count``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from stdnum.fi import ytunnus

from surveys.model import Survey

PREFIXES = ["Savon", "Saimaan", "Järvi", "Koivu", "Honka", "Kallio", "Mikkelin", "Puumalan", "Sulkavan",
            "Juvan", "Linnan", "Kanta", "Pihlaja", "Tähti", "Kotka", "Haukka", "Aalto", "Ranta", "Metsä", "Ahven"]
TRADES = {
    "A": ["Maatila", "Marjatila", "Luomutila", "Metsäpalvelu"],
    "C": ["Puutyö", "Konepaja", "Leipomo", "Panimo", "Veneveistämö", "Huonekalu"],
    "F": ["Rakennus", "Remontti", "Sähkö", "Maanrakennus"],
    "G": ["Kauppa", "Lahjapuoti", "Rautakauppa", "Kukka"],
    "I": ["Matkailu", "Lomamökit", "Kahvila", "Ravintola", "Majatalo"],
    "J": ["Media", "Digitoimisto", "Ohjelmisto"],
    "M": ["Tilitoimisto", "Suunnittelu", "Konsultointi", "Arkkitehdit"],
    "N": ["Siivous", "Kiinteistöhuolto", "Tapahtumat"],
    "Q": ["Hyvinvointi", "Hieronta", "Fysioterapia"],
    "R": ["Elämyspalvelut", "Kalastusmatkat", "Taidepaja"],
    "S": ["Kampaamo", "Kauneushoitola", "Korjaamo"],
}
INDUSTRY_WEIGHTS = {"A": 10, "C": 12, "F": 12, "G": 14, "I": 12, "J": 4, "M": 10, "N": 6, "Q": 8, "R": 5, "S": 7}
THEMES = {"A": "food", "C": "forest", "F": "forest", "I": "tourism", "Q": "wellbeing", "R": "tourism"}
MUNICIPALITY_WEIGHTS = {"491": 34, "740": 24, "507": 6, "213": 6, "178": 6, "681": 5, "097": 4,
                        "623": 4, "768": 4, "046": 3, "other": 4}
SUFFIXES = ["Oy", "Oy", "Ky", "Tmi", "Oy Ab"]
FIRST = ["Anna", "Mikko", "Sari", "Jukka", "Tiina", "Pekka", "Hanna", "Janne", "Laura", "Timo", "Eija", "Ville"]
LAST = ["Virtanen", "Korhonen", "Nieminen", "Mäkinen", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Rautiainen",
        "Pesonen"]
CHALLENGES = [
    "Aikaa ei riitä somen päivittämiseen tekemisen ohessa.",
    "Verkkosivut ovat vanhat, emmekä tiedä, mistä aloittaa uudistus.",
    "Haluaisimme myydä verkossa, mutta logistiikka mietityttää.",
    "Emme tiedä, tuoko mainonta oikeasti asiakkaita.",
    "Tekoäly kiinnostaa, mutta en tiedä, mihin sitä kannattaisi käyttää.",
    "Asiakastiedot ovat hajallaan eri paikoissa.",
]
GOALS = [
    "Lisää kyselyjä verkkosivujen kautta ja säännöllinen uutiskirje.",
    "Verkkokauppa auki ennen joulusesonkia.",
    "Varausjärjestelmä käyttöön ja enemmän kansainvälisiä matkailijoita.",
    "Sähköinen taloushallinto ja vähemmän paperia.",
    "Selkeä suunnitelma markkinointiin seuraavalle vuodelle.",
]
HELP = ["Käytännön opastusta työpajassa.", "Sparrausta neuvojan kanssa.", "Koulutusta mainonnan mittaamiseen.", ""]


@dataclass(frozen=True)
class DemoResponse:
    token: str
    answers: dict
    submitted: bool
    created_at: str
    submitted_at: str | None


def _weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _business_id(rng: random.Random, used: set) -> str:
    while True:
        base = f"{rng.randrange(1000000, 3400000):07d}"
        for check in "0123456789":
            if ytunnus.is_valid(base + check):
                candidate = f"{base}-{check}"
                if candidate not in used:
                    used.add(candidate)
                    return candidate
                break


def generate(survey: Survey, count: int = 300, seed: int = 2025, drafts: int = 0,
             start: datetime | None = None) -> list[DemoResponse]:
    """``count`` submitted analyses (plus ``drafts`` unfinished ones), deterministic for a seed."""
    rng = random.Random(seed)
    start = start or datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)
    used_ids: set = set()
    out = []
    for n in range(count + drafts):
        industry = _weighted(rng, INDUSTRY_WEIGHTS)
        answers = _background(rng, industry, used_ids, survey)
        answers.update(_areas(rng, survey, answers))
        answers.update({
            "biggest_challenge": rng.choice(CHALLENGES) if rng.random() < 0.7 else None,
            "goals_12m": rng.choice(GOALS) if rng.random() < 0.6 else None,
            "help_wanted": rng.choice(HELP) or None,
            "consent_processing": True,
            "consent_contact": rng.random() < 0.85,
            "consent_publication": rng.random() < 0.8,
        })
        created = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 420))
        submitted = n < count
        token = "demo" + "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=40))
        out.append(DemoResponse(
            token=token,
            answers=answers,
            submitted=submitted,
            created_at=created.isoformat(timespec="seconds"),
            submitted_at=(created + timedelta(minutes=rng.randrange(12, 40))).isoformat(timespec="seconds")
                          if submitted else None,
        ))
    return out


def _background(rng: random.Random, industry: str, used_ids: set, survey: Survey) -> dict:
    # the five smallest classes of the survey version (v1: 1 … 50+, under 100 000 … over 2 M€;
    # v2: 1 … 50–249, under 100 000 … 2–10 M€): micro and small companies, a few medium ones
    sizes = [o.code for o in survey.question("personnel").options][:5]
    turnovers = [o.code for o in survey.question("turnover").options][:5]
    size_index = rng.choices(range(5), weights=[38, 32, 16, 12, 2])[0]
    personnel = sizes[size_index]
    turnover = turnovers[min(4, max(0, size_index + rng.choice([-1, 0, 0, 1])))]
    first, last = rng.choice(FIRST), rng.choice(LAST)
    name = f"{rng.choice(PREFIXES)} {rng.choice(TRADES[industry])} {rng.choice(SUFFIXES)}"
    slug = name.lower().split(" ")[0].replace("ä", "a").replace("ö", "o")
    has_site = rng.random() < 0.8
    targets = []
    if industry == "J" and rng.random() < 0.6:
        targets.append("agency")
    if industry in ("G", "C") and rng.random() < 0.5:
        targets.append(rng.choice(["webshop_now", "webshop_planned"]))
    customers = rng.choice(["b2c", "b2b", "both"])
    if customers != "b2c" and rng.random() < 0.5:
        targets.append("b2b_sales")
    if industry == "A" and rng.random() < 0.6:
        targets.append(rng.choice(["farm_tourism", "farm_contracting"]))
    channels = [c for c, p in [("website", 0.8 if has_site else 0), ("facebook", 0.7), ("instagram", 0.5),
                               ("google_business", 0.5), ("linkedin", 0.25), ("newsletter", 0.15),
                               ("webshop", 0.15), ("booking", 0.2), ("tiktok", 0.08), ("youtube", 0.1),
                               ("marketplace", 0.1)] if rng.random() < p]
    return {
        "company_name": name,
        "business_id": _business_id(rng, used_ids),
        "contact_name": f"{first} {last}",
        "contact_role": rng.choice(["Yrittäjä", "Toimitusjohtaja", "Markkinointivastaava", "Omistaja"]),
        "contact_email": f"{first.lower()}.{last.lower()}@{slug}-esimerkki.fi".replace("ä", "a").replace("ö", "o"),
        "contact_phone": f"+35840{rng.randrange(1000000, 9999999)}" if rng.random() < 0.8 else None,
        "municipality": _weighted(rng, MUNICIPALITY_WEIGHTS),
        "website_url": f"https://www.{slug}-esimerkki.fi" if has_site else None,
        "industry": industry,
        "smart_theme": THEMES.get(industry, "none") if rng.random() < 0.75 else rng.choice(
            ["forest", "water", "food", "tourism", "wellbeing", "machine_energy", "none"]),
        "personnel": personnel,
        "turnover": turnover,
        "customers": customers,
        "target_groups": targets,
        "channels": channels,
    }


def _areas(rng: random.Random, survey: Survey, background: dict) -> dict:
    maturity = rng.betavariate(2.2, 2.6)  # the company's latent digital level, 0..1
    answers = {}
    for area in survey.areas:
        offset = rng.gauss(0, 0.15)
        for question in survey.area_questions(area.id, "level"):
            if any(o.not_applicable for o in question.options) and rng.random() < _na_rate(area.id, background):
                answers[question.id] = "na"
                continue
            score = round(max(0.0, min(1.0, maturity + offset + rng.gauss(0, 0.12))) * 4)
            answers[question.id] = str(score)
        for question in survey.area_questions(area.id, "competence"):
            answers[question.id] = str(max(1, min(5, round(1 + 4 * (maturity + offset) + rng.gauss(0, 0.7)))))
        importance = max(1, min(5, round(3.2 + rng.gauss(0, 1.1) - offset * 2)))
        for question in survey.area_questions(area.id, "importance"):
            answers[question.id] = str(importance)
        for question in survey.area_questions(area.id, "training"):
            answers[question.id] = importance >= 4 and rng.random() < 0.55
    return answers


def _na_rate(area_id: str, background: dict) -> float:
    if area_id == "digital_sales" and background["customers"] == "b2b":
        return 0.35
    if area_id == "online_services":
        return 0.3
    return 0.03
