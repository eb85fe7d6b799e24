"""Every fixed text of the reports and the report data, in both languages: the one
place a translator edits them. Reports are made outside web requests (CLI, worker processes), so
they do not use the UI catalogues (translations/*.po hold the pages' texts).

Each text is written once with its translations side by side, ``{"fi": …, "en": …}``, under its
id (a group of texts nests under the group's id); ``by_language`` turns a table into what the code
looks up, ``TABLE[lang][text id]``. ``TEXTS`` lists every table, and ``tests/test_report_texts.py``
checks that every text is there, not empty, in both languages with the same {placeholders}.
"""

LANGUAGES = ("fi", "en")


def by_language(table: dict) -> dict:
    """``{id: {"fi": text, "en": text}}`` (nested for groups) as ``{"fi": {id: text}, "en": {id: text}}``.
    A text missing in a language is missing from that language's table (the test names it)."""
    tables = {lang: {} for lang in LANGUAGES}
    for key, value in table.items():
        texts = value if value and set(value) <= set(LANGUAGES) else by_language(value)
        for lang, text in texts.items():
            tables[lang][key] = text
    return tables


# The per-company advisory report (reports/pdf/company.py) and the interview data (advisor/report.py).
LABELS = by_language({
    "project": {"fi": "DigiFocus · Digianalyysi", "en": "DigiFocus · Digianalyysi"},
    "title": {"fi": "Digiliiketoiminnan neuvontaraportti", "en": "Digital business advisory report"},
    "subtitle": {
        "fi": "Digitaalisen liiketoiminnan analyysin tulokset ja kehitysehdotukset",
        "en": "Results of the digital business analysis and development proposals",
    },
    "business_id": {"fi": "Y-tunnus", "en": "Business ID"},
    "municipality": {"fi": "Kunta", "en": "Municipality"},
    "industry": {"fi": "Toimiala", "en": "Industry"},
    "answered": {"fi": "Vastattu", "en": "Answered"},
    "first_analysis": {"fi": "Ensimmäinen analyysi", "en": "First analysis"},
    "report_date": {"fi": "Raportti laadittu", "en": "Report made"},
    "survey": {"fi": "Kysely", "en": "Questionnaire"},
    "language": {"fi": "Kieli", "en": "Language"},
    "language_name": {"fi": "suomi", "en": "English"},
    "page": {"fi": "sivu {page} / {pages}", "en": "page {page} / {pages}"},
    "summary": {"fi": "Yhteenveto", "en": "Summary"},
    "index": {"fi": "Digitaalisen kypsyyden indeksi", "en": "Digital maturity index"},
    "level": {"fi": "Kypsyystaso", "en": "Maturity level"},
    "percentile": {
        "fi": "Indeksi on korkeampi kuin {percentile} %:lla {peers} muusta vastanneesta yrityksestä.",
        "en": "The index is higher than that of {percentile} % of the {peers} other companies that have answered.",
    },
    "no_percentile": {
        "fi": "Vertailuun ei ole vielä tarpeeksi vastanneita (vähintään {min} tarvitaan).",
        "en": "Not enough companies have answered yet for a comparison (at least {min} are needed).",
    },
    "no_index": {
        "fi": "Mikään osa-alue ei koske yritystä, joten indeksiä ei voi laskea.",
        "en": "None of the areas applies to the company, so no index can be computed.",
    },
    "areas": {
        "fi": "Osa-alueiden tasot verrattuna muihin yrityksiin",
        "en": "Area levels compared with other companies",
    },
    "chart_own": {"fi": "Yritys", "en": "Company"},
    "chart_peers": {"fi": "Kaikkien vastaajien keskiarvo", "en": "Mean of all respondents"},
    "area": {"fi": "Osa-alue", "en": "Area"},
    "your_level": {"fi": "Taso", "en": "Level"},
    "peer_mean": {"fi": "Muiden ka.", "en": "Peer mean"},
    "percentile_short": {"fi": "Persentiili", "en": "Percentile"},
    "competence": {"fi": "Osaaminen", "en": "Competence"},
    "difference": {"fi": "Ero", "en": "Gap"},
    "not_applicable": {"fi": "ei koske", "en": "does not apply"},
    "competence_title": {"fi": "Oma osaaminen ja toiminnan taso", "en": "Own competence and the level of practice"},
    "competence_text": {
        "fi": "Osaaminen on yrittäjän oma arvio (1–5 asteikolla 0–100), taso kuvaa yrityksen nykyistä toimintaa. Vähintään 25 pisteen ero on lihavoitu: se on hyvä keskustelunaihe haastattelussa.",
        "en": "Competence is the entrepreneur's own rating (1–5 on a 0–100 scale); the level describes the company's current practice. A gap of 25 points or more is in bold: a good topic for the interview.",
    },
    "competence_own": {"fi": "Oma osaamisesi", "en": "Your competence"},
    "competence_text_own": {
        "fi": "Osaaminen on oma arviosi osaamisestasi asteikolla 1–5. Taso (0–100) kuvaa yrityksesi nykyistä toimintaa vastaustesi perusteella.",
        "en": "Competence is your own rating of your know-how on a scale of 1–5. The level (0–100) describes your company's current practice from your answers.",
    },
    "strengths": {"fi": "Vahvuudet", "en": "Strengths"},
    "no_strengths": {"fi": "Mikään osa-alue ei vielä yllä tasolle 50.", "en": "No area reaches level 50 yet."},
    "priorities": {"fi": "Kehityskohteet", "en": "Development priorities"},
    "priority_line": {
        "fi": "taso {level}/100, tärkeys yritykselle {importance}/5",
        "en": "level {level}/100, importance to the company {importance}/5",
    },
    "no_priorities": {"fi": "Selviä kehityskohteita ei ole.", "en": "No clear development priorities."},
    "recommendations": {"fi": "Suositellut koulutukset ja valmennuspolut", "en": "Recommended trainings and paths"},
    "package": {"fi": "Työpaketti", "en": "Work package"},
    "offer": {"fi": "Koulutus", "en": "Training"},
    "fee": {"fi": "Hinta", "en": "Fee"},
    "because": {"fi": "Perusteena", "en": "Because of"},
    "fee_note_high": {
        "fi": "Hinnoissa on korkeampi TP2-hinta, koska {threshold}.",
        "en": "The fees include the higher TP2 fee because {threshold}.",
    },
    "fee_note": {
        "fi": "Hinnat yritystä kohden. TP2-työpajojen hinta on korkeampi, kun {threshold}.",
        "en": "Fees per company. The TP2 workshop fee is higher when {threshold}.",
    },
    "no_recommendations": {
        "fi": "Vastauksista ei nouse esiin tiettyä koulutusta; neuvoja auttaa valitsemaan seuraavat askeleet.",
        "en": "No training stands out from the answers; the advisor helps to choose the next steps.",
    },
    "own_left_out": {
        "fi": "Yrityksen omia koulutuksia – joihin se osallistuu tai jotka se on käynyt – ei suositella uudelleen: "
              "{names}. Ne näkyvät kohdassa ”Koulutukset ja osallistuminen”.",
        "en": "The company's own trainings – those it takes part in or has completed – are not recommended again: "
              "{names}. They are listed under “Trainings and attendance”.",
    },
    "groups": {"fi": "Vertailu samankaltaisiin yrityksiin", "en": "Compared with similar companies"},
    "group": {"fi": "Vertailuryhmä", "en": "Peer group"},
    "peers": {"fi": "Muita yrityksiä", "en": "Other companies"},
    "group_mean": {"fi": "Ryhmän ka.", "en": "Group mean"},
    "not_enough": {"fi": "alle {min} – ei näytetä", "en": "fewer than {min} – not shown"},
    "open_answers": {"fi": "Yrittäjän avovastaukset", "en": "The entrepreneur's open answers"},
    "open_answers_own": {"fi": "Avovastauksesi", "en": "Your open answers"},
    "no_open_answers": {"fi": "Avoimiin kysymyksiin ei vastattu.", "en": "The open questions were not answered."},
    "interview": {"fi": "Neuvontahaastattelu", "en": "Advisory interview"},
    "website_check": {"fi": "Verkkosivujen pikatarkistus", "en": "Website quick check"},
    "website_check_note": {
        "fi": "Neuvojan haastatteluun valitsemat havainnot yrityksen verkkosivuilta ({date}). Aineistoa keskusteluun, ei pisteytys.",
        "en": "Findings on the company's website chosen by the advisor for the interview ({date}). Evidence for the conversation, not a score.",
    },
    "website_check_columns": {"fi": ["Tarkistus", "Tila", "Näyttö"], "en": ["Check", "Status", "Evidence"]},
    "website_kept": {
        "fi": "Havainnot tallennettiin haastattelun kanssa, kun se merkittiin valmiiksi.",
        "en": "The findings were kept with the interview when it was made final.",
    },
    "website_none_kept": {
        "fi": "Kun haastattelu merkittiin valmiiksi, raporttiin ei ollut valittu verkkosivujen havaintoja.",
        "en": "No website findings had been chosen for the report when the interview was made final.",
    },
    "newer_check": {
        "fi": "Uudempi verkkosivujen tarkistus näiden havaintojen jälkeen",
        "en": "Newer website check since these findings",
    },
    "newer_check_kept": {
        "fi": "Sivusto tarkistettiin uudelleen {date} ({url}). Sen havainnot eivät kuulu tähän raporttiin: yllä ovat valmiin haastattelun kanssa tallennetut havainnot.",
        "en": "The site was checked again on {date} ({url}). Its findings are not part of this report: the findings above are those kept with the final interview.",
    },
    "newer_check_open": {
        "fi": "Sivusto tarkistettiin uudelleen {date} ({url}). Sen havainnot tulevat raporttiin vasta, kun neuvoja valitsee ne.",
        "en": "The site was checked again on {date} ({url}). Its findings become part of the report only when the advisor chooses them.",
    },
    "compared_with": {
        "fi": "Verrattu itsearvioon, joka vastattiin {date} (indeksi {index}); tallennettu haastattelun kanssa, kun se merkittiin valmiiksi.",
        "en": "Compared with the self-assessment submitted on {date} (index {index}), kept with the interview when it was made final.",
    },
    "newer_analysis": {"fi": "Uudempi analyysi haastattelun jälkeen", "en": "Newer analysis since this interview"},
    "newer_analysis_text": {
        "fi": "Vastattu {date}, indeksi {index}. Se ei kuulu tähän haastatteluun, jossa verrattiin {then} vastattuun itsearvioon.",
        "en": "Submitted on {date}, index {index}. It is not part of this interview, which was compared with the self-assessment submitted on {then}.",
    },
    "interview_empty": {
        "fi": "Haastattelua ei ole vielä kirjattu. Digiyritysneuvoja käy tulokset läpi yrittäjän kanssa ja kirjaa tähän digitoiminnan kentän, digimarkkinoinnin tason, sopivat työkalut, sovitut toimenpiteet ja ohjaukset.",
        "en": "The interview has not been recorded yet. The digital advisor goes through the results with the entrepreneur and records here the field of digital operations, the level of digital marketing, suitable tools, agreed actions and referrals.",
    },
    "interview_fields": {
        "fi": ["Digitoiminnan kenttä", "Digimarkkinoinnin taso", "Sopivat digityökalut", "Sovitut toimenpiteet (mitä, kuka, mihin mennessä)", "Ohjaukset (TP2–TP6 tai ulkopuoliset palvelut)"],
        "en": ["Field of digital operations", "Level of digital marketing", "Suitable digital tools", "Agreed actions (what, who, by when)", "Referrals (TP2–TP6 or outside services)"],
    },
    "interview_by": {
        "fi": "Haastattelu {date}, digiyritysneuvoja {advisor}",
        "en": "Interview on {date}, digital advisor {advisor}",
    },
    "interview_labels": {
        "participants": {"fi": "Osallistujat", "en": "Participants"},
        "field_of_operations": {"fi": "Digitoiminnan kenttä", "en": "Field of digital operations"},
        "marketing_level": {"fi": "Digimarkkinoinnin taso", "en": "Level of digital marketing"},
        "tools": {"fi": "Sopivat digityökalut", "en": "Suitable digital tools"},
        "website_notes": {"fi": "Verkkosivujen läpikäynti", "en": "Website review"},
        "actions": {"fi": "Sovitut toimenpiteet", "en": "Agreed actions"},
        "referrals": {"fi": "Ohjaukset", "en": "Referrals"},
        "notes": {"fi": "Muut huomiot", "en": "Other notes"},
        "follow_up_on": {"fi": "Seurantapäivä", "en": "Follow-up date"},
    },
    "action_line": {"fi": "{what} – {who}, {by}", "en": "{what} – {who}, {by}"},
    "ratings": {
        "fi": "Neuvojan arvio osa-alueista itsearvion rinnalla",
        "en": "The advisor's rating of the areas next to the self-assessment",
    },
    "self_level": {"fi": "Itsearvio", "en": "Self-assessment"},
    "advisor_rating": {"fi": "Neuvojan arvio", "en": "Advisor's rating"},
    "ratings_note": {
        "fi": "Vähintään 25 pisteen erot on lihavoitu.",
        "en": "Differences of 25 points or more are in bold.",
    },
    "method": {"fi": "Menetelmä", "en": "Method"},
    "method_text": {
        "fi": "Osa-alueen taso on sen tasokysymysten vastausten keskiarvo asteikolla 0–100 (”ei koske meitä” jätetään pois). Indeksi on osa-alueiden tasojen painotettu keskiarvo. Kehityskohteen prioriteetti on tärkeys × (100 − taso). Vertailu tehdään kunkin muun yrityksen viimeisimpään vastaukseen samaan kyselyversioon; alle {min} yrityksen ryhmiä ei näytetä. Vertailuaineistossa {peers} yritystä, vertailupäivä {date}.",
        "en": "An area's level is the mean of its ladder answers on a 0–100 scale (“does not apply” is left out). The index is the weighted mean of the area levels. A development priority is importance × (100 − level). Each company is compared with the latest answer of every other company to the same questionnaire version; groups of fewer than {min} companies are not shown. Peers: {peers} companies, compared on {date}.",
    },
    "quote": {"fi": "”{text}”", "en": "“{text}”"},
    "survey_version": {"fi": "{title}, versio {version}", "en": "{title}, version {version}"},
    "contact_person": {"fi": "Yhteyshenkilö", "en": "Contact person"},
    "contact_email": {"fi": "Sähköposti", "en": "Email"},
    "contact_phone": {"fi": "Puhelin", "en": "Phone"},
    "website": {"fi": "Verkkosivut", "en": "Website"},
    "contact_consent": {"fi": "Yhteydenottolupa", "en": "Consent to contact"},
    "consent_yes": {
        "fi": "Kyllä: neuvoja saa ottaa yhteyttä haastattelun sopimiseksi",
        "en": "Yes: an advisor may get in touch to arrange an interview",
    },
    "consent_no": {
        "fi": "Ei lupaa yhteydenottoon – sähköposti ja puhelin eivät näy",
        "en": "Not agreed to be contacted – email and phone are not shown",
    },
    "consent_unknown": {"fi": "Ei kysytty", "en": "Not asked"},
})

# The aggregate results report (reports/pdf/aggregate.py).
AGGREGATE = by_language({
    "no_offer": {"fi": "Ei työpajaa koulutustarjottimella: digineuvojan lyhyt neuvonta tai muut palvelut",
                 "en": "No workshop in the training offer: the advisors' short advice or outside services"},
    "title": {
        "fi": "Digiliiketoiminnan analyysit – koostetulokset",
        "en": "Digital business analyses – aggregate results",
    },
    "publication": {
        "fi": "Julkaisuversio: alle {min} yrityksen ryhmät on piilotettu (”< {min}”), samoin ryhmä, josta pienen ryhmän luvun voisi muuten laskea (”–”); avovastauksia tai yrityksiä tunnistavia tietoja ei näytetä.",
        "en": "Publication version: groups of fewer than {min} companies are hidden (“< {min}”), and so is a group from which a small group's number could otherwise be worked out (“–”); no open answers or identifying details are shown.",
    },
    "hidden_secondary": {
        "fi": "– = piilotettu, jotta alle {min} yrityksen ryhmän lukua ei voi laskea kokonaismäärästä ja muista luvuista.",
        "en": "– = hidden so that the number of a group of fewer than {min} companies cannot be worked out from the total and the other figures.",
    },
    "internal": {"fi": "Sisäinen versio (ei julkaistavaksi).", "en": "Internal version (not for publication)."},
    "filters": {"fi": "Rajaus", "en": "Selection"},
    "all": {"fi": "kaikki vastaajat", "en": "all respondents"},
    "companies": {"fi": "Yrityksiä", "en": "Companies"},
    "index": {"fi": "Digitaalisen kypsyyden indeksin keskiarvo", "en": "Mean digital maturity index"},
    "bands": {"fi": "Kypsyystasojen jakauma", "en": "Maturity level distribution"},
    "level": {"fi": "Taso", "en": "Level"},
    "count": {"fi": "Yrityksiä", "en": "Companies"},
    "areas": {"fi": "Osa-alueiden keskiarvot", "en": "Area means"},
    "area": {"fi": "Osa-alue", "en": "Area"},
    "competence": {"fi": "Osaaminen", "en": "Competence"},
    "chart_level": {"fi": "Tason keskiarvo", "en": "Mean level"},
    "chart_competence": {"fi": "Osaamisen keskiarvo", "en": "Mean competence"},
    "breakdowns": {"fi": "Ryhmittäin", "en": "By group"},
    "group_index": {"fi": "Indeksin ka.", "en": "Mean index"},
    "demand": {
        "fi": "Koulutustarve (haluaa koulutusta ja aihe tärkeä)",
        "en": "Training demand (wants training and the topic is important)",
    },
    "offer": {"fi": "Koulutus", "en": "Training"},
    "recommended": {
        "fi": "Suositukset koulutuksiin ja polkuihin (sääntöjen mukaan)",
        "en": "Recommended trainings and paths (by the rules)",
    },
    "referrals": {"fi": "Neuvojien ohjaukset työpaketeittain", "en": "Advisors' referrals by work package"},
    "targets": {"fi": "Eteneminen tavoitteisiin", "en": "Progress against the targets"},
    "measure": {"fi": "Mittari", "en": "Measure"},
    "done": {"fi": "Toteutunut", "en": "Done"},
    "target": {"fi": "Tavoite", "en": "Target"},
    "targets_note": {
        "fi": "Analyysit ja haastattelut: rajauksen yritykset. Koulutukset: jaksolla pidetyissä tilaisuuksissa läsnä olleet yritykset ja pidetyt tilaisuudet, läsnäolokirjauksista laskettuna.",
        "en": "Analyses and interviews: the companies of the selection. Trainings: companies present at sessions held in the period and the sessions held, counted from the attendance records.",
    },
    "funnel": {"fi": "Koulutukset: ohjauksesta todistukseen", "en": "Trainings: from referral to certificate"},
    "stage": {"fi": "Vaihe", "en": "Stage"},
    "stages": {
        "fi": {"referred": "Ohjattu tai ilmoittautunut", "enrolled": "Paikka koulutuksessa", "attended": "Osallistunut",
               "certified": "Todistus"},
        "en": {"referred": "Referred or signed up", "enrolled": "Holds a seat", "attended": "Attended",
               "certified": "Certified"},
    },
    "funnel_note": {
        "fi": "Rajauksen yritykset kussakin vaiheessa tähän mennessä; jokainen vaihe laskee vain edellisen vaiheen yrityksiä. Jaksolla myönnetyt todistukset: {certificates}. Webinaarien osallistujat jaksolla: {webinar}.",
        "en": "The companies of the selection at each stage to date; each stage counts only companies of the stage before. Certificates issued in the period: {certificates}. Webinar attendees in the period: {webinar}.",
    },
    "package": {"fi": "Työpaketti", "en": "Work package"},
    "interviews": {"fi": "Neuvontahaastatteluja", "en": "Advisory interviews"},
    "open": {"fi": "Avovastaukset", "en": "Open answers"},
    "none": {"fi": "Ei yrityksiä valitulla rajauksella.", "en": "No companies in the selection."},
    "hidden_all": {
        "fi": "Rajaukseen osuu alle {min} yritystä, joten lukuja ei näytetä.",
        "en": "Fewer than {min} companies in the selection, so no numbers are shown.",
    },
    "method": {"fi": "Menetelmä", "en": "Method"},
    "method_text": {
        "fi": "Kunkin yrityksen viimeisin analyysi kyselyn versioihin, joiden osa-alueet ja tasokysymykset ovat samat ({survey}). Taso ja indeksi 0–100. Koottu {date}.",
        "en": "Each company's latest analysis of the questionnaire versions that have the same areas and ladder items ({survey}). Levels and index 0–100. Compiled on {date}.",
    },
    "survey": {"fi": "{title}, versio {version}", "en": "{title}, version {version}"},
    "surveys": {"fi": "{title}, versiot {versions}", "en": "{title}, versions {versions}"},
    "answers_n": {"fi": "{n} vastausta", "en": "{n} answers"},
    "bands_unit": {"fi": "yrityksiä", "en": "companies"},
    "page": {"fi": "sivu {page} / {pages}", "en": "page {page} / {pages}"},
    "project": {"fi": "DigiFocus · Digianalyysi", "en": "DigiFocus · Digianalyysi"},
})

# The measured-impact section of the aggregate report (reports/pdf/impact.py).
IMPACT = by_language({
    "title": {
        "fi": "Kehitys ensimmäisestä analyysistä seurantaan (T0 → T1)",
        "en": "Development from the first analysis to the follow-up (T0 → T1)",
    },
    "answered": {
        "fi": "Seurantaan vastasi {n} yritystä ({invited} kutsuttu).",
        "en": "{n} companies answered the follow-up ({invited} invited).",
    },
    "satisfaction": {
        "fi": "Tyytyväisyys hankkeen tukeen keskimäärin {value} / 5.",
        "en": "Mean satisfaction with the project's support {value} / 5.",
    },
    "index": {"fi": "Digitaalisen kypsyyden indeksi", "en": "Digital maturity index"},
    "area": {"fi": "Osa-alue", "en": "Area"},
    "n": {"fi": "Yrityksiä", "en": "Companies"},
    "before": {"fi": "T0", "en": "T0"},
    "after": {"fi": "T1", "en": "T1"},
    "change": {"fi": "Muutos", "en": "Change"},
    "ci": {"fi": "95 %:n luottamusväli", "en": "95 % confidence interval"},
    "rose": {"fi": "Nousi", "en": "Rose"},
    "group": {"fi": "Ryhmä", "en": "Group"},
    "by_group": {"fi": "Indeksin muutos ryhmittäin", "en": "Change of the index by group"},
    "chart": {
        "fi": "Keskimääräinen muutos pisteinä ja sen 95 %:n luottamusväli",
        "en": "Mean change in points with its 95 % confidence interval",
    },
    "none": {
        "fi": "Valitulla rajauksella ei ole vielä seurantavastauksia.",
        "en": "No follow-up answers in the selection yet.",
    },
    "hidden_all": {
        "fi": "Seurantaan vastanneita on rajauksessa alle {min}, joten lukuja ei näytetä.",
        "en": "Fewer than {min} companies in the selection answered the follow-up, so no numbers are shown.",
    },
    "method": {
        "fi": "Parittainen vertailu: samat yritykset ensimmäisessä analyysissä ja seurannassa, vain molemmilla kerroilla samoin kysytyt kysymykset. Luottamusväli Studentin t-jakaumasta.",
        "en": "Paired comparison: the same companies at the first analysis and at the follow-up, only the questions asked in the same way both times. Confidence interval from Student's t distribution.",
    },
})

# The before/after section of the company's report (reports/pdf/followup.py).
FOLLOWUP = by_language({
    "title": {"fi": "Kehitys ensimmäisen analyysin jälkeen", "en": "Development since the first analysis"},
    "dates": {
        "fi": "Ensimmäinen analyysi {before}, seuranta {after}.",
        "en": "First analysis {before}, follow-up {after}.",
    },
    "index": {
        "fi": "Digitaalisen kypsyyden indeksi: {before} → {after} ({change})",
        "en": "Digital maturity index: {before} → {after} ({change})",
    },
    "band": {"fi": "Kypsyystaso: {before} → {after}", "en": "Maturity level: {before} → {after}"},
    "band_same": {"fi": "Kypsyystaso: {band}", "en": "Maturity level: {band}"},
    "area": {"fi": "Osa-alue", "en": "Area"},
    "before": {"fi": "Ensimmäinen analyysi", "en": "First analysis"},
    "after": {"fi": "Seuranta", "en": "Follow-up"},
    "change": {"fi": "Muutos", "en": "Change"},
    "chart_after": {"fi": "Nyt (seuranta)", "en": "Now (follow-up)"},
    "chart_before": {"fi": "Ensimmäinen analyysi", "en": "First analysis"},
    "not_compared": {"fi": "ei verrattu", "en": "not compared"},
    "note": {
        "fi": "Vertailussa ovat mukana vain molemmilla kerroilla samoin kysytyt kysymykset ja vain silloin, kun molemmat vastaukset koskevat yritystä.",
        "en": "Only the questions asked in the same way both times are compared, and only where both answers apply to the company.",
    },
    "attended": {"fi": "Koulutukset, joihin osallistuttiin (oma ilmoitus seurannassa): {trainings}",
                 "en": "Trainings taken part in (own report in the follow-up): {trainings}"},
    "satisfaction": {
        "fi": "Tyytyväisyys hankkeen tukeen: {value}",
        "en": "Satisfaction with the project's support: {value}",
    },
    "none": {"fi": "Yhtään osa-aluetta ei voitu verrata.", "en": "No area could be compared."},
    "drop": {
        "fi": "Indeksi laski. Se on tavallista: kun osaaminen kasvaa, omaa toimintaa arvioi usein tiukemmin kuin ensimmäisellä kerralla. Lasku ei välttämättä tarkoita, että digitaalinen liiketoiminta olisi heikentynyt – käy tulokset läpi digiyritysneuvojan kanssa.",
        "en": "The index fell. This is common: as know-how grows, people often rate their own practice more strictly than the first time. A drop does not necessarily mean that the digital business has weakened – go through the results with a digital advisor.",
    },
})

# The data builders' group names (reports/data/aggregate.py, impact.py, company.py).
GROUP_NAMES = by_language({
    "industry": {"fi": "Toimiala", "en": "Industry"},
    "size": {"fi": "Kokoluokka", "en": "Size class"},
    "target_group": {"fi": "Kohderyhmä", "en": "Target group"},
    "municipality": {"fi": "Kunta", "en": "Municipality"},
    "theme": {"fi": "Vahvuusala", "en": "Smart-specialisation theme"},
    "organisation": {"fi": "Organisaatio", "en": "Organisation"},
    "none": {"fi": "ei mikään näistä", "en": "none of these"},
})

PERIOD = {"fi": "Ajanjakso", "en": "Period"}

NO_GROUP = {"fi": "ei mikään näistä", "en": "none of these"}

TRAINING = by_language({
    "name": {
        "fi": "Osallistuminen koulutuksiin (kirjatut osallistumiset)",
        "en": "Training participation (recorded attendance)",
    },
    "attended": {"fi": "Osallistui koulutukseen (oma ilmoitus)", "en": "Took part in a training (self-reported)"},
    "referred": {
        "fi": "Ohjattiin koulutukseen, ei ilmoittanut osallistuneensa",
        "en": "Referred to a training, did not report taking part",
    },
    "neither": {"fi": "Ei ohjattu eikä osallistunut", "en": "Neither referred nor took part"},
    "completed_path": {"fi": "Suoritti valmennuspolun", "en": "Completed a training path"},
    "attended_tp2": {"fi": "Osallistui TP2-koulutukseen", "en": "Attended a TP2 training"},
    "none": {"fi": "Ei kirjattua osallistumista", "en": "No recorded participation"},
})

# How a follow-up was answered (the impact tables' breakdown, reports/data/impact.py).
ANSWERED = by_language({
    "name": {"fi": "Seurannan vastaustapa", "en": "How the follow-up was answered"},
    "self": {"fi": "Yritys vastasi itse (linkki)", "en": "The company answered (private link)"},
    "interview": {"fi": "Neuvoja kirjasi haastattelussa", "en": "Recorded by an advisor in an interview"},
})

# The trainings' invoicing basis and funder summary (trainings/exports.py; sheet names: trainings/invoicing.py).
TRAINING_EXPORTS = by_language({
    "invoicing_sheet": {"fi": "laskutus", "en": "invoicing"},
    "funder_sheet": {"fi": "koulutukset", "en": "trainings"},
    "invoicing_header": {
        "fi": ["Tila", "Yritys", "Y-tunnus", "Yhteyshenkilö", "Sähköposti", "Kurssi", "Työpaketti", "Maksu (€)",
               "Maksuperuste", "Ilmoittautunut", "Peruttu", "Suoritettu", "Laskutettu", "Laskun numero", "Rivi"],
        "en": ["Status", "Company", "Business ID", "Contact", "Email", "Course", "Work package", "Fee (€)",
               "Fee basis", "Enrolled", "Cancelled", "Completed", "Invoiced", "Invoice number", "Row"],
    },
    "status": {
        "to_invoice": {"fi": "laskutettava", "en": "to invoice"},
        "invoiced": {"fi": "laskutettu", "en": "invoiced"},
        "no_fee": {"fi": "ei maksua", "en": "no fee"},
        "included": {"fi": "sisältyy jo laskutettuun maksuun", "en": "included in a fee already charged"},
    },
    "package_certificates": {"fi": "{package}: todistukset hankkeen lopussa",
                             "en": "{package}: certificates at project end"},
    "tiers": {"base": {"fi": "perusmaksu", "en": "basic fee"}, "free": {"fi": "maksuton", "en": "free of charge"}},
    "funder_header": {
        "fi": ["Tarjonta", "Työpaketti", "Kurssit", "Tapaamiset", "Tunnit", "Yritykset", "Osallistuneet yritykset",
               "Todistukset", "Webinaarien osallistujat"],
        "en": ["Offer", "Work package", "Courses", "Sessions", "Hours", "Companies", "Companies that took part",
               "Certificates", "Webinar attendees"],
    },
})

# The entrepreneur's own copy of the company PDF: development plan, trainings, agreed actions.
PLAN = by_language({
    "next_level": {"fi": "Seuraava taso: {name} (alkaen {start})", "en": "Next level: {name} (from {start})"},
    "plan": {"fi": "Kehityssuunnitelma", "en": "Development plan"},
    "plan_intro": {
        "fi": "Aloita näistä osa-alueista: ne ovat sinulle tärkeitä ja kauimpana huipusta.",
        "en": "Start with these areas: they are important to you and furthest from the top.",
    },
    "plan_level": {
        "fi": "Tasosi {level} / 100 – {name} · tärkeys {importance}/5",
        "en": "Your level {level} / 100 – {name} · importance {importance}/5",
    },
    "steps_to": {"fi": "Seuraavat askeleet kohti tasoa ”{name}”:", "en": "Next steps towards “{name}”:"},
    "steps_keep": {"fi": "Seuraavat askeleet tason ylläpitämiseksi:", "en": "Next steps to keep the level:"},
    "no_plan": {
        "fi": "Selviä kehityskohteita ei ole: tärkeät osa-alueesi ovat jo huipulla.",
        "en": "No clear development priorities: your important areas are already at the top.",
    },
    "trainings": {"fi": "Sinulle sopivat koulutukset", "en": "Trainings that suit you"},
    # why a training is recommended: one label, then one sentence per kind of reason
    "why": {"fi": "Miksi tämä koulutus:", "en": "Why this training:"},
    "why_important": {
        "fi": "Sinulle tärkeä, ja tasossa on kehitettävää: {areas}.",
        "en": "Important to you, with room to improve: {areas}.",
    },
    "why_important_area": {"fi": "{area} (taso {level}, tärkeys {importance}/5)",
                           "en": "{area} (level {level}, importance {importance}/5)"},
    "why_training": {"fi": "Haluat koulutusta aiheesta: {areas}.", "en": "You want training in: {areas}."},
    "why_training_area": {"fi": "{area} (taso {level})", "en": "{area} (level {level})"},
    "why_answer": {"fi": "Vastasit: {answers}.", "en": "You answered: {answers}."},
    "why_answer_item": {"fi": "”{answer}”", "en": "“{answer}”"},
    "fee": {"fi": "Hinta: {fee} yritykseltä", "en": "Fee: {fee} per company"},
    "audience": {"fi": "Kenelle: {audience}", "en": "Who it is for: {audience}"},
    "contact": {"fi": "Yhteystiedot: {name}, {email}, puh. {phone}", "en": "Contact: {name}, {email}, tel. {phone}"},
    "calendar": {"fi": "Koulutuskalenteri: {url}", "en": "Training calendar: {url}"},
    "no_trainings": {
        "fi": "Vastauksista ei nouse esiin tiettyä koulutusta; digiyritysneuvoja auttaa valitsemaan seuraavat askeleet.",
        "en": "No training stands out from your answers; a digital advisor helps you choose the next steps.",
    },
    "own_left_out": {
        "fi": "Koulutuksia, joihin yrityksesi jo osallistuu tai jotka se on käynyt, ei suositella uudelleen ({names}); "
              "ne näkyvät kohdassa ”Koulutuksesi ja osallistumisesi”.",
        "en": "Trainings your company already takes part in or has completed are not recommended again ({names}); "
              "they are listed under “Your trainings and attendance”.",
    },
    "agreed": {"fi": "Sovittu digiyritysneuvojan kanssa", "en": "Agreed with your digital advisor"},
    "agreed_by": {
        "fi": "Neuvontahaastattelu {date}, digiyritysneuvoja {advisor}.",
        "en": "Advisory interview on {date} with {advisor}.",
    },
    "actions": {"fi": "Sovitut toimenpiteet", "en": "Agreed actions"},
    "who": {"fi": "kuka: {who}", "en": "who: {who}"},
    "by": {"fi": "{date} mennessä", "en": "by {date}"},
    "referrals": {"fi": "Ohjaukset", "en": "Referrals"},
    "follow_up": {"fi": "Seuranta: {date}", "en": "Follow-up: {date}"},
    "no_interview": {
        "fi": "Neuvontahaastattelussa sovitut toimenpiteet näkyvät tässä, kun digiyritysneuvoja on kirjannut haastattelun.",
        "en": "The actions agreed in the advisory interview appear here once the digital advisor has recorded it.",
    },
})

# A company's recorded trainings in the company report and the entrepreneur's own copy
# (reports/data/training_records.py, reports/pdf/company.py).
TRAINING_RECORDS = by_language({
    "title": {"fi": "Koulutukset ja osallistuminen", "en": "Trainings and attendance"},
    "title_own": {"fi": "Koulutuksesi ja osallistumisesi", "en": "Your trainings and attendance"},
    "as_of": {
        "fi": "Kirjatut ilmoittautumiset ja läsnäolot {date} mennessä.",
        "en": "Recorded enrolments and attendance up to {date}.",
    },
    "none": {
        "fi": "Yritystä ei ole vielä ilmoitettu koulutuksiin.",
        "en": "The company has not been enrolled in any training yet.",
    },
    "columns": {
        "fi": ["Koulutus", "Ajankohta", "Tila", "Läsnä / pidetty", "Tunnit", "Todistus"],
        "en": ["Training", "Dates", "Status", "Attended / held", "Hours", "Certificate"],
    },
    "statuses": {
        "enrolled": {"fi": "ilmoittautunut", "en": "enrolled"},
        "waiting": {"fi": "jonossa", "en": "on the waiting list"},
        "applied": {"fi": "hakenut, odottaa päätöstä", "en": "applied, awaiting a decision"},
        "cancelled": {"fi": "peruttu", "en": "cancelled"},
        "declined": {"fi": "hakemusta ei hyväksytty", "en": "application not accepted"},
        "offered": {"fi": "paikkaa tarjottu, odottaa vastausta", "en": "offered a seat, awaiting an answer"},
        "lapsed": {"fi": "tarjottu paikka raukesi", "en": "offered seat lapsed"},
        "offer_declined": {"fi": "kieltäytyi tarjotusta paikasta", "en": "declined the offered seat"},
    },
    "waiting_rank": {"fi": "jonossa sijalla {rank}", "en": "on the waiting list, number {rank}"},
    "other_status": {"fi": "muu tila", "en": "other status"},
    "attended": {"fi": "{attended} / {held}", "en": "{attended} / {held}"},
    "planned": {"fi": "{sessions} kertaa yhteensä", "en": "{sessions} sessions in all"},
    "not_started": {"fi": "ei vielä alkanut (kertoja: {sessions})", "en": "not started yet (sessions: {sessions})"},
    "hours": {"fi": "{hours} h", "en": "{hours} h"},
    "note": {
        "fi": "Läsnä / pidetty: kerrat, joilla yritys oli läsnä, ja tähän mennessä pidetyt kerrat. Tunnit: läsnäolokertojen tunnit yhteensä. Todistuksen voi tarkistaa sen tarkistuskoodilla.",
        "en": "Attended / held: the sessions the company attended and the sessions held so far. Hours: the hours of the sessions attended. A certificate can be checked with its verification code.",
    },
    "package_certificate": {
        "fi": "Osallistumistodistus ({package}): tarkistuskoodi {code}, annettu {date}.",
        "en": "Participation certificate ({package}): verification code {code}, issued on {date}.",
    },
    "package_certificate_own": {
        "fi": "Osallistumistodistus hankkeen lopussa: tarkistuskoodi {code}, annettu {date}.",
        "en": "Participation certificate at the end of the project: verification code {code}, issued on {date}.",
    },
})

# The funder's report (reports/data/funder.py, reports/pdf/funder.py, exports/funder.py).
FUNDER = by_language({
    "project": {"fi": "DigiFocus · Digianalyysi", "en": "DigiFocus · Digianalyysi"},
    "title": {"fi": "Raportti rahoittajalle", "en": "Report to the funder"},
    "subtitle": {
        "fi": "EU:n yhteiset tuotosindikaattorit, hankkeen tavoitteet ja mitattu muutos",
        "en": "EU common output indicators, the project's targets and the measured change",
    },
    "period": {"fi": "Raportointijakso {start} – {end}", "en": "Reporting period {start} – {end}"},
    "page": {"fi": "sivu {page} / {pages}", "en": "page {page} / {pages}"},
    "indicators": {"fi": "Indikaattorit", "en": "Indicators"},
    "code": {"fi": "Koodi", "en": "Code"},
    "indicator": {"fi": "Indikaattori", "en": "Indicator"},
    "breakdown": {"fi": "Erittely", "en": "Breakdown"},
    "in_period": {"fi": "Jaksolla", "en": "In the period"},
    "cumulative": {"fi": "Hankkeen alusta", "en": "Since the project start"},
    "sizes": {
        "total": {"fi": "yhteensä", "en": "total"},
        "micro": {"fi": "mikroyritykset", "en": "micro"},
        "small": {"fi": "pienyritykset", "en": "small"},
        "medium": {"fi": "keskisuuret", "en": "medium"},
        "large": {"fi": "suuret", "en": "large"},
        "unknown": {"fi": "ei tiedossa", "en": "unknown"},
    },
    "sizes_short": {
        "total": {"fi": "yhteensä", "en": "total"},
        "micro": {"fi": "mikro", "en": "micro"},
        "small": {"fi": "pienet", "en": "small"},
        "medium": {"fi": "keskisuuret", "en": "medium"},
        "large": {"fi": "suuret", "en": "large"},
        "unknown": {"fi": "ei tiedossa", "en": "unknown"},
    },
    "targets": {"fi": "Hankkeen tavoitteet", "en": "The project's targets"},
    "measure": {"fi": "Mittari", "en": "Measure"},
    "target": {"fi": "Tavoite", "en": "Target"},
    "share": {"fi": "Osuus tavoitteesta", "en": "Share of the target"},
    "change": {"fi": "Mitattu muutos (seuranta)", "en": "Measured change (follow-up)"},
    "change_text": {
        "fi": "{n} yrityksen digitaalisen kypsyyden indeksi {before} → {after}, muutos {change} pistettä (95 %:n luottamusväli {ci}); indeksi nousi {rose} yrityksistä.",
        "en": "The digital maturity index of {n} companies {before} → {after}, a change of {change} points (95 % confidence interval {ci}); the index rose for {rose} of the companies.",
    },
    "change_none": {
        "fi": "Jakson yrityksillä ei ole vielä seurantavastauksia.",
        "en": "The companies of the period have no follow-up answers yet.",
    },
    "change_by": {"fi": "Vastaustapa", "en": "How the follow-up was answered"},
    "companies": {"fi": "Yrityksiä", "en": "Companies"},
    "mean_change": {"fi": "Muutos", "en": "Change"},
    "notes": {"fi": "Laskentasäännöt", "en": "Counting rules"},
    "rule_supported": {
        "fi": "Yritys lasketaan tuetuksi siitä päivästä, jona se on hankkeen alusta ({start}) lähtien täyttänyt jonkin näistä: {ways}. Yritys lasketaan kerran (Y-tunnuksella), vaikka se olisi saanut useita palveluja: jakson luku on jaksolla ensi kertaa tuetuiksi tulleet yritykset, joten peräkkäisten jaksojen luvut summautuvat hankkeen alusta laskettuun lukuun. Kaikki hankkeen tuki on muuta kuin rahoitustukea, joten RCO04 on sama kuin RCO01.",
        "en": "A company counts as supported from the day on which, counting from the project start ({start}), it has met one of these: {ways}. A company counts once (by its business ID) however many services it received: the period's value is the companies first supported in the period, so the values of successive periods add up to the value since the project start. All of the project's support is non-financial, so RCO04 equals RCO01.",
    },
    "rule_sizes": {
        "fi": "Komission suositus 2003/361/EY: mikroyritys alle 10 henkilöä ja liikevaihto enintään 2 milj. €, pienyritys alle 50 ja enintään 10 milj. €, keskisuuri alle 250 ja enintään 50 milj. €, muut suuria. Kokoluokka määräytyy yrityksen viimeisimmästä analyysistä ennen päivää, jona se tuli tuetuksi. Taseen loppusummaa ei kysytä, joten ratkaisee liikevaihto. Jos vastausten luokat ulottuvat kokoluokan rajan yli (kyselyn versio 1: ”50 tai enemmän”, ”yli 2 000 000 €”) tai vastaus puuttuu, kokoluokka on ”ei tiedossa” – sitä ei arvata.",
        "en": "Commission Recommendation 2003/361/EC: micro under 10 persons and turnover at most €2 million, small under 50 and at most €10 million, medium under 250 and at most €50 million, the rest large. The class comes from the company's latest analysis up to the day it was first supported. The balance sheet total is not asked, so turnover decides. Where the answers' classes cross a class boundary (questionnaire version 1: “50 or more”, “over €2,000,000”) or an answer is missing, the class is “unknown” – never guessed.",
    },
    "rule_versions": {
        "fi": "Tuettujen yritysten kokoluokat kyselyn versioista: {versions}.",
        "en": "The supported companies' size classes come from questionnaire versions: {versions}.",
    },
    "version_count": {"fi": "versio {version}: yrityksiä {n}", "en": "version {version}: companies {n}"},
    "rule_targets": {
        "fi": "Tavoitteet lasketaan samoin kuin koordinaattorin näkymässä samalle jaksolle: analyysit ja haastattelut jaksolla analysoiduista yrityksistä, koulutukset jakson läsnäolokirjauksista. Mitattu muutos: jaksolla analysoitujen yritysten seurantavastaukset.",
        "en": "The targets are counted as on the coordinator's dashboard for the same period: analyses and interviews of the companies analysed in the period, trainings from the period's attendance records. Measured change: the follow-up answers of the companies analysed in the period.",
    },
    "produced": {"fi": "{date}, {who}", "en": "{date}, {who}"},
    "command_line": {"fi": "komentorivi", "en": "the command line"},
    "sources": {
        "fi": "Asetus (EU) 2021/1058, liite I (RCO01, RCO04); komission suositus 2003/361/EY (kokoluokat).",
        "en": "Regulation (EU) 2021/1058, Annex I (RCO01, RCO04); Commission Recommendation 2003/361/EC (size classes).",
    },
    "derived": {
        "fi": "henkilöstö {persons}, liikevaihto {turnover} (kysely v{version}, analyysi {date})",
        "en": "personnel {persons}, turnover {turnover} (questionnaire v{version}, analysis {date})",
    },
    "derived_spans": {
        "fi": "{possible}: kyselyn luokat eivät erota niitä",
        "en": "{possible}: the questionnaire's classes do not tell them apart",
    },
    "derived_missing": {"fi": "henkilöstö tai liikevaihto puuttuu", "en": "personnel or turnover not answered"},
    "derived_none": {"fi": "ei analyysiä", "en": "no analysis"},
    "or": {"fi": " tai ", "en": " or "},
    "yes": {"fi": "kyllä", "en": "yes"},
    "size_of": {
        "micro": {"fi": "mikroyritys", "en": "micro"},
        "small": {"fi": "pienyritys", "en": "small"},
        "medium": {"fi": "keskisuuri yritys", "en": "medium"},
        "large": {"fi": "suuri yritys", "en": "large"},
        "unknown": {"fi": "ei tiedossa", "en": "unknown"},
    },
    "no": {"fi": "ei", "en": "no"},
    "sheets": {
        "indicators": {"fi": "Indikaattorit", "en": "Indicators"},
        "companies": {"fi": "Yritykset", "en": "Companies"},
        "rules": {"fi": "Säännöt", "en": "Rules"},
    },
    "columns": {
        "business_id": {"fi": "Y-tunnus", "en": "Business ID"},
        "name": {"fi": "Yritys", "en": "Company"},
        "industry": {"fi": "Toimiala (TOL 2008)", "en": "Industry (TOL 2008)"},
        "industry_code": {"fi": "TOL-pääluokka", "en": "TOL section"},
        "municipality": {"fi": "Kunta", "en": "Municipality"},
        "organisation": {"fi": "Organisaatio", "en": "Organisation"},
        "size": {"fi": "EU-kokoluokka", "en": "EU size class"},
        "size_basis": {"fi": "Kokoluokan peruste", "en": "How the size class was derived"},
        "first_support": {"fi": "Tuettu ensi kerran", "en": "First supported"},
        "in_period": {"fi": "Laskettu jaksolle", "en": "Counted in the period"},
        "analyses": {"fi": "Analyysit jaksolla", "en": "Analyses in the period"},
        "interviews": {"fi": "Neuvontahaastattelut jaksolla", "en": "Advisory interviews in the period"},
        "sessions": {"fi": "Koulutustilaisuudet jaksolla", "en": "Training sessions attended in the period"},
        "hours": {"fi": "Koulutustunnit jaksolla", "en": "Training hours in the period"},
        "certificates": {"fi": "Todistukset jaksolla", "en": "Certificates in the period"},
        "contact_name": {"fi": "Yhteyshenkilö", "en": "Contact person"},
        "contact_email": {"fi": "Sähköposti", "en": "Email"},
        "contact_phone": {"fi": "Puhelin", "en": "Phone"},
        "item": {"fi": "Kohta", "en": "Item"},
        "value": {"fi": "Sisältö", "en": "Value"},
        "period_value": {"fi": "Jakson arvo", "en": "Period value"},
        "cumulative_value": {"fi": "Arvo hankkeen alusta", "en": "Cumulative value"},
    },
    "rules": {
        "period": {"fi": "Raportointijakso", "en": "Reporting period"},
        "project_start": {"fi": "Hankkeen alku", "en": "Project start"},
        "supported": {"fi": "Tuettu yritys (laskentasääntö)", "en": "Supported company (counting rule)"},
        "sizes": {"fi": "EU-kokoluokka", "en": "EU size class"},
        "versions": {"fi": "Kyselyn versiot", "en": "Questionnaire versions"},
        "targets": {"fi": "Tavoitteet ja mitattu muutos", "en": "Targets and measured change"},
        "produced": {"fi": "Koottu", "en": "Compiled"},
        "sources": {"fi": "Lähteet", "en": "Sources"},
    },
})


# The certificate of participation (trainings/pdf/certificate.py).
CERTIFICATE = by_language({
    "title": {"fi": "Osallistumistodistus", "en": "Certificate of participation"},
    "intro": {"fi": "Todistamme, että", "en": "This is to certify that"},
    "from": {"fi": "yrityksestä", "en": "of"},
    "took_part": {"fi": "on osallistunut koulutukseen", "en": "has taken part in the training"},
    "workshops": {"fi": "on osallistunut seuraaviin työpajoihin", "en": "has taken part in the following workshops"},
    "date": {"fi": "Päivä", "en": "Date"},
    "hours": {"fi": "Tunnit", "en": "Hours"},
    "session": {"fi": "Tapaaminen", "en": "Session"},
    "total": {"fi": "Yhteensä", "en": "Total"},
    "attended": {"fi": "Läsnä {present} / {held} tapaamisessa, {hours} tuntia.", "en": "Present at {present} of {held} sessions, {hours} hours."},
    "issued": {"fi": "Myönnetty {date}", "en": "Issued on {date}"},
    "code": {"fi": "Tarkistuskoodi", "en": "Verification code"},
    "verify": {"fi": "Tarkista todistus osoitteessa", "en": "Verify this certificate at"},
    "participant": {"fi": "Osallistuja", "en": "Participant"},
})


TEXTS = {"plan": PLAN, "company": LABELS, "aggregate": AGGREGATE, "impact": IMPACT, "followup": FOLLOWUP,
         "group_names": GROUP_NAMES, "period": PERIOD, "no_group": NO_GROUP, "training": TRAINING, "training_exports": TRAINING_EXPORTS,
         "training_records": TRAINING_RECORDS, "funder": FUNDER, "answered": ANSWERED,
         "certificate": CERTIFICATE}
