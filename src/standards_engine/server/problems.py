"""Errors as the HTTP API answers them: JSON with a code, the message in Danish and English, and the field at fault.

Nothing a client sent is quoted back here except what the library's own messages quote (a fact's name, a
short value), and those pass the CPR guard before they leave.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from ..errors import EngineError, Message, StandardError
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
    "duplicate_key": (400, "En nøgle står to gange i samme objekt; den ene ville blive overset.",
                      "A key appears twice in the same object; one of them would be ignored."),
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


_FIELD_OF_CODE = {"unknown_municipality": "municipality", "unknown_service_here": "service", "no_revisions": "service",
                  "none_in_force": "date", "root_missing": None, "root_not_folder": None, "unknown_language": "lang"}


class _Said:
    """A message parameter in both languages (the catalogue says anything with .say(lang) in the reader's language)."""

    def __init__(self, da: str, en: str):
        self.da, self.en = da, en

    def say(self, lang: str = "da") -> str:
        return self.en if lang == "en" else self.da


_KIND = {bool: ("true/false", "true/false"), str: ("en tekst", "a text"), list: ("en liste", "a list"),
         dict: ("et objekt", "an object"), type(None): ("null", "null")}
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,63}$")


def _unechoed(params: dict[str, Any], profile: dict[str, Any]) -> dict[str, Any]:
    """The parameters with nothing the client wrote quoted back but a fact-like name and a number: a text or list
    sent is named by its kind ("men er en tekst"), a name that is no identifier is not shown."""
    out = dict(params)
    name = out.get("name")
    if isinstance(name, str) and not _NAME.match(name):
        out["name"] = _Said("(et navn, der ikke vises)", "(a name not shown)")
    if "value" in out and isinstance(name, str) and name in profile:
        sent = profile[name]
        if not isinstance(sent, (int, float)) or isinstance(sent, bool):
            out["value"] = _Said(*_KIND.get(type(sent), ("en anden slags værdi", "another kind of value")))
    return out


def from_library(call: Callable[[str], Any], lang: str, profile: dict[str, Any] | Iterable[str] = ()) -> Any:
    """Run a library call; an input error becomes an ApiError with the library's code, its message in both
    languages (from the catalogue) and the field at fault: the fact a profile error names, or the envelope's field."""
    profile = profile if isinstance(profile, dict) else dict.fromkeys(profile)
    try:
        return call(lang)
    except StandardError as e:
        # The standard on the server is wrong, not the request: the operator must fix it.
        raise problem("invalid_standard", text_da=e.text("da"), text_en=e.text("en")) from None
    except EngineError as e:
        message = e.message
        if isinstance(message, Message):
            params = _unechoed(message.params, profile)
            if "root" in params:  # where the tree lies on the server's disk is no business of the client's
                params["root"] = "standards/"
            message = Message(message.code, params)
        texts = {k: message.say(k) if isinstance(message, Message) else e.text(k) for k in ("da", "en")}
        code = e.code or "invalid_input"
        params = e.message.params if isinstance(e.message, Message) else {}
        keys = set(profile)
        if code in _FIELD_OF_CODE:
            field = _FIELD_OF_CODE[code]
        elif params.get("name") in keys and _NAME.match(str(params["name"])):
            field = f"profile.{params['name']}"
        elif code.startswith("profile") or "name" in params:
            field = "profile"
        else:
            field = None
        raise ApiError(422, code, texts["da"], texts["en"], field) from None
