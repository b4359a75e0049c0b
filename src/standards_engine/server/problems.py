"""Errors as the HTTP API answers them: JSON with a code, the message in Danish and English, and the field at fault.

Nothing a client sent is quoted back here except what the library's own messages quote (a fact's name, a
short value), and those pass the CPR guard before they leave.
"""
from __future__ import annotations

from typing import Any, Callable

from ..errors import EngineError, StandardError
from ..cpr import redact


class ApiError(Exception):
    """A request the server will not serve, with what to tell the client."""

    def __init__(self, status: int, code: str, da: str, en: str, field: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(code)
        self.status, self.code, self.da, self.en, self.field = status, code, da, en, field
        self.headers = headers

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": {"da": redact(self.da), "en": redact(self.en)}, "field": self.field}


# The server's own refusals, said once here.
MESSAGES: dict[str, tuple[int, str, str]] = {
    "too_large": (413, "Forespørgslen er for stor (højst {limit} byte).", "The request is too large (at most {limit} bytes)."),
    "unsupported_media_type": (415, "Indholdstypen skal være {expected}.", "The content type must be {expected}."),
    "invalid_json": (400, "Forespørgslen er ikke gyldig JSON i UTF-8.", "The request is not valid JSON in UTF-8."),
    "too_deep": (400, "Forespørgslen er indlejret for dybt (højst {limit} niveauer).",
                 "The request is nested too deeply (at most {limit} levels)."),
    "cpr_refused": (422, "Forespørgslen indeholder en værdi, der ligner et CPR-nummer. Den er afvist og hverken vist eller "
                         "gemt. Brug et pseudonymt case_id i stedet.",
                    "The request contains a value that looks like a CPR number. It was refused and neither shown nor "
                    "stored. Use a pseudonymous case_id instead."),
    "invalid_field": (422, "Feltet {field} {why_da}.", "The field {field} {why_en}."),
    "unknown_field": (422, "Feltet {field} kendes ikke.", "The field {field} is not known."),
    "invalid_id": (400, "{what_da} må kun indeholde små bogstaver, cifre og bindestreger.",
                   "{what_en} may only contain lower-case letters, digits and hyphens."),
    "not_found": (404, "Siden findes ikke.", "There is no such page."),
    "method_not_allowed": (405, "Metoden er ikke tilladt her.", "The method is not allowed here."),
    "unauthorized": (401, "Adgang kræver et gyldigt adgangstegn (Authorization: Bearer …).",
                     "Access requires a valid token (Authorization: Bearer …)."),
    "invalid_standard": (500, "Den gældende standard er ikke gyldig:\n{text_da}", "The standard in force is not valid:\n{text_en}"),
    "internal": (500, "Intern fejl i standards-engine. Det er en fejl i programmet, ikke i forespørgslen.",
                 "Internal error in standards-engine. This is a fault in the program, not in the request."),
}


def problem(code: str, field: str | None = None, headers: dict[str, str] | None = None, **params: Any) -> ApiError:
    status, da, en = MESSAGES[code]
    return ApiError(status, code, da.format(field=field, **params), en.format(field=field, **params), field, headers)


def from_library(call: Callable[[str], Any], lang: str, profile_keys: list[str] = ()) -> Any:
    """Run a library call made in `lang`; an input error becomes an ApiError carrying the message in both
    languages (the call is made again in the other language to get it: messages are built in the language asked)."""
    try:
        return call(lang)
    except StandardError as e:
        # The standard on the server is wrong, not the request: the operator must fix it.
        raise problem("invalid_standard", text_da=e.text("da"), text_en=e.text("en")) from None
    except EngineError as e:
        first = e
    other = "en" if lang == "da" else "da"
    try:
        call(other)
        second_text = first.text(other)  # the other language did not fail the same way: keep the first message
    except EngineError as e2:
        second_text = e2.text(other)
    texts = {lang: first.text(lang), other: second_text}
    code = getattr(first, "code", None) or "invalid_input"
    field = getattr(first, "field", None) or _field(texts["en"], profile_keys)
    return _raise(ApiError(422, code, texts["da"], texts["en"], field))


def _raise(e: ApiError) -> Any:
    raise e


def _field(message: str, profile_keys: list[str]) -> str | None:
    """The part of the request a library message is about, when the library does not say itself."""
    for key in profile_keys:
        if f"'{key}'" in message:
            return f"profile.{key}"
    low = message.lower()
    if "service" in low:  # before municipality: "Municipality 'x' has no standard for service 'y'"
        return "service"
    if "municipality" in low:
        return "municipality"
    if "date" in low or "revision" in low:
        return "date"
    if "profile" in low or "cpr" in low:
        return "profile"
    return None
