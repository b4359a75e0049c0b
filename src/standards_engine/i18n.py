"""User-facing words in Danish (default) and English."""
from __future__ import annotations

LANGS = ("da", "en")

OUTCOME = {
    "da": {"refuse": "afslag anbefales", "incomplete": "mangler oplysninger", "assess": "kræver konkret vurdering",
           "partial": "delvis bevilling anbefales", "grant": "bevilling anbefales"},
    "en": {"refuse": "refusal recommended", "incomplete": "information missing", "assess": "needs concrete individual assessment",
           "partial": "partial grant recommended", "grant": "grant recommended"},
}

RESULT = {
    "da": {"met": "opfyldt", "not_met": "ikke opfyldt", "unknown": "ukendt", "applies": "gælder",
           "not_applies": "ikke aktuel", "within": "inden for grænsen", "exceeded": "overskredet"},
    "en": {"met": "met", "not_met": "not met", "unknown": "unknown", "applies": "applies",
           "not_applies": "not relevant", "within": "within the limit", "exceeded": "exceeded"},
}

BASIS = {
    "da": {"statute": "lovkrav", "service_level": "serviceniveau"},
    "en": {"statute": "statute", "service_level": "service level"},
}

KIND = {
    "da": {"criterion": "kriterium", "exclusion": "undtagelse", "limit": "grænse"},
    "en": {"criterion": "criterion", "exclusion": "exclusion", "limit": "limit"},
}

TOPIC = {
    "da": {"response_deadline": "Svarfrist", "complaint": "Klage", "user_payment": "Egenbetaling",
           "follow_up": "Opfølgning", "provider": "Leverandør", "holiday": "Ferie", "termination": "Ophør",
           "transport": "Kørsel", "documentation": "Dokumentation", "other": "Øvrigt"},
    "en": {"response_deadline": "Response deadline", "complaint": "Complaint", "user_payment": "User payment",
           "follow_up": "Follow-up", "provider": "Provider", "holiday": "Holiday", "termination": "Termination",
           "transport": "Transport", "documentation": "Documentation", "other": "Other"},
}

WORDS = {
    "da": {
        "recommendation": "Anbefaling", "standard": "Standard", "valid_from": "gældende fra",
        "evaluated_on": "vurderet pr.", "deciding": "Afgørende regler", "other_rules": "Øvrige regler",
        "limits": "Grænser", "requested": "ansøgt", "max": "højst", "recommended": "anbefalet",
        "not_stated": "ikke oplyst", "level": "Støtteniveau", "missing": "Manglende oplysninger",
        "alternatives": "Henvisning", "information": "Det skal borgeren have at vide", "notes": "Bemærkninger",
        "source": "Kilde", "line": "linje", "case": "Sag", "basis": "grundlag",
        "caseworker": "Motoren anbefaler; sagsbehandleren træffer afgørelsen efter en konkret og individuel vurdering.",
        "service_level_hint": "Serviceniveauet er et vejledende udgangspunkt og skal fraviges, hvor borgerens behov nødvendiggør det.",
        "sha": "sha256", "same_as": "fælles tekst, henvist fra",
        "joint_complaint": " Det fælles katalog nævner {other} som klageadresse; en klage over {name}s afgørelse sendes til {name}, som traf den.",
        "law": "Lov", "referral_not_met": "Betingelserne er ikke opfyldt", "referral_instead": "I stedet",
        "referral_check": "Skal undersøges", "referral_law": "Efter loven",
        "rule": "regel", "content": "Ansøgt indhold", "content_in": "Indgår", "content_out": "Indgår ikke", "content_none": "intet",
        "limit_may_apply": "uafklaret, om grænsen gælder", "in_profile": "i profilen",
        "pension_date": "Borgeren når folkepensionsalderen {date} (lov om social pension § 1 a); tilbuddet retter sig mod personer under folkepensionsalderen.",
        "no_response_deadline": "Standarden angiver ingen svarfrist; oplys kommunens offentliggjorte svarfrist for ydelsen (retssikkerhedsloven § 3, stk. 2).",
        "no_complaint": "Standarden angiver ingen klagevejledning; giv klagevejledning efter retssikkerhedsloven §§ 66–67 (klage til kommunen inden 4 uger).",
    },
    "en": {
        "recommendation": "Recommendation", "standard": "Standard", "valid_from": "in force from",
        "evaluated_on": "evaluated on", "deciding": "Deciding rules", "other_rules": "Other rules",
        "limits": "Limits", "requested": "requested", "max": "max", "recommended": "recommended",
        "not_stated": "not stated", "level": "Support level", "missing": "Missing information",
        "alternatives": "Referral", "information": "What the citizen must be told", "notes": "Notes",
        "source": "Source", "line": "line", "case": "Case", "basis": "basis",
        "caseworker": "The engine recommends; the caseworker decides after a concrete, individual assessment.",
        "service_level_hint": "The service level is a guiding starting point and must be departed from where the citizen's needs require it.",
        "sha": "sha256", "same_as": "joint text, referenced from",
        "joint_complaint": " The joint catalogue names {other} as the address for complaints; a complaint about {name}'s decision goes to {name}, which made it.",
        "law": "Law", "referral_not_met": "The conditions are not met", "referral_instead": "Instead",
        "referral_check": "To be checked", "referral_law": "By law",
        "rule": "rule", "content": "Requested content", "content_in": "Covered", "content_out": "Not covered", "content_none": "nothing",
        "limit_may_apply": "not settled whether the limit applies", "in_profile": "in the profile",
        "pension_date": "The citizen reaches the state pension age (folkepensionsalder) on {date} (Social Pension Act § 1 a); the service is for persons below that age.",
        "no_response_deadline": "The standard states no response deadline; give the municipality's published deadline for the service (Legal Protection Act, retssikkerhedsloven § 3(2)).",
        "no_complaint": "The standard gives no complaint guidance; give guidance under retssikkerhedsloven §§ 66–67 (complaint to the municipality within 4 weeks).",
    },
}


def t(lang: str, key: str) -> str:
    return WORDS.get(lang, WORDS["da"])[key]
