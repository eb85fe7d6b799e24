"""The optional AI draft: an OpenAI-compatible chat endpoint (off unless configured) turns the
check's findings and the site's PUBLIC page text into a draft the advisor edits. Nothing from
the analysis (answers, names, contacts) is sent. On any failure the rule-based draft is used."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from . import texts

PAGE_TEXT_LIMIT = 6_000
INSTRUCTIONS = {
    "fi": ("Olet yritysneuvoja. Alla on pienyrityksen verkkosivujen pikatarkistuksen tulokset ja sivujen julkista "
           "tekstiä. Kirjoita suomeksi lyhyt luonnos neuvontakeskustelua varten: 1) sivujen vahvuudet, 2) kolme "
           "konkreettista parannusehdotusta tärkeysjärjestyksessä, 3) kaksi tai kolme kysymystä digistrategiasta ja "
           "asiakaskokemuksesta keskusteltavaksi. Älä keksi tietoja, joita tuloksissa ei ole."),
    "en": ("You are a business advisor. Below are the results of a quick check of a small company's website and "
           "some of its public page text. Write, in English, a short draft for the advisory conversation: 1) the "
           "site's strengths, 2) three concrete improvements in order of importance, 3) two or three questions "
           "about digital strategy and customer experience to discuss. Do not invent facts not in the results."),
}
HEADINGS = {
    "fi": ("Vahvuudet", "Parannusehdotukset", "Keskusteltavaa"),
    "en": ("Strengths", "Suggested improvements", "To discuss"),
}
QUESTIONS = {
    "fi": ["Mitä asiakas haluaa tehdä sivuilla ensimmäiseksi, ja onnistuuko se puhelimella?",
           "Mistä kanavista uudet asiakkaat tulevat nyt, ja miten se tiedetään?"],
    "en": ["What does a customer want to do first on the site, and does it work on a phone?",
           "Which channels bring new customers now, and how do you know?"],
}


class AIError(Exception):
    pass


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_config(cls, config) -> Endpoint | None:
        if not config.get("AI_BASE_URL") or not config.get("AI_MODEL"):
            return None
        return cls(config["AI_BASE_URL"].rstrip("/"), config["AI_MODEL"], config.get("AI_API_KEY"),
                   float(config.get("AI_TIMEOUT", 30)))


def findings_lines(findings: list[dict], lang: str) -> list[str]:
    lines = []
    for f in findings:
        evidence = "; ".join(f["evidence"][:2])
        lines.append(f"- {texts.check_text(f['id'], 'name', lang)}: {texts.status_text(f['status'], lang)}"
                     + (f" ({evidence[:200]})" if evidence else ""))
    return lines


def build_prompt(final_url: str, findings: list[dict], page_text: str, lang: str) -> str:
    """The whole prompt, shown to the advisor before it is sent: findings and public text only."""
    return "\n".join([
        INSTRUCTIONS[lang], "", f"URL: {final_url}", "", *findings_lines(findings, lang), "",
        "---", page_text[:PAGE_TEXT_LIMIT],
    ])


def rule_based(findings: list[dict], lang: str) -> str:
    """The draft without AI: passes as strengths, the first three fails/warnings as improvements."""
    strong, weak = HEADINGS[lang][0], HEADINGS[lang][1]
    passes = [texts.check_text(f["id"], "name", lang) for f in findings if f["status"] == "pass"][:6]
    order = {"fail": 0, "warn": 1}
    problems = sorted((f for f in findings if f["status"] in order), key=lambda f: order[f["status"]])[:3]
    lines = [f"{strong}:"] + [f"- {p}" for p in passes] + ["", f"{weak}:"]
    lines += [f"{i}. {texts.check_text(f['id'], 'advice', lang)}" for i, f in enumerate(problems, 1)]
    lines += ["", f"{HEADINGS[lang][2]}:"] + [f"- {q}" for q in QUESTIONS[lang]]
    return "\n".join(lines)


def request_draft(endpoint: Endpoint, prompt: str) -> str:
    headers = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
    body = {"model": endpoint.model, "messages": [{"role": "user", "content": prompt}], "temperature": 0.3}
    try:
        response = httpx.post(f"{endpoint.base_url}/chat/completions", json=body, headers=headers,
                              timeout=httpx.Timeout(endpoint.timeout, connect=5.0), trust_env=False)
        response.raise_for_status()
        text = response.json()["choices"][0]["message"]["content"]
    except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise AIError(type(exc).__name__) from None
    if not isinstance(text, str) or not text.strip():
        raise AIError("empty answer")
    return text.strip()[:10_000]
